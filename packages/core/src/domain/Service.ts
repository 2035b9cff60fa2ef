/** What a business sells: duration, price, buffers, who performs it, what it needs, what it asks. */
import { Schema } from "effect"
import { BookingRulesOverride } from "./BookingRules.js"
import { BusinessId, ResourceId, ServiceId, StaffId } from "./Ids.js"
import { Money } from "./Money.js"

export const Question = Schema.Struct({
  id: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(64)),
  label: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(500)),
  kind: Schema.Literals(["text", "choice", "boolean"]),
  required: Schema.Boolean,
  options: Schema.Array(Schema.String)
})
export type Question = typeof Question.Type

const Minutes = (max: number) => Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: max }))

/** The longest a service (or an item of an appointment) lasts, buffers excluded. */
export const MAX_DURATION_MINUTES = 24 * 60

/** The longest buffer before or after a service. */
export const MAX_BUFFER_MINUTES = 240

export const Service = Schema.Struct({
  id: ServiceId,
  businessId: BusinessId,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  durationMinutes: Schema.Int.check(Schema.isBetween({ minimum: 5, maximum: MAX_DURATION_MINUTES })),
  price: Money,
  bufferBeforeMinutes: Minutes(MAX_BUFFER_MINUTES),
  bufferAfterMinutes: Minutes(MAX_BUFFER_MINUTES),
  staffIds: Schema.Array(StaffId),
  /** Resources the service needs: one of them per booking (any with free capacity). */
  resourceIds: Schema.Array(ResourceId),
  questionnaire: Schema.Array(Question),
  rules: Schema.NullOr(BookingRulesOverride),
  active: Schema.Boolean
})
export type Service = typeof Service.Type
