/**
 * What the pages say, for locators and checks: the app's own English texts (src/i18n/en.json, so
 * a reworded label does not break a test), their `{{variables}}` filled in, and dates and times
 * written as the pages write them in English on the business's clock.
 */
import en from "../../src/i18n/en.json"
import { TIMEZONE } from "./api"

export { en }

/** A translation with its `{{variables}}` replaced. */
export const fill = (template: string, values: Record<string, string | number>): string =>
  template.replace(/\{\{(\w+)\}\}/g, (_, key: string) => String(values[key] ?? `{{${key}}}`))

/** Text with every run of white space (Intl writes narrow and thin spaces) as one plain space. */
export const normalize = (text: string | null): string => (text ?? "").replace(/\s+/g, " ").trim()

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")

/** A pattern for `text` that accepts any kind of white space where it has some. */
export const loosely = (text: string, anchors: { readonly start?: boolean; readonly end?: boolean } = {}) =>
  new RegExp(
    `${anchors.start === true ? "^" : ""}${escapeRegExp(normalize(text)).replace(/ /g, "\\s+")}${anchors.end === true ? "$" : ""}`
  )

const zoned = (options: Intl.DateTimeFormatOptions) =>
  new Intl.DateTimeFormat("en", { timeZone: TIMEZONE, ...options })

/** "1:00 PM" */
export const timeText = (instant: string | number) => zoned({ timeStyle: "short" }).format(new Date(instant))

/** "Wed, Nov 25, 1:00 – 2:15 PM", as the calendar writes an appointment's time. */
export const rangeText = (start: string | number, end: string | number) =>
  zoned({ weekday: "short", day: "numeric", month: "short", hour: "numeric", minute: "2-digit" }).formatRange(
    new Date(start),
    new Date(end)
  )

const dateAtNoon = (date: string) => new Date(`${date}T12:00:00Z`)

/** "Wednesday, November 25": how the slot picker names a day (its button's label starts so). */
export const dayLabel = (date: string) =>
  new Intl.DateTimeFormat("en", { timeZone: "UTC", weekday: "long", day: "numeric", month: "long" }).format(
    dateAtNoon(date)
  )

/** "Monday, December 21, 2026": a local date in full. */
export const fullDate = (date: string) =>
  new Intl.DateTimeFormat("en", { timeZone: "UTC", dateStyle: "full" }).format(dateAtNoon(date))
