/**
 * The HTTP API as the app composes it, on the real persistence: in-memory PGlite, and PostgreSQL
 * (a database created for the run on the server of TEST_DATABASE_URL; skipped without it). A few
 * checks per route group, every route of the registry at least once, tenant isolation,
 * idempotency keys, and parallel bookings of one slot.
 */
import { addDays, deliverDueMessages } from "@creneau/core"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { makeHttpApp } from "../src/Server.js"
import { type Client, dateAhead, makeClient, parisTime, sameInstant, tokenOf } from "./support/http.js"
import { type Backend, makeTestRuntime, TEST_DATABASE_URL, testConfig } from "./support/services.js"

const week = (start: string, end: string) => {
  const day = [{ start, end }]
  return { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] }
}

const flows = (backend: Backend) => {
  const runtime = makeTestRuntime(backend)
  let client: Client
  // What the flows build up, in order.
  const s: Record<string, string> = {}
  /** A Tuesday at least 10 days ahead (past every notice period), the next days. */
  const tue = dateAhead(10, "tue")
  const wed = addDays(tue, 1)
  const thu = addDays(tue, 2)

  beforeAll(async () => {
    await runtime.runPromise(runtime.contextEffect)
    client = makeClient(makeHttpApp({ runtime, config: testConfig() }).api)
  }, 60_000)
  afterAll(() => runtime.dispose(), 30_000)

  const call: Client["call"] = (...args) => client.call(...args)
  const book = async (start: string, extra: Record<string, unknown> = {}, key = s.keyA!) => {
    const res = await call("POST", "/v1/appointments", {
      key,
      body: {
        start,
        items: [{ serviceId: s.haircut, staffId: s.anna }],
        customerId: s.alice,
        ...extra
      }
    })
    expect(res.status, JSON.stringify(res.body)).toBe(201)
    return res.body.appointment as { id: string; version: number; status: string }
  }
  const linkOf = async (appointmentId: string, link: string, role = "customer") => {
    const { body } = await call("GET", `/v1/outbox?appointmentId=${appointmentId}`, { key: s.keyA! })
    const found = [...body.items]
      .reverse()
      .find(
        (m: { links: Record<string, string>; recipientRole: string }) =>
          m.recipientRole === role && m.links[link] !== undefined
      )
    expect(found, `a ${link} link for ${appointmentId}`).toBeDefined()
    return tokenOf(found.links[link])
  }

  it("signs up, signs in, manages API keys", async () => {
    const a = await call("POST", "/v1/signup", {
      body: {
        businessName: "Salon A",
        timezone: "Europe/Paris",
        locale: "fr",
        currency: "EUR",
        ownerName: "Anne Owner",
        ownerEmail: `anne-${backend}@a.example.com`,
        ownerPassword: "correct horse"
      }
    })
    expect(a.status).toBe(201)
    expect(a.body.apiKey).toMatch(/^crn_/)
    s.keyA = a.body.apiKey
    s.businessA = a.body.business.id
    const b = await call("POST", "/v1/signup", {
      body: {
        businessName: "Studio B",
        timezone: "Europe/Brussels",
        ownerName: "Bert Owner",
        ownerEmail: `bert-${backend}@b.example.com`,
        ownerPassword: "battery staple"
      }
    })
    expect(b.status).toBe(201)
    s.keyB = b.body.apiKey
    s.businessB = b.body.business.id
    const again = await call("POST", "/v1/signup", {
      body: {
        businessName: "Copy",
        timezone: "Europe/Paris",
        ownerName: "X",
        ownerEmail: `ANNE-${backend}@a.example.com`,
        ownerPassword: "whatever123"
      }
    })
    expect(again.status).toBe(400)

    const wrong = await call("POST", "/v1/auth/login", {
      body: { email: `anne-${backend}@a.example.com`, password: "wrong horse" }
    })
    expect(wrong.status).toBe(401)
    expect(wrong.headers.get("content-type")).toMatch(/application\/problem\+json/)
    const login = await call("POST", "/v1/auth/login", {
      body: { email: `anne-${backend}@a.example.com`, password: "correct horse" }
    })
    expect(login.status).toBe(200)
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!
    const session = await call("GET", "/v1/auth/session", { headers: { Cookie: cookie } })
    expect(session.body).toMatchObject({ business: { id: s.businessA }, via: "cookie" })

    const created = await call("POST", "/v1/api-keys", {
      key: s.keyA,
      body: { name: "Front desk", role: "admin" }
    })
    expect(created.status).toBe(201)
    const listed = await call("GET", "/v1/api-keys", { key: s.keyA })
    expect(listed.body.items.map((k: { name: string }) => k.name)).toEqual(["Default key", "Front desk"])
    expect(JSON.stringify(listed.body)).not.toContain(created.body.apiKey)
    expect((await call("GET", "/v1/business", { key: created.body.apiKey })).status).toBe(200)
    expect((await call("DELETE", `/v1/api-keys/${created.body.id}`, { key: s.keyA })).status).toBe(204)
    expect((await call("GET", "/v1/business", { key: created.body.apiKey })).status).toBe(401)

    expect((await call("POST", "/v1/auth/logout", { headers: { Cookie: cookie } })).status).toBe(204)
    expect((await call("GET", "/v1/auth/session", { headers: { Cookie: cookie } })).status).toBe(401)
  })

  it("keeps the business settings and the catalog", async () => {
    const business = await call("GET", "/v1/business", { key: s.keyA })
    expect(business.body).toMatchObject({ name: "Salon A", timezone: "Europe/Paris", locale: "fr" })
    const patched = await call("PATCH", "/v1/business", {
      key: s.keyA,
      body: { bookingRules: { clientCancel: { minNoticeMinutes: 120 } } }
    })
    expect(patched.status).toBe(200)
    expect(patched.body.bookingRules.clientCancel).toEqual({ enabled: true, minNoticeMinutes: 120 })
    expect(patched.body.bookingRules.clientReschedule.enabled).toBe(true)

    const anna = await call("POST", "/v1/staff", {
      key: s.keyA,
      body: { name: "Anna", email: "anna@a.example.com", weekly: week("09:00", "18:00") }
    })
    expect(anna.status).toBe(201)
    s.anna = anna.body.id
    const temp = await call("POST", "/v1/staff", { key: s.keyA, body: { name: "Temp" } })
    expect((await call("GET", "/v1/staff", { key: s.keyA })).body.items).toHaveLength(2)
    expect((await call("GET", `/v1/staff/${s.anna}`, { key: s.keyA })).body.name).toBe("Anna")
    const renamed = await call("PATCH", `/v1/staff/${temp.body.id}`, {
      key: s.keyA,
      body: { phone: "+33 6 00 00 00 00" }
    })
    expect(renamed.body.phone).toBe("+33 6 00 00 00 00")
    const hours = await call("PUT", `/v1/staff/${temp.body.id}/working-hours`, {
      key: s.keyA,
      body: { weekly: week("10:00", "16:00") }
    })
    expect(hours.body.workingHours.weekly.mon).toEqual([{ start: "10:00", end: "16:00" }])
    const off = await call("POST", `/v1/staff/${temp.body.id}/time-off`, {
      key: s.keyA,
      body: { start: parisTime(tue, "00:00"), end: parisTime(wed, "00:00"), reason: "Training" }
    })
    expect(off.status, JSON.stringify(off.body)).toBe(201)
    expect(
      (await call("GET", `/v1/staff/${temp.body.id}/time-off`, { key: s.keyA })).body.items
    ).toHaveLength(1)
    expect(
      (await call("DELETE", `/v1/staff/${temp.body.id}/time-off/${off.body.id}`, { key: s.keyA })).status
    ).toBe(204)
    expect((await call("DELETE", `/v1/staff/${temp.body.id}`, { key: s.keyA })).status).toBe(204)
    expect((await call("GET", `/v1/staff/${temp.body.id}`, { key: s.keyA })).body.active).toBe(false)

    const room = await call("POST", "/v1/resources", { key: s.keyA, body: { name: "Room" } })
    expect(room.status).toBe(201)
    s.room = room.body.id
    const spare = await call("POST", "/v1/resources", { key: s.keyA, body: { name: "Spare", capacity: 2 } })
    expect((await call("GET", "/v1/resources", { key: s.keyA })).body.items).toHaveLength(2)
    expect(
      (await call("PATCH", `/v1/resources/${spare.body.id}`, { key: s.keyA, body: { capacity: 3 } })).body
        .capacity
    ).toBe(3)
    expect((await call("GET", `/v1/resources/${s.room}`, { key: s.keyA })).body.capacity).toBe(1)
    expect((await call("DELETE", `/v1/resources/${spare.body.id}`, { key: s.keyA })).status).toBe(204)

    const haircut = await call("POST", "/v1/services", {
      key: s.keyA,
      body: {
        name: "Haircut",
        durationMinutes: 30,
        price: { amount: 3500, currency: "EUR" },
        bufferAfterMinutes: 10,
        staffIds: [s.anna]
      }
    })
    expect(haircut.status).toBe(201)
    s.haircut = haircut.body.id
    const consult = await call("POST", "/v1/services", {
      key: s.keyA,
      body: {
        name: "Consultation",
        durationMinutes: 60,
        price: { amount: 5000, currency: "EUR" },
        staffIds: [s.anna],
        resourceIds: [s.room],
        rules: { approvalMode: "manual" },
        questionnaire: [{ id: "goal", label: "Your goal?", kind: "text", required: true, options: [] }]
      }
    })
    expect(consult.status).toBe(201)
    s.consult = consult.body.id
    const old = await call("POST", "/v1/services", {
      key: s.keyA,
      body: { name: "Old", durationMinutes: 15, price: { amount: 100, currency: "EUR" }, staffIds: [s.anna] }
    })
    expect(
      (await call("PATCH", `/v1/services/${old.body.id}`, { key: s.keyA, body: { durationMinutes: 20 } }))
        .body.durationMinutes
    ).toBe(20)
    expect((await call("DELETE", `/v1/services/${old.body.id}`, { key: s.keyA })).status).toBe(204)
    expect((await call("GET", `/v1/services/${s.consult}`, { key: s.keyA })).body.resourceIds).toEqual([
      s.room
    ])
    expect((await call("GET", "/v1/services", { key: s.keyA })).body.items.length).toBeGreaterThanOrEqual(2)

    const alice = await call("POST", "/v1/customers", {
      key: s.keyA,
      body: { firstName: "Alice", lastName: "Martin", email: "alice@example.com", phone: "+33 6 11 11 11 11" }
    })
    expect(alice.status).toBe(201)
    s.alice = alice.body.id
    await call("POST", "/v1/customers", { key: s.keyA, body: { firstName: "Bob", lastName: "Durand" } })
    const found = await call("GET", "/v1/customers?q=mart", { key: s.keyA })
    expect(found.body.items.map((c: { firstName: string }) => c.firstName)).toEqual(["Alice"])
    expect((await call("GET", `/v1/customers/${s.alice}`, { key: s.keyA })).body.email).toBe(
      "alice@example.com"
    )
    expect(
      (await call("PATCH", `/v1/customers/${s.alice}`, { key: s.keyA, body: { notes: "Prefers mornings" } }))
        .body.notes
    ).toBe("Prefers mornings")
  })

  it("books and runs the lifecycle of appointments", async () => {
    const slots = await call("GET", `/v1/availability?serviceId=${s.haircut}&from=${tue}&to=${tue}`, {
      key: s.keyA
    })
    expect(slots.status, JSON.stringify(slots.body)).toBe(200)
    expect(slots.body.timezone).toBe("Europe/Paris")
    expect(sameInstant(slots.body.slots[0].start, parisTime(tue, "09:00"))).toBe(true)

    const first = await book(parisTime(tue, "09:00"), { confirmation: "request_client_confirmation" })
    expect(first).toMatchObject({ status: "pending", pendingReason: "client_confirmation" })
    s.first = first.id
    expect((await call("GET", `/v1/appointments/${first.id}`, { key: s.keyA })).body.customer.id).toBe(
      s.alice
    )
    const listed = await call("GET", `/v1/appointments?from=${tue}&to=${tue}`, { key: s.keyA })
    expect(listed.body.items.map((x: { id: string }) => x.id)).toEqual([first.id])

    const patched = await call("PATCH", `/v1/appointments/${first.id}`, {
      key: s.keyA,
      body: { quickNote: "Allergic to lavender" },
      headers: { "If-Match": `"${first.version}"` }
    })
    expect(patched.status).toBe(200)
    const stale = await call("PATCH", `/v1/appointments/${first.id}`, {
      key: s.keyA,
      body: { quickNote: "again" },
      headers: { "If-Match": `"${first.version}"` }
    })
    expect(stale.body.code).toBe("version_conflict")

    expect(
      (await call("POST", `/v1/appointments/${first.id}/approve`, { key: s.keyA })).body.appointment.status
    ).toBe("approved")
    const moved = await call("POST", `/v1/appointments/${first.id}/reschedule`, {
      key: s.keyA,
      body: { start: parisTime(tue, "11:00") }
    })
    expect(moved.body.appointment.status).toBe("rescheduled")
    const ics = await call("GET", `/v1/appointments/${first.id}/ics`, { key: s.keyA })
    expect(ics.status).toBe(200)
    expect(ics.headers.get("content-type")).toMatch(/text\/calendar/)
    expect(ics.body).toContain("BEGIN:VEVENT")

    const toReject = await book(parisTime(tue, "14:00"))
    const rejected = await call("POST", `/v1/appointments/${toReject.id}/reject`, {
      key: s.keyA,
      body: { reason: "Closed" }
    })
    expect(rejected.body.appointment).toMatchObject({ status: "rejected" })
    const toCancel = await book(parisTime(tue, "15:00"))
    const cancelled = await call("POST", `/v1/appointments/${toCancel.id}/cancel`, {
      key: s.keyA,
      body: { message: "Sorry!", notifyStaff: false }
    })
    expect(cancelled.body.appointment.status).toBe("cancelled")
    expect((await call("POST", `/v1/appointments/${toCancel.id}/approve`, { key: s.keyA })).body.code).toBe(
      "invalid_transition"
    )

    const walkIn = await book(new Date(Date.now() - 2 * 3_600_000).toISOString(), { allowOutsideHours: true })
    const noShow = await call("POST", `/v1/appointments/${walkIn.id}/no-show`, {
      key: s.keyA,
      body: { noShow: true }
    })
    expect(noShow.body.appointment).toMatchObject({ status: "completed", noShow: true })
    expect((await call("GET", `/v1/customers/${s.alice}`, { key: s.keyA })).body.noShowCount).toBe(1)

    const preview = await call("POST", "/v1/appointments/recurrence-preview", {
      key: s.keyA,
      body: {
        start: parisTime(wed, "10:00"),
        items: [{ serviceId: s.haircut, staffId: s.anna }],
        recurrence: { frequency: "weekly", interval: 1, count: 3 }
      }
    })
    expect(preview.status).toBe(200)
    expect(preview.body.occurrences).toHaveLength(3)
    expect(preview.body.occurrences.every((o: { available: boolean }) => o.available)).toBe(true)

    // A worker's round: the due messages are rendered as they are sent.
    await runtime.runPromise(deliverDueMessages(100))
    const outbox = await call("GET", `/v1/outbox?appointmentId=${first.id}`, { key: s.keyA })
    const events = outbox.body.items.map(
      (m: { event: string; recipientRole: string }) => `${m.recipientRole}:${m.event}`
    )
    expect(events).toEqual(
      expect.arrayContaining(["customer:confirm_request", "customer:confirmed", "customer:rescheduled"])
    )
    const confirmation = outbox.body.items.find(
      (m: { event: string; recipientRole: string }) =>
        m.event === "confirmed" && m.recipientRole === "customer"
    )
    expect(confirmation.links.manage).toMatch(/^https:\/\/creneau\.test\/manage\//)
    // Real content: the French templates, the email layout, the calendar invitation.
    expect(confirmation.subject).toMatch(/^Rendez-vous confirmé le .+ – Salon A$/)
    expect(confirmation.text).toContain(`Modifier ou annuler : ${confirmation.links.manage}`)
    expect(confirmation.html).toContain('<html lang="fr">')
    expect(confirmation.attachments).toEqual([
      { filename: "invite.ics", contentType: "text/calendar; charset=utf-8; method=REQUEST" }
    ])
  })

  it("serves the public booking page and the action links", async () => {
    const page = await call("GET", `/v1/public/businesses/${s.businessA}`)
    expect(page.body.name).toBe("Salon A")
    expect(JSON.stringify(page.body)).not.toContain("anna@a.example.com")
    const slots = await call(
      "GET",
      `/v1/public/businesses/${s.businessA}/availability?serviceId=${s.consult}&from=${wed}&to=${wed}`
    )
    expect(slots.body.slots.length).toBeGreaterThan(0)
    const booked = await call("POST", `/v1/public/businesses/${s.businessA}/bookings`, {
      body: {
        start: slots.body.slots[0].start,
        items: [{ serviceId: s.consult }],
        customer: { firstName: "Léa", lastName: "Petit", email: "lea@example.com" },
        answers: { goal: "A new look" }
      }
    })
    expect(booked.status).toBe(201)
    expect(booked.body.appointment).toMatchObject({ status: "pending", pendingReason: "staff_approval" })

    // The staff member approves from the link in their email.
    const staffToken = await linkOf(booked.body.appointment.id, "approve", "staff")
    const staffPage = await call("GET", `/v1/public/staff-actions/${staffToken}`)
    expect(staffPage.body.allowed.approve).toEqual({ allowed: true })
    const approved = await call("POST", `/v1/public/staff-actions/${staffToken}`, {
      body: { action: "approve" }
    })
    expect(approved.status).toBe(200)
    expect(
      (await call("GET", `/v1/appointments/${booked.body.appointment.id}`, { key: s.keyA })).body.status
    ).toBe("approved")

    // The customer moves, then cancels, from the manage link; another one confirms.
    const manage = await linkOf(booked.body.appointment.id, "manage")
    const shown = await call("GET", `/v1/public/manage/${manage}`)
    expect(shown.body.allowed.cancel).toEqual({ allowed: true })
    expect(shown.body.allowed.reschedule).toEqual({ allowed: false, reason: "manual_approval" })
    const toConfirm = await book(parisTime(wed, "16:00"), { confirmation: "request_client_confirmation" })
    const confirmToken = await linkOf(toConfirm.id, "confirm")
    const confirmed = await call("POST", `/v1/public/manage/${confirmToken}/confirm`)
    expect(confirmed.status).toBe(200)
    expect((await call("GET", `/v1/appointments/${toConfirm.id}`, { key: s.keyA })).body.status).toBe(
      "approved"
    )

    const movable = await linkOf(toConfirm.id, "manage")
    const free = await call("GET", `/v1/public/manage/${movable}/availability?from=${wed}&to=${wed}`)
    expect(free.status).toBe(200)
    const later = free.body.slots.find(
      (slot: { start: string }) => Date.parse(slot.start) > Date.parse(parisTime(wed, "16:30"))
    )
    const rescheduled = await call("POST", `/v1/public/manage/${movable}/reschedule`, {
      body: { start: later.start }
    })
    expect(rescheduled.status).toBe(200)
    expect((await call("GET", `/v1/appointments/${toConfirm.id}`, { key: s.keyA })).body.status).toBe(
      "rescheduled"
    )

    const mismatch = await call("POST", `/v1/public/manage/${manage}/cancel`, {
      body: { email: "someone@else.com" }
    })
    expect(mismatch.status).toBe(422)
    expect(mismatch.body.reason).toBe("email_mismatch")
    const cancelled = await call("POST", `/v1/public/manage/${manage}/cancel`, {
      body: { email: "LEA@example.com" }
    })
    expect(cancelled.status).toBe(200)
    expect(
      (await call("GET", `/v1/appointments/${booked.body.appointment.id}`, { key: s.keyA })).body.status
    ).toBe("cancelled")
  })

  it("registers webhooks; edits, previews and resets notification templates", async () => {
    const hook = await call("POST", "/v1/webhooks", {
      key: s.keyA,
      body: { url: "https://hooks.example.com/creneau" }
    })
    expect(hook.status).toBe(201)
    expect((await call("GET", "/v1/webhooks", { key: s.keyA })).body.items).toHaveLength(1)
    expect((await call("DELETE", `/v1/webhooks/${hook.body.id}`, { key: s.keyA })).status).toBe(204)

    // The templates are stored with the rest: the business's own replaces the French default.
    const templates = await call("GET", "/v1/notification-templates", { key: s.keyA })
    expect(templates.status).toBe(200)
    expect(templates.body.items).toHaveLength(17)
    const confirmed = "/v1/notification-templates/confirmed/customer/email"
    const put = await call("PUT", confirmed, {
      key: s.keyA,
      body: { subject: "Bonjour {{ client.firstName }}", text: "Le {{ start }} : {{ links.manage }}" }
    })
    expect(put.status).toBe(200)
    expect(put.body).toMatchObject({ isDefault: false, html: null })
    const preview = await call("POST", `${confirmed}/preview`, {
      key: s.keyA,
      body: { appointmentId: s.first }
    })
    expect(preview.status).toBe(200)
    expect(preview.body.subject).toMatch(/^Bonjour \S/)
    expect(preview.body.text).toMatch(
      /^Le \S+ \d+ \S+ \d{4} à \d\d:\d\d : https:\/\/creneau\.test\/manage\/preview$/u
    )
    const invalid = await call("PUT", confirmed, {
      key: s.keyA,
      body: { subject: "{{ client.nick }}", text: "x" }
    })
    expect(invalid.status).toBe(400)
    expect(invalid.body.errors).toEqual([{ path: "subject", message: "Unknown variable: client.nick" }])
    const reset = await call("DELETE", confirmed, { key: s.keyA })
    expect(reset.status).toBe(200)
    expect(reset.body.subject).toMatch(/^Rendez-vous confirmé/)

    expect((await call("GET", "/openapi.json")).body.openapi).toMatch(/^3\.1/)
    expect((await call("GET", "/docs")).status).toBe(200)
    expect((await call("GET", "/healthz")).body).toEqual({ status: "ok" })
  })

  it("keeps each business to itself", async () => {
    const other = { key: s.keyB! }
    for (const path of [
      `/v1/staff/${s.anna}`,
      `/v1/services/${s.haircut}`,
      `/v1/resources/${s.room}`,
      `/v1/customers/${s.alice}`,
      `/v1/appointments/${s.first}`
    ]) {
      const res = await call("GET", path, other)
      expect(res.status, path).toBe(404)
      expect(res.body.code).toBe("not_found")
    }
    expect((await call("POST", `/v1/appointments/${s.first}/cancel`, { ...other, body: {} })).status).toBe(
      404
    )
    expect((await call("GET", "/v1/appointments", other)).body.items).toEqual([])
    expect((await call("GET", "/v1/customers?q=alice", other)).body.items).toEqual([])
    expect((await call("GET", "/v1/outbox", other)).body.items).toEqual([])
    const foreign = await call("POST", "/v1/appointments", {
      ...other,
      body: { start: parisTime(tue, "10:00"), items: [{ serviceId: s.haircut }] }
    })
    expect(foreign.status).toBeGreaterThanOrEqual(400)
    expect(foreign.status).toBeLessThan(500)
  })

  it("replays an idempotent request and refuses the key for another one", async () => {
    const body = {
      start: parisTime(wed, "09:00"),
      items: [{ serviceId: s.haircut, staffId: s.anna }],
      customer: { firstName: "Iris", lastName: "Idem", email: "iris@example.com" }
    }
    const headers = { "Idempotency-Key": `idem-${backend}` }
    const first = await call("POST", "/v1/appointments", { key: s.keyA, body, headers })
    expect(first.status).toBe(201)
    const replay = await call("POST", "/v1/appointments", { key: s.keyA, body, headers })
    expect(replay.status).toBe(201)
    expect(replay.headers.get("idempotent-replayed")).toBe("true")
    expect(replay.body).toEqual(first.body)
    const other = await call("POST", "/v1/appointments", {
      key: s.keyA,
      body: { ...body, start: parisTime(wed, "12:00") },
      headers
    })
    expect(other.status).toBe(409)
    expect(other.body.code).toBe("idempotency_conflict")
    const day = await call(
      "GET",
      `/v1/appointments?from=${wed}&to=${wed}&customerId=${first.body.appointment.customerId}`,
      {
        key: s.keyA
      }
    )
    expect(day.body.items).toHaveLength(1)
  })

  it("gives one slot to exactly one of parallel bookings", async () => {
    const start = parisTime(thu, "10:00")
    const answers = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        call("POST", "/v1/appointments", {
          key: s.keyA,
          body: {
            start,
            items: [{ serviceId: s.haircut, staffId: s.anna }],
            customer: { firstName: `Racer ${i}`, lastName: "Fast" }
          }
        })
      )
    )
    const statuses = answers.map((a) => a.status).sort()
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409])
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === "slot_unavailable")).toBe(
      true
    )
    const day = await call("GET", `/v1/appointments?from=${thu}&to=${thu}&staffId=${s.anna}`, { key: s.keyA })
    expect(day.body.items.filter((a: { status: string }) => a.status === "approved")).toHaveLength(1)
  })

  it("serves a staff member's calendar feed behind its URL, until it is revoked", async () => {
    const created = await call("POST", `/v1/staff/${s.anna}/calendar-feed`, { key: s.keyA })
    expect(created.status).toBe(201)
    const path = new URL(created.body.url).pathname
    expect(path).toMatch(/^\/ics\/staff\/[\w-]+\.ics$/)
    expect((await call("GET", `/v1/staff/${s.anna}/calendar-feed`, { key: s.keyA })).body.active).toBe(true)
    const feed = await call("GET", path)
    expect(feed.status).toBe(200)
    expect(feed.headers.get("content-type")).toMatch(/^text\/calendar/)
    expect(feed.body).toContain("BEGIN:VCALENDAR")
    expect((await call("DELETE", `/v1/staff/${s.anna}/calendar-feed`, { key: s.keyA })).status).toBe(204)
    expect((await call("GET", path)).status).toBe(404)
  })

  it("went through every route of the API", () => {
    expect(client.missing()).toEqual([])
  })
}

describe("HTTP flows on PGlite", { timeout: 60_000 }, () => flows("pglite"))

if (TEST_DATABASE_URL === undefined) {
  describe.skip("HTTP flows on PostgreSQL: TEST_DATABASE_URL is not set, so they do not run", () => {
    it("HTTP flows", () => {})
  })
} else {
  describe("HTTP flows on PostgreSQL", { timeout: 60_000 }, () => flows("postgres"))
}
