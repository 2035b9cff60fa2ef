/**
 * Wall-clock time in a business's IANA time zone: local dates (`YYYY-MM-DD`), minutes of the day,
 * and the conversions between them and instants.
 *
 * Daylight-saving rule used everywhere in the product: a local time that does not exist (the
 * spring-forward gap) moves forward by the gap, and an ambiguous one (fall-back) takes the earlier
 * offset. That is Temporal's "compatible" disambiguation.
 */
import { DateTime, Schema } from "effect"

/** A calendar date in the business time zone, `YYYY-MM-DD`. */
export const LocalDate = Schema.String.check(
  Schema.isPattern(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/, {
    message: "Expected a date as YYYY-MM-DD"
  })
).pipe(Schema.brand("@creneau/LocalDate"))
export type LocalDate = typeof LocalDate.Type

/** A wall-clock time of day, `HH:mm` (`24:00` allowed as the end of a day). */
export const LocalTimeOfDay = Schema.String.check(
  Schema.isPattern(/^(([01]\d|2[0-3]):[0-5]\d|24:00)$/, { message: "Expected a time as HH:mm" })
)
export type LocalTimeOfDay = typeof LocalTimeOfDay.Type

/** An IANA time zone name that the runtime knows. */
export const TimeZoneId = Schema.String.check(
  Schema.makeFilter((s: string) => isValidTimeZone(s) || "Expected an IANA time zone such as Europe/Paris")
)
export type TimeZoneId = typeof TimeZoneId.Type

const zoneCache = new Map<string, DateTime.TimeZone.Named>()

const zone = (id: string): DateTime.TimeZone.Named => {
  let z = zoneCache.get(id)
  if (z === undefined) {
    z = DateTime.zoneMakeNamedUnsafe(id)
    zoneCache.set(id, z)
  }
  return z
}

export const isValidTimeZone = (id: string): boolean => {
  if (zoneCache.has(id)) return true
  try {
    zone(id)
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
export const weekdayOf = (date: string): Weekday => {
  // 1970-01-01 was a Thursday (index 3 with Monday = 0).
  const index = (((epochDayOf(date) + 3) % 7) + 7) % 7
  return WEEKDAYS[index]!
}

/**
 * The instant at which the wall clock in `timeZone` shows `date` + `minutes` (minutes may exceed
 * 1440 to address the following days). Gap: forward by the gap; ambiguous: earlier offset.
 */
export const toInstant = (date: string, minutes: number, timeZone: string): DateTime.Utc => {
  const dayOffset = Math.floor(minutes / 1440)
  const rest = minutes - dayOffset * 1440
  const { year, month, day } = dateParts(dayOffset === 0 ? date : addDays(date, dayOffset))
  const zoned = DateTime.makeZonedUnsafe(
    { year, month, day, hour: Math.floor(rest / 60), minute: rest % 60 },
    { timeZone: zone(timeZone), adjustForTimeZone: true, disambiguation: "compatible" }
  )
  return DateTime.toUtc(zoned)
}

/** Epoch milliseconds of {@link toInstant}. */
export const toEpochMillis = (date: string, minutes: number, timeZone: string): number =>
  toInstant(date, minutes, timeZone).epochMilliseconds

/** The local date and minute of the day shown by the wall clock in `timeZone` at `instant`. */
export const toLocal = (
  instant: DateTime.DateTime | number,
  timeZone: string
): { readonly date: LocalDate; readonly minutes: number; readonly weekday: Weekday } => {
  const utc = typeof instant === "number" ? DateTime.makeUnsafe(instant) : instant
  const parts = DateTime.toParts(DateTime.setZone(utc, zone(timeZone)))
  const date = formatDate(parts.year, parts.month, parts.day)
  return { date, minutes: parts.hour * 60 + parts.minute, weekday: weekdayOf(date) }
}

/** The local date in `timeZone` at `instant`. */
export const localDateOf = (instant: DateTime.DateTime | number, timeZone: string): LocalDate =>
  toLocal(instant, timeZone).date

/** RFC 3339 with the zone's offset at that instant, e.g. `2026-03-29T11:00:00.000+02:00`. */
export const formatInZone = (instant: DateTime.DateTime | number, timeZone: string): string => {
  const utc = typeof instant === "number" ? DateTime.makeUnsafe(instant) : instant
  return DateTime.formatIsoOffset(DateTime.setZone(utc, zone(timeZone)))
}

/**
 * An instant as it travels in requests: RFC 3339 with an explicit offset (`Z` or `±hh:mm`), so
 * that no time is silently read in the server's zone.
 */
export const Instant = Schema.String.check(
  Schema.isPattern(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i, {
    message: "Expected an RFC 3339 date-time with an offset, such as 2026-03-02T09:30:00+01:00"
  })
).pipe(Schema.decodeTo(Schema.DateTimeUtcFromString))
