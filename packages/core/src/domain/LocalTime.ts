/**
 * Wall-clock time in a business's IANA time zone: local dates (`YYYY-MM-DD`), minutes of the day,
 * and the conversions between them and instants.
 *
 * Daylight-saving rule used everywhere in the product: a local time that does not exist (the
 * spring-forward gap) moves forward by the gap, and an ambiguous one (fall-back) takes the earlier
 * offset. That is Temporal's "compatible" disambiguation.
 *
 * This module is the product's one implementation of zone offsets (`zoneOffsetAt`, read through
 * `Intl` and cached per zone) and of that rule (`wallClockToEpochMillisWith`); the availability
 * engine builds its per-query day table on them.
 */
import { DateTime, Schema } from "effect"

/** A calendar date in the business time zone, `YYYY-MM-DD`. */
export const LocalDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/u, {
    message: "Expected a date as YYYY-MM-DD"
  })
).pipe(Schema.brand("@creneau/LocalDate"))
export type LocalDate = typeof LocalDate.Type

/** A wall-clock time of day, `HH:mm` (`24:00` allowed as the end of a day). */
export const LocalTimeOfDay = Schema.String.check(
  Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/u, { message: "Expected a time as HH:mm" })
)
export type LocalTimeOfDay = typeof LocalTimeOfDay.Type

/** An IANA time zone name that the runtime knows. */
export const TimeZoneId = Schema.String.check(
  Schema.makeFilter((s: string) => isValidTimeZone(s) || "Expected an IANA time zone such as Europe/Paris")
)
export type TimeZoneId = typeof TimeZoneId.Type

export const isValidTimeZone = (id: string): boolean => {
  try {
    zoneOffsetAt(id)
    return true
  } catch {
    return false
  }
}

export const WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
export type Weekday = (typeof WEEKDAYS)[number]

/** `HH:mm` -> minutes since midnight. */
export const minutesOfTime = (time: string): number => {
  const [h, m] = time.split(":")
  return Number(h) * 60 + Number(m)
}

/** Minutes since midnight -> `HH:mm`. */
export const timeOfMinutes = (minutes: number): LocalTimeOfDay => {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  return `${String(h).padStart(2, "0")}:${String(m).padStart(2, "0")}`
}

const dateParts = (date: string): { year: number; month: number; day: number } => {
  const [y, mo, d] = date.split("-")
  return { year: Number(y), month: Number(mo), day: Number(d) }
}

const formatDate = (year: number, month: number, day: number): LocalDate =>
  `${String(year).padStart(4, "0")}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}` as LocalDate

/** Days since 1970-01-01 of a local date (a pure calendar computation, no zone involved). */
export const epochDayOf = (date: string): number => {
  const { year, month, day } = dateParts(date)
  return Math.floor(Date.UTC(year, month - 1, day) / 86_400_000)
}

export const dateOfEpochDay = (epochDay: number): LocalDate => {
  const d = new Date(epochDay * 86_400_000)
  return formatDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate())
}

export const addDays = (date: string, days: number): LocalDate => dateOfEpochDay(epochDayOf(date) + days)

/** Weekday of a local date. */
export const weekdayOf = (date: string): Weekday => weekdayOfEpochDay(epochDayOf(date))

// 1970-01-01 was a Thursday (index 3 with Monday = 0).
const weekdayOfEpochDay = (epochDay: number): Weekday => WEEKDAYS[(((epochDay + 3) % 7) + 7) % 7]!

// -------------------------------------------------------------------------------------------
// Zone offsets and the daylight-saving rule
// -------------------------------------------------------------------------------------------

const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

/** A zone's offset at an instant, in milliseconds: wall clock = instant + offset. */
export type ZoneOffsets = (epochMillis: number) => number

// What `Intl` writes for the offset: `GMT`, `GMT+01:00`, or with seconds (`GMT+00:09:21`, LMT).
const OFFSET = /GMT(?:([+-])(\d\d):(\d\d)(?::(\d\d))?)?$/
const offsetReaders = new Map<string, ZoneOffsets>()

/** Hours whose offset is remembered per zone before the memory starts again. */
const REMEMBERED_HOURS = 20_000

/**
 * The offset reader of an IANA zone, cached per zone. `Intl` formats only the seconds and the
 * offset; each UTC hour's offset is then remembered: when its first and last second show the same
 * offset, the whole hour has it (offsets change at most once in two days, as everywhere in this
 * module), and an hour holding a change is read instant by instant. Throws a `RangeError` for a
 * zone the runtime does not know.
 */
export const zoneOffsetAt = (timeZone: string): ZoneOffsets => {
  let offsetAt = offsetReaders.get(timeZone)
  if (offsetAt === undefined) {
    const format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      second: "numeric",
      timeZoneName: "longOffset"
    }).format
    const read = (epochMillis: number): number => {
      const m = OFFSET.exec(format(epochMillis))
      if (m === null) throw new Error(`Cannot read the offset of ${timeZone}`)
      if (m[1] === undefined) return 0
      const offset =
        Number(m[2]) * HOUR + Number(m[3]) * MINUTE + (m[4] === undefined ? 0 : Number(m[4]) * 1000)
      return m[1] === "-" ? -offset : offset
    }
    // Hour index -> its offset, or NaN for an hour that holds a change.
    const hours = new Map<number, number>()
    offsetAt = (epochMillis) => {
      const hour = Math.floor(epochMillis / HOUR)
      let offset = hours.get(hour)
      if (offset === undefined) {
        const first = read(hour * HOUR)
        offset = first === read(hour * HOUR + HOUR - 1) ? first : Number.NaN
        if (hours.size >= REMEMBERED_HOURS) hours.clear()
        hours.set(hour, offset)
      }
      return Number.isNaN(offset) ? read(epochMillis) : offset
    }
    offsetReaders.set(timeZone, offsetAt)
  }
  return offsetAt
}

/**
 * The instant at which a zone's wall clock shows `wallMillis` (the wall-clock time read as if it
 * were UTC, "local epoch milliseconds"), under the product's rule, Temporal's "compatible": a time
 * in a spring-forward gap moves forward by the gap (it is read with the offset before the gap),
 * and an ambiguous one takes the earlier offset (the earlier instant).
 *
 * The offsets a day before and a day after tell whether a change is near (at most one change per
 * two days is assumed, as by Temporal and effect's DateTime); if so, one more reading tells on
 * which side of it the time falls. `offsetAt` may be any exact offset function around `wallMillis`
 * (e.g. one built from known transitions, see {@link findOffsetTransition}).
 */
export const wallClockToEpochMillisWith = (offsetAt: ZoneOffsets, wallMillis: number): number => {
  const before = offsetAt(wallMillis - DAY)
  const after = offsetAt(wallMillis + DAY)
  if (before === after) return wallMillis - before
  if (before < after) {
    // Spring forward: after the gap with the later offset; before it, or in it, with the earlier.
    return offsetAt(wallMillis - after) === after ? wallMillis - after : wallMillis - before
  }
  // Fall back: the earlier offset whenever it gives the time (then the later one gives it too).
  return offsetAt(wallMillis - before) === before ? wallMillis - before : wallMillis - after
}

/** {@link wallClockToEpochMillisWith} with the zone's own offsets. Throws for an unknown zone. */
export const wallClockToEpochMillis = (timeZone: string, wallMillis: number): number =>
  wallClockToEpochMillisWith(zoneOffsetAt(timeZone), wallMillis)

/** A change of a zone's offset: at instant `at`, from `before` to `after`. */
export interface OffsetTransition {
  readonly at: number
  readonly before: number
  readonly after: number
}

/** Offsets change on whole seconds, and in practice on a quarter of an hour (in seconds). */
const QUARTER_SECONDS = 900

/**
 * The change of offset in `(from, to]`, knowing that the offset is `before` at `from` and `after`
 * at `to` and that it changes once in between: a binary search for the first whole second (offsets
 * change on whole seconds) whose offset is no longer `before`.
 *
 * Each reading is an `Intl` call, so the search first narrows the change down to one quarter of an
 * hour (probing quarter-hour instants only), then reads the second before the end of that quarter:
 * a change on the quarter, the usual case, is then found with about 8 readings instead of 17. Any
 * other change is found by the search to the second that follows; the result is the same.
 */
export const findOffsetTransition = (
  offsetAt: ZoneOffsets,
  from: number,
  to: number,
  before: number,
  after: number
): OffsetTransition => {
  // In seconds: the offset is `before` at `lo`, not `before` at `hi`.
  let lo = Math.floor(from / 1000)
  let hi = Math.ceil(to / 1000)
  while (hi - lo > QUARTER_SECONDS) {
    // A quarter-hour strictly inside (lo, hi), near the middle (there is one: hi - lo > 900).
    let mid = Math.floor((lo + hi) / 2 / QUARTER_SECONDS) * QUARTER_SECONDS
    if (mid <= lo) mid += QUARTER_SECONDS
    if (offsetAt(mid * 1000) === before) lo = mid
    else hi = mid
  }
  if (hi - lo > 1) {
    if (offsetAt((hi - 1) * 1000) === before) lo = hi - 1
    else hi = hi - 1
  }
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2)
    if (offsetAt(mid * 1000) === before) lo = mid
    else hi = mid
  }
  return { at: hi * 1000, before, after }
}

/** The wall-clock time ("local epoch milliseconds") of `date` + `minutes`. */
const wallMillisOf = (date: string, minutes: number): number => epochDayOf(date) * DAY + minutes * MINUTE

const epochMillisOf = (instant: DateTime.DateTime | number): number =>
  typeof instant === "number" ? instant : instant.epochMilliseconds

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minutes` (minutes may exceed
 * 1440 to address the following days). Gap: forward by the gap; ambiguous: earlier offset.
 */
export const toInstant = (date: string, minutes: number, timeZone: string): DateTime.Utc => {
  const t = toEpochMillis(date, minutes, timeZone)
  // The cheaper constructor when it applies (it skips the validation of a Date).
  return t % 1000 === 0 ? DateTime.fromEpochSeconds(t / 1000) : DateTime.makeUnsafe(t)
}

/** Epoch milliseconds of {@link toInstant}. */
export const toEpochMillis = (date: string, minutes: number, timeZone: string): number =>
  wallClockToEpochMillis(timeZone, wallMillisOf(date, minutes))

/** The local date and minute of the day shown by the wall clock in `timeZone` at `instant`. */
export const toLocal = (
  instant: DateTime.DateTime | number,
  timeZone: string
): { readonly date: LocalDate; readonly minutes: number; readonly weekday: Weekday } => {
  const t = epochMillisOf(instant)
  const wall = t + zoneOffsetAt(timeZone)(t)
  const epochDay = Math.floor(wall / DAY)
  return {
    date: dateOfEpochDay(epochDay),
    minutes: Math.floor((wall - epochDay * DAY) / MINUTE),
    weekday: weekdayOfEpochDay(epochDay)
  }
}

/** The local date in `timeZone` at `instant`. */
export const localDateOf = (instant: DateTime.DateTime | number, timeZone: string): LocalDate => {
  const t = epochMillisOf(instant)
  return dateOfEpochDay(Math.floor((t + zoneOffsetAt(timeZone)(t)) / DAY))
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n))

/** RFC 3339 with the zone's offset at that instant, e.g. `2026-03-29T11:00:00.000+02:00`. */
export const formatInZone = (instant: DateTime.DateTime | number, timeZone: string): string => {
  const t = epochMillisOf(instant)
  const offset = zoneOffsetAt(timeZone)(t)
  // The offset to the nearest minute (historical offsets may have seconds).
  const abs = Math.abs(offset)
  let hours = Math.floor(abs / HOUR)
  let minutes = Math.round((abs % HOUR) / MINUTE)
  if (minutes === 60) {
    hours += 1
    minutes = 0
  }
  return `${new Date(t + offset).toISOString().slice(0, -1)}${offset < 0 ? "-" : "+"}${pad2(hours)}:${pad2(minutes)}`
}

/**
 * An instant as it travels in requests: RFC 3339 with an explicit offset (`Z` or `±hh:mm`), so
 * that no time is silently read in the server's zone.
 */
export const Instant = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?([Zz]|[+-]\d{2}:\d{2})$/u, {
    message: "Expected an RFC 3339 date-time with an offset, such as 2026-03-02T09:30:00+01:00"
  })
).pipe(Schema.decodeTo(Schema.DateTimeUtcFromString))
