import { assert, describe, it } from "@effect/vitest"
import { DateTime, Result } from "effect"
import * as fc from "fast-check"
import type { AppointmentStatus } from "../../src/domain/Appointment.js"
import {
  type AvailabilityQuery,
  type BookedAppointment,
  checkSlot,
  findConflicts,
  findOpenSlots,
  findSlots,
  isWithinWorkingHours,
  type RequestedAssignment,
  type Slot,
  type SlotCheckQuery,
  type SlotRefusalReason,
  withinBookingLimits
} from "../../src/domain/Availability.js"
import type { BusinessId, ResourceId, ServiceId, StaffId, TimeOffId } from "../../src/domain/Ids.js"
import {
  addDays,
  formatInZone,
  type LocalDate,
  minutesOfTime,
  toInstant,
  toLocal,
  WEEKDAYS,
  type Weekday
} from "../../src/domain/LocalTime.js"
import type { Resource } from "../../src/domain/Resource.js"
import type { Service } from "../../src/domain/Service.js"
import { emptyWeek, type StaffMember, type WeeklyHours } from "../../src/domain/StaffMember.js"

const PARIS = "Europe/Paris"
const NEW_YORK = "America/New_York"
const BUSINESS = "biz_1" as BusinessId
// 2026-03-02 is a Monday.
const MONDAY = "2026-03-02" as LocalDate
const TUESDAY = "2026-03-03" as LocalDate

const hhmm = (minutes: number): string =>
  `${String(Math.floor(minutes / 60)).padStart(2, "0")}:${String(minutes % 60).padStart(2, "0")}`
const date = (d: string): LocalDate => d as LocalDate
const at = (d: string, time: string, zone = PARIS): DateTime.Utc => toInstant(d, minutesOfTime(time), zone)
/** `YYYY-MM-DD HH:mm` on the wall clock of `zone`. */
const wall = (instant: DateTime.Utc, zone = PARIS): string => {
  const l = toLocal(instant, zone)
  return `${l.date} ${String(Math.floor(l.minutes / 60)).padStart(2, "0")}:${String(l.minutes % 60).padStart(2, "0")}`
}
const times = (slots: ReadonlyArray<Slot>, zone = PARIS): Array<string> =>
  slots.map((s) => wall(s.start, zone).slice(11))

type Hours = ReadonlyArray<readonly [string, string]>
const intervals = (hours: Hours) => hours.map(([start, end]) => ({ start, end }))
const week = (days: Partial<Record<Weekday, Hours>>): WeeklyHours => {
  const out: Record<Weekday, ReturnType<typeof intervals>> = { ...emptyWeek } as never
  for (const day of WEEKDAYS) out[day] = intervals(days[day] ?? [])
  return out
}
const everyDay = (hours: Hours): WeeklyHours => week(Object.fromEntries(WEEKDAYS.map((d) => [d, hours])))

const member = (
  id: string,
  weekly: WeeklyHours,
  extra: {
    readonly overrides?: ReadonlyArray<{ readonly date: string; readonly hours: Hours }>
    readonly timeOff?: ReadonlyArray<readonly [DateTime.Utc, DateTime.Utc]>
    readonly active?: boolean
  } = {}
): StaffMember => ({
  id: id as StaffId,
  businessId: BUSINESS,
  name: id,
  email: null,
  phone: null,
  active: extra.active ?? true,
  workingHours: {
    weekly,
    overrides: (extra.overrides ?? []).map((o) => ({ date: date(o.date), intervals: intervals(o.hours) }))
  },
  timeOff: (extra.timeOff ?? []).map(([start, end], i) => ({
    id: `off_${i}` as TimeOffId,
    start,
    end,
    reason: null
  }))
})

const service = (
  id: string,
  durationMinutes: number,
  staffIds: ReadonlyArray<string>,
  extra: {
    readonly before?: number
    readonly after?: number
    readonly resources?: ReadonlyArray<string>
  } = {}
): Service => ({
  id: id as ServiceId,
  businessId: BUSINESS,
  name: id,
  durationMinutes,
  price: { amount: 1000, currency: "EUR" },
  bufferBeforeMinutes: extra.before ?? 0,
  bufferAfterMinutes: extra.after ?? 0,
  staffIds: staffIds as ReadonlyArray<StaffId>,
  resourceIds: (extra.resources ?? []) as ReadonlyArray<ResourceId>,
  questionnaire: [],
  rules: null,
  active: true
})

const resource = (id: string, capacity: number): Resource => ({
  id: id as ResourceId,
  businessId: BUSINESS,
  name: id,
  capacity
})

interface Booked {
  readonly staffId: string
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
  readonly resourceId?: string
  readonly before?: number
  readonly after?: number
}
const appointment = (id: string, items: ReadonlyArray<Booked>, status: AppointmentStatus = "approved") => ({
  id,
  status,
  items: items.map((i) => ({
    staffId: i.staffId,
    resourceId: i.resourceId ?? null,
    start: i.start,
    end: i.end,
    bufferBeforeMinutes: i.before ?? 0,
    bufferAfterMinutes: i.after ?? 0
  }))
})

const query = (fields: Partial<AvailabilityQuery> & Pick<AvailabilityQuery, "services" | "staff">) => ({
  timezone: PARIS,
  rules: { minBookingNoticeMinutes: 0, maxAdvanceDays: 365, slotIntervalMinutes: 15 },
  resources: [],
  appointments: [],
  from: MONDAY,
  to: MONDAY,
  now: at("2026-01-01", "00:00"),
  ...fields
})

const refusal = (result: Result.Result<Slot, { readonly reason: SlotRefusalReason }>): SlotRefusalReason => {
  if (Result.isSuccess(result)) assert.fail(`expected a refusal, got a slot at ${wall(result.success.start)}`)
  return result.failure.reason
}
const accepted = (
  result: Result.Result<Slot, { readonly reason: SlotRefusalReason; readonly message: string }>
) => {
  if (Result.isFailure(result))
    assert.fail(`expected a slot, got ${result.failure.reason}: ${result.failure.message}`)
  return result.success
}

/** Items as `service:staff:resource@HH:mm-HH:mm`. */
const describeSlot = (slot: Slot, zone = PARIS): Array<string> =>
  slot.items.map(
    (i) =>
      `${i.serviceId}:${i.staffId}:${i.resourceId ?? "-"}@${wall(i.start, zone).slice(11)}-${wall(i.end, zone).slice(11)}`
  )

const slotAt = (slots: ReadonlyArray<Slot>, time: string): Slot | undefined =>
  slots.find((s) => wall(s.start).slice(11) === time)

const range = (from: string, to: string, step: number): Array<string> => {
  const out: Array<string> = []
  for (let m = minutesOfTime(from); m <= minutesOfTime(to); m += step) {
    out.push(`${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`)
  }
  return out
}

describe("Availability", () => {
  describe("working hours", () => {
    const alice = member("alice", week({ mon: [["09:00", "12:00"]] }))
    const cut = service("cut", 60, ["alice"])

    it("offers the starts at which an item fits inside the day's intervals", () => {
      const slots = findSlots(query({ services: [cut], staff: [alice], to: TUESDAY }))
      assert.deepStrictEqual(times(slots), range("09:00", "11:00", 15))
      assert.deepStrictEqual(describeSlot(slots[0]!), ["cut:alice:-@09:00-10:00"])
      assert.strictEqual(slots.at(-1)!.end.epochMilliseconds, at(MONDAY, "12:00").epochMilliseconds)
    })

    it("uses the intervals of each weekday, several per day", () => {
      const split = member(
        "alice",
        week({
          mon: [
            ["14:00", "15:00"],
            ["09:00", "10:00"]
          ],
          tue: [["10:00", "11:30"]]
        })
      )
      const slots = findSlots(query({ services: [cut], staff: [split], to: TUESDAY }))
      assert.deepStrictEqual(
        slots.map((s) => wall(s.start)),
        ["2026-03-02 09:00", "2026-03-02 14:00", "2026-03-03 10:00", "2026-03-03 10:15", "2026-03-03 10:30"]
      )
    })

    it("lets a date's override replace the weekly intervals, and an empty one make a day off", () => {
      const overridden = member("alice", week({ mon: [["09:00", "12:00"]], tue: [["09:00", "12:00"]] }), {
        overrides: [
          { date: MONDAY, hours: [["14:00", "15:30"]] },
          { date: TUESDAY, hours: [] }
        ]
      })
      const slots = findSlots(query({ services: [cut], staff: [overridden], to: TUESDAY }))
      assert.deepStrictEqual(
        slots.map((s) => wall(s.start)),
        ["2026-03-02 14:00", "2026-03-02 14:15", "2026-03-02 14:30"]
      )
    })

    it("keeps items out of time off, to the minute", () => {
      const away = member("alice", week({ mon: [["09:00", "12:00"]] }), {
        timeOff: [[at(MONDAY, "10:30"), at(MONDAY, "11:00")]]
      })
      const slots = findSlots(query({ services: [cut], staff: [away] }))
      assert.deepStrictEqual(times(slots), ["09:00", "09:15", "09:30", "11:00"])
    })

    it("lets buffers reach outside working hours and into time off", () => {
      const away = member("alice", week({ mon: [["09:00", "12:00"]] }), {
        timeOff: [[at(MONDAY, "11:00"), at(MONDAY, "13:00")]]
      })
      const buffered = service("cut", 60, ["alice"], { before: 30, after: 30 })
      const slots = findSlots(query({ services: [buffered], staff: [away] }))
      assert.deepStrictEqual(times(slots), ["09:00", "09:15", "09:30", "09:45", "10:00"])
    })

    it("offers nothing for inactive staff members or inactive services", () => {
      const resting = member("alice", week({ mon: [["09:00", "12:00"]] }), { active: false })
      assert.deepStrictEqual(findSlots(query({ services: [cut], staff: [resting] })), [])
      assert.deepStrictEqual(findSlots(query({ services: [{ ...cut, active: false }], staff: [alice] })), [])
      assert.deepStrictEqual(
        findSlots(query({ services: [service("cut", 60, ["bob"])], staff: [alice] })),
        []
      )
    })

    it("isWithinWorkingHours: inside one day's working time and outside time off", () => {
      const away = member(
        "alice",
        week({
          mon: [
            ["09:00", "12:00"],
            ["12:00", "13:00"]
          ],
          tue: [["09:00", "12:00"]]
        }),
        {
          overrides: [{ date: TUESDAY, hours: [["14:00", "18:00"]] }],
          timeOff: [[at(MONDAY, "15:00"), at(MONDAY, "16:00")]]
        }
      )
      const within = (d: string, from: string, to: string) =>
        isWithinWorkingHours(away, PARIS, at(d, from), at(d, to))
      assert.isTrue(within(MONDAY, "09:00", "12:00"))
      assert.isTrue(within(MONDAY, "11:30", "12:30"))
      assert.isFalse(within(MONDAY, "08:45", "09:30"))
      assert.isFalse(within(MONDAY, "12:30", "13:15"))
      assert.isFalse(within(TUESDAY, "09:00", "10:00"))
      assert.isTrue(within(TUESDAY, "14:00", "18:00"))
      const withLeave = member("alice", week({ mon: [["09:00", "18:00"]] }), {
        timeOff: [[at(MONDAY, "15:00"), at(MONDAY, "16:00")]]
      })
      assert.isTrue(isWithinWorkingHours(withLeave, PARIS, at(MONDAY, "14:00"), at(MONDAY, "15:00")))
      assert.isFalse(isWithinWorkingHours(withLeave, PARIS, at(MONDAY, "14:30"), at(MONDAY, "15:30")))
      assert.isTrue(isWithinWorkingHours(withLeave, PARIS, at(MONDAY, "16:00"), at(MONDAY, "17:00")))
    })
  })

  describe("appointments", () => {
    const alice = member("alice", week({ mon: [["08:00", "14:00"]] }))
    const bob = member("bob", week({ mon: [["08:00", "14:00"]] }))

    it("keeps buffers on both sides clear of the existing appointment and its own buffers", () => {
      const cut = service("cut", 60, ["alice"], { before: 15, after: 30 })
      const booked = appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }
      ])
      const slots = findSlots(query({ services: [cut], staff: [alice], appointments: [booked] }))
      // Occupied [t-15, t+90) must not meet [10:00, 11:00).
      assert.deepStrictEqual(times(slots), [...range("08:00", "08:30", 15), ...range("11:15", "13:00", 15)])
      const bufferedBooking = appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00"), before: 30, after: 45 }
      ])
      const later = findSlots(query({ services: [cut], staff: [alice], appointments: [bufferedBooking] }))
      assert.deepStrictEqual(times(later), [...range("08:00", "08:00", 15), ...range("12:00", "13:00", 15)])
    })

    it("blocks its own staff member but not another", () => {
      const cut = service("cut", 60, ["alice", "bob"])
      const booked = appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }
      ])
      const slots = findSlots(query({ services: [cut], staff: [alice, bob], appointments: [booked] }))
      assert.deepStrictEqual(describeSlot(slotAt(slots, "09:00")!), ["cut:alice:-@09:00-10:00"])
      assert.deepStrictEqual(describeSlot(slotAt(slots, "10:00")!), ["cut:bob:-@10:00-11:00"])
      assert.deepStrictEqual(describeSlot(slotAt(slots, "11:00")!), ["cut:alice:-@11:00-12:00"])
      const aliceOnly = findSlots(
        query({ services: [cut], staff: [alice, bob], appointments: [booked], staffId: "alice" })
      )
      assert.isUndefined(slotAt(aliceOnly, "10:00"))
      assert.isUndefined(slotAt(aliceOnly, "09:15"))
      assert.isDefined(slotAt(aliceOnly, "09:00"))
    })

    it("does not count cancelled, rejected or completed appointments; counts pending and rescheduled", () => {
      const cut = service("cut", 60, ["alice"])
      const statuses: ReadonlyArray<readonly [AppointmentStatus, boolean]> = [
        ["cancelled", true],
        ["rejected", true],
        ["completed", true],
        ["pending", false],
        ["approved", false],
        ["rescheduled", false]
      ]
      for (const [status, free] of statuses) {
        const booked = appointment(
          "apt_1",
          [{ staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }],
          status
        )
        const slots = findSlots(query({ services: [cut], staff: [alice], appointments: [booked] }))
        assert.strictEqual(slotAt(slots, "10:00") !== undefined, free, status)
      }
    })

    it("ignores the appointment being rescheduled", () => {
      const cut = service("cut", 60, ["alice"])
      const booked = appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }
      ])
      const q = query({ services: [cut], staff: [alice], appointments: [booked] })
      assert.isUndefined(slotAt(findSlots(q), "10:30"))
      assert.isDefined(slotAt(findSlots({ ...q, excludeAppointmentId: "apt_1" }), "10:30"))
      assert.strictEqual(refusal(checkSlot(q, at(MONDAY, "10:30"))), "slot_unavailable")
      const moved = accepted(checkSlot({ ...q, excludeAppointmentId: "apt_1" }, at(MONDAY, "10:30")))
      assert.deepStrictEqual(describeSlot(moved), ["cut:alice:-@10:30-11:30"])
    })

    it("lets a capacity 2 resource take 2 overlapping uses but not 3", () => {
      const carol = member("carol", week({ mon: [["08:00", "14:00"]] }))
      const treatment = service("treatment", 60, ["alice", "bob", "carol"], { resources: ["room"] })
      const room = resource("room", 2)
      const use = (id: string, staffId: string) =>
        appointment(id, [
          { staffId, resourceId: "room", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }
        ])
      const base = query({ services: [treatment], staff: [alice, bob, carol], resources: [room] })
      const one = findSlots({ ...base, appointments: [use("apt_1", "alice")] })
      assert.deepStrictEqual(describeSlot(slotAt(one, "10:00")!), ["treatment:bob:room@10:00-11:00"])
      const two = findSlots({ ...base, appointments: [use("apt_1", "alice"), use("apt_2", "bob")] })
      assert.isUndefined(slotAt(two, "10:00"))
      assert.isUndefined(slotAt(two, "10:45"))
      assert.deepStrictEqual(describeSlot(slotAt(two, "11:00")!), ["treatment:alice:room@11:00-12:00"])
      assert.deepStrictEqual(describeSlot(slotAt(two, "09:00")!), ["treatment:alice:room@09:00-10:00"])
      assert.strictEqual(
        refusal(
          checkSlot(
            { ...base, appointments: [use("apt_1", "alice"), use("apt_2", "bob")] },
            at(MONDAY, "10:00")
          )
        ),
        "slot_unavailable"
      )
      const third = {
        staffId: "carol",
        resourceId: "room",
        start: at(MONDAY, "10:30"),
        end: at(MONDAY, "11:30"),
        bufferBeforeMinutes: 0,
        bufferAfterMinutes: 0
      }
      assert.deepStrictEqual(findConflicts([third], [use("apt_1", "alice")], [room]), [])
      assert.deepStrictEqual(findConflicts([third], [use("apt_1", "alice"), use("apt_2", "bob")], [room]), [
        { resourceId: "room", appointmentId: "apt_1" },
        { resourceId: "room", appointmentId: "apt_2" }
      ])
    })

    it("takes the next resource of the service when the first is full", () => {
      const treatment = service("treatment", 60, ["alice", "bob"], { resources: ["room1", "room2"] })
      const busy = appointment("apt_1", [
        { staffId: "alice", resourceId: "room1", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }
      ])
      const slots = findSlots(
        query({
          services: [treatment],
          staff: [alice, bob],
          resources: [resource("room1", 1), resource("room2", 1)],
          appointments: [busy]
        })
      )
      assert.deepStrictEqual(describeSlot(slotAt(slots, "10:00")!), ["treatment:bob:room2@10:00-11:00"])
      assert.deepStrictEqual(describeSlot(slotAt(slots, "11:00")!), ["treatment:alice:room1@11:00-12:00"])
    })
  })

  describe("several services", () => {
    const alice = member("alice", week({ mon: [["09:00", "12:00"]] }))
    const bob = member("bob", week({ mon: [["09:00", "12:00"]] }))

    it("runs items back to back with two different staff members when no one does both", () => {
      const wash = service("wash", 30, ["alice"])
      const colour = service("colour", 45, ["bob"])
      const slots = findSlots(query({ services: [wash, colour], staff: [alice, bob] }))
      assert.deepStrictEqual(times(slots), range("09:00", "10:45", 15))
      assert.deepStrictEqual(describeSlot(slots[0]!), [
        "wash:alice:-@09:00-09:30",
        "colour:bob:-@09:30-10:15"
      ])
      assert.strictEqual(slots[0]!.end.epochMilliseconds, at(MONDAY, "10:15").epochMilliseconds)
    })

    it("prefers one staff member for every item, then assigns item by item", () => {
      const wash = service("wash", 30, ["alice", "bob"])
      const colour = service("colour", 60, ["alice", "bob"])
      const booked = appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "10:30") }
      ])
      const slots = findSlots(
        query({ services: [wash, colour], staff: [alice, bob], appointments: [booked] })
      )
      assert.deepStrictEqual(describeSlot(slotAt(slots, "09:00")!), [
        "wash:bob:-@09:00-09:30",
        "colour:bob:-@09:30-10:30"
      ])
      assert.deepStrictEqual(describeSlot(slotAt(slots, "10:30")!), [
        "wash:alice:-@10:30-11:00",
        "colour:alice:-@11:00-12:00"
      ])
      const bobBusy = appointment("apt_2", [
        { staffId: "bob", start: at(MONDAY, "09:00"), end: at(MONDAY, "09:30") }
      ])
      const mixed = findSlots(
        query({ services: [wash, colour], staff: [alice, bob], appointments: [booked, bobBusy] })
      )
      // Alice cannot colour at 09:30 (busy 10:00), Bob cannot wash at 09:00: Alice washes, Bob colours.
      assert.deepStrictEqual(describeSlot(slotAt(mixed, "09:00")!), [
        "wash:alice:-@09:00-09:30",
        "colour:bob:-@09:30-10:30"
      ])
    })

    it("with a staff member given, gives them every item", () => {
      const wash = service("wash", 30, ["alice", "bob"])
      const colour = service("colour", 45, ["alice", "bob"])
      const slots = findSlots(query({ services: [wash, colour], staff: [alice, bob], staffId: "bob" }))
      assert.isAbove(slots.length, 0)
      for (const slot of slots)
        assert.deepStrictEqual(
          slot.items.map((i) => i.staffId),
          ["bob", "bob"]
        )
      const onlyAlice = service("colour", 45, ["alice"])
      assert.deepStrictEqual(
        findSlots(query({ services: [wash, onlyAlice], staff: [alice, bob], staffId: "bob" })),
        []
      )
    })
  })

  describe("candidate starts and booking limits", () => {
    const alice = member("alice", everyDay([["09:10", "12:00"]]))

    it("counts the slot interval from local midnight", () => {
      const cut = service("cut", 45, ["alice"])
      const every30 = findSlots(
        query({
          services: [cut],
          staff: [alice],
          rules: { minBookingNoticeMinutes: 0, maxAdvanceDays: 365, slotIntervalMinutes: 30 }
        })
      )
      assert.deepStrictEqual(times(every30), ["09:30", "10:00", "10:30", "11:00"])
      const every45 = findSlots(
        query({
          services: [cut],
          staff: [alice],
          rules: { minBookingNoticeMinutes: 0, maxAdvanceDays: 365, slotIntervalMinutes: 45 }
        })
      )
      assert.deepStrictEqual(times(every45), ["09:45", "10:30", "11:15"])
    })

    it("starts no sooner than the minimum notice and no later than the maximum advance", () => {
      const cut = service("cut", 30, ["alice"])
      const q = query({
        services: [cut],
        staff: [alice],
        to: date("2026-03-04"),
        // Earliest start Monday 10:30, latest Tuesday 09:15: both bounds included.
        now: at(MONDAY, "09:15"),
        rules: { minBookingNoticeMinutes: 75, maxAdvanceDays: 1, slotIntervalMinutes: 15 }
      })
      const slots = findSlots(q)
      assert.deepStrictEqual(
        slots.map((s) => wall(s.start)),
        [...range("10:30", "11:30", 15).map((t) => `${MONDAY} ${t}`), `${TUESDAY} 09:15`]
      )
      assert.strictEqual(refusal(checkSlot(q, at(MONDAY, "10:15"))), "booking_notice")
      accepted(checkSlot(q, at(MONDAY, "10:30")))
      accepted(checkSlot(q, at(TUESDAY, "09:15")))
      assert.strictEqual(refusal(checkSlot(q, at(TUESDAY, "09:30"))), "too_far_ahead")
    })
  })

  describe("daylight saving", () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      [PARIS, "2026-03-29", "+02:00"],
      [PARIS, "2026-10-25", "+01:00"],
      [NEW_YORK, "2026-03-08", "-04:00"],
      [NEW_YORK, "2026-11-01", "-05:00"]
    ]
    for (const [zone, day, offset] of cases) {
      it(`keeps slots on the local grid in ${zone} on ${day}`, () => {
        const alice = member("alice", everyDay([["09:00", "12:00"]]))
        const cut = service("cut", 60, ["alice"])
        const q = query({
          timezone: zone,
          services: [cut],
          staff: [alice],
          from: date(addDays(day, -1)),
          to: date(addDays(day, 1))
        })
        const slots = findSlots(q)
        assert.deepStrictEqual(
          slots.map((s) => wall(s.start, zone)),
          [-1, 0, 1].flatMap((d) => range("09:00", "11:00", 15).map((t) => `${addDays(day, d)} ${t}`))
        )
        const nine = slots.find((s) => wall(s.start, zone) === `${day} 09:00`)!
        assert.strictEqual(formatInZone(nine.start, zone), `${day}T09:00:00.000${offset}`)
        assert.strictEqual(formatInZone(nine.end, zone), `${day}T10:00:00.000${offset}`)
        accepted(checkSlot(q, at(day, "09:00", zone)))
      })
    }

    it("offers every existing wall-clock time once on the change days, ambiguous ones at the earlier offset", () => {
      const alice = member("alice", everyDay([["00:00", "24:00"]]))
      const cut = service("cut", 15, ["alice"])
      for (const [zone, day, expected] of [
        [PARIS, "2026-03-29", 92],
        [PARIS, "2026-10-25", 96],
        [NEW_YORK, "2026-03-08", 92],
        [NEW_YORK, "2026-11-01", 96]
      ] as const) {
        const slots = findSlots(
          query({ timezone: zone, services: [cut], staff: [alice], from: date(day), to: date(day) })
        )
        assert.strictEqual(slots.length, expected, `${zone} ${day}`)
        const grid = new Set(range("00:00", "23:45", 15).map((t) => at(day, t, zone).epochMilliseconds))
        assert.deepStrictEqual(
          slots.map((s) => s.start.epochMilliseconds),
          [...grid].sort((a, b) => a - b)
        )
        assert.strictEqual(
          slots.at(-1)!.end.epochMilliseconds,
          at(addDays(day, 1), "00:00", zone).epochMilliseconds
        )
      }
      const fallBack = findSlots(
        query({ services: [cut], staff: [alice], from: date("2026-10-25"), to: date("2026-10-25") })
      )
      assert.strictEqual(
        formatInZone(slotAt(fallBack, "02:30")!.start, PARIS),
        "2026-10-25T02:30:00.000+02:00"
      )
      const q = query({ services: [cut], staff: [alice], from: date("2026-10-25"), to: date("2026-10-25") })
      // The second 02:30 (at +01:00) is not on the grid: ambiguous times take the earlier offset.
      const second = DateTime.makeUnsafe("2026-10-25T01:30:00Z")
      assert.strictEqual(refusal(checkSlot(q, second)), "off_interval")
    })

    it("moves a working interval that starts in the spring-forward gap to the end of the gap", () => {
      const early = member("alice", week({}), {
        overrides: [{ date: "2026-03-29", hours: [["02:30", "05:00"]] }]
      })
      const cut = service("cut", 30, ["alice"])
      const slots = findSlots(
        query({ services: [cut], staff: [early], from: date("2026-03-29"), to: date("2026-03-29") })
      )
      // 02:30 does not exist: the interval starts at 03:30 (+02:00), like LocalTime.toInstant.
      assert.deepStrictEqual(times(slots), range("03:30", "04:30", 15))
      assert.strictEqual(slots[0]!.start.epochMilliseconds, at("2026-03-29", "02:30").epochMilliseconds)
      assert.isTrue(isWithinWorkingHours(early, PARIS, at("2026-03-29", "03:30"), at("2026-03-29", "05:00")))
      assert.isFalse(isWithinWorkingHours(early, PARIS, at("2026-03-29", "01:30"), at("2026-03-29", "03:45")))
    })

    it("measures items in real time across the change", () => {
      const alice = member("alice", everyDay([["00:00", "06:00"]]))
      const night = service("night", 120, ["alice"])
      const slots = findSlots(
        query({ services: [night], staff: [alice], from: date("2026-03-29"), to: date("2026-03-29") })
      )
      // 00:00 + 2 h = 03:00 local; the last start whose end is before 06:00 local is 04:00.
      assert.deepStrictEqual(describeSlot(slots[0]!), ["night:alice:-@00:00-03:00"])
      assert.strictEqual(times(slots).at(-1), "04:00")
    })
  })

  describe("checkSlot", () => {
    const alice = member("alice", week({ mon: [["09:00", "12:00"]] }))
    const bob = member("bob", week({ mon: [["09:00", "12:00"]] }))
    const cut = service("cut", 60, ["alice", "bob"], { resources: ["chair"] })
    const q: SlotCheckQuery = query({
      services: [cut],
      staff: [alice, bob],
      resources: [resource("chair", 2), resource("sink", 1)],
      appointments: [
        appointment("apt_1", [{ staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }])
      ]
    })

    it("refuses with the reason", () => {
      const check = (time: string, requested?: ReadonlyArray<RequestedAssignment>) =>
        refusal(checkSlot(q, at(MONDAY, time), requested))
      assert.strictEqual(check("09:05"), "off_interval")
      assert.strictEqual(check("08:00"), "outside_working_hours")
      assert.strictEqual(check("11:15"), "outside_working_hours")
      assert.strictEqual(check("10:00", [{ staffId: "alice" }]), "slot_unavailable")
      assert.strictEqual(check("10:00", [{ staffId: "carol" }]), "staff_not_assigned")
      assert.strictEqual(check("10:00", [{ resourceId: "sink" }]), "resource_not_allowed")
      assert.strictEqual(
        refusal(checkSlot({ ...q, staffId: "bob" }, at(MONDAY, "10:00"), [{ staffId: "alice" }])),
        "staff_not_assigned"
      )
      assert.strictEqual(refusal(checkSlot({ ...q, services: [] }, at(MONDAY, "10:00"))), "too_many_items")
    })

    it("accepts with the same assignment as findSlots, or the requested one", () => {
      const slots = findSlots({ ...q, from: MONDAY, to: MONDAY })
      for (const slot of slots) assert.deepStrictEqual(accepted(checkSlot(q, slot.start)), slot)
      assert.deepStrictEqual(describeSlot(accepted(checkSlot(q, at(MONDAY, "09:00")))), [
        "cut:alice:chair@09:00-10:00"
      ])
      assert.deepStrictEqual(
        describeSlot(accepted(checkSlot(q, at(MONDAY, "09:00"), [{ staffId: "bob" }]))),
        ["cut:bob:chair@09:00-10:00"]
      )
    })
  })

  describe("findConflicts", () => {
    const item = (
      staffId: string,
      from: string,
      to: string,
      extra: { resourceId?: string; before?: number; after?: number } = {}
    ) => ({
      staffId,
      resourceId: extra.resourceId ?? null,
      start: at(MONDAY, from),
      end: at(MONDAY, to),
      bufferBeforeMinutes: extra.before ?? 0,
      bufferAfterMinutes: extra.after ?? 0
    })
    const booked = [
      appointment("apt_1", [
        { staffId: "alice", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00"), after: 15 }
      ]),
      appointment(
        "apt_2",
        [{ staffId: "bob", start: at(MONDAY, "10:00"), end: at(MONDAY, "11:00") }],
        "cancelled"
      )
    ]

    it("reports overlaps of occupied ranges, buffers included, on the same staff member", () => {
      assert.deepStrictEqual(findConflicts([item("alice", "10:30", "11:30")], booked, []), [
        { staffId: "alice", appointmentId: "apt_1" }
      ])
      assert.deepStrictEqual(findConflicts([item("alice", "11:00", "12:00")], booked, []), [
        { staffId: "alice", appointmentId: "apt_1" }
      ])
      assert.deepStrictEqual(findConflicts([item("alice", "11:15", "12:00")], booked, []), [])
      assert.deepStrictEqual(findConflicts([item("alice", "09:00", "10:00")], booked, []), [])
      assert.deepStrictEqual(findConflicts([item("alice", "09:00", "09:45", { after: 20 })], booked, []), [
        { staffId: "alice", appointmentId: "apt_1" }
      ])
      assert.deepStrictEqual(findConflicts([item("alice", "11:30", "12:00", { before: 20 })], booked, []), [
        { staffId: "alice", appointmentId: "apt_1" }
      ])
      assert.deepStrictEqual(findConflicts([item("bob", "10:00", "11:00")], booked, []), [])
      assert.deepStrictEqual(findConflicts([item("alice", "10:00", "11:00")], booked, [], "apt_1"), [])
    })

    it("counts one appointment once on a resource, even across its items", () => {
      const room = resource("room", 1)
      const twoItems = appointment("apt_3", [
        {
          staffId: "alice",
          resourceId: "room",
          start: at(MONDAY, "09:00"),
          end: at(MONDAY, "09:30"),
          after: 10
        },
        {
          staffId: "bob",
          resourceId: "room",
          start: at(MONDAY, "09:30"),
          end: at(MONDAY, "10:00"),
          before: 10
        }
      ])
      assert.deepStrictEqual(
        findConflicts([item("carol", "10:00", "10:30", { resourceId: "room" })], [twoItems], [room]),
        []
      )
      assert.deepStrictEqual(
        findConflicts([item("carol", "09:45", "10:30", { resourceId: "room" })], [twoItems], [room]),
        [{ resourceId: "room", appointmentId: "apt_3" }]
      )
      // Its items overlap each other through their buffers (09:20-09:40): still one use of a room for 2.
      const pair = resource("room", 2)
      const overlapping = appointment("apt_6", [
        {
          staffId: "alice",
          resourceId: "room",
          start: at(MONDAY, "09:00"),
          end: at(MONDAY, "09:30"),
          after: 10
        },
        {
          staffId: "bob",
          resourceId: "room",
          start: at(MONDAY, "09:30"),
          end: at(MONDAY, "10:00"),
          before: 10
        }
      ])
      assert.deepStrictEqual(
        findConflicts([item("carol", "09:15", "09:45", { resourceId: "room" })], [overlapping], [pair]),
        []
      )
      const carol = member("carol", week({ mon: [["09:00", "12:00"]] }))
      const treatment = service("treatment", 30, ["carol"], { resources: ["room"] })
      const offered = findSlots(
        query({ services: [treatment], staff: [carol], resources: [pair], appointments: [overlapping] })
      )
      assert.deepStrictEqual(times(offered).slice(0, 3), ["09:00", "09:15", "09:30"])
      // The candidate's two items overlap each other on the room through their buffers: one use.
      const shared = resource("room", 2)
      const other = appointment("apt_4", [
        { staffId: "erin", resourceId: "room", start: at(MONDAY, "09:30"), end: at(MONDAY, "11:30") }
      ])
      const candidate = [
        item("carol", "10:00", "10:30", { resourceId: "room", after: 10 }),
        item("dan", "10:30", "11:00", { resourceId: "room", before: 10 })
      ]
      assert.deepStrictEqual(findConflicts(candidate, [other], [shared]), [])
      assert.deepStrictEqual(findConflicts(candidate, [other, { ...other, id: "apt_5" }], [shared]), [
        { resourceId: "room", appointmentId: "apt_4" },
        { resourceId: "room", appointmentId: "apt_5" }
      ])
    })
  })

  describe("properties", () => {
    const zones = [PARIS, NEW_YORK, "UTC", "Australia/Lord_Howe"] as const
    // Days around changes of the zones above: 2026-03-29 (Paris), 2026-04-05 (Lord Howe), 2026-11-01 (New York).
    const days = ["2026-03-28", "2026-04-04", "2026-10-31", "2026-03-07"] as const
    const quarter = fc.integer({ min: 0, max: 95 })

    const intervalArb = fc.oneof(
      fc.tuple(quarter, fc.integer({ min: 2, max: 40 })),
      fc.tuple(fc.integer({ min: 28, max: 48 }), fc.integer({ min: 12, max: 40 }))
    )
    const hoursArb = fc.array(intervalArb, { maxLength: 2 }).map((pairs): Hours => {
      const sorted = pairs
        .map(([s, len]) => [s * 15, Math.min(1440, s * 15 + len * 15)] as const)
        .sort((a, b) => a[0] - b[0])
      const out: Array<readonly [string, string]> = []
      let last = -1
      for (const [s, e] of sorted) {
        if (s < last || e <= s) continue
        out.push([hhmm(s), hhmm(e)])
        last = e
      }
      return out
    })

    const businessArb = fc
      .record({
        zone: fc.constantFrom(...zones),
        firstDay: fc.constantFrom(...days),
        interval: fc.constantFrom(10, 15, 20, 30, 45, 60),
        notice: fc.constantFrom(0, 90, 600),
        advance: fc.constantFrom(1, 2, 30, 30),
        staff: fc.array(
          fc.record({
            weekly: fc.array(hoursArb, { minLength: 7, maxLength: 7 }),
            override: fc.option(fc.tuple(fc.integer({ min: 0, max: 3 }), hoursArb), { nil: undefined }),
            timeOff: fc.option(
              fc.tuple(fc.integer({ min: 0, max: 3 * 96 }), fc.integer({ min: 1, max: 24 })),
              {
                nil: undefined
              }
            ),
            active: fc.constantFrom(true, true, true, false)
          }),
          { minLength: 1, maxLength: 3 }
        ),
        services: fc.array(
          fc.record({
            duration: fc.integer({ min: 1, max: 18 }).map((n) => n * 5),
            before: fc.constantFrom(0, 0, 5, 15),
            after: fc.constantFrom(0, 0, 10, 30),
            performers: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 1, maxLength: 3 }),
            room: fc.boolean()
          }),
          { minLength: 1, maxLength: 3 }
        ),
        capacity: fc.integer({ min: 1, max: 2 }),
        booked: fc.array(
          fc.record({
            staff: fc.integer({ min: 0, max: 2 }),
            start: fc.integer({ min: 0, max: 4 * 288 }),
            length: fc.integer({ min: 1, max: 24 }),
            before: fc.constantFrom(0, 10),
            after: fc.constantFrom(0, 15),
            room: fc.boolean(),
            status: fc.constantFrom<AppointmentStatus>("approved", "pending", "rescheduled", "cancelled")
          }),
          { maxLength: 12 }
        ),
        nowOffset: fc.integer({ min: -24 * 60, max: 12 * 60 }),
        pinned: fc.boolean()
      })
      .map((b) => {
        const base = at(b.firstDay, "00:00", b.zone).epochMilliseconds
        const staff = b.staff.map((s, i) =>
          member(`s${i}`, week(Object.fromEntries(WEEKDAYS.map((d, j) => [d, s.weekly[j]!]))), {
            overrides:
              s.override === undefined
                ? []
                : [{ date: addDays(b.firstDay, s.override[0]), hours: s.override[1] }],
            timeOff:
              s.timeOff === undefined
                ? []
                : [
                    [
                      DateTime.makeUnsafe(base + s.timeOff[0] * 15 * 60_000),
                      DateTime.makeUnsafe(base + (s.timeOff[0] + s.timeOff[1]) * 15 * 60_000)
                    ]
                  ],
            active: s.active
          })
        )
        const services = b.services.map((s, i) =>
          service(
            `v${i}`,
            s.duration,
            [...new Set(s.performers.map((p) => p % b.staff.length))].map((p) => `s${p}`),
            { before: s.before, after: s.after, resources: s.room ? ["room"] : [] }
          )
        )
        const appointments: Array<BookedAppointment> = b.booked.map((a, i) =>
          appointment(
            `apt_${i}`,
            [
              {
                staffId: `s${a.staff % b.staff.length}`,
                start: DateTime.makeUnsafe(base + a.start * 5 * 60_000),
                end: DateTime.makeUnsafe(base + (a.start + a.length) * 5 * 60_000),
                before: a.before,
                after: a.after,
                ...(a.room && { resourceId: "room" })
              }
            ],
            a.status
          )
        )
        const q: AvailabilityQuery = {
          timezone: b.zone,
          rules: {
            minBookingNoticeMinutes: b.notice,
            maxAdvanceDays: b.advance,
            slotIntervalMinutes: b.interval
          },
          services,
          staff,
          resources: [resource("room", b.capacity)],
          appointments,
          from: date(b.firstDay),
          to: date(addDays(b.firstDay, 2)),
          now: DateTime.makeUnsafe(base + b.nowOffset * 60_000),
          ...(b.pinned && { staffId: "s0" }),
          ...(appointments.length > 0 && b.nowOffset % 2 === 0 && { excludeAppointmentId: "apt_0" })
        }
        return q
      })

    /** A start of the query's local grid, from LocalTime's conversion: day 0..2, any step of the day. */
    const gridStart = (q: AvailabilityQuery, pick: number): number => {
      const steps = Math.ceil(1440 / q.rules.slotIntervalMinutes)
      const day = addDays(q.from, Math.floor(pick / steps) % 3)
      return toInstant(day, (pick % steps) * q.rules.slotIntervalMinutes, q.timezone).epochMilliseconds
    }

    /**
     * Whether an instant is on the grid: the instant of a multiple of the interval from its local
     * midnight (a multiple in a spring-forward gap moved forward by the gap, as every local time).
     */
    const onGrid = (q: AvailabilityQuery, t: number): boolean => {
      const { date } = toLocal(t, q.timezone)
      for (let m = 0; m < 1440; m += q.rules.slotIntervalMinutes) {
        if (toInstant(date, m, q.timezone).epochMilliseconds === t) return true
      }
      return false
    }

    /** A naive oracle: some performer per item is working and, with some allowed resource, conflict-free. */
    const feasibleAt = (q: AvailabilityQuery, t: number): boolean => {
      const now = q.now.epochMilliseconds
      if (t < now + q.rules.minBookingNoticeMinutes * 60_000 || t > now + q.rules.maxAdvanceDays * 86_400_000)
        return false
      let start = t
      return q.services.every((s) => {
        const itemStart = start
        start += s.durationMinutes * 60_000
        return q.staff.some(
          (m) =>
            m.active &&
            s.staffIds.includes(m.id) &&
            (q.staffId === undefined || q.staffId === m.id) &&
            isWithinWorkingHours(m, q.timezone, DateTime.makeUnsafe(itemStart), DateTime.makeUnsafe(start)) &&
            (s.resourceIds.length === 0 ? [null] : s.resourceIds).some(
              (r) =>
                findConflicts(
                  [
                    {
                      staffId: m.id,
                      resourceId: r,
                      start: DateTime.makeUnsafe(itemStart),
                      end: DateTime.makeUnsafe(start),
                      bufferBeforeMinutes: s.bufferBeforeMinutes,
                      bufferAfterMinutes: s.bufferAfterMinutes
                    }
                  ],
                  q.appointments,
                  q.resources,
                  q.excludeAppointmentId
                ).length === 0
            )
        )
      })
    }

    const picksArb = fc.array(fc.nat(), { minLength: 12, maxLength: 12 })

    it("every slot passes checkSlot, has no conflict, lies within working hours and the rules", () => {
      fc.assert(
        fc.property(businessArb, picksArb, (q, picks) => {
          const slots = findSlots(q)
          for (let i = 1; i < slots.length; i++) {
            assert.isAbove(slots[i]!.start.epochMilliseconds, slots[i - 1]!.start.epochMilliseconds)
          }
          const sample =
            slots.length === 0 ? [] : [0, slots.length - 1, ...picks].map((i) => slots[i % slots.length]!)
          for (const slot of sample) {
            const t = slot.start.epochMilliseconds
            assert.isTrue(onGrid(q, t), wall(slot.start, q.timezone))
            assert.isAtLeast(t, q.now.epochMilliseconds + q.rules.minBookingNoticeMinutes * 60_000)
            assert.isAtMost(t, q.now.epochMilliseconds + q.rules.maxAdvanceDays * 86_400_000)
            const day = toLocal(t, q.timezone).date
            assert.isTrue(day >= q.from && day <= q.to, day)
            assert.deepStrictEqual(accepted(checkSlot(q, slot.start)), slot)
            assert.deepStrictEqual(
              accepted(
                checkSlot(
                  q,
                  slot.start,
                  slot.items.map((i) => ({ staffId: i.staffId, resourceId: i.resourceId }))
                )
              ),
              slot
            )
            let itemStart = t
            const candidate = slot.items.map((item, k) => {
              const s = q.services[k]!
              assert.strictEqual(item.serviceId, s.id)
              assert.include(s.staffIds, item.staffId)
              if (q.staffId !== undefined) assert.strictEqual(item.staffId, q.staffId)
              assert.strictEqual(item.resourceId !== null, s.resourceIds.length > 0)
              assert.strictEqual(item.start.epochMilliseconds, itemStart)
              itemStart += s.durationMinutes * 60_000
              assert.strictEqual(item.end.epochMilliseconds, itemStart)
              const staff = q.staff.find((m) => m.id === item.staffId)!
              assert.isTrue(staff.active)
              assert.isTrue(isWithinWorkingHours(staff, q.timezone, item.start, item.end))
              return {
                ...item,
                bufferBeforeMinutes: s.bufferBeforeMinutes,
                bufferAfterMinutes: s.bufferAfterMinutes
              }
            })
            assert.strictEqual(slot.end.epochMilliseconds, itemStart)
            assert.deepStrictEqual(
              findConflicts(candidate, q.appointments, q.resources, q.excludeAppointmentId),
              []
            )
          }
        }),
        { numRuns: 150 }
      )
    })

    it("findOpenSlots within the booking limits at any now is findSlots at that now", () => {
      fc.assert(
        fc.property(businessArb, fc.integer({ min: -3 * 1440, max: 3 * 1440 }), (q, shiftMinutes) => {
          const { now: _, ...timeless } = q
          const open = findOpenSlots(timeless)
          for (const now of [q.now, DateTime.makeUnsafe(q.now.epochMilliseconds + shiftMinutes * 60_000)]) {
            assert.deepStrictEqual(withinBookingLimits(open, q.rules, now), findSlots({ ...q, now }))
          }
          // Nothing cut: the same array.
          const far = DateTime.makeUnsafe(Date.parse(`${q.from}T00:00:00Z`) - 2 * 86_400_000)
          const unlimited = { ...q.rules, minBookingNoticeMinutes: 0, maxAdvanceDays: 10_000 }
          assert.strictEqual(withinBookingLimits(open, unlimited, far), open)
        }),
        { numRuns: 150 }
      )
    })

    it("offers a grid start iff a naive search finds one, and checkSlot agrees with findSlots", () => {
      fc.assert(
        fc.property(businessArb, picksArb, (q, picks) => {
          const slots = findSlots(q)
          const offered = new Map(slots.map((s) => [s.start.epochMilliseconds, s]))
          // Random grid starts, and the grid neighbours of some offered ones (the edges of availability).
          const neighbours = picks.slice(0, 6).flatMap((pick) => {
            const slot = slots[pick % Math.max(1, slots.length)]
            if (slot === undefined) return []
            const l = toLocal(slot.start, q.timezone)
            return (
              [l.minutes - q.rules.slotIntervalMinutes, l.minutes + q.rules.slotIntervalMinutes]
                .filter((m) => m >= 0 && m < 1440)
                .map((m) => toInstant(l.date, m, q.timezone).epochMilliseconds)
                // A neighbour in a spring-forward gap is moved off the grid: not a candidate.
                .filter((t) => onGrid(q, t))
            )
          })
          for (const t of [...picks.map((pick) => gridStart(q, pick)), ...neighbours]) {
            const label = wall(DateTime.makeUnsafe(t), q.timezone)
            assert.strictEqual(offered.has(t), feasibleAt(q, t), label)
            const result = checkSlot(q, DateTime.makeUnsafe(t))
            const slot = offered.get(t)
            if (slot === undefined) assert.isTrue(Result.isFailure(result), label)
            else assert.deepStrictEqual(accepted(result), slot)
          }
        }),
        { numRuns: 150 }
      )
    })
  })
})
