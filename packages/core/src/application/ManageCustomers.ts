/** Customers: file, search (name, email, phone), read and change. */
import { Effect, Schema } from "effect"
import { Customer } from "../domain/Customer.js"
import type { BusinessId, CustomerId } from "../domain/Ids.js"
import { Ids } from "../ports/Ids.js"
import { CustomerRepository } from "../ports/Repositories.js"
import { NewCustomer } from "./CreateAppointment.js"
import { entityPatcher } from "./MergePatch.js"

export const CreateCustomerInput = Schema.Struct({
  ...NewCustomer.fields,
  notes: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(20_000)))
})
export type CreateCustomerInput = typeof CreateCustomerInput.Type

export const createCustomer = Effect.fn("createCustomer")(function* (
  businessId: string,
  input: CreateCustomerInput
) {
  const customer: Customer = {
    id: (yield* (yield* Ids).make("customer")) as CustomerId,
    businessId: businessId as BusinessId,
    firstName: input.firstName.trim(),
    lastName: input.lastName.trim(),
    email: input.email?.trim() ?? null,
    phone: input.phone?.trim() ?? null,
    notes: input.notes ?? "",
    noShowCount: 0
  }
  yield* (yield* CustomerRepository).insert(customer)
  return customer
})

export const searchCustomers = Effect.fn("searchCustomers")(function* (businessId: string, query: string) {
  return yield* (yield* CustomerRepository).search(businessId, query, 100)
})

const patchCustomer = entityPatcher(Customer, ["firstName", "lastName", "email", "phone", "notes"])

export const updateCustomer = Effect.fn("updateCustomer")(function* (
  businessId: string,
  id: string,
  patch: unknown
) {
  const repo = yield* CustomerRepository
  const current = yield* repo.get(businessId, id)
  const next = yield* patchCustomer(current, patch)
  yield* repo.update(next)
  return next
})
