/** Create a business (sign-up) and read or change its settings (JSON Merge Patch, re-validated). */
import { Effect, Schema } from "effect"
import { defaultBookingRules } from "../domain/BookingRules.js"
import { Business, Locale } from "../domain/Business.js"
import type { BusinessId } from "../domain/Ids.js"
import { TimeZoneId } from "../domain/LocalTime.js"
import { CurrencyCode } from "../domain/Money.js"
import { defaultNotificationSettings } from "../domain/NotificationSettings.js"
import { Ids } from "../ports/Ids.js"
import { BusinessRepository } from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { entityPatcher } from "./MergePatch.js"

export const CreateBusinessInput = Schema.Struct({
  name: Business.fields.name,
  timezone: TimeZoneId,
  locale: Schema.optionalKey(Locale),
  currency: Schema.optionalKey(CurrencyCode)
})
export type CreateBusinessInput = typeof CreateBusinessInput.Type

export const createBusiness = Effect.fn("createBusiness")(function* (input: CreateBusinessInput) {
  const business: Business = {
    id: (yield* (yield* Ids).make("business")) as BusinessId,
    name: input.name.trim(),
    timezone: input.timezone,
    locale: input.locale ?? "en",
    currency: input.currency ?? "EUR",
    bookingRules: defaultBookingRules,
    notifications: defaultNotificationSettings,
    bookingPageUrl: null
  }
  yield* (yield* BusinessRepository).insert(business)
  return business
})

export const getBusiness = Effect.fn("getBusiness")(function* (businessId: string) {
  return yield* (yield* BusinessRepository).get(businessId)
})

const patchBusiness = entityPatcher(Business, [
  "name",
  "timezone",
  "locale",
  "currency",
  "bookingRules",
  "notifications",
  "bookingPageUrl"
])

/** Apply an RFC 7396 merge patch to the business's settings; the result must still be valid. */
export const updateBusiness = Effect.fn("updateBusiness")(function* (businessId: string, patch: unknown) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(
    Effect.gen(function* () {
      const repo = yield* BusinessRepository
      const current = yield* repo.get(businessId)
      const next = yield* patchBusiness(current, patch)
      yield* repo.update(next)
      return next
    })
  )
})
