/**
 * Availability (DESIGN §8) and the overlap/capacity invariant of §3, as pure functions.
 *
 * - `findSlots`: the start times at which 1 to 5 services can be performed back to back, each
 *   item with a staff member and, when its service needs one, a resource.
 * - `checkSlot`: the same rules for one start time, with the reason when it is refused.
 * - `findConflicts`: overlap and capacity only, for bookings outside working hours and for
 *   repositories enforcing the invariant.
 * - `isWithinWorkingHours`: the working-hours rule alone.
 *
 * Occupation: an active appointment item holds its staff member and its resource over
 * `[start - bufferBefore, end + bufferAfter)`. The items of one appointment never conflict with
 * each other, and one appointment counts once against a resource's capacity while any of its
 * items (buffers included) uses it.
 *
 * Working hours: an item (buffers excluded) must lie inside the staff member's working time, i.e.
 * the weekly intervals of each local day (or that date's override; an empty override is a day
 * off) minus time off. Intervals that touch, also across midnight, form one stretch of work.
 *
 * Candidate starts: every `slotIntervalMinutes` from local midnight of each local date in the
 * business zone, converted with the product's daylight-saving rule (gap: forward by the gap;
 * ambiguous: earlier offset); a local day owns the starts in `[its midnight, next midnight)`.
 * Starts are kept when `now + minBookingNotice <= start <= now + maxAdvanceDays`.
 *
 * Assignment: with `staffId`, every item goes to that staff member. Otherwise the first staff
 * member (in the order of `query.staff`) who can perform every item wins; failing that, each
 * item goes to the first one who can perform it. Each item takes the first free resource in the
 * order of its service's `resourceIds`. One slot per start time.
 *
 * Cost: everything runs on epoch milliseconds. The zone's offset (an Intl call, the main fixed
 * cost) is read every other local day and around its changes (exact conversions only on the days
 * of a change); candidate starts are made only within the hull of the working windows of each day
 * (not at night nor on days off); busy ranges are indexed once per query into sorted, merged arrays
 * per staff member and per resource (a sort only when the appointments do not come in time order);
 * each staff member's working windows are swept with monotone pointers against the sorted
 * candidate starts, skipping starts already given to someone; each instant of the result becomes
 * one DateTime, shared by the slots that start or end there. A query costs O(appointments +
 * staff-days + candidates examined); no appointment is scanned per candidate.
 */
import { DateTime, Result, Schema } from "effect"
import { type AppointmentStatus, isActiveStatus } from "./Appointment.js"
import { ResourceId, ServiceId, StaffId } from "./Ids.js"
import {
  epochDayOf,
  findOffsetTransition,
  type LocalDate,
  minutesOfTime,
  type OffsetTransition,
  wallClockToEpochMillis,
  wallClockToEpochMillisWith,
  type ZoneOffsets,
  zoneOffsetAt
} from "./LocalTime.js"
import type { Resource } from "./Resource.js"
import type { Service } from "./Service.js"
import type { StaffMember, TimeInterval } from "./StaffMember.js"

// -------------------------------------------------------------------------------------------
// Shapes
// -------------------------------------------------------------------------------------------

export interface AvailabilityRules {
  readonly minBookingNoticeMinutes: number
  readonly maxAdvanceDays: number
  readonly slotIntervalMinutes: number
}

/** What availability reads of a service. */
export type AvailabilityService = Pick<
  Service,
  | "id"
  | "durationMinutes"
  | "bufferBeforeMinutes"
  | "bufferAfterMinutes"
  | "staffIds"
  | "resourceIds"
  | "active"
>

/** What availability reads of a staff member. */
export interface AvailabilityStaff {
  readonly id: StaffMember["id"]
  readonly active: boolean
  readonly workingHours: StaffMember["workingHours"]
  readonly timeOff: ReadonlyArray<{ readonly start: DateTime.Utc; readonly end: DateTime.Utc }>
}

/** What availability reads of a resource. */
export type AvailabilityResource = Pick<Resource, "id" | "capacity">

/** An item that holds a staff member and a resource (an appointment item, or one being booked). */
export interface OccupyingItem {
  readonly staffId: string
  readonly resourceId: string | null
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
  readonly bufferBeforeMinutes: number
  readonly bufferAfterMinutes: number
}

/** What availability reads of an existing appointment (`Appointment` fits). */
export interface BookedAppointment {
  readonly id: string
  readonly status: AppointmentStatus
  readonly items: ReadonlyArray<OccupyingItem>
}

/** Only what availability reads of an appointment (what a store that reads no more gives). */
export const bookedOf = (a: BookedAppointment): BookedAppointment => ({
  id: a.id,
  status: a.status,
  items: a.items.map((i) => ({
    staffId: i.staffId,
    resourceId: i.resourceId,
    start: i.start,
    end: i.end,
    bufferBeforeMinutes: i.bufferBeforeMinutes,
    bufferAfterMinutes: i.bufferAfterMinutes
  }))
})

export interface AvailabilityQuery {
  /** The business's IANA time zone (validated at the edge; an unknown zone throws). */
  readonly timezone: string
  readonly rules: AvailabilityRules
  /** The services, in the order they are performed (1 to 5). */
  readonly services: ReadonlyArray<AvailabilityService>
  /** The staff members; their order is the order of preference when assigning. */
  readonly staff: ReadonlyArray<AvailabilityStaff>
  readonly resources: ReadonlyArray<AvailabilityResource>
  /** Existing appointments; only active ones (pending, approved, rescheduled) hold time. */
  readonly appointments: ReadonlyArray<BookedAppointment>
  /** Only this staff member, for every item. */
  readonly staffId?: string | undefined
  /** First and last local date (inclusive) of the starts, in `timezone`. */
  readonly from: LocalDate
  readonly to: LocalDate
  readonly now: DateTime.Utc
  /** An appointment whose time does not count as busy (the one being rescheduled). */
  readonly excludeAppointmentId?: string | undefined
}

/** A query for one start time: the same inputs without the date range. */
export type SlotCheckQuery = Omit<AvailabilityQuery, "from" | "to">

/** The staff member and resource a caller wants for one item (absent or null: any). */
export interface RequestedAssignment {
  readonly staffId?: string | null | undefined
  readonly resourceId?: string | null | undefined
}

export const SlotItem = Schema.Struct({
  serviceId: ServiceId,
  staffId: StaffId,
  resourceId: Schema.NullOr(ResourceId),
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc
})
export type SlotItem = typeof SlotItem.Type

/** A bookable start: `end` is the end of the last item; buffers are not included. */
export const Slot = Schema.Struct({
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
  items: Schema.Array(SlotItem)
})
export type Slot = typeof Slot.Type

/** Why `checkSlot` refuses a start, checked in this order. */
export const SlotRefusalReason = Schema.Literals([
  "too_many_items",
  "service_inactive",
  "staff_not_assigned",
  "resource_not_allowed",
  "off_interval",
  "booking_notice",
  "too_far_ahead",
  "outside_working_hours",
  "slot_unavailable"
])
export type SlotRefusalReason = typeof SlotRefusalReason.Type

export interface SlotRefusal {
  readonly _tag: "SlotRefusal"
  readonly reason: SlotRefusalReason
  readonly message: string
}

/** One existing appointment in the way of a candidate, on a staff member or on a resource. */
export interface SlotConflict {
  readonly staffId?: string
  readonly resourceId?: string
  readonly appointmentId?: string
}

const refuse = (reason: SlotRefusalReason, message: string): Result.Result<never, SlotRefusal> =>
  Result.fail({ _tag: "SlotRefusal", reason, message })

// -------------------------------------------------------------------------------------------
// Time zone
// -------------------------------------------------------------------------------------------

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000
const MAX_ITEMS = 5

/**
 * Local days `[firstDay, lastDay]` (epoch days) of one zone. The offset is known at each day's
 * UTC midnight (the zone is read every other day, see makeLocalDays); a day whose neighbouring
 * samples all agree has no transition, so its times are
 * its midnight plus minutes. On other days (daylight-saving changes) each time is converted with
 * `LocalTime`'s rule, over offsets rebuilt from the transitions found between the samples that
 * differ (no more zone lookups per time).
 */
interface LocalDays {
  readonly firstDay: number
  /**
   * `offsets[day - firstDay]`: the offset of a day without transition, NaN for other days. Read
   * directly by the loops over staff-days; see {@link regularOffset}.
   */
  readonly offsets: ReadonlyArray<number>
  /** The instant of `minutes` (0..1440) after the start of local day `day`. */
  readonly instant: (day: number, minutes: number) => number
  /**
   * Writes the day's candidate starts (its grid from local midnight) that lie in `[lo, hi]`,
   * ascending, into `out` from index `length` (room for `ceil(1440 / stepMinutes)` more); returns
   * the new length.
   */
  readonly grid: (
    day: number,
    stepMinutes: number,
    out: Float64Array,
    length: number,
    lo: number,
    hi: number
  ) => number
}

/** The offset of a day without transition, NaN for other days and for days outside the table. */
const regularOffset = (days: LocalDays, day: number): number => {
  const i = day - days.firstDay
  return i >= 0 && i < days.offsets.length ? days.offsets[i]! : Number.NaN
}

const makeLocalDays = (timeZone: string, firstDay: number, lastDay: number): LocalDays => {
  const offsetAt = zoneOffsetAt(timeZone)
  const count = Math.max(0, lastDay - firstDay + 1)
  // samples[i] is the offset at the UTC midnight of epoch day firstDay - 1 + i. Each zone reading
  // is an Intl call, the main cost of the table, so the zone is read every other day: as for
  // LocalTime's rule (see wallClockToEpochMillisWith), a zone changes its offset at most once in
  // two days, so the same offset two days apart means no change in between, and the day between
  // is read only around a change.
  const total = count + 3
  const sample = (i: number): number => offsetAt((firstDay - 1 + i) * DAY)
  const samples = new Array<number>(total)
  for (let i = 0; i < total; i += 2) samples[i] = sample(i)
  if (total % 2 === 0) samples[total - 1] = sample(total - 1)
  for (let i = 1; i < total - 1; i += 2) {
    samples[i] = samples[i - 1] === samples[i + 1] ? samples[i - 1]! : sample(i)
  }
  const offsets: Array<number> = []
  for (let i = 0; i < count; i++) {
    const o = samples[i + 1]!
    offsets.push(samples[i] === o && samples[i + 2] === o && samples[i + 3] === o ? o : Number.NaN)
  }
  const transitions: Array<OffsetTransition> = []
  for (let i = 0; i + 1 < samples.length; i++) {
    if (samples[i] !== samples[i + 1]) {
      const from = (firstDay - 1 + i) * DAY
      transitions.push(findOffsetTransition(offsetAt, from, from + DAY, samples[i]!, samples[i + 1]!))
    }
  }
  // The zone's offsets over the sampled range, from its transitions.
  const knownOffsetAt = (epochMillis: number): number => {
    let o = samples[0]!
    for (const t of transitions) {
      if (epochMillis < t.at) break
      o = t.after
    }
    return o
  }
  const days: LocalDays = {
    firstDay,
    offsets,
    instant: (day, minutes) => {
      const o = regularOffset(days, day)
      const wall = day * DAY + minutes * MINUTE
      if (!Number.isNaN(o)) return wall - o
      if (day < firstDay || day > lastDay) return wallClockToEpochMillis(timeZone, wall)
      return wallClockToEpochMillisWith(knownOffsetAt, wall)
    },
    grid: (day, step, out, length, lo, hi) => {
      const o = regularOffset(days, day)
      let n = length
      if (!Number.isNaN(o)) {
        const midnight = day * DAY - o
        // From the step at (or just before) `lo`, rather than from midnight.
        let m = lo > midnight ? Math.floor((lo - midnight) / (step * MINUTE)) * step : 0
        for (; m < 1440; m += step) {
          const t = midnight + m * MINUTE
          if (t > hi) break
          if (t >= lo) out[n++] = t
        }
        return n
      }
      // A day with a change: the times of a spring-forward gap move past it, so they may come out
      // of order or twice; sort them in place and keep each once.
      const start = days.instant(day, 0)
      const end = days.instant(day + 1, 0)
      // Each time is its wall clock minus an offset of the samples around the day (at most one
      // change between two samples), so only the wall-clock times in [lo + least, hi + most] can
      // fall in [lo, hi]; the others are not converted.
      let first = 0
      let last = 1440
      const index = day - firstDay
      if (index >= 0 && index < count) {
        const around = samples.slice(index, index + 4)
        const wall = day * DAY
        first = Math.max(0, Math.floor((lo + Math.min(...around) - wall) / MINUTE))
        last = Math.min(1440, Math.ceil((hi + Math.max(...around) - wall) / MINUTE) + 1)
      }
      for (let m = Math.floor(first / step) * step; m < last; m += step) {
        const t = days.instant(day, m)
        if (t >= start && t < end && t >= lo && t <= hi) out[n++] = t
      }
      out.subarray(length, n).sort()
      let k = length
      for (let i = length; i < n; i++) {
        const t = out[i]!
        if (k === length || out[k - 1] !== t) out[k++] = t
      }
      return k
    }
  }
  return days
}

const localDayOf = (offsetAt: ZoneOffsets, epochMillis: number): number =>
  Math.floor((epochMillis + offsetAt(epochMillis)) / DAY)

const toUtc = (epochMillis: number): DateTime.Utc =>
  epochMillis % 1000 === 0 ? DateTime.fromEpochSeconds(epochMillis / 1000) : DateTime.makeUnsafe(epochMillis)

// -------------------------------------------------------------------------------------------
// Ranges: flat arrays [start0, end0, start1, end1, ...], half-open, sorted, disjoint
// -------------------------------------------------------------------------------------------

/** Shared and never written: a query without any range of some kind. */
const EMPTY: ReadonlyArray<number> = []

/**
 * Where at least `threshold` of some half-open ranges overlap, from their starts and their ends
 * each sorted ascending. With threshold 1: the union.
 */
const coverage = (starts: Float64Array, ends: Float64Array, threshold: number): Array<number> => {
  const n = starts.length
  const out: Array<number> = []
  let i = 0
  let j = 0
  let count = 0
  let open = 0
  while (i < n) {
    const s = starts[i]!
    const e = ends[j]!
    if (s < e) {
      count++
      if (count === threshold) open = s
      i++
    } else {
      if (count === threshold && e > open) out.push(open, e)
      count--
      j++
    }
  }
  if (count >= threshold) out.push(open, ends[j + count - threshold]!)
  return out
}

/**
 * The union of ranges given as flat pairs sorted by start, merged in place (the array is
 * truncated to the result and returned).
 */
const unionInPlace = (pairs: Array<number>): Array<number> => {
  // Writes (at k) never pass reads (at i): k <= i throughout.
  let k = 0
  let open = pairs[0]!
  let close = pairs[1]!
  for (let i = 2; i < pairs.length; i += 2) {
    const s = pairs[i]!
    if (s > close) {
      pairs[k++] = open
      pairs[k++] = close
      open = s
      close = pairs[i + 1]!
    } else if (pairs[i + 1]! > close) close = pairs[i + 1]!
  }
  pairs[k++] = open
  pairs[k++] = close
  pairs.length = k
  return pairs
}

const startsAreSorted = (pairs: ReadonlyArray<number>): boolean => {
  for (let i = 2; i < pairs.length; i += 2) if (pairs[i]! < pairs[i - 2]!) return false
  return true
}

/**
 * {@link coverage} of ranges given as flat pairs in any order, which it may reuse for the result.
 * A union of ranges that come sorted (appointments usually come in time order) needs no sort.
 */
const coverageOfPairs = (pairs: Array<number>, threshold: number): ReadonlyArray<number> => {
  if (pairs.length === 0) return EMPTY
  if (threshold === 1 && startsAreSorted(pairs)) return unionInPlace(pairs)
  const n = pairs.length >> 1
  const starts = new Float64Array(n)
  const ends = new Float64Array(n)
  for (let i = 0; i < n; i++) {
    starts[i] = pairs[2 * i]!
    ends[i] = pairs[2 * i + 1]!
  }
  return coverage(starts.sort(), ends.sort(), threshold)
}

const coverageOf = (
  starts: ReadonlyArray<number>,
  ends: ReadonlyArray<number>,
  threshold: number
): ReadonlyArray<number> =>
  starts.length === 0
    ? EMPTY
    : coverage(Float64Array.from(starts).sort(), Float64Array.from(ends).sort(), threshold)

/** Windows minus cuts (both sorted and disjoint). */
const subtract = (windows: Array<number>, cuts: ReadonlyArray<number>): Array<number> => {
  if (cuts.length === 0) return windows
  const out: Array<number> = []
  let c = 0
  for (let w = 0; w < windows.length; w += 2) {
    let s = windows[w]!
    const e = windows[w + 1]!
    while (c < cuts.length && cuts[c + 1]! <= s) c += 2
    for (let k = c; k < cuts.length && cuts[k]! < e; k += 2) {
      if (cuts[k]! > s) out.push(s, cuts[k]!)
      s = Math.max(s, cuts[k + 1]!)
      if (s >= e) break
    }
    if (s < e) out.push(s, e)
  }
  return out
}

/** Whether `[start, end]` lies inside one of the ranges. */
const contains = (ranges: ReadonlyArray<number>, start: number, end: number): boolean => {
  let lo = 0
  let hi = ranges.length >> 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ranges[2 * mid + 1]! < end) lo = mid + 1
    else hi = mid
  }
  return 2 * lo < ranges.length && ranges[2 * lo]! <= start
}

/**
 * The first index, not before `from`, of a sorted array whose value is at least `x`: a galloping
 * search from `from`, in O(log distance), as the windows swept against the starts come in order.
 */
const seek = (sorted: Float64Array, x: number, from: number): number => {
  const n = sorted.length
  if (from >= n || sorted[from]! >= x) return from
  // Invariant: sorted[lo] < x, and hi === n or sorted[hi] >= x.
  let lo = from
  let step = 1
  let hi = from + 1
  while (hi < n && sorted[hi]! < x) {
    lo = hi
    step *= 2
    hi = Math.min(n, lo + step)
  }
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1
    if (sorted[mid]! < x) lo = mid
    else hi = mid
  }
  return hi
}

// -------------------------------------------------------------------------------------------
// Working windows
// -------------------------------------------------------------------------------------------

const minutesOf = (time: string): number =>
  time.length === 5
    ? (time.charCodeAt(0) - 48) * 600 +
      (time.charCodeAt(1) - 48) * 60 +
      (time.charCodeAt(3) - 48) * 10 +
      (time.charCodeAt(4) - 48)
    : minutesOfTime(time)

/** Day intervals as sorted flat minutes. */
const dayMinutes = (intervals: ReadonlyArray<TimeInterval>): Array<number> => {
  if (intervals.length === 0) return []
  if (intervals.length === 1) return [minutesOf(intervals[0]!.start), minutesOf(intervals[0]!.end)]
  const pairs = intervals.map((i) => [minutesOf(i.start), minutesOf(i.end)] as const)
  pairs.sort((a, b) => a[0] - b[0])
  const out: Array<number> = []
  for (const [s, e] of pairs) out.push(s, e)
  return out
}

/**
 * The staff member's working time over local days `[firstDay, lastDay]`: each day's intervals
 * (override or weekly), merged where they touch, minus time off.
 */
const workingWindows = (
  staff: AvailabilityStaff,
  days: LocalDays,
  firstDay: number,
  lastDay: number
): Array<number> => {
  const { weekly, overrides } = staff.workingHours
  const week = [
    dayMinutes(weekly.mon),
    dayMinutes(weekly.tue),
    dayMinutes(weekly.wed),
    dayMinutes(weekly.thu),
    dayMinutes(weekly.fri),
    dayMinutes(weekly.sat),
    dayMinutes(weekly.sun)
  ]
  // The overrides in range by epoch day, when there are any (a later one for a date wins).
  let special: Map<number, Array<number>> | undefined
  for (const o of overrides) {
    const day = epochDayOf(o.date)
    if (day >= firstDay && day <= lastDay) {
      special ??= new Map()
      special.set(day, dayMinutes(o.intervals))
    }
  }
  const windows: Array<number> = []
  // 1970-01-01 (epoch day 0) was a Thursday, index 3 from Monday.
  let weekday = (((firstDay + 3) % 7) + 7) % 7
  for (let day = firstDay; day <= lastDay; day++, weekday = weekday === 6 ? 0 : weekday + 1) {
    // An override with no interval is a day off (an empty array is truthy).
    const minutes = special?.get(day) || week[weekday]!
    if (minutes.length === 0) continue
    const offset = regularOffset(days, day)
    const regular = !Number.isNaN(offset)
    for (let i = 0; i < minutes.length; i += 2) {
      const s = regular ? day * DAY + minutes[i]! * MINUTE - offset : days.instant(day, minutes[i]!)
      const e = regular ? day * DAY + minutes[i + 1]! * MINUTE - offset : days.instant(day, minutes[i + 1]!)
      if (e <= s) continue
      const last = windows.length - 1
      if (last > 0 && s <= windows[last]!) windows[last] = Math.max(windows[last]!, e)
      else windows.push(s, e)
    }
  }
  if (windows.length === 0 || staff.timeOff.length === 0) return windows
  const lo = windows[0]!
  const hi = windows[windows.length - 1]!
  const starts: Array<number> = []
  const ends: Array<number> = []
  for (const off of staff.timeOff) {
    const s = off.start.epochMilliseconds
    const e = off.end.epochMilliseconds
    if (e > s && e > lo && s < hi) {
      starts.push(s)
      ends.push(e)
    }
  }
  return subtract(windows, coverageOf(starts, ends, 1))
}

// -------------------------------------------------------------------------------------------
// Busy index
// -------------------------------------------------------------------------------------------

interface ResourceUse {
  readonly resourceId: string
  readonly start: number
  readonly end: number
}

/** The occupied ranges of one appointment's items per resource, merged where they overlap. */
const resourceUses = (items: ReadonlyArray<OccupyingItem>): Array<ResourceUse> => {
  const uses: Array<ResourceUse> = []
  for (const item of items) {
    if (item.resourceId === null) continue
    const start = item.start.epochMilliseconds - item.bufferBeforeMinutes * MINUTE
    const end = item.end.epochMilliseconds + item.bufferAfterMinutes * MINUTE
    if (end > start) uses.push({ resourceId: item.resourceId, start, end })
  }
  if (uses.length < 2) return uses
  uses.sort((a, b) =>
    a.resourceId < b.resourceId ? -1 : a.resourceId > b.resourceId ? 1 : a.start - b.start
  )
  const merged: Array<ResourceUse> = [uses[0]!]
  for (let i = 1; i < uses.length; i++) {
    const u = uses[i]!
    const last = merged[merged.length - 1]!
    if (u.resourceId === last.resourceId && u.start <= last.end) {
      merged[merged.length - 1] = { ...last, end: Math.max(last.end, u.end) }
    } else merged.push(u)
  }
  return merged
}

interface BusyIndex {
  /** Per indexed staff member: the union of their occupied ranges. */
  readonly staff: ReadonlyArray<ReadonlyArray<number>>
  /** Per indexed resource: where it is used at full capacity. */
  readonly saturated: ReadonlyArray<ReadonlyArray<number>>
}

/**
 * Indexes the occupied ranges of active appointments that reach into `[envelopeStart,
 * envelopeEnd)`, for the given staff members and resources (by id -> index): one pass that appends
 * each range to its staff member's (or resource's) flat array, then one union (or coverage) each.
 */
const indexBusy = (
  appointments: ReadonlyArray<BookedAppointment>,
  excludeAppointmentId: string | undefined,
  staffIndex: ReadonlyMap<string, number>,
  staffCount: number,
  resources: ReadonlyArray<AvailabilityResource>,
  envelopeStart: number,
  envelopeEnd: number
): BusyIndex => {
  // (Arrays built with loops, not map: their shapes stay the same once the code is optimized.)
  const staffRanges: Array<Array<number>> = []
  for (let m = 0; m < staffCount; m++) staffRanges.push([])
  const resourceRanges: Array<Array<number>> = []
  for (let r = 0; r < resources.length; r++) resourceRanges.push([])
  const resourceIndex = new Map(resources.map((r, i) => [r.id as string, i]))
  const anyResource = resources.length > 0
  // Appointments often come grouped by staff member: remember the last lookup.
  let lastStaffId = ""
  let lastStaff: number | undefined
  for (const a of appointments) {
    if (a.id === excludeAppointmentId || !isActiveStatus(a.status)) continue
    const items = a.items
    // A one-item appointment takes its resource with that item's range; otherwise see below.
    const itemResources = anyResource && items.length === 1
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      if (item.staffId !== lastStaffId) {
        lastStaffId = item.staffId
        lastStaff = staffIndex.get(lastStaffId)
      }
      // Not the query's staff member nor resource: no need to read the times.
      if (lastStaff === undefined && !(itemResources && item.resourceId !== null)) continue
      const s = item.start.epochMilliseconds - item.bufferBeforeMinutes * MINUTE
      const e = item.end.epochMilliseconds + item.bufferAfterMinutes * MINUTE
      if (e <= s || e <= envelopeStart || s >= envelopeEnd) continue
      // (Two pushes of one value each: V8 inlines those, not a push of two.)
      if (lastStaff !== undefined) {
        const ranges = staffRanges[lastStaff]!
        ranges.push(s)
        ranges.push(e)
      }
      if (itemResources && item.resourceId !== null) {
        const r = resourceIndex.get(item.resourceId)
        if (r !== undefined) {
          const ranges = resourceRanges[r]!
          ranges.push(s)
          ranges.push(e)
        }
      }
    }
    if (anyResource && items.length > 1) {
      for (const use of resourceUses(items)) {
        const r = resourceIndex.get(use.resourceId)
        if (r !== undefined && use.end > envelopeStart && use.start < envelopeEnd) {
          resourceRanges[r]!.push(use.start, use.end)
        }
      }
    }
  }
  const staff: Array<ReadonlyArray<number>> = []
  for (const ranges of staffRanges) staff.push(coverageOfPairs(ranges, 1))
  const saturated: Array<ReadonlyArray<number>> = []
  for (let r = 0; r < resources.length; r++) {
    saturated.push(coverageOfPairs(resourceRanges[r]!, Math.max(1, Math.floor(resources[r]!.capacity))))
  }
  return { staff, saturated }
}

// -------------------------------------------------------------------------------------------
// Plan: who may perform each item, which resources it may use
// -------------------------------------------------------------------------------------------

interface ItemPlan {
  readonly service: AvailabilityService
  /** From the slot start to the item start. */
  readonly offset: number
  readonly duration: number
  /** Occupied range relative to the slot start: `[t + occupiedStart, t + occupiedEnd)`. */
  readonly occupiedStart: number
  readonly occupiedEnd: number
  /** Indexes into `Plan.staff`, in order of preference. */
  readonly staff: ReadonlyArray<number>
  readonly needsResource: boolean
  /** Indexes into `Plan.resources`, in the order of the service's `resourceIds`. */
  readonly resources: ReadonlyArray<number>
}

interface Plan {
  readonly items: ReadonlyArray<ItemPlan>
  readonly staff: ReadonlyArray<AvailabilityStaff>
  /** Staff id -> index into `staff`. */
  readonly staffIndex: ReadonlyMap<string, number>
  /** For each staff member of the plan, the items they may perform. */
  readonly staffItems: ReadonlyArray<ReadonlyArray<number>>
  readonly resources: ReadonlyArray<AvailabilityResource>
  /** Total duration of the items, buffers excluded. */
  readonly span: number
}

const makePlan = (
  query: SlotCheckQuery,
  requested: ReadonlyArray<RequestedAssignment | undefined> | undefined
): Result.Result<Plan, SlotRefusal> => {
  const services = query.services
  if (services.length < 1 || services.length > MAX_ITEMS) {
    return refuse("too_many_items", `An appointment has 1 to ${MAX_ITEMS} services`)
  }
  const inactive = services.find((s) => !s.active)
  if (inactive !== undefined) return refuse("service_inactive", `Service ${inactive.id} is not active`)
  const pool = query.staff.filter((s) => s.active && (query.staffId === undefined || s.id === query.staffId))
  const planStaff: Array<AvailabilityStaff> = []
  const planStaffIndex = new Map<string, number>()
  const planResources: Array<AvailabilityResource> = []
  const planResourceIndex = new Map<string, number>()
  const resourcesById = new Map(query.resources.map((r) => [r.id as string, r]))
  const staffSlot = (s: AvailabilityStaff): number => {
    let i = planStaffIndex.get(s.id)
    if (i === undefined) {
      i = planStaff.length
      planStaff.push(s)
      planStaffIndex.set(s.id, i)
    }
    return i
  }
  const resourceSlot = (r: AvailabilityResource): number => {
    let i = planResourceIndex.get(r.id)
    if (i === undefined) {
      i = planResources.length
      planResources.push(r)
      planResourceIndex.set(r.id, i)
    }
    return i
  }
  const allowed: Array<Array<AvailabilityStaff>> = []
  const allowedResources: Array<Array<AvailabilityResource>> = []
  for (let k = 0; k < services.length; k++) {
    const service = services[k]!
    const performers = new Set<string>(service.staffIds)
    const wantedStaff = requested?.[k]?.staffId ?? undefined
    let staff: Array<AvailabilityStaff>
    if (wantedStaff !== undefined) {
      const member = pool.find((s) => s.id === wantedStaff)
      if (member === undefined || !performers.has(wantedStaff)) {
        return refuse(
          "staff_not_assigned",
          `Staff member ${wantedStaff} cannot perform service ${service.id}`
        )
      }
      staff = [member]
    } else {
      staff = pool.filter((s) => performers.has(s.id))
      if (staff.length === 0) {
        return refuse(
          "staff_not_assigned",
          query.staffId === undefined
            ? `No active staff member performs service ${service.id}`
            : `Staff member ${query.staffId} cannot perform service ${service.id}`
        )
      }
    }
    const wantedResource = requested?.[k]?.resourceId ?? undefined
    let resources: Array<AvailabilityResource>
    if (wantedResource !== undefined) {
      const resource = resourcesById.get(wantedResource)
      if (resource === undefined || !service.resourceIds.includes(resource.id)) {
        return refuse("resource_not_allowed", `Service ${service.id} cannot use resource ${wantedResource}`)
      }
      resources = [resource]
    } else {
      resources = []
      for (const id of service.resourceIds) {
        const resource = resourcesById.get(id)
        if (resource !== undefined) resources.push(resource)
      }
    }
    allowed.push(staff)
    allowedResources.push(resources)
  }
  // Plan staff in the order of `query.staff`, so that preference follows it for every item.
  const used = new Set<AvailabilityStaff>()
  for (const staff of allowed) for (const s of staff) used.add(s)
  for (const s of query.staff) if (used.has(s)) staffSlot(s)
  const items: Array<ItemPlan> = []
  const staffItems: Array<Array<number>> = []
  for (let m = 0; m < planStaff.length; m++) staffItems.push([])
  let offset = 0
  for (let k = 0; k < services.length; k++) {
    const service = services[k]!
    const duration = service.durationMinutes * MINUTE
    const staff: Array<number> = []
    for (const s of allowed[k]!) staff.push(staffSlot(s))
    for (const m of staff) {
      const ks = staffItems[m]!
      if (ks[ks.length - 1] !== k) ks.push(k)
    }
    items.push({
      service,
      offset,
      duration,
      occupiedStart: offset - service.bufferBeforeMinutes * MINUTE,
      occupiedEnd: offset + duration + service.bufferAfterMinutes * MINUTE,
      staff,
      needsResource: service.resourceIds.length > 0,
      resources: allowedResources[k]!.map(resourceSlot)
    })
    offset += duration
  }
  return Result.succeed({
    items,
    staff: planStaff,
    staffIndex: planStaffIndex,
    staffItems,
    resources: planResources,
    span: offset
  })
}

// -------------------------------------------------------------------------------------------
// Engine
// -------------------------------------------------------------------------------------------

/**
 * For each local day `[firstDay, lastDay]`, the hull `[lo[i], hi[i]]` of the instants at which the
 * first item can start in a working window of someone who may perform it (from a window's start to
 * its end minus the item's duration). No other start can be offered, so the grid leaves them out
 * (nights, days off) and the per-start work shrinks accordingly. A day without any has lo > hi.
 */
const startHulls = (
  days: LocalDays,
  firstDay: number,
  lastDay: number,
  windows: ReadonlyArray<ReadonlyArray<number>>,
  first: ItemPlan
): { readonly lo: Array<number>; readonly hi: Array<number> } => {
  const count = lastDay - firstDay + 1
  // midnights[i]: the start of local day firstDay + i (the last one: the end of lastDay).
  const midnights: Array<number> = []
  for (let i = 0; i <= count; i++) midnights.push(days.instant(firstDay + i, 0))
  const lo = new Array<number>(count).fill(Number.POSITIVE_INFINITY)
  const hi = new Array<number>(count).fill(Number.NEGATIVE_INFINITY)
  for (const m of first.staff) {
    const w = windows[m]!
    let d = 0
    for (let i = 0; i < w.length && d < count; i += 2) {
      const a = w[i]! - first.offset
      const b = w[i + 1]! - first.offset - first.duration
      if (b < a) continue
      while (d < count && midnights[d + 1]! <= a) d++
      for (let e = d; e < count && midnights[e]! <= b; e++) {
        if (a < lo[e]!) lo[e] = a
        if (b > hi[e]!) hi[e] = b
      }
    }
  }
  return { lo, hi }
}

interface Prepared {
  readonly plan: Plan
  readonly windows: ReadonlyArray<ReadonlyArray<number>>
  readonly busy: BusyIndex
}

const prepare = (
  query: SlotCheckQuery,
  plan: Plan,
  windows: ReadonlyArray<ReadonlyArray<number>>,
  starts: Float64Array
): Prepared => {
  let before = 0
  let after = 0
  for (const item of plan.items) {
    before = Math.min(before, item.occupiedStart)
    after = Math.max(after, item.occupiedEnd)
  }
  return {
    plan,
    windows,
    busy: indexBusy(
      query.appointments,
      query.excludeAppointmentId,
      plan.staffIndex,
      plan.staff.length,
      plan.resources,
      starts[0]! + before,
      starts[starts.length - 1]! + after
    )
  }
}

/**
 * Skip list over candidate starts: `next[g] === g` while start `g` is still open; a taken start
 * points further right. Path halving keeps finds near constant time.
 */
const nextOpen = (next: Int32Array, g: number): number => {
  while (next[g] !== g) {
    const parent = next[g]!
    next[g] = next[parent]!
    g = parent
  }
  return g
}

/**
 * The candidate starts at which the item fits in the staff member's working windows and clears
 * their busy ranges, skipping those without a resource and, with `open`, those already taken.
 * Writes their indexes to `out` and returns how many.
 */
const scan = (
  starts: Float64Array,
  windows: ReadonlyArray<number>,
  busy: ReadonlyArray<number>,
  item: ItemPlan,
  resource: Int32Array | null,
  open: Int32Array | null,
  out: Int32Array
): number => {
  const n = starts.length
  const nb = busy.length
  const { offset, duration, occupiedStart, occupiedEnd } = item
  let count = 0
  let g = 0
  let b = 0
  for (let w = 0; w < windows.length && g < n; w += 2) {
    const first = windows[w]! - offset
    const last = windows[w + 1]! - offset - duration
    if (last < first) continue
    g = seek(starts, first, g)
    for (; g < n; g++) {
      if (open !== null) {
        g = nextOpen(open, g)
        if (g === n) break
      }
      const t = starts[g]!
      if (t > last) break
      if (resource !== null && resource[g]! < 0) continue
      const lo = t + occupiedStart
      while (b < nb && busy[b + 1]! <= lo) b += 2
      if (b < nb && busy[b]! < t + occupiedEnd) continue
      out[count++] = g
    }
  }
  return count
}

/** For each start, the first of the item's resources that is not at full capacity, or -1. */
const firstFreeResource = (
  starts: Float64Array,
  item: ItemPlan,
  saturated: ReadonlyArray<ReadonlyArray<number>>
): Int32Array => {
  const n = starts.length
  const chosen = new Int32Array(n).fill(-1)
  for (const r of item.resources) {
    const full = saturated[r]!
    let p = 0
    for (let g = 0; g < n; g++) {
      if (chosen[g] !== -1) continue
      const t = starts[g]!
      const lo = t + item.occupiedStart
      while (p < full.length && full[p + 1]! <= lo) p += 2
      if (p < full.length && full[p]! < t + item.occupiedEnd) continue
      chosen[g] = r
    }
  }
  return chosen
}

/**
 * The DateTimes of one query's slots, each instant made once (DateTimes are immutable): a slot's
 * end, or an item's, is often the start of a later slot. Each item's ends come in ascending order
 * with the starts, so one cursor per item finds those that fall on a candidate start; other ends
 * are made as they come.
 */
class SlotInstants {
  private readonly starts: Float64Array
  private readonly made: Array<DateTime.Utc | undefined>
  private readonly cursors: Int32Array

  constructor(starts: Float64Array, items: number) {
    this.starts = starts
    this.made = new Array<DateTime.Utc | undefined>(starts.length)
    this.cursors = new Int32Array(items)
  }

  /** The instant of candidate start `g`. */
  start(g: number): DateTime.Utc {
    let utc = this.made[g]
    if (utc === undefined) {
      utc = toUtc(this.starts[g]!)
      this.made[g] = utc
    }
    return utc
  }

  /** The end of item `k` of a slot, at `epochMillis` (asked for slot after slot, in order). */
  end(k: number, epochMillis: number): DateTime.Utc {
    const starts = this.starts
    const p = seek(starts, epochMillis, this.cursors[k]!)
    this.cursors[k] = p
    return p < starts.length && starts[p] === epochMillis ? this.start(p) : toUtc(epochMillis)
  }
}

/**
 * Who takes each start: the first staff member (in the plan's order) who can perform every item
 * there, in `single`, and with several items, the first who can perform each item, in `perItem`
 * (-1: nobody). Kept apart from the slots' construction: small functions get optimized sooner.
 */
interface Assignment {
  readonly single: Int32Array
  readonly perItem: ReadonlyArray<Int32Array>
  /** Per item, the resource taken at each start (-1: none free), or null without resources. */
  readonly resources: ReadonlyArray<Int32Array | null>
}

/** With one item, the first staff member who can take a start gets it. */
const assignOne = (prepared: Prepared, starts: Float64Array, resource: Int32Array | null): Int32Array => {
  const { plan, windows, busy } = prepared
  const len = starts.length
  const single = new Int32Array(len).fill(-1)
  // Skip taken starts, and those without a free resource.
  const open = new Int32Array(len + 1)
  for (let g = 0; g <= len; g++) open[g] = g
  if (resource !== null) for (let g = 0; g < len; g++) if (resource[g] === -1) open[g] = g + 1
  const out = new Int32Array(len)
  const item = plan.items[0]!
  for (let m = 0; m < plan.staff.length; m++) {
    if (nextOpen(open, 0) === len) break
    const count = scan(starts, windows[m]!, busy.staff[m]!, item, resource, open, out)
    for (let i = 0; i < count; i++) {
      const g = out[i]!
      single[g] = m
      open[g] = g + 1
    }
  }
  return single
}

/** With several items: `single` and `perItem` of {@link Assignment}. */
const assignMany = (
  prepared: Prepared,
  starts: Float64Array,
  resources: ReadonlyArray<Int32Array | null>
): { readonly single: Int32Array; readonly perItem: ReadonlyArray<Int32Array> } => {
  const { plan, windows, busy } = prepared
  const items = plan.items
  const n = items.length
  const len = starts.length
  const single = new Int32Array(len).fill(-1)
  const perItem: Array<Int32Array> = []
  const feasible: Array<Int32Array> = []
  const found: Array<Int32Array> = []
  for (let k = 0; k < n; k++) {
    perItem.push(new Int32Array(len).fill(-1))
    feasible.push(new Int32Array(len))
    found.push(new Int32Array(len))
  }
  for (let m = 0; m < plan.staff.length; m++) {
    const ks = plan.staffItems[m]!
    const stamp = m + 1
    let firstCount = 0
    for (const k of ks) {
      const out = found[k]!
      const count = scan(starts, windows[m]!, busy.staff[m]!, items[k]!, resources[k]!, null, out)
      const mark = feasible[k]!
      const first = perItem[k]!
      for (let i = 0; i < count; i++) {
        const g = out[i]!
        mark[g] = stamp
        if (first[g] === -1) first[g] = m
      }
      if (k === 0) firstCount = count
    }
    if (ks.length === n) {
      const out = found[0]!
      for (let i = 0; i < firstCount; i++) {
        const g = out[i]!
        if (single[g] !== -1) continue
        let all = true
        for (let k = 1; k < n && all; k++) all = feasible[k]![g] === stamp
        if (all) single[g] = m
      }
    }
  }
  return { single, perItem }
}

/** The {@link Assignment} of `starts` (sorted ascending, distinct). */
const assign = (prepared: Prepared, starts: Float64Array): Assignment => {
  const items = prepared.plan.items
  const resources: Array<Int32Array | null> = []
  for (const item of items) {
    resources.push(item.needsResource ? firstFreeResource(starts, item, prepared.busy.saturated) : null)
  }
  if (items.length === 1)
    return { single: assignOne(prepared, starts, resources[0]!), perItem: [], resources }
  return { ...assignMany(prepared, starts, resources), resources }
}

/** The slots among `starts` (sorted ascending, distinct), from their assignment. */
const slotsOf = (plan: Plan, starts: Float64Array, assignment: Assignment): Array<Slot> => {
  const { single, perItem, resources } = assignment
  const items = plan.items
  const n = items.length
  const slots: Array<Slot> = []
  const instants = new SlotInstants(starts, n)
  for (let g = 0; g < starts.length; g++) {
    const m = single[g]!
    if (m === -1) {
      // Without one staff member for every item, each item goes to the first who can perform it.
      if (n === 1) continue
      let all = true
      for (let k = 0; k < n && all; k++) all = perItem[k]![g] !== -1
      if (!all) continue
    }
    const t = starts[g]!
    const slotStart = instants.start(g)
    let itemStart = slotStart
    // Of the exact size (an empty array grown by push would reserve room for 17 items).
    const slotItems = new Array<SlotItem>(n)
    for (let k = 0; k < n; k++) {
      const item = items[k]!
      const itemEnd = instants.end(k, t + item.offset + item.duration)
      const r = resources[k]?.[g] ?? -1
      slotItems[k] = {
        serviceId: item.service.id,
        staffId: plan.staff[m !== -1 ? m : perItem[k]![g]!]!.id,
        resourceId: r === -1 ? null : plan.resources[r]!.id,
        start: itemStart,
        end: itemEnd
      }
      itemStart = itemEnd
    }
    slots.push({ start: slotStart, end: itemStart, items: slotItems })
  }
  return slots
}

const bookingLimits = (
  query: Pick<SlotCheckQuery, "rules" | "now">
): { readonly earliest: number; readonly latest: number } => {
  const now = query.now.epochMilliseconds
  return {
    earliest: now + query.rules.minBookingNoticeMinutes * MINUTE,
    latest: now + query.rules.maxAdvanceDays * DAY
  }
}

const stepOf = (query: SlotCheckQuery): number => Math.max(1, Math.floor(query.rules.slotIntervalMinutes))

/** Days after a slot's first local day that its items may reach, plus one for safety. */
const reachDays = (plan: Plan): number => Math.ceil(plan.span / DAY) + 1

// -------------------------------------------------------------------------------------------
// API
// -------------------------------------------------------------------------------------------

/** The bookable slots for the query's services between `from` and `to`, sorted by start. */
export const findSlots = (query: AvailabilityQuery): ReadonlyArray<Slot> => {
  const { earliest, latest } = bookingLimits(query)
  return slotsBetween(query, earliest, latest)
}

/**
 * The slots of {@link findSlots} whatever the time: those the booking notice or the advance limit
 * rule out included. Each start is decided on its own, so `withinBookingLimits` of these at any
 * `now` is exactly `findSlots` at that `now`: what lets a caller compute them once and answer
 * many requests from them while nothing they depend on changes.
 */
export const findOpenSlots = (query: Omit<AvailabilityQuery, "now">): ReadonlyArray<Slot> =>
  slotsBetween({ ...query, now: DateTime.makeUnsafe(0) }, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)

/**
 * The slots that start within the booking limits at `now` (the minimum notice, the furthest
 * advance); `slots` itself when none is cut, so that an answer computed once stays one object.
 */
export const withinBookingLimits = (
  slots: ReadonlyArray<Slot>,
  rules: AvailabilityRules,
  now: DateTime.Utc
): ReadonlyArray<Slot> => {
  const { earliest, latest } = bookingLimits({ rules, now })
  const inside = (slot: Slot) => {
    const t = slot.start.epochMilliseconds
    return t >= earliest && t <= latest
  }
  return slots.every(inside) ? slots : slots.filter(inside)
}

const slotsBetween = (query: AvailabilityQuery, earliest: number, latest: number): ReadonlyArray<Slot> => {
  const planned = makePlan(query, undefined)
  if (Result.isFailure(planned)) return []
  const plan = planned.success
  // Local days that can hold a start within the limits (offsets lie within ±15 h).
  const firstDay = Math.max(epochDayOf(query.from), Math.floor((earliest - 15 * HOUR) / DAY))
  const lastDay = Math.min(epochDayOf(query.to), Math.floor((latest + 15 * HOUR) / DAY))
  if (firstDay > lastDay) return []
  const reach = reachDays(plan)
  const days = makeLocalDays(query.timezone, firstDay - 1, lastDay + reach)
  const windows: Array<Array<number>> = []
  for (const s of plan.staff) windows.push(workingWindows(s, days, firstDay - 1, lastDay + reach))
  const { lo, hi } = startHulls(days, firstDay, lastDay, windows, plan.items[0]!)
  const step = stepOf(query)
  // Room for each day's starts in its hull: at most one per step on a day without transition.
  let room = 0
  for (let day = firstDay; day <= lastDay; day++) {
    const i = day - firstDay
    const span = Math.min(hi[i]!, latest) - Math.max(lo[i]!, earliest)
    if (span < 0) continue
    const regular = !Number.isNaN(regularOffset(days, day))
    room += regular
      ? Math.min(Math.floor(span / (step * MINUTE)) + 1, Math.ceil(1440 / step))
      : Math.ceil(1440 / step)
  }
  const grid = new Float64Array(room)
  let length = 0
  for (let day = firstDay; day <= lastDay; day++) {
    const i = day - firstDay
    const from = Math.max(lo[i]!, earliest)
    const to = Math.min(hi[i]!, latest)
    if (from <= to) length = days.grid(day, step, grid, length, from, to)
  }
  if (length === 0) return []
  const starts = grid.subarray(0, length)
  const prepared = prepare(query, plan, windows, starts)
  return slotsOf(plan, starts, assign(prepared, starts))
}

/**
 * Whether a slot starts at `start`, under exactly the rules of {@link findSlots}: it succeeds iff
 * `findSlots` over that day offers `start` (then with the same assignment), or, with `requested`
 * staff members or resources for some items, iff the slot is possible with them.
 */
export const checkSlot = (
  query: SlotCheckQuery,
  start: DateTime.Utc,
  requested?: ReadonlyArray<RequestedAssignment | undefined>
): Result.Result<Slot, SlotRefusal> => {
  const planned = makePlan(query, requested)
  if (Result.isFailure(planned)) return Result.fail(planned.failure)
  const plan = planned.success
  const t = start.epochMilliseconds
  const day = localDayOf(zoneOffsetAt(query.timezone), t)
  const reach = reachDays(plan)
  const days = makeLocalDays(query.timezone, day - 2, day + 1 + reach)
  const step = stepOf(query)
  const grid = new Float64Array(3 * Math.ceil(1440 / step))
  let length = 0
  for (let d = day - 1; d <= day + 1; d++) {
    length = days.grid(d, step, grid, length, Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY)
  }
  if (!grid.subarray(0, length).includes(t)) {
    return refuse("off_interval", `Starts are every ${step} minutes from local midnight`)
  }
  const { earliest, latest } = bookingLimits(query)
  if (t < earliest) {
    return refuse("booking_notice", `Book at least ${query.rules.minBookingNoticeMinutes} minutes ahead`)
  }
  if (t > latest) return refuse("too_far_ahead", `Book at most ${query.rules.maxAdvanceDays} days ahead`)
  const starts = Float64Array.of(t)
  const windows: Array<Array<number>> = []
  for (const s of plan.staff) windows.push(workingWindows(s, days, day - 2, day + 1 + reach))
  const prepared = prepare(query, plan, windows, starts)
  const [slot] = slotsOf(plan, starts, assign(prepared, starts))
  if (slot !== undefined) return Result.succeed(slot)
  const out = new Int32Array(1)
  for (const item of plan.items) {
    const working = item.staff.some(
      (m) => scan(starts, prepared.windows[m]!, EMPTY, item, null, null, out) > 0
    )
    if (!working) {
      return refuse("outside_working_hours", `No staff member works then for service ${item.service.id}`)
    }
  }
  return refuse("slot_unavailable", "This time is no longer available")
}

/**
 * Whether `[start, end)` lies inside the staff member's working time (weekly hours or that
 * date's override, in `timezone`) and outside their time off.
 */
export const isWithinWorkingHours = (
  staff: AvailabilityStaff,
  timezone: string,
  start: DateTime.Utc,
  end: DateTime.Utc
): boolean => {
  const s = start.epochMilliseconds
  const e = end.epochMilliseconds
  if (!(e > s)) return false
  const offsetAt = zoneOffsetAt(timezone)
  const firstDay = localDayOf(offsetAt, s) - 1
  const lastDay = localDayOf(offsetAt, e) + 1
  const days = makeLocalDays(timezone, firstDay, lastDay)
  return contains(workingWindows(staff, days, firstDay, lastDay), s, e)
}

/**
 * The existing active appointments (except `excludeAppointmentId`) that the candidate items
 * would overlap on a staff member, or that would take a resource beyond its capacity together
 * with them. Working hours and notice are not considered. Empty: the candidate can be booked.
 */
export const findConflicts = (
  candidateItems: ReadonlyArray<OccupyingItem>,
  appointments: ReadonlyArray<BookedAppointment>,
  resources: ReadonlyArray<AvailabilityResource>,
  excludeAppointmentId?: string
): ReadonlyArray<SlotConflict> => {
  const occupied = candidateItems.map((item) => ({
    staffId: item.staffId,
    start: item.start.epochMilliseconds - item.bufferBeforeMinutes * MINUTE,
    end: item.end.epochMilliseconds + item.bufferAfterMinutes * MINUTE
  }))
  const candidateUses = resourceUses(candidateItems)
  const loads = new Map<string, Array<ResourceUse & { readonly appointmentId: string }>>(
    candidateUses.map((u) => [u.resourceId, []])
  )
  const conflicts: Array<SlotConflict> = []
  const seen = new Set<string>()
  const add = (key: string, conflict: SlotConflict) => {
    if (!seen.has(key)) {
      seen.add(key)
      conflicts.push(conflict)
    }
  }
  for (const a of appointments) {
    if (a.id === excludeAppointmentId || !isActiveStatus(a.status)) continue
    for (const item of a.items) {
      const s = item.start.epochMilliseconds - item.bufferBeforeMinutes * MINUTE
      const e = item.end.epochMilliseconds + item.bufferAfterMinutes * MINUTE
      for (const c of occupied) {
        if (c.staffId === item.staffId && s < c.end && c.start < e && s < e) {
          add(`s\u0000${c.staffId}\u0000${a.id}`, { staffId: c.staffId, appointmentId: a.id })
        }
      }
    }
    if (loads.size > 0 && a.items.some((i) => i.resourceId !== null && loads.has(i.resourceId))) {
      for (const use of resourceUses(a.items))
        loads.get(use.resourceId)?.push({ ...use, appointmentId: a.id })
    }
  }
  for (const [resourceId, load] of loads) {
    if (load.length === 0) continue
    const capacity = resources.find((r) => r.id === resourceId)?.capacity ?? 1
    const full = coverageOf(
      load.map((u) => u.start),
      load.map((u) => u.end),
      Math.max(1, Math.floor(capacity))
    )
    const overflow: Array<number> = []
    for (const use of candidateUses) {
      if (use.resourceId !== resourceId) continue
      for (let p = 0; p < full.length; p += 2) {
        const s = Math.max(full[p]!, use.start)
        const e = Math.min(full[p + 1]!, use.end)
        if (s < e) overflow.push(s, e)
      }
    }
    for (const u of load) {
      for (let p = 0; p < overflow.length; p += 2) {
        if (u.start < overflow[p + 1]! && overflow[p]! < u.end) {
          add(`r\u0000${resourceId}\u0000${u.appointmentId}`, { resourceId, appointmentId: u.appointmentId })
          break
        }
      }
    }
  }
  return conflicts
}
