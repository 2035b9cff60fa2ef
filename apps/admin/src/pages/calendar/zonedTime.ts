/**
 * The calendar's clock: instants shown at their wall-clock time in the business's time zone.
 *
 * react-big-calendar lays out plain `Date`s by their fields in the browser's zone. The calendar
 * therefore works on "calendar dates": a `Date` whose local fields (year ... minute) are the
 * business's wall-clock time, whatever zone the browser is in. `toCalendarDate` maps an instant
 * to one, `instantOfCalendarDate` maps a calendar date back to the RFC 3339 instant it stands
 * for in the business's zone. Local dates (`YYYY-MM-DD`) are the business's days, as the API
 * reads them. (One limit: a wall-clock time inside the browser's own daylight-saving gap, when
 * the business's zone has none then, cannot be a local `Date`; it shows an hour later.)
 */

export interface WallClock {
  readonly year: number
  /** 1 to 12. */
  readonly month: number
  readonly day: number
  readonly hour: number
  readonly minute: number
  readonly second: number
}

const MINUTE = 60_000
const DAY = 24 * 60 * MINUTE

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

const epochOf = (instant: Date | string | number): number =>
  instant instanceof Date ? instant.getTime() : typeof instant === "number" ? instant : Date.parse(instant)

/** The wall-clock time of an instant in `timeZone`. */
export const wallClockOf = (instant: Date | string | number, timeZone: string): WallClock => {
  const fields: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(epochOf(instant))) {
    if (part.type !== "literal") fields[part.type] = Number(part.value)
  }
  return {
    year: fields.year ?? 1970,
    month: fields.month ?? 1,
    day: fields.day ?? 1,
    hour: fields.hour ?? 0,
    minute: fields.minute ?? 0,
    second: fields.second ?? 0
  }
}

const wallAsUtc = (w: WallClock): number => Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)

/** The zone's offset from UTC at an instant, in milliseconds (Paris in winter: 3 600 000). */
export const offsetAt = (epochMs: number, timeZone: string): number => {
  const whole = Math.floor(epochMs / 1000) * 1000
  return wallAsUtc(wallClockOf(whole, timeZone)) - whole
}

/**
 * The instant a wall-clock time stands for in `timeZone`, as the core reads local times: a time
 * that does not exist (the spring-forward gap) moves forward by the gap; an ambiguous one (the
 * autumn repeat) takes the earlier offset, that is the earlier instant.
 */
export const epochOfWallClock = (wall: WallClock, timeZone: string): number => {
  const asUtc = wallAsUtc(wall)
  // The offsets in force a day before and a day after cover any single transition around it.
  const before = offsetAt(asUtc - DAY, timeZone)
  const after = offsetAt(asUtc + DAY, timeZone)
  for (const offset of [before, after]) {
    const candidate = asUtc - offset
    if (offsetAt(candidate, timeZone) === offset) return candidate
  }
  // In the gap: read with the offset before the change, which lands after it, shifted by the gap.
  return asUtc - before
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0")

/** An instant as RFC 3339 with the zone's offset at that instant (`2026-03-02T09:30:00+01:00`). */
export const formatInstant = (epochMs: number, timeZone: string): string => {
  const w = wallClockOf(epochMs, timeZone)
  const offsetMinutes = Math.round(offsetAt(epochMs, timeZone) / MINUTE)
  const sign = offsetMinutes < 0 ? "-" : "+"
  return (
    `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}` +
    `${sign}${pad(Math.trunc(Math.abs(offsetMinutes) / 60))}:${pad(Math.abs(offsetMinutes) % 60)}`
  )
}

/** The calendar date showing an instant at its wall-clock time in `timeZone`. */
export const toCalendarDate = (instant: Date | string | number, timeZone: string): Date => {
  const w = wallClockOf(instant, timeZone)
  return new Date(w.year, w.month - 1, w.day, w.hour, w.minute, w.second)
}

const wallClockOfCalendarDate = (date: Date): WallClock => ({
  year: date.getFullYear(),
  month: date.getMonth() + 1,
  day: date.getDate(),
  hour: date.getHours(),
  minute: date.getMinutes(),
  second: date.getSeconds()
})

/** The instant (epoch milliseconds) a calendar date stands for in `timeZone`. */
export const epochOfCalendarDate = (date: Date, timeZone: string): number =>
  epochOfWallClock(wallClockOfCalendarDate(date), timeZone)

/** The RFC 3339 instant a calendar date stands for in `timeZone`. */
export const instantOfCalendarDate = (date: Date, timeZone: string): string =>
  formatInstant(epochOfCalendarDate(date, timeZone), timeZone)

/** `YYYY-MM-DD` of a calendar date (its local fields). */
export const localDateOfCalendarDate = (date: Date): string =>
  `${pad(date.getFullYear(), 4)}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`

/** The business's day (`YYYY-MM-DD`) an instant falls on. */
export const localDateOf = (instant: Date | string | number, timeZone: string): string =>
  localDateOfCalendarDate(toCalendarDate(instant, timeZone))

const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/

/** Whether a string is a real date `YYYY-MM-DD` (no 31 February). */
export const isLocalDate = (value: string): boolean => {
  const match = LOCAL_DATE.exec(value)
  if (match === null) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** The calendar date at midnight of a local date `YYYY-MM-DD`, optionally at `minutes` past it. */
export const calendarDateOfLocalDate = (localDate: string, minutes = 0): Date => {
  const [year, month, day] = localDate.split("-").map(Number)
  return new Date(year ?? 1970, (month ?? 1) - 1, day ?? 1, Math.floor(minutes / 60), minutes % 60)
}

/** A local date `days` later (or earlier), across month and year ends. */
export const addLocalDays = (localDate: string, days: number): string => {
  const [year, month, day] = localDate.split("-").map(Number)
  const date = new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, (day ?? 1) + days))
  return `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`
}

/** Day of the week of a local date: 0 Sunday ... 6 Saturday. */
export const weekdayOfLocalDate = (localDate: string): number => {
  const [year, month, day] = localDate.split("-").map(Number)
  return new Date(Date.UTC(year ?? 1970, (month ?? 1) - 1, day ?? 1)).getUTCDay()
}

/** Minutes past midnight of a calendar date's wall-clock time. */
export const minutesOfCalendarDate = (date: Date): number => date.getHours() * 60 + date.getMinutes()
