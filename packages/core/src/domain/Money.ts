/** Money in minor units (cents) with its ISO 4217 currency. */
import { Schema } from "effect"

export const CurrencyCode = Schema.String.check(
  Schema.isPattern(/^[A-Z]{3}$/u, { message: "Expected an ISO 4217 currency code such as EUR" })
)
export type CurrencyCode = typeof CurrencyCode.Type

export const Money = Schema.Struct({
  amount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0)),
  currency: CurrencyCode
})
export type Money = typeof Money.Type

export const money = (amount: number, currency: string): Money => ({ amount, currency })

/** Sum of amounts in one currency (the currency of the first, or `currency` when empty). */
export const sumMoney = (amounts: ReadonlyArray<Money>, currency: string): Money => ({
  amount: amounts.reduce((total, m) => total + m.amount, 0),
  currency: amounts[0]?.currency ?? currency
})
