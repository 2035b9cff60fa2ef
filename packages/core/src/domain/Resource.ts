/** A room or piece of equipment a service needs, usable `capacity` times at once. */
import { Schema } from "effect"
import { BusinessId, ResourceId } from "./Ids.js"

export const Resource = Schema.Struct({
  id: ResourceId,
  businessId: BusinessId,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  capacity: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 1000 }))
})
export type Resource = typeof Resource.Type
