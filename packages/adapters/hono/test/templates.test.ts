/**
 * The notification templates over HTTP: list with `isDefault`, set (validated), reset, preview on
 * an appointment; owners and admins only; every bad input a stable problem.
 */
import { describe, expect, it } from "vitest"
import { type Harness, makeHarness, tuesday } from "./support/harness.js"
import { jsonOf, type Loose } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

const CONFIRMED = "/v1/notification-templates/confirmed/customer/email"

const booked = async (h: Harness, start: string) => {
  const res = await h.request("POST", "/v1/appointments", {
    body: { start, items: [{ serviceId: h.a.haircut.id, staffId: h.a.anna.id }], customerId: h.a.alice.id }
  })
  expect(res.status).toBe(201)
  return (await jsonOf(res)).appointment
}

/** The customer's confirmation of the appointment, as sent. */
const customerConfirmation = async (h: Harness, appointmentId: string) => {
  await h.deliver()
  const { items } = await jsonOf(await h.request("GET", `/v1/outbox?appointmentId=${appointmentId}`))
  return items.find((m: Loose) => m.event === "confirmed" && m.recipientRole === "customer")
}

const plain = (s: string) => s.replace(/[\u202f\u00a0]/g, " ")

describe("notification templates", () => {
  it("lists every template of the business, the defaults in its language, with their variables", async () => {
    const h = await makeHarness()
    const res = await h.request("GET", "/v1/notification-templates")
    expect(res.status).toBe(200)
    const { items } = await jsonOf(res)
    expect(items).toHaveLength(17)
    expect(items.every((t: Loose) => t.isDefault === true && t.updatedAt === null)).toBe(true)
    const confirmed = items.find((t: Loose) => t.event === "confirmed" && t.recipient === "customer")
    expect(confirmed).toMatchObject({
      channel: "email",
      subject: expect.stringMatching(/^Rendez-vous confirmé/)
    })
    expect(confirmed.html).toContain('{% render "button", url: links.manage')
    expect(confirmed.variables).toContainEqual({ name: "links.manage", description: expect.any(String) })
    const sms = items.find(
      (t: Loose) => t.event === "reminder" && t.channel === "sms" && t.recipient === "customer"
    )
    expect(sms.html).toBeNull()
  })

  it("sets the business's template, which its messages then use; a reset brings the default back", async () => {
    const h = await makeHarness()
    const put = await h.request("PUT", CONFIRMED, {
      as: "admin",
      body: {
        subject: "C'est noté, {{ client.firstName }} !",
        text: "Rendez-vous le {{ start }}. {{ links.manage }}",
        html: '<p>Rendez-vous le {{ start }}.</p>{% render "button", url: links.manage, label: "Gérer" %}'
      }
    })
    expect(put.status).toBe(200)
    const saved = await jsonOf(put)
    expect(saved).toMatchObject({
      event: "confirmed",
      recipient: "customer",
      channel: "email",
      isDefault: false,
      subject: "C'est noté, {{ client.firstName }} !"
    })
    expect(saved.updatedAt).toMatch(/^2026-03-02T08:00:\d\d\.\d{3}\+01:00$/)
    const listed = (await jsonOf(await h.request("GET", "/v1/notification-templates"))).items
    expect(listed.filter((t: Loose) => !t.isDefault)).toHaveLength(1)

    const first = await booked(h, tuesday("10:00"))
    const own = await customerConfirmation(h, first.id)
    expect(own.subject).toBe("C'est noté, Alice !")
    expect(plain(own.text)).toBe(`Rendez-vous le mardi 10 mars 2026 à 10:00. ${own.links.manage}`)
    expect(own.html).toContain(`<a href="${own.links.manage}"`)
    expect(own.attachments).toEqual([
      { filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST" }
    ])

    const reset = await h.request("DELETE", CONFIRMED)
    expect(reset.status).toBe(200)
    expect(await jsonOf(reset)).toMatchObject({ isDefault: true, updatedAt: null })
    const second = await booked(h, tuesday("11:00"))
    expect(plain((await customerConfirmation(h, second.id)).subject)).toBe(
      "Rendez-vous confirmé le mardi 10 mars 2026 – Salon Lumière"
    )
  })

  it("refuses a template that reads what its message does not offer, naming each variable", async () => {
    const h = await makeHarness()
    const res = await h.request("PUT", CONFIRMED, {
      body: {
        subject: "{{ client.nickname }}",
        text: "{{ links.approve }} {% for s in services %}{{ s.nme }}{% endfor %}"
      }
    })
    const body = await expectProblem(res, 400, "validation_failed")
    expect(body.detail).toContain("client.nickname, links.approve, services[].nme")
    expect(body.errors).toEqual([
      { path: "subject", message: "Unknown variable: client.nickname" },
      { path: "text", message: "Unknown variable: links.approve" },
      { path: "text", message: "Unknown variable: services[].nme" }
    ])
    const syntax = await expectProblem(
      await h.request("PUT", CONFIRMED, { body: { subject: "Ok", text: "{% if client %}open" } }),
      400,
      "validation_failed"
    )
    expect(syntax.errors[0].path).toBe("text")
    const sms = await expectProblem(
      await h.request("PUT", "/v1/notification-templates/reminder/customer/sms", {
        body: { subject: "", text: "{{ start }}", html: "<p>x</p>" }
      }),
      400,
      "validation_failed"
    )
    expect(sms.errors).toEqual([{ path: "html", message: "An SMS has no HTML part." }])
    await expectProblem(
      await h.request("PUT", CONFIRMED, { body: { subject: "x", text: 3 } }),
      400,
      "validation_failed"
    )
    await expectProblem(await h.request("PUT", CONFIRMED, { body: "{" }), 400, "validation_failed")
    // Nothing was saved.
    const { items } = await jsonOf(await h.request("GET", "/v1/notification-templates"))
    expect(items.every((t: Loose) => t.isDefault)).toBe(true)
  })

  it("answers 404 for a template no message uses, whatever the method", async () => {
    const h = await makeHarness()
    const body = { subject: "x", text: "x" }
    for (const path of [
      "/v1/notification-templates/nope/customer/email",
      "/v1/notification-templates/confirmed/robot/email",
      "/v1/notification-templates/confirmed/customer/fax",
      "/v1/notification-templates/confirm_request/staff/email",
      "/v1/notification-templates/follow_up/staff/email",
      "/v1/notification-templates/confirmed/customer/sms"
    ]) {
      await expectProblem(await h.request("PUT", path, { body }), 404, "not_found")
      await expectProblem(await h.request("DELETE", path), 404, "not_found")
      await expectProblem(
        await h.request("POST", `${path}/preview`, { body: { appointmentId: "apt_1" } }),
        404,
        "not_found"
      )
    }
  })

  it("previews a template on an appointment of the business, sending nothing", async () => {
    const h = await makeHarness()
    const appointment = await booked(h, tuesday("10:00"))
    const before = (await jsonOf(await h.request("GET", `/v1/outbox?appointmentId=${appointment.id}`))).items
    const res = await h.request("POST", "/v1/notification-templates/cancelled/customer/email/preview", {
      body: { appointmentId: appointment.id, subject: "Annulé : {{ date }}" }
    })
    expect(res.status).toBe(200)
    const preview = await jsonOf(res)
    expect(plain(preview.subject)).toBe("Annulé : mardi 10 mars 2026")
    expect(plain(preview.text)).toContain("Bonjour Alice,")
    expect(preview.text).toContain("https://creneau.test/book/")
    expect(preview.html).toMatch(/^<!DOCTYPE html>/)
    expect(preview.attachments).toHaveLength(1)
    expect(preview.attachments[0]).not.toHaveProperty("content")
    const staff = await jsonOf(
      await h.request("POST", "/v1/notification-templates/pending/staff/email/preview", {
        body: { appointmentId: appointment.id }
      })
    )
    expect(staff.text).toContain("https://creneau.test/staff-actions/preview?action=approve")
    expect(
      (await jsonOf(await h.request("GET", `/v1/outbox?appointmentId=${appointment.id}`))).items
    ).toEqual(before)

    const bad = await expectProblem(
      await h.request("POST", `${CONFIRMED}/preview`, {
        body: { appointmentId: appointment.id, text: "{{ nope }}" }
      }),
      400,
      "validation_failed"
    )
    expect(bad.errors).toEqual([{ path: "text", message: "Unknown variable: nope" }])
    await expectProblem(
      await h.request("POST", `${CONFIRMED}/preview`, { body: {} }),
      400,
      "validation_failed"
    )
    await expectProblem(
      await h.request("POST", `${CONFIRMED}/preview`, { body: { appointmentId: "apt_999" } }),
      404,
      "not_found"
    )
    // Another business's appointment reads as unknown.
    await expectProblem(
      await h.request("POST", `${CONFIRMED}/preview`, {
        as: "otherOwner",
        body: { appointmentId: appointment.id }
      }),
      404,
      "not_found"
    )
  })

  it("is for owners and admins: staff get 403, anonymous callers 401", async () => {
    const h = await makeHarness()
    await expectProblem(
      await h.request("GET", "/v1/notification-templates", { as: "anna" }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("PUT", CONFIRMED, { as: "anna", body: { subject: "x", text: "x" } }),
      403,
      "forbidden"
    )
    await expectProblem(await h.request("DELETE", CONFIRMED, { as: "ben" }), 403, "forbidden")
    await expectProblem(
      await h.request("POST", `${CONFIRMED}/preview`, { as: "anna", body: { appointmentId: "apt_1" } }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("GET", "/v1/notification-templates", { as: null }),
      401,
      "unauthorized"
    )
  })

  it("keeps each business's templates to itself", async () => {
    const h = await makeHarness()
    expect((await h.request("PUT", CONFIRMED, { body: { subject: "A", text: "A" } })).status).toBe(200)
    const theirs = (await jsonOf(await h.request("GET", "/v1/notification-templates", { as: "otherOwner" })))
      .items
    expect(theirs.every((t: Loose) => t.isDefault)).toBe(true)
  })
})
