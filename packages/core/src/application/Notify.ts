/** The notify choices a business user makes when cancelling, rejecting or moving (default: tell both). */
import { Schema } from "effect"
import type { Notify } from "../domain/DomainEvent.js"

export const NotifyFields = {
  notifyCustomer: Schema.optionalKey(Schema.Boolean),
  notifyStaff: Schema.optionalKey(Schema.Boolean)
}

export const notifyOf = (input: {
  readonly notifyCustomer?: boolean
  readonly notifyStaff?: boolean
}): Notify => ({ customer: input.notifyCustomer ?? true, staff: input.notifyStaff ?? true })
