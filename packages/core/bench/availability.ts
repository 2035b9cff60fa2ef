/**
 * Benchmark of the availability engine (`findSlots`), run with `npm run bench -w @creneau/core`.
 *
 * Generates businesses with a deterministic pseudo-random generator (Europe/Paris, Monday to
 * Friday 09:00–18:00 and some Saturday mornings, a day off and a week of time off here and there,
 * 30–60 minute services with buffers, appointments packed into working days without overlaps,
 * a few cancelled), then times `findSlots` for one service over the whole range. Beside it, in
 * the same run, a "floor" loop only enumerates the candidate start times of the same staff-days
 * (one zone lookup per day, then midnight + k × interval): no engine can do less.
 */
import { DateTime } from "effect"
import type { AppointmentStatus } from "../src/domain/Appointment.js"
import { type AvailabilityQuery, type BookedAppointment, findSlots } from "../src/domain/Availability.js"
import type { BusinessId, ServiceId, StaffId, TimeOffId } from "../src/domain/Ids.js"
import {
  addDays,
  epochDayOf,
  type LocalDate,
  toEpochMillis,
  weekdayOf,
  zoneOffsetAt
} from "../src/domain/LocalTime.js"
import type { Service } from "../src/domain/Service.js"
import { emptyWeek, type StaffMember } from "../src/domain/StaffMember.js"

const ZONE = "Europe/Paris"
const FROM = "2026-03-02" as LocalDate
const MINUTE = 60_000
const DAY = 86_400_000
const BUSINESS = "biz_bench" as BusinessId

/** mulberry32: a small deterministic generator. */
const random = (seed: number) => {
  let a = seed >>> 0
  return (): number => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

interface Business {
  readonly name: string
  readonly query: AvailabilityQuery
  readonly staffDays: number
}

const service = (
  id: string,
  durationMinutes: number,
  staffIds: ReadonlyArray<StaffId>,
  after: number
): Service => ({
  id: id as ServiceId,
  businessId: BUSINESS,
  name: id,
  durationMinutes,
  price: { amount: 3000, currency: "EUR" },
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: after,
  staffIds,
  resourceIds: [],
  questionnaire: [],
  rules: null,
  active: true
})

const generate = (
  name: string,
  staffCount: number,
  days: number,
  appointmentCount: number,
  seed: number
): Business => {
  const next = random(seed)
  const pick = <A>(values: ReadonlyArray<A>): A => values[Math.floor(next() * values.length)]!
  const to = addDays(FROM, days - 1)
  const dayHours = [{ start: "09:00", end: "18:00" }]
  const staff: Array<StaffMember> = Array.from({ length: staffCount }, (_, i) => {
    const leave = Math.floor(next() * days)
    return {
      id: `stf_${i}` as StaffId,
      businessId: BUSINESS,
      name: `Staff ${i}`,
      email: null,
      phone: null,
      active: true,
      workingHours: {
        weekly: {
          ...emptyWeek,
          mon: dayHours,
          tue: dayHours,
          wed: dayHours,
          thu: dayHours,
          fri: dayHours,
          sat: next() < 0.5 ? [{ start: "09:00", end: "13:00" }] : []
        },
        overrides: [{ date: addDays(FROM, Math.floor(next() * days)), intervals: [] }]
      },
      timeOff:
        next() < 0.3
          ? [
              {
                id: `off_${i}` as TimeOffId,
                start: DateTime.makeUnsafe(toEpochMillis(addDays(FROM, leave), 0, ZONE)),
                end: DateTime.makeUnsafe(toEpochMillis(addDays(FROM, leave + 7), 0, ZONE)),
                reason: null
              }
            ]
          : []
    }
  })
  const staffIds = staff.map((s) => s.id)
  const services = [service("svc_cut", 45, staffIds, 10), service("svc_short", 30, staffIds, 0)]
  const catalogue = [...services, service("svc_long", 60, staffIds, 15)]

  // Spread the appointments over working staff-days, then pack each day from 09:00 with gaps.
  const workingDays: Array<{ staff: number; date: string; midnight: number }> = []
  for (let d = 0; d < days; d++) {
    const date = addDays(FROM, d)
    const weekday = weekdayOf(date)
    if (weekday === "sat" || weekday === "sun") continue
    const midnight = toEpochMillis(date, 0, ZONE)
    for (let s = 0; s < staffCount; s++) workingDays.push({ staff: s, date, midnight })
  }
  const perDay = new Int32Array(workingDays.length)
  for (let i = 0; i < appointmentCount; i++) perDay[Math.floor(next() * workingDays.length)]!++
  const appointments: Array<BookedAppointment> = []
  workingDays.forEach((wd, i) => {
    let cursor = 9 * 60
    for (let k = 0; k < perDay[i]!; k++) {
      const svc = pick(catalogue)
      cursor += pick([0, 0, 15, 30, 45])
      const start = wd.midnight + cursor * MINUTE
      const end = start + svc.durationMinutes * MINUTE
      const status: AppointmentStatus = next() < 0.05 ? "cancelled" : next() < 0.05 ? "pending" : "approved"
      appointments.push({
        id: `apt_${appointments.length}`,
        status,
        items: [
          {
            staffId: staffIds[wd.staff]!,
            resourceId: null,
            start: DateTime.makeUnsafe(start),
            end: DateTime.makeUnsafe(end),
            bufferBeforeMinutes: svc.bufferBeforeMinutes,
            bufferAfterMinutes: svc.bufferAfterMinutes
          }
        ]
      })
      cursor += svc.durationMinutes + svc.bufferAfterMinutes
    }
  })
  return {
    name,
    staffDays: staffCount * days,
    query: {
      timezone: ZONE,
      rules: { minBookingNoticeMinutes: 60, maxAdvanceDays: 400, slotIntervalMinutes: 15 },
      services: [services[0]!],
      staff,
      resources: [],
      appointments,
      from: FROM,
      to,
      now: DateTime.makeUnsafe(toEpochMillis(addDays(FROM, -1), 12 * 60, ZONE))
    }
  }
}

/** The floor: enumerate every candidate start of every staff-day, with one zone lookup per day. */
const floor = (query: AvailabilityQuery): number => {
  const offsetAt = zoneOffsetAt(query.timezone)
  const first = epochDayOf(query.from)
  const days = epochDayOf(query.to) - first + 1
  const midnights = new Float64Array(days)
  for (let d = 0; d < days; d++) {
    const naive = (first + d) * DAY
    midnights[d] = naive - offsetAt(naive)
  }
  const now = query.now.epochMilliseconds
  const earliest = now + query.rules.minBookingNoticeMinutes * MINUTE
  const latest = now + query.rules.maxAdvanceDays * DAY
  const step = query.rules.slotIntervalMinutes * MINUTE
  let candidates = 0
  for (let s = 0; s < query.staff.length; s++) {
    for (let d = 0; d < days; d++) {
      const midnight = midnights[d]!
      for (let t = midnight; t < midnight + DAY; t += step) if (t >= earliest && t <= latest) candidates++
    }
  }
  return candidates
}

const median = (values: Array<number>): number => {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length >> 1
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

/** Median milliseconds of `run` over `runs` timed calls, after `warmup` untimed ones. */
const time = (run: () => unknown, warmup: number, runs: number): number => {
  for (let i = 0; i < warmup; i++) run()
  const samples: Array<number> = []
  for (let i = 0; i < runs; i++) {
    const start = performance.now()
    run()
    samples.push(performance.now() - start)
  }
  return median(samples)
}

const runsFor = (staffDays: number): { warmup: number; runs: number } =>
  staffDays <= 400
    ? { warmup: 50, runs: 201 }
    : staffDays <= 2_000
      ? { warmup: 10, runs: 51 }
      : { warmup: 3, runs: 11 }

interface Row {
  readonly name: string
  readonly staff: number
  readonly days: number
  readonly appointments: number
  readonly slots: number
  readonly engine: number
  readonly floor: number
  readonly target: number
}

const measure = (business: Business, target: number): Row => {
  const { query } = business
  const { warmup, runs } = runsFor(business.staffDays)
  const slots = findSlots(query).length
  return {
    name: business.name,
    staff: query.staff.length,
    days: epochDayOf(query.to) - epochDayOf(query.from) + 1,
    appointments: query.appointments.length,
    slots,
    engine: time(() => findSlots(query), warmup, runs),
    floor: time(() => floor(query), warmup, runs),
    target
  }
}

const fmt = (ms: number): string => (ms < 1 ? ms.toFixed(3) : ms < 100 ? ms.toFixed(2) : ms.toFixed(0))

const rows = [
  measure(generate("S", 1, 30, 200, 1), 0.7),
  measure(generate("M", 20, 60, 5_000, 2), 20),
  measure(generate("L", 200, 90, 100_000, 3), 1_000)
]

const table = rows.map((r) => ({
  case: r.name,
  staff: r.staff,
  days: r.days,
  appointments: r.appointments,
  slots: r.slots,
  "engine ms (median)": fmt(r.engine),
  "slots/s": Math.round(r.slots / (r.engine / 1000)),
  "floor ms": fmt(r.floor),
  "engine/floor": (r.engine / r.floor).toFixed(2),
  "target ms": r.target,
  ok: r.engine < r.target && r.engine / r.floor <= 5 ? "yes" : "NO"
}))
console.log("findSlots, one 45-minute service, whole range, Europe/Paris, 15-minute interval")
console.table(table)

// Growth with the range for one staff member, at the density of S (about 6.7 appointments a day).
const short = measure(generate("1 staff, 30 days", 1, 30, 200, 4), 0)
const long = measure(generate("1 staff, 365 days", 1, 365, Math.round((200 * 365) / 30), 4), 0)
const growth = long.engine / short.engine
console.log("Growth with the date range, one staff member")
console.table(
  [short, long].map((r) => ({
    case: r.name,
    appointments: r.appointments,
    slots: r.slots,
    "engine ms (median)": fmt(r.engine),
    "floor ms": fmt(r.floor),
    "engine/floor": (r.engine / r.floor).toFixed(2)
  }))
)
console.log(`365 days / 30 days: ${growth.toFixed(2)}x (target <= 13x): ${growth <= 13 ? "ok" : "NO"}`)
