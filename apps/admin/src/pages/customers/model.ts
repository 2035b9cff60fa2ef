/**
 * A customer as the forms hold it (every field a string) and what the API is sent: the new
 * customer's input, or the merge patch of what changed (a cleared email or phone is removed).
 */
import { mergePatchOf } from "../../components/mergePatch"

export interface CustomerDraft {
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly phone: string
  readonly notes: string
}

export const emptyCustomerDraft: CustomerDraft = {
  firstName: "",
  lastName: "",
  email: "",
  phone: "",
  notes: ""
}

interface CustomerFields {
  readonly firstName: string
  readonly lastName: string
  readonly email: string | null
  readonly phone: string | null
  readonly notes: string
}

export const customerDraftOf = (c: CustomerFields): CustomerDraft => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email ?? "",
  phone: c.phone ?? "",
  notes: c.notes
})

/** POST /v1/customers: names trimmed, empty optional fields left out. */
export const newCustomerInput = (d: CustomerDraft) => {
  const email = d.email.trim()
  const phone = d.phone.trim()
  return {
    firstName: d.firstName.trim(),
    lastName: d.lastName.trim(),
    ...(email !== "" && { email }),
    ...(phone !== "" && { phone }),
    ...(d.notes.trim() !== "" && { notes: d.notes })
  }
}

const fieldsOf = (d: CustomerDraft): CustomerFields => ({
  firstName: d.firstName.trim(),
  lastName: d.lastName.trim(),
  email: d.email.trim() === "" ? null : d.email.trim(),
  phone: d.phone.trim() === "" ? null : d.phone.trim(),
  notes: d.notes
})

/** PATCH /v1/customers/:id: what changed since `current`, or undefined when nothing did. */
export const customerPatch = (current: CustomerFields, draft: CustomerDraft) => {
  const { firstName, lastName, email, phone, notes } = current
  const patch = mergePatchOf({ firstName, lastName, email, phone, notes }, fieldsOf(draft))
  return patch as
    | {
        firstName?: string
        lastName?: string
        email?: string | null
        phone?: string | null
        notes?: string
      }
    | undefined
}
