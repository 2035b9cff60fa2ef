/**
 * How the calendar writes times and durations: in the business's time zone and the language
 * shown, whatever the browser's zone.
 */
import { splitMinutes } from "./calendarModel"

export interface Zoned {
  readonly locale: string
  readonly timeZone: string
}

/** The hour as the language writes it in short times: "09:00" in French, "9:00 AM" in English. */
const hourStyles = new Map<string, "numeric" | "2-digit">()
const hourStyle = (locale: string): "numeric" | "2-digit" => {
  let style = hourStyles.get(locale)
  if (style === undefined) {
    const five = new Intl.DateTimeFormat(locale, { timeStyle: "short", timeZone: "UTC" }).format(
      Date.UTC(2000, 0, 1, 5)
    )
    style = five.startsWith("0") ? "2-digit" : "numeric"
    hourStyles.set(locale, style)
  }
  return style
}

/** "Tue 17 Mar, 10:00 – 10:45" (or across days, both dates). */
export const formatTimeRange = (start: string, end: string, zoned: Zoned): string =>
  new Intl.DateTimeFormat(zoned.locale, {
    timeZone: zoned.timeZone,
    weekday: "short",
    day: "numeric",
    month: "short",
    hour: hourStyle(zoned.locale),
    minute: "2-digit"
  }).formatRange(new Date(start), new Date(end))

/** "10:00" */
export const formatTime = (instant: string, zoned: Zoned): string =>
  new Intl.DateTimeFormat(zoned.locale, { timeZone: zoned.timeZone, timeStyle: "short" }).format(
    new Date(instant)
  )

/** "Tuesday 17 March 2026, 10:00" */
export const formatLongDateTime = (instant: string, zoned: Zoned): string =>
  new Intl.DateTimeFormat(zoned.locale, {
    timeZone: zoned.timeZone,
    dateStyle: "full",
    timeStyle: "short"
  }).format(new Date(instant))

/** Whole minutes between two instants. */
export const minutesBetween = (start: string, end: string): number =>
  Math.round((Date.parse(end) - Date.parse(start)) / 60_000)

/** "1 h 30 min", "2 d", "45 min" — compact, in the language's own unit abbreviations. */
export const formatMinutes = (total: number, locale: string): string => {
  if (total === 0) {
    return new Intl.NumberFormat(locale, { style: "unit", unit: "minute", unitDisplay: "short" }).format(0)
  }
  const { days, hours, minutes } = splitMinutes(total)
  const unit = (value: number, name: "day" | "hour" | "minute") =>
    new Intl.NumberFormat(locale, { style: "unit", unit: name, unitDisplay: "short" }).format(value)
  return [
    days > 0 ? unit(days, "day") : null,
    hours > 0 ? unit(hours, "hour") : null,
    minutes > 0 ? unit(minutes, "minute") : null
  ]
    .filter((part) => part !== null)
    .join(" ")
}
