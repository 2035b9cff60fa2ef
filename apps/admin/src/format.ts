/**
 * Display formats shared by every page: instants in the business's time zone and money from
 * minor units, both in the language shown. The API sends instants as RFC 3339 strings and money
 * as `{amount, currency}` in minor units (cents).
 */
import type { Money } from "@creneau/core"

/** An instant (RFC 3339) as a date and time in `timeZone`. */
export const formatDateTime = (
  instant: string,
  options: { readonly locale: string; readonly timeZone: string },
  style: Intl.DateTimeFormatOptions = { dateStyle: "medium", timeStyle: "short" }
): string =>
  new Intl.DateTimeFormat(options.locale, { ...style, timeZone: options.timeZone }).format(new Date(instant))

/** Money given in minor units, in its currency's own number of decimals (EUR 2, JPY 0). */
export const formatMoney = (money: Money, locale: string): string => {
  const format = new Intl.NumberFormat(locale, { style: "currency", currency: money.currency })
  const decimals = format.resolvedOptions().maximumFractionDigits ?? 2
  return format.format(money.amount / 10 ** decimals)
}
