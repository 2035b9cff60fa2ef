import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  type Appointment,
  eventsOf,
  hiddenByDefault,
  mergesStaff,
  movedAppointment,
  moveOf,
  movesAnything,
  rangeOf,
  readParams,
  type StaffMember,
  splitMinutes,
  stepDate,
  unreachableReason,
  visibleHours,
  workingTimeTest
} from "../../src/pages/calendar/calendarModel"

const browserZone = process.env.TZ
beforeAll(() => {
  process.env.TZ = "America/New_York"
})
afterAll(() => {
  if (browserZone === undefined) delete process.env.TZ
  else process.env.TZ = browserZone
})

const PARIS = "Europe/Paris"
const owner = { role: "owner", staffId: null } as const

const item = (serviceName: string, staffId: string, start: string, end: string) => ({
  serviceId: `svc_${serviceName}`,
  serviceName,
  staffId,
  resourceId: null,
  start,
  end,
  price: { amount: 4500, currency: "EUR" },
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0
})

const appointment = (overrides: Partial<Appointment> = {}): Appointment => {
  const items = overrides.items ?? [
    item("Cut", "stf_a", "2026-03-17T10:00:00+01:00", "2026-03-17T10:45:00+01:00")
  ]
  return {
    id: "apt_1",
    businessId: "bus_1",
    status: "approved",
    pendingReason: null,
    noShow: false,
    start: items[0]!.start,
    end: items[items.length - 1]!.end,
    items,
    customerId: "cus_1",
    source: "business",
    requestedByClient: false,
    customerRequest: null,
    quickNote: null,
    appointmentNotes: null,
    answers: {},
    payment: { method: "on_site", amountRequested: null, status: "unpaid", instrument: null },
    rulesSnapshot: {
      approvalMode: "auto",
      minBookingNoticeMinutes: 60,
      maxAdvanceDays: 90,
      slotIntervalMinutes: 15,
      clientCancel: { enabled: true, minNoticeMinutes: 1440 },
      clientReschedule: { enabled: true, minNoticeMinutes: 1440 },
      preferredStaffSelection: false,
      noShowApprovalThreshold: null
    },
    seriesId: null,
    cancellationMessage: null,
    rejectionReason: null,
    version: 1,
    createdAt: "2026-03-01T10:00:00+01:00",
    createdBy: { kind: "user", id: "usr_1", name: "Élodie" },
    updatedAt: "2026-03-01T10:00:00+01:00",
    updatedBy: { kind: "user", id: "usr_1", name: "Élodie" },
    history: [],
    ...overrides
  } as Appointment
}

const options = {
  timeZone: PARIS,
  customerNames: new Map([["cus_1", "Alice Martin"]]),
  hidden: new Set(hiddenByDefault),
  viewer: owner
}

const hm = (d: Date) => `${d.getHours()}:${String(d.getMinutes()).padStart(2, "0")}`

describe("eventsOf", () => {
  it("puts an appointment in its staff member's column at the business's wall-clock time", () => {
    const [event, ...rest] = eventsOf([appointment()], options)
    expect(rest).toEqual([])
    expect(event).toMatchObject({
      id: "apt_1#0",
      staffId: "stf_a",
      customerName: "Alice Martin",
      services: ["Cut"],
      status: "approved",
      movable: true
    })
    expect([hm(event!.start), hm(event!.end)]).toEqual(["10:00", "10:45"])
  })

  it("tells an appointment without a customer from one whose customer's name is still loading", () => {
    const [walkIn] = eventsOf([appointment({ customerId: null })], options)
    expect(walkIn!.customerName).toBeNull()
    const [loading] = eventsOf([appointment({ customerId: "cus_2" } as Partial<Appointment>)], options)
    expect(loading!.customerName).toBeUndefined()
  })

  it("shows a multi-staff appointment in each column, consecutive items of one member together", () => {
    const a = appointment({
      items: [
        item("Cut", "stf_a", "2026-03-17T10:00:00+01:00", "2026-03-17T10:45:00+01:00"),
        item("Colour", "stf_a", "2026-03-17T10:45:00+01:00", "2026-03-17T12:15:00+01:00"),
        item("Facial", "stf_b", "2026-03-17T12:15:00+01:00", "2026-03-17T13:15:00+01:00")
      ]
    })
    const events = eventsOf([a], options)
    expect(events.map((e) => [e.id, e.staffId, e.services, hm(e.start), hm(e.end)])).toEqual([
      ["apt_1#0", "stf_a", ["Cut", "Colour"], "10:00", "12:15"],
      ["apt_1#1", "stf_b", ["Facial"], "12:15", "13:15"]
    ])
    expect(eventsOf([a], { ...options, staffIds: new Set(["stf_b"]) }).map((e) => e.id)).toEqual(["apt_1#1"])
  })

  it("hides cancelled and rejected ones unless asked, and tells a no-show apart", () => {
    const list = [
      appointment({ id: "apt_c", status: "cancelled" }),
      appointment({ id: "apt_r", status: "rejected" }),
      appointment({ id: "apt_n", status: "completed", noShow: true }),
      appointment({ id: "apt_p", status: "pending", pendingReason: "staff_approval" })
    ]
    expect(eventsOf(list, options).map((e) => [e.appointmentId, e.status, e.movable])).toEqual([
      ["apt_n", "no_show", false],
      ["apt_p", "pending", true]
    ])
    expect(eventsOf(list, { ...options, hidden: new Set() })).toHaveLength(4)
  })

  it("lets a staff user move only their own appointments", () => {
    const staffViewer = { role: "staff", staffId: "stf_b" } as const
    expect(eventsOf([appointment()], { ...options, viewer: staffViewer })[0]?.movable).toBe(false)
  })
})

describe("periods", () => {
  it("shows Monday to Sunday around a date, or the day", () => {
    expect(rangeOf("week", "2026-03-19")).toEqual({ from: "2026-03-16", to: "2026-03-22" })
    expect(rangeOf("week", "2026-03-22")).toEqual({ from: "2026-03-16", to: "2026-03-22" })
    expect(rangeOf("week", "2026-03-16")).toEqual({ from: "2026-03-16", to: "2026-03-22" })
    expect(rangeOf("day", "2026-03-19")).toEqual({ from: "2026-03-19", to: "2026-03-19" })
    expect(stepDate("week", "2026-03-30", 1)).toBe("2026-04-06")
    expect(stepDate("day", "2026-03-01", -1)).toBe("2026-02-28")
  })

  it("reads the view, the day, the open appointment and the staff shown from the address", () => {
    expect(
      readParams(new URLSearchParams("view=day&date=2026-03-02&appointment=apt_9&staff=a,b"), "2026-01-01")
    ).toEqual({ view: "day", date: "2026-03-02", appointmentId: "apt_9", staffIds: ["a", "b"] })
    expect(readParams(new URLSearchParams("view=month&date=2026-02-30"), "2026-01-01")).toEqual({
      view: "week",
      date: "2026-01-01",
      appointmentId: null,
      staffIds: undefined
    })
  })
})

const week = (intervals: Array<{ start: string; end: string }>) => ({
  mon: intervals,
  tue: intervals,
  wed: intervals,
  thu: intervals,
  fri: intervals,
  sat: [],
  sun: []
})

const staffMember = (overrides: Partial<StaffMember> = {}): StaffMember =>
  ({
    id: "stf_a",
    businessId: "bus_1",
    name: "Camille",
    email: null,
    phone: null,
    active: true,
    workingHours: {
      weekly: week([
        { start: "09:00", end: "12:30" },
        { start: "13:30", end: "18:00" }
      ]),
      overrides: []
    },
    timeOff: [],
    ...overrides
  }) as StaffMember

describe("working hours", () => {
  it("follows the weekly hours, the date overrides and the time off", () => {
    const member = staffMember({
      workingHours: {
        weekly: week([{ start: "09:00", end: "12:30" }]),
        overrides: [{ date: "2026-03-18", intervals: [{ start: "14:00", end: "16:00" }] }]
      },
      timeOff: [
        { id: "off_1", start: "2026-03-19T10:00:00+01:00", end: "2026-03-19T11:00:00+01:00", reason: null }
      ]
    })
    const works = workingTimeTest(member, PARIS)
    const at = (day: number, h: number, m = 0) => new Date(2026, 2, day, h, m)
    expect(works(at(17, 9))).toBe(true)
    expect(works(at(17, 12, 30))).toBe(false)
    expect(works(at(18, 9))).toBe(false)
    expect(works(at(18, 14))).toBe(true)
    expect(works(at(19, 10, 30))).toBe(false)
    expect(works(at(19, 11))).toBe(true)
    expect(works(at(21, 10))).toBe(false)
  })

  it("opens the grid from the earliest hour to the latest, events included", () => {
    expect(visibleHours([staffMember()], [])).toEqual({ min: 9 * 60, max: 18 * 60 })
    const late = { start: new Date(2026, 2, 17, 19, 15), end: new Date(2026, 2, 17, 20, 10) }
    expect(visibleHours([staffMember()], [late])).toEqual({ min: 9 * 60, max: 21 * 60 })
    expect(visibleHours([], [])).toEqual({ min: 8 * 60, max: 19 * 60 })
  })
})

describe("moving", () => {
  const a = appointment({
    items: [
      item("Cut", "stf_a", "2026-03-17T10:00:00+01:00", "2026-03-17T10:45:00+01:00"),
      item("Facial", "stf_b", "2026-03-17T10:45:00+01:00", "2026-03-17T11:45:00+01:00")
    ]
  })
  const [, second] = eventsOf([a], options)

  it("moves the whole appointment by the dragged run's shift", () => {
    const move = moveOf(second!, { start: new Date(2026, 2, 18, 14, 0), staffId: "stf_b" }, PARIS)
    expect(move).toEqual({
      appointmentId: "apt_1",
      start: "2026-03-18T13:15:00+01:00",
      staffId: undefined,
      shiftMs: (24 * 60 + 3 * 60 + 15) * 60_000
    })
    expect(movesAnything(move)).toBe(true)
    expect(mergesStaff(a, move)).toBe(false)
  })

  it("asks for the new staff member when the run changes column", () => {
    const move = moveOf(second!, { start: new Date(2026, 2, 17, 10, 45), staffId: "stf_c" }, PARIS)
    expect(move.staffId).toBe("stf_c")
    expect(move.shiftMs).toBe(0)
    expect(mergesStaff(a, move)).toBe(true)
    expect(
      movesAnything(moveOf(second!, { start: new Date(2026, 2, 17, 10, 45), staffId: "stf_b" }, PARIS))
    ).toBe(false)
  })

  it("keeps the wall-clock time across a daylight-saving change", () => {
    const [first] = eventsOf([a], options)
    const move = moveOf(first!, { start: new Date(2026, 2, 31, 10, 0), staffId: "stf_a" }, PARIS)
    expect(move.start).toBe("2026-03-31T10:00:00+02:00")
    const moved = movedAppointment(a, move, PARIS)
    expect(moved.items.map((i) => [i.start, i.end])).toEqual([
      ["2026-03-31T10:00:00+02:00", "2026-03-31T10:45:00+02:00"],
      ["2026-03-31T10:45:00+02:00", "2026-03-31T11:45:00+02:00"]
    ])
    expect(moved.status).toBe("rescheduled")
  })

  it("shows every item with the new staff member in the optimistic copy", () => {
    const move = moveOf(second!, { start: new Date(2026, 2, 17, 10, 45), staffId: "stf_c" }, PARIS)
    expect(movedAppointment(a, move, PARIS).items.map((i) => i.staffId)).toEqual(["stf_c", "stf_c"])
  })
})

describe("unreachableReason and splitMinutes", () => {
  it("says why a customer cannot be told", () => {
    expect(unreachableReason(null)).toBe("no_customer")
    expect(unreachableReason({ email: null })).toBe("no_email")
    expect(unreachableReason({ email: "a@example.com" })).toBeNull()
  })

  it("splits durations into days, hours and minutes", () => {
    expect(splitMinutes(1440)).toEqual({ days: 1, hours: 0, minutes: 0 })
    expect(splitMinutes(90)).toEqual({ days: 0, hours: 1, minutes: 30 })
  })
})
