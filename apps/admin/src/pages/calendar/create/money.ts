/**
 * Money typed by hand: amounts in a currency's major units ("45.50", "45,50") to and from the
 * API's minor units, in the currency's own number of decimals (EUR 2, JPY 0).
 */

/** How many decimals `currency` is written with (EUR 2, JPY 0, KWD 3). */
export const currencyDecimals = (currency: string): number => {
  try {
    return (
      new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ??
      2
    )
  } catch {
    return 2
  }
}

/**
 * An amount typed in major units as minor units: `"45.5"` EUR -> 4550. Either a point or a comma
 * separates the decimals; spaces are ignored. Undefined when it is not a non-negative amount
 * with at most the currency's decimals.
 */
export const parseAmount = (text: string, currency: string): number | undefined => {
  const cleaned = text.replace(/[\s\u00a0\u202f]/g, "").replace(",", ".")
  const match = /^(\d{1,9})(?:\.(\d*))?$/.exec(cleaned)
  if (match === null) return undefined
  const decimals = currencyDecimals(currency)
  const fraction = match[2] ?? ""
  if (fraction.length > decimals) return undefined
  return Number(match[1]) * 10 ** decimals + Number(fraction.padEnd(decimals, "0") || "0")
}

/** Minor units as the text of an amount input, with the language's decimal separator. */
export const amountToInput = (amount: number, currency: string, locale: string): string => {
  const decimals = currencyDecimals(currency)
  return new Intl.NumberFormat(locale, {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
    useGrouping: false
  }).format(amount / 10 ** decimals)
}
