/** Who may use a staff member's calendar feed, which appointments it holds, and its window. */
import { assert, describe, it } from "@effect/vitest"
import type { AppointmentStatus } from "../../src/domain/Appointment.js"
import { calendarFeedWindow, inCalendarFeed, mayUseCalendarFeed } from "../../src/domain/CalendarFeed.js"
import {
  admin,
  anna,
  at,
  ben,
  carla,
  customer,
  makeAppointment,
  makeItems,
  owner,
  staffAssigned,
  staffLinkAssigned,
  staffNotAssigned,
  staffUnlinked,
  systemActor
} from "../support/appointments.js"

describe("calendar feeds", () => {
  it("are for owners, admins and the staff member's own user", () => {
    for (const actor of [owner, admin, staffAssigned])
      assert.isTrue(mayUseCalendarFeed(actor, anna), actor._tag)
    for (const actor of [staffNotAssigned, staffUnlinked, customer, staffLinkAssigned, systemActor]) {
      assert.isFalse(mayUseCalendarFeed(actor, anna))
    }
  })

  it("hold the staff member's appointments that still take place", () => {
    const statuses: ReadonlyArray<[AppointmentStatus, boolean]> = [
      ["pending", true],
      ["approved", true],
      ["rescheduled", true],
      ["completed", true],
      ["cancelled", false],
      ["rejected", false]
    ]
    for (const [status, held] of statuses) {
      assert.strictEqual(inCalendarFeed(makeAppointment({ status }), anna), held, status)
    }
    const shared = makeAppointment({ items: makeItems(at("2030-03-10T10:00:00Z"), [anna, ben]) })
    assert.isTrue(inCalendarFeed(shared, ben))
    assert.isFalse(inCalendarFeed(shared, carla))
  })

  it("cover 30 days back and 180 days ahead", () => {
    const { from, to } = calendarFeedWindow(at("2030-03-10T10:00:00Z"))
    assert.strictEqual(from.toJSON(), "2030-02-08T10:00:00.000Z")
    assert.strictEqual(to.toJSON(), "2030-09-06T10:00:00.000Z")
  })
})
