/**
 * Slots on the business's calendar: the local date of an instant in the business's time zone,
 * date arithmetic on `YYYY-MM-DD`, the week shown by the slot picker, and open slots grouped by
 * local day and by part of the day. Pure: the picker shows the business's clock whatever the
 * zone of the phone it runs on.
 */

const DAY_MS = 86_400_000
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/

const formatters = new Map<string, Intl.DateTimeFormat>()

/** Year, month, day, hour and minute of the wall clock of `timeZone` (cached per zone). */
const wallClockFormat = (timeZone: string): Intl.DateTimeFormat => {
  let format = formatters.get(timeZone)
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit"
    })
    formatters.set(timeZone, format)
  }
  return format
}

const wallClockOf = (instant: string | Date, timeZone: string) => {
  const parts: Record<string, string> = {}
  const date = typeof instant === "string" ? new Date(instant) : instant
  for (const part of wallClockFormat(timeZone).formatToParts(date)) parts[part.type] = part.value
  return {
    date: `${parts.year}-${parts.month}-${parts.day}`,
    // Some engines write midnight as 24 even with h23.
    hour: Number(parts.hour ?? "0") % 24,
    minute: Number(parts.minute ?? "0")
  }
}

/** The date (`YYYY-MM-DD`) on the wall clock of `timeZone` at `instant`. */
export const localDateOf = (instant: string | Date, timeZone: string): string =>
  wallClockOf(instant, timeZone).date

/** The hour (0–23) on the wall clock of `timeZone` at `instant`. */
export const localHourOf = (instant: string | Date, timeZone: string): number =>
  wallClockOf(instant, timeZone).hour

const epochDay = (date: string): number => {
  const match = DATE.exec(date)
  if (match === null) throw new RangeError(`Not a date: ${date}`)
  return Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY_MS
}

const dateOfEpochDay = (day: number): string => new Date(day * DAY_MS).toISOString().slice(0, 10)

/** `date` moved by `days` calendar days (negative: earlier). */
export const addDays = (date: string, days: number): string => dateOfEpochDay(epochDay(date) + days)

/** Calendar days from `from` to `to` (negative when `to` is earlier). */
export const daysBetween = (from: string, to: string): number => epochDay(to) - epochDay(from)

/** The `count` consecutive dates starting at `from`. */
export const datesFrom = (from: string, count: number): ReadonlyArray<string> =>
  Array.from({ length: count }, (_, i) => addDays(from, i))

/**
 * A calendar date at noon UTC, for formatting the date alone (weekday, day, month) in any zone
 * without it slipping to the day before or after.
 */
export const dateAtNoon = (date: string): Date => new Date(epochDay(date) * DAY_MS + DAY_MS / 2)

/** Slots grouped by their local date in `timeZone`, in time order. */
export const groupSlotsByDay = <S extends { readonly start: string }>(
  slots: ReadonlyArray<S>,
  timeZone: string
): ReadonlyMap<string, ReadonlyArray<S>> => {
  const sorted = [...slots].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
  const days = new Map<string, Array<S>>()
  for (const slot of sorted) {
    const date = localDateOf(slot.start, timeZone)
    const day = days.get(date)
    if (day === undefined) days.set(date, [slot])
    else day.push(slot)
  }
  return days
}

export type DayPeriod = "morning" | "afternoon" | "evening"

/** Morning before noon, afternoon until 18:00, evening after, on the business's clock. */
export const dayPeriodOf = (instant: string, timeZone: string): DayPeriod => {
  const hour = localHourOf(instant, timeZone)
  return hour < 12 ? "morning" : hour < 18 ? "afternoon" : "evening"
}

/** One day's slots split into the parts of the day that have any, in order. */
export const groupByPeriod = <S extends { readonly start: string }>(
  slots: ReadonlyArray<S>,
  timeZone: string
): ReadonlyArray<{ readonly period: DayPeriod; readonly slots: ReadonlyArray<S> }> => {
  const periods: ReadonlyArray<DayPeriod> = ["morning", "afternoon", "evening"]
  return periods
    .map((period) => ({ period, slots: slots.filter((s) => dayPeriodOf(s.start, timeZone) === period) }))
    .filter((group) => group.slots.length > 0)
}

/** The first of `dates` that has slots, or undefined. */
export const firstDayWithSlots = (
  dates: ReadonlyArray<string>,
  byDay: ReadonlyMap<string, ReadonlyArray<unknown>>
): string | undefined => dates.find((date) => (byDay.get(date)?.length ?? 0) > 0)

/** Whether two instants (RFC 3339, any offset) are the same moment. */
export const sameInstant = (a: string, b: string): boolean => Date.parse(a) === Date.parse(b)

/** The zone's name in `locale` ("Central European Standard Time"), or the IANA name if none. */
export const zoneName = (timeZone: string, locale: string, at: Date): string => {
  try {
    const part = new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: "long" })
      .formatToParts(at)
      .find((p) => p.type === "timeZoneName")
    return part?.value ?? timeZone
  } catch {
    return timeZone
  }
}

/** Whether the device's clock shows another time than the business's at `at`. */
export const deviceZoneDiffers = (timeZone: string, deviceZone: string | undefined, at: Date): boolean => {
  if (deviceZone === undefined || deviceZone === timeZone) return false
  const business = wallClockOf(at, timeZone)
  const device = wallClockOf(at, deviceZone)
  return business.date !== device.date || business.hour !== device.hour || business.minute !== device.minute
}
