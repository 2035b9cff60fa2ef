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
 * Cost: everything runs on epoch milliseconds. The zone's offset is read once per local day
 * (exact conversions only on the days of a change); busy ranges are indexed once per query into
 * sorted, merged arrays per staff member and per resource (a sort only when the appointments do
 * not come in time order); each staff member's working windows are swept with monotone pointers
 * against the sorted candidate starts, skipping starts already given to someone. A query costs
 * O(appointments + staff-days + candidates examined); no appointment is scanned per candidate.
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
 * Local days `[firstDay, lastDay]` (epoch days) of one zone. The offset is sampled at each day's
 * UTC midnight; a day whose neighbouring samples all agree has no transition, so its times are
 * its midnight plus minutes. On other days (daylight-saving changes) each time is converted with
 * `LocalTime`'s rule, over offsets rebuilt from the transitions found between the samples that
 * differ (no more zone lookups per time).
 */
interface LocalDays {
  /** The offset of a day without transition, NaN for other days. */
  readonly regularOffset: (day: number) => number
  /** The instant of `minutes` (0..1440) after the start of local day `day`. */
  readonly instant: (day: number, minutes: number) => number
  /**
   * Writes the day's candidate starts (its grid from local midnight), ascending, into `out` from
   * index `length` (room for `ceil(1440 / stepMinutes)` more); returns the new length.
   */
  readonly grid: (day: number, stepMinutes: number, out: Float64Array, length: number) => number
}

const makeLocalDays = (timeZone: string, firstDay: number, lastDay: number): LocalDays => {
  const offsetAt = zoneOffsetAt(timeZone)
  const count = Math.max(0, lastDay - firstDay + 1)
  // samples[i] is the offset at the UTC midnight of epoch day firstDay - 1 + i.
  const samples = new Float64Array(count + 3)
  for (let i = 0; i < samples.length; i++) samples[i] = offsetAt((firstDay - 1 + i) * DAY)
  const transitions: Array<OffsetTransition> = []
  // offset[i] is the day's offset when the day is regular, NaN otherwise.
  const offset = new Float64Array(count)
  for (let i = 0; i < count; i++) {
    const o = samples[i + 1]!
    offset[i] = samples[i] === o && samples[i + 2] === o && samples[i + 3] === o ? o : Number.NaN
  }
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
  const dayOffset = (day: number): number =>
    day >= firstDay && day <= lastDay ? offset[day - firstDay]! : Number.NaN
  const instant = (day: number, minutes: number): number => {
    const o = dayOffset(day)
    const wall = day * DAY + minutes * MINUTE
    if (!Number.isNaN(o)) return wall - o
    if (day < firstDay || day > lastDay) return wallClockToEpochMillis(timeZone, wall)
    return wallClockToEpochMillisWith(knownOffsetAt, wall)
  }
  const grid = (day: number, step: number, out: Float64Array, length: number): number => {
    const o = dayOffset(day)
    let n = length
    if (!Number.isNaN(o)) {
      const midnight = day * DAY - o
      for (let m = 0; m < 1440; m += step) out[n++] = midnight + m * MINUTE
      return n
    }
    const start = instant(day, 0)
    const end = instant(day + 1, 0)
    const times: Array<number> = []
    for (let m = 0; m < 1440; m += step) {
      const t = instant(day, m)
      if (t >= start && t < end) times.push(t)
    }
    times.sort((a, b) => a - b)
    for (let i = 0; i < times.length; i++) if (i === 0 || times[i] !== times[i - 1]) out[n++] = times[i]!
    return n
  }
  return { regularOffset: dayOffset, instant, grid }
}

const localDayOf = (offsetAt: ZoneOffsets, epochMillis: number): number =>
  Math.floor((epochMillis + offsetAt(epochMillis)) / DAY)

const toUtc = (epochMillis: number): DateTime.Utc =>
  epochMillis % 1000 === 0 ? DateTime.fromEpochSeconds(epochMillis / 1000) : DateTime.makeUnsafe(epochMillis)

// -------------------------------------------------------------------------------------------
// Ranges: flat arrays [start0, end0, start1, end1, ...], half-open, sorted, disjoint
// -------------------------------------------------------------------------------------------

/**
 * Where at least `threshold` of some half-open ranges overlap, from their starts and their ends
 * each sorted ascending. With threshold 1: the union.
 */
const coverage = (starts: Float64Array, ends: Float64Array, threshold: number): Float64Array => {
  const n = starts.length
  const out = new Float64Array(2 * n)
  let k = 0
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
      if (count === threshold && e > open) {
        out[k++] = open
        out[k++] = e
      }
      count--
      j++
    }
  }
  if (count >= threshold) {
    out[k++] = open
    out[k++] = ends[j + count - threshold]!
  }
  return out.subarray(0, k)
}

/** The union of ranges given as pairs sorted by start (`starts[i]` goes with `ends[i]`). */
const unionOfSorted = (starts: Float64Array, ends: Float64Array): Float64Array => {
  const n = starts.length
  const out = new Float64Array(2 * n)
  let k = 0
  let open = starts[0]!
  let close = ends[0]!
  for (let i = 1; i < n; i++) {
    const s = starts[i]!
    if (s > close) {
      out[k++] = open
      out[k++] = close
      open = s
      close = ends[i]!
    } else if (ends[i]! > close) close = ends[i]!
  }
  out[k++] = open
  out[k++] = close
  return out.subarray(0, k)
}

const isSorted = (values: Float64Array): boolean => {
  for (let i = 1; i < values.length; i++) if (values[i]! < values[i - 1]!) return false
  return true
}

/** {@link coverage} of ranges given as pairs in any order. */
const coverageOfPairs = (starts: Float64Array, ends: Float64Array, threshold: number): Float64Array =>
  threshold === 1 && isSorted(starts)
    ? unionOfSorted(starts, ends)
    : coverage(starts.sort(), ends.sort(), threshold)

const coverageOf = (starts: Array<number>, ends: Array<number>, threshold: number): Float64Array =>
  starts.length === 0
    ? EMPTY
    : coverage(Float64Array.from(starts).sort(), Float64Array.from(ends).sort(), threshold)

const EMPTY = new Float64Array(0)

/** Windows minus cuts (both sorted and disjoint). */
const subtract = (windows: Array<number>, cuts: Float64Array): Array<number> => {
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
const contains = (ranges: Float64Array, start: number, end: number): boolean => {
  let lo = 0
  let hi = ranges.length >> 1
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (ranges[2 * mid + 1]! < end) lo = mid + 1
    else hi = mid
  }
  return 2 * lo < ranges.length && ranges[2 * lo]! <= start
}

/** Candidate starts, ascending, indexed by hour to find the first one at or after an instant. */
interface Candidates {
  readonly times: Float64Array
  /** `byHour[h]`: the first index whose time is at least `times[0] + h hours`. */
  readonly byHour: Int32Array
}

const indexCandidates = (times: Float64Array): Candidates => {
  const n = times.length
  const hours = n === 0 ? 0 : Math.floor((times[n - 1]! - times[0]!) / HOUR) + 1
  const byHour = new Int32Array(hours + 1)
  let g = 0
  for (let h = 0; h <= hours; h++) {
    const at = times[0]! + h * HOUR
    while (g < n && times[g]! < at) g++
    byHour[h] = g
  }
  return { times, byHour }
}

/** The first index, not before `from`, whose time is at least `x`. */
const seek = (candidates: Candidates, x: number, from: number): number => {
  const { times, byHour } = candidates
  const h = Math.floor((x - times[0]!) / HOUR)
  let g = h <= 0 ? 0 : h >= byHour.length ? times.length : byHour[h]!
  if (g < from) g = from
  while (g < times.length && times[g]! < x) g++
  return g
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
): Float64Array => {
  const { weekly, overrides } = staff.workingHours
  const week = [weekly.mon, weekly.tue, weekly.wed, weekly.thu, weekly.fri, weekly.sat, weekly.sun].map(
    dayMinutes
  )
  const special = new Map<number, Array<number>>()
  for (const o of overrides) {
    const day = epochDayOf(o.date)
    if (day >= firstDay && day <= lastDay) special.set(day, dayMinutes(o.intervals))
  }
  const windows: Array<number> = []
  // 1970-01-01 (epoch day 0) was a Thursday, index 3 from Monday.
  let weekday = (((firstDay + 3) % 7) + 7) % 7
  for (let day = firstDay; day <= lastDay; day++, weekday = weekday === 6 ? 0 : weekday + 1) {
    const minutes = (special.size > 0 && special.get(day)) || week[weekday]!
    if (minutes.length === 0) continue
    const offset = days.regularOffset(day)
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
  if (windows.length === 0 || staff.timeOff.length === 0) return Float64Array.from(windows)
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
  return Float64Array.from(subtract(windows, coverageOf(starts, ends, 1)))
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
  readonly staff: ReadonlyArray<Float64Array>
  /** Per indexed resource: where it is used at full capacity. */
  readonly saturated: ReadonlyArray<Float64Array>
}

/** Ranges tagged with a group (a staff member or a resource), in growable typed columns. */
class GroupedRanges {
  private group: Int32Array
  private start: Float64Array
  private end: Float64Array
  private length = 0
  private readonly counts: Int32Array

  constructor(groups: number, capacity: number) {
    this.counts = new Int32Array(groups)
    this.group = new Int32Array(capacity)
    this.start = new Float64Array(capacity)
    this.end = new Float64Array(capacity)
  }

  push(group: number, start: number, end: number): void {
    if (this.length === this.group.length) {
      const capacity = this.length * 2 + 16
      const g = new Int32Array(capacity)
      g.set(this.group)
      const s = new Float64Array(capacity)
      s.set(this.start)
      const e = new Float64Array(capacity)
      e.set(this.end)
      this.group = g
      this.start = s
      this.end = e
    }
    this.group[this.length] = group
    this.start[this.length] = start
    this.end[this.length] = end
    this.length++
    this.counts[group]!++
  }

  /** Per group, where at least `threshold(group)` of its ranges overlap (after a counting sort by group). */
  coverage(threshold: (group: number) => number): Array<Float64Array> {
    const n = this.length
    const groups = this.counts.length
    const offsets = new Int32Array(groups + 1)
    for (let g = 0; g < groups; g++) offsets[g + 1] = offsets[g]! + this.counts[g]!
    const cursor = offsets.slice(0, groups)
    const starts = new Float64Array(n)
    const ends = new Float64Array(n)
    for (let i = 0; i < n; i++) {
      const p = cursor[this.group[i]!]!++
      starts[p] = this.start[i]!
      ends[p] = this.end[i]!
    }
    const out: Array<Float64Array> = []
    for (let g = 0; g < groups; g++) {
      const from = offsets[g]!
      const to = offsets[g + 1]!
      out.push(
        to === from
          ? EMPTY
          : coverageOfPairs(starts.subarray(from, to), ends.subarray(from, to), threshold(g))
      )
    }
    return out
  }
}

/**
 * Indexes the occupied ranges of active appointments that reach into `[envelopeStart,
 * envelopeEnd)`, for the given staff members and resources (by id -> index).
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
  const staffRanges = new GroupedRanges(staffCount, appointments.length + 16)
  const resourceRanges = new GroupedRanges(resources.length, resources.length > 0 ? 256 : 0)
  const resourceIndex = new Map(resources.map((r, i) => [r.id as string, i]))
  const anyResource = resources.length > 0
  // Appointments often come grouped by staff member: remember the last lookup.
  let lastStaffId = ""
  let lastStaff: number | undefined
  for (const a of appointments) {
    if (a.id === excludeAppointmentId || !isActiveStatus(a.status)) continue
    const items = a.items
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!
      const s = item.start.epochMilliseconds - item.bufferBeforeMinutes * MINUTE
      const e = item.end.epochMilliseconds + item.bufferAfterMinutes * MINUTE
      if (e <= s || e <= envelopeStart || s >= envelopeEnd) continue
      if (item.staffId !== lastStaffId) {
        lastStaffId = item.staffId
        lastStaff = staffIndex.get(lastStaffId)
      }
      if (lastStaff !== undefined) staffRanges.push(lastStaff, s, e)
      if (anyResource && items.length === 1 && item.resourceId !== null) {
        const r = resourceIndex.get(item.resourceId)
        if (r !== undefined) resourceRanges.push(r, s, e)
      }
    }
    if (anyResource && items.length > 1) {
      for (const use of resourceUses(items)) {
        const r = resourceIndex.get(use.resourceId)
        if (r !== undefined && use.end > envelopeStart && use.start < envelopeEnd) {
          resourceRanges.push(r, use.start, use.end)
        }
      }
    }
  }
  return {
    staff: staffRanges.coverage(() => 1),
    saturated: resourceRanges.coverage((r) => Math.max(1, Math.floor(resources[r]!.capacity)))
  }
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
  const used = new Set(allowed.flat())
  for (const s of query.staff) if (used.has(s)) staffSlot(s)
  const items: Array<ItemPlan> = []
  let offset = 0
  for (let k = 0; k < services.length; k++) {
    const service = services[k]!
    const duration = service.durationMinutes * MINUTE
    items.push({
      service,
      offset,
      duration,
      occupiedStart: offset - service.bufferBeforeMinutes * MINUTE,
      occupiedEnd: offset + duration + service.bufferAfterMinutes * MINUTE,
      staff: allowed[k]!.map(staffSlot),
      needsResource: service.resourceIds.length > 0,
      resources: allowedResources[k]!.map(resourceSlot)
    })
    offset += duration
  }
  const staffItems = planStaff.map((_, m) => items.flatMap((item, k) => (item.staff.includes(m) ? [k] : [])))
  return Result.succeed({ items, staff: planStaff, staffItems, resources: planResources, span: offset })
}

// -------------------------------------------------------------------------------------------
// Engine
// -------------------------------------------------------------------------------------------

interface Prepared {
  readonly plan: Plan
  readonly windows: ReadonlyArray<Float64Array>
  readonly busy: BusyIndex
}

const prepare = (
  query: SlotCheckQuery,
  plan: Plan,
  days: LocalDays,
  firstDay: number,
  lastDay: number,
  starts: Float64Array
): Prepared => {
  let before = 0
  let after = 0
  for (const item of plan.items) {
    before = Math.min(before, item.occupiedStart)
    after = Math.max(after, item.occupiedEnd)
  }
  const staffIndex = new Map(plan.staff.map((s, m) => [s.id as string, m]))
  return {
    plan,
    windows: plan.staff.map((s) => workingWindows(s, days, firstDay, lastDay)),
    busy: indexBusy(
      query.appointments,
      query.excludeAppointmentId,
      staffIndex,
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
  candidates: Candidates,
  windows: Float64Array,
  busy: Float64Array,
  item: ItemPlan,
  resource: Int32Array | null,
  open: Int32Array | null,
  out: Int32Array
): number => {
  const starts = candidates.times
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
    g = seek(candidates, first, g)
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
const firstFreeResource = (starts: Float64Array, item: ItemPlan, saturated: ReadonlyArray<Float64Array>) => {
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

/** The slots among `starts` (sorted ascending, distinct). */
const assign = (prepared: Prepared, starts: Float64Array): Array<Slot> => {
  const { plan, windows, busy } = prepared
  const candidates = indexCandidates(starts)
  const items = plan.items
  const n = items.length
  const len = starts.length
  const resources = items.map((item) =>
    item.needsResource ? firstFreeResource(starts, item, busy.saturated) : null
  )
  const single = new Int32Array(len).fill(-1)
  const perItem = n > 1 ? items.map(() => new Int32Array(len).fill(-1)) : []
  const feasible = n > 1 ? items.map(() => new Int32Array(len)) : []
  const found = items.map(() => new Int32Array(len))
  // With one item, the first staff member who can take a start gets it: skip taken starts.
  const open = n === 1 ? new Int32Array(len + 1) : null
  if (open !== null) for (let g = 0; g <= len; g++) open[g] = resources[0]?.[g] === -1 ? g + 1 : g
  for (let m = 0; m < plan.staff.length; m++) {
    const ks = plan.staffItems[m]!
    if (open !== null) {
      if (nextOpen(open, 0) === len) break
      const out = found[0]!
      const count = scan(candidates, windows[m]!, busy.staff[m]!, items[0]!, resources[0]!, open, out)
      for (let i = 0; i < count; i++) {
        single[out[i]!] = m
        open[out[i]!] = out[i]! + 1
      }
      continue
    }
    const stamp = m + 1
    let firstCount = 0
    for (const k of ks) {
      const out = found[k]!
      const count = scan(candidates, windows[m]!, busy.staff[m]!, items[k]!, resources[k]!, null, out)
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
  const slots: Array<Slot> = []
  const who = new Int32Array(n)
  // Slots share instants (one's end is often another's start); DateTimes are immutable.
  const instants = new Map<number, DateTime.Utc>()
  const instant = (epochMillis: number): DateTime.Utc => {
    let utc = instants.get(epochMillis)
    if (utc === undefined) {
      utc = toUtc(epochMillis)
      instants.set(epochMillis, utc)
    }
    return utc
  }
  for (let g = 0; g < len; g++) {
    if (single[g] !== -1) who.fill(single[g]!)
    else {
      if (n === 1) continue
      let all = true
      for (let k = 0; k < n && all; k++) {
        who[k] = perItem[k]![g]!
        all = who[k] !== -1
      }
      if (!all) continue
    }
    const t = starts[g]!
    let itemStart = instant(t)
    const slotStart = itemStart
    const slotItems: Array<SlotItem> = []
    for (let k = 0; k < n; k++) {
      const item = items[k]!
      const itemEnd = instant(t + item.offset + item.duration)
      const r = resources[k]?.[g] ?? -1
      slotItems.push({
        serviceId: item.service.id,
        staffId: plan.staff[who[k]!]!.id,
        resourceId: r === -1 ? null : plan.resources[r]!.id,
        start: itemStart,
        end: itemEnd
      })
      itemStart = itemEnd
    }
    slots.push({ start: slotStart, end: itemStart, items: slotItems })
  }
  return slots
}

const bookingLimits = (query: SlotCheckQuery): { readonly earliest: number; readonly latest: number } => {
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
  const planned = makePlan(query, undefined)
  if (Result.isFailure(planned)) return []
  const plan = planned.success
  const { earliest, latest } = bookingLimits(query)
  // Local days that can hold a start within the limits (offsets lie within ±15 h).
  const firstDay = Math.max(epochDayOf(query.from), Math.floor((earliest - 15 * HOUR) / DAY))
  const lastDay = Math.min(epochDayOf(query.to), Math.floor((latest + 15 * HOUR) / DAY))
  if (firstDay > lastDay) return []
  const reach = reachDays(plan)
  const days = makeLocalDays(query.timezone, firstDay - 1, lastDay + reach)
  const step = stepOf(query)
  const grid = new Float64Array((lastDay - firstDay + 1) * Math.ceil(1440 / step))
  let length = 0
  for (let day = firstDay; day <= lastDay; day++) length = days.grid(day, step, grid, length)
  let from = 0
  while (from < length && grid[from]! < earliest) from++
  let to = length
  while (to > from && grid[to - 1]! > latest) to--
  if (to <= from) return []
  const starts = grid.subarray(from, to)
  return assign(prepare(query, plan, days, firstDay - 1, lastDay + reach, starts), starts)
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
  for (let d = day - 1; d <= day + 1; d++) length = days.grid(d, step, grid, length)
  if (!grid.subarray(0, length).includes(t)) {
    return refuse("off_interval", `Starts are every ${step} minutes from local midnight`)
  }
  const { earliest, latest } = bookingLimits(query)
  if (t < earliest) {
    return refuse("booking_notice", `Book at least ${query.rules.minBookingNoticeMinutes} minutes ahead`)
  }
  if (t > latest) return refuse("too_far_ahead", `Book at most ${query.rules.maxAdvanceDays} days ahead`)
  const starts = Float64Array.of(t)
  const prepared = prepare(query, plan, days, day - 2, day + 1 + reach, starts)
  const [slot] = assign(prepared, starts)
  if (slot !== undefined) return Result.succeed(slot)
  const out = new Int32Array(1)
  const candidates = indexCandidates(starts)
  for (const item of plan.items) {
    const working = item.staff.some(
      (m) => scan(candidates, prepared.windows[m]!, EMPTY, item, null, null, out) > 0
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
