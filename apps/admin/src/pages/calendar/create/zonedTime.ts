/**
 * Wall-clock date and time in the business's time zone, to and from instants. The dialog's date
 * and time inputs show the business's clock whatever the browser's zone; the API takes instants.
 * Same rules as the core: a local time in a spring-forward gap moves forward by the gap, an
 * ambiguous one (autumn) takes the earlier offset.
 */
import type { Weekday } from "@creneau/core"

const DAY = 86_400_000

/** A date (`YYYY-MM-DD`) and a time (`HH:mm`) on the business's wall clock. */
export interface WallClock {
  readonly date: string
  readonly time: string
}

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterOf = (timeZone: string): Intl.DateTimeFormat => {
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

/** The wall clock of `timeZone` at `epochMs`, as epoch milliseconds of the same fields in UTC. */
const wallMillisAt = (epochMs: number, timeZone: string): number => {
  const parts: Record<string, number> = {}
  for (const part of formatterOf(timeZone).formatToParts(new Date(epochMs))) {
    if (part.type !== "literal") parts[part.type] = Number(part.value)
  }
  return Date.UTC(
    parts.year ?? 1970,
    (parts.month ?? 1) - 1,
    parts.day ?? 1,
    // Some engines write midnight as 24 even with h23.
    (parts.hour ?? 0) % 24,
    parts.minute ?? 0,
    parts.second ?? 0
  )
}

/** The zone's offset from UTC at `epochMs`, in milliseconds (Paris in summer: +7_200_000). */
export const offsetAt = (epochMs: number, timeZone: string): number =>
  wallMillisAt(Math.floor(epochMs / 1000) * 1000, timeZone) - Math.floor(epochMs / 1000) * 1000

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/
const TIME = /^(\d{2}):(\d{2})$/

/** `2026-03-29` + `11:00` as if it were UTC, or undefined when either is not well formed. */
const wallMillisOf = (clock: WallClock): number | undefined => {
  const d = DATE.exec(clock.date)
  const t = TIME.exec(clock.time)
  if (d === null || t === null) return undefined
  const [year, month, day, hour, minute] = [d[1], d[2], d[3], t[1], t[2]].map(Number) as [
    number,
    number,
    number,
    number,
    number
  ]
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59) return undefined
  const wall = Date.UTC(year, month - 1, day, hour, minute)
  // Rejects 2026-02-31 and the like, which Date.UTC would roll into March.
  if (new Date(wall).getUTCDate() !== day) return undefined
  return wall
}

/**
 * The instant at which the wall clock of `timeZone` shows `clock`, as epoch milliseconds;
 * undefined when the date or time is not well formed.
 */
export const wallClockToEpochMillis = (clock: WallClock, timeZone: string): number | undefined => {
  const wall = wallMillisOf(clock)
  if (wall === undefined) return undefined
  // The offsets a day before and a day after bracket any single transition near this time.
  const before = offsetAt(wall - DAY, timeZone)
  const after = offsetAt(wall + DAY, timeZone)
  const candidates = [...new Set([before, after])]
    .map((offset) => wall - offset)
    .filter((t) => wallMillisAt(t, timeZone) === wall)
    .sort((a, b) => a - b)
  // Ambiguous: the earlier instant (the offset in force before the clocks went back).
  if (candidates[0] !== undefined) return candidates[0]
  // In a gap: read with the offset in force before it, which lands after the gap by its length.
  return wall - before
}

/** The wall-clock time as an RFC 3339 instant in UTC (`2026-03-29T09:00:00.000Z`). */
export const wallClockToInstant = (clock: WallClock, timeZone: string): string | undefined => {
  const t = wallClockToEpochMillis(clock, timeZone)
  return t === undefined ? undefined : new Date(t).toISOString()
}

const pad2 = (n: number): string => String(n).padStart(2, "0")

/** What the wall clock of `timeZone` shows at `instant` (RFC 3339), to the minute. */
export const instantToWallClock = (instant: string, timeZone: string): WallClock | undefined => {
  const t = Date.parse(instant)
  if (Number.isNaN(t)) return undefined
  const wall = new Date(wallMillisAt(t, timeZone))
  return {
    date: `${wall.getUTCFullYear()}-${pad2(wall.getUTCMonth() + 1)}-${pad2(wall.getUTCDate())}`,
    time: `${pad2(wall.getUTCHours())}:${pad2(wall.getUTCMinutes())}`
  }
}

/** A local date moved by whole days (`2026-03-31` + 1 = `2026-04-01`). */
export const addDaysToDate = (date: string, days: number): string => {
  const match = DATE.exec(date)
  if (match === null) return date
  const t = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + days * DAY
  const d = new Date(t)
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`
}

/** The weekday of a local date, as the API names it (`mon` ... `sun`). */
export const weekdayOfDate = (date: string): Weekday | undefined => {
  const match = DATE.exec(date)
  if (match === null) return undefined
  const day = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]))).getUTCDay()
  return WEEKDAYS[(day + 6) % 7]
}

/** The weekdays in the API's order, Monday first. */
export const WEEKDAYS: ReadonlyArray<Weekday> = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
