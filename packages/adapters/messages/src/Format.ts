/**
 * How values read in a message: dates and times in the business's time zone and language, money
 * in its currency (amounts are minor units), durations, and lists of names. Formatters are built
 * once per locale, zone or currency (building an Intl formatter costs more than using it).
 */
import type { Locale, Money } from "@creneau/core"
import type { DateTime } from "effect"

const memo = <A>(build: (key: string) => A) => {
  const cache = new Map<string, A>()
  return (key: string): A => {
    let found = cache.get(key)
    if (found === undefined) {
      found = build(key)
      cache.set(key, found)
    }
    return found
  }
}

type DateStyle = "dateTime" | "date" | "time"

const dateOptions: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  dateTime: { dateStyle: "full", timeStyle: "short" },
  date: { dateStyle: "full" },
  time: { timeStyle: "short" }
}

const dateFormat = memo((key) => {
  const [locale, timeZone, style] = key.split("|") as [string, string, DateStyle]
  return new Intl.DateTimeFormat(locale, { ...dateOptions[style], timeZone })
})

const moneyFormat = memo((key) => {
  const [locale, currency] = key.split("|") as [string, string]
  const format = new Intl.NumberFormat(locale, { style: "currency", currency })
  // The currency's minor unit (2 for EUR, 0 for JPY, 3 for BHD), as ISO 4217 and Intl know it.
  const divisor = 10 ** (format.resolvedOptions().maximumFractionDigits ?? 2)
  return (amount: number) => format.format(amount / divisor)
})

const listFormat = memo((locale) => new Intl.ListFormat(locale, { style: "long", type: "conjunction" }))

/** The formatters of one business: its locale and time zone. */
export interface Formats {
  readonly dateTime: (instant: DateTime.DateTime) => string
  readonly date: (instant: DateTime.DateTime) => string
  readonly time: (instant: DateTime.DateTime) => string
  readonly money: (money: Money) => string
  readonly duration: (minutes: number) => string
  readonly list: (items: ReadonlyArray<string>) => string
}

/** `45 min`, `1 h`, `1 h 30` (French) or `1 h 30 min` (English). */
const duration = (locale: Locale, minutes: number): string => {
  const h = Math.floor(minutes / 60)
  const m = minutes % 60
  if (h === 0) return `${m} min`
  if (m === 0) return `${h} h`
  const mm = String(m).padStart(2, "0")
  return locale === "fr" ? `${h} h ${mm}` : `${h} h ${mm} min`
}

export const formatsOf = (locale: Locale, timeZone: string): Formats => {
  const at = (style: DateStyle) => {
    const format = dateFormat(`${locale}|${timeZone}|${style}`)
    return (instant: DateTime.DateTime) => format.format(instant.epochMilliseconds)
  }
  return {
    dateTime: at("dateTime"),
    date: at("date"),
    time: at("time"),
    money: (m) => moneyFormat(`${locale}|${m.currency}`)(m.amount),
    duration: (minutes) => duration(locale, minutes),
    list: (items) => listFormat(locale).format(items)
  }
}
