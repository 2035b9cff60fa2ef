/**
 * Staff members' calendar subscription feeds: issued by owners, admins or the staff member
 * (the URL shown once), read without signing in as iCalendar, replaced and revoked.
 */
import { describe, expect, it } from "vitest"
import { type Harness, makeHarness, tuesday } from "./support/harness.js"
import { jsonOf } from "./support/json.js"
import { expectProblem } from "./support/problem.js"

const book = async (h: Harness, start: string, staffId: string) => {
  const res = await h.request("POST", "/v1/appointments", {
    body: { start, items: [{ serviceId: h.a.haircut.id, staffId }], customerId: h.a.alice.id }
  })
  expect(res.status).toBe(201)
  return (await jsonOf(res)).appointment
}

/** The feed's path and query, as a calendar app would request it. */
const pathOf = (url: string) => new URL(url).pathname

const unfold = (ics: string) => ics.replace(/\r\n[ \t]/g, "")

describe("staff calendar feeds", () => {
  it("serves the staff member's appointments that take place, to whoever holds the URL", async () => {
    const h = await makeHarness()
    const kept = await book(h, tuesday("10:00"), h.a.anna.id)
    const cancelled = await book(h, tuesday("11:00"), h.a.anna.id)
    const bens = await book(h, tuesday("10:00"), h.a.ben.id)
    expect((await h.request("POST", `/v1/appointments/${cancelled.id}/cancel`, { body: {} })).status).toBe(
      200
    )

    const created = await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`)
    expect(created.status).toBe(201)
    const { url, createdAt } = await jsonOf(created)
    expect(url).toMatch(/^https:\/\/creneau\.test\/ics\/staff\/[A-Za-z0-9_-]{43,}\.ics$/)
    expect(createdAt).toMatch(/\+01:00$/)
    expect(await jsonOf(await h.request("GET", `/v1/staff/${h.a.anna.id}/calendar-feed`))).toEqual({
      active: true,
      createdAt
    })

    const res = await h.request("GET", pathOf(url), { as: null })
    expect(res.status).toBe(200)
    expect(res.headers.get("content-type")).toMatch(/^text\/calendar/)
    const ics = unfold(await res.text())
    expect(ics).toContain("METHOD:PUBLISH")
    expect(ics).toContain("X-WR-CALNAME:Anna — Salon Lumière")
    expect(ics).toContain(`UID:${kept.id}@creneau`)
    expect(ics).toContain("SUMMARY:Haircut — Alice Martin")
    expect(ics).toContain("DTSTART:20260310T090000Z")
    expect(ics).not.toContain(`UID:${cancelled.id}@creneau`)
    expect(ics).not.toContain(`UID:${bens.id}@creneau`)
    expect(ics.match(/BEGIN:VEVENT/g)).toHaveLength(1)
  })

  it("a new URL revokes the previous one; revoking ends the feed", async () => {
    const h = await makeHarness()
    const feed = async () =>
      (await jsonOf(await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`))).url
    const first = await feed()
    const second = await feed()
    expect(second).not.toBe(first)
    await expectProblem(await h.request("GET", pathOf(first), { as: null }), 404, "not_found")
    expect((await h.request("GET", pathOf(second), { as: null })).status).toBe(200)

    expect((await h.request("DELETE", `/v1/staff/${h.a.anna.id}/calendar-feed`)).status).toBe(204)
    await expectProblem(await h.request("GET", pathOf(second), { as: null }), 404, "not_found")
    expect(await jsonOf(await h.request("GET", `/v1/staff/${h.a.anna.id}/calendar-feed`))).toEqual({
      active: false,
      createdAt: null
    })
    // Revoking what is not there is not an error.
    expect((await h.request("DELETE", `/v1/staff/${h.a.anna.id}/calendar-feed`)).status).toBe(204)
  })

  it("is for owners, admins and the staff member themselves", async () => {
    const h = await makeHarness()
    expect((await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: "anna" })).status).toBe(
      201
    )
    expect((await h.request("GET", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: "anna" })).status).toBe(
      200
    )
    expect((await h.request("POST", `/v1/staff/${h.a.ben.id}/calendar-feed`, { as: "admin" })).status).toBe(
      201
    )
    await expectProblem(
      await h.request("POST", `/v1/staff/${h.a.ben.id}/calendar-feed`, { as: "anna" }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("GET", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: "ben" }),
      403,
      "forbidden"
    )
    await expectProblem(
      await h.request("DELETE", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: "ben" }),
      403,
      "forbidden"
    )
    // Another business's staff member reads as unknown; so does an unknown one.
    await expectProblem(
      await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: "otherOwner" }),
      404,
      "not_found"
    )
    await expectProblem(await h.request("GET", "/v1/staff/stf_nobody/calendar-feed"), 404, "not_found")
    await expectProblem(
      await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`, { as: null }),
      401,
      "unauthorized"
    )
  })

  it("answers 404 for anything but a known feed file", async () => {
    const h = await makeHarness()
    const { url } = await jsonOf(await h.request("POST", `/v1/staff/${h.a.anna.id}/calendar-feed`))
    const token = pathOf(url)
      .split("/")
      .pop()!
      .replace(/\.ics$/, "")
    for (const path of [
      `/ics/staff/${token}`,
      `/ics/staff/${token}.txt`,
      `/ics/staff/${token.slice(0, -1)}.ics`,
      "/ics/staff/short.ics",
      `/ics/staff/${"A".repeat(43)}.ics`
    ]) {
      await expectProblem(await h.request("GET", path, { as: null }), 404, "not_found")
    }
  })
})
