/** A business's customer: contact details, profile notes and a no-show count. */
import { Schema } from "effect"
import { BusinessId, CustomerId } from "./Ids.js"

export const Email = Schema.String.check(
  Schema.isMaxLength(254),
  Schema.isPattern(/^[^\s@]+@[^\s@]+\.[^\s@]+$/u, { message: "Expected an email address" })
)
export const Phone = Schema.String.check(
  Schema.isPattern(/^\+?[0-9 ().-]{6,20}$/u, { message: "Expected a phone number" })
)

export const Customer = Schema.Struct({
  id: CustomerId,
  businessId: BusinessId,
  firstName: Schema.String.check(Schema.isMaxLength(100)),
  lastName: Schema.String.check(Schema.isMaxLength(100)),
  email: Schema.NullOr(Email),
  phone: Schema.NullOr(Phone),
  notes: Schema.String,
  noShowCount: Schema.Int.check(Schema.isGreaterThanOrEqualTo(0))
})
export type Customer = typeof Customer.Type

export const customerName = (c: Pick<Customer, "firstName" | "lastName">): string =>
  `${c.firstName} ${c.lastName}`.trim()

/** Case-insensitive match on first name, last name, full name, email or phone digits. */
export const matchesCustomerQuery = (c: Customer, query: string): boolean => {
  const q = query.trim().toLowerCase()
  if (q === "") return true
  const digits = q.replace(/\D/g, "")
  return (
    c.firstName.toLowerCase().includes(q) ||
    c.lastName.toLowerCase().includes(q) ||
    customerName(c).toLowerCase().includes(q) ||
    (c.email?.toLowerCase().includes(q) ?? false) ||
    (digits.length >= 3 && (c.phone?.replace(/\D/g, "").includes(digits) ?? false))
  )
}
