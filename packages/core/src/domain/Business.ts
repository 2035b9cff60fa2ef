/** The tenant: time zone, locale, currency, booking rules and notification settings. */
import { Schema } from "effect"
import { BookingRules } from "./BookingRules.js"
import { BusinessId } from "./Ids.js"
import { TimeZoneId } from "./LocalTime.js"
import { CurrencyCode } from "./Money.js"
import { NotificationSettings } from "./NotificationSettings.js"

export const Locale = Schema.Literals(["fr", "en"])
export type Locale = typeof Locale.Type

export const Business = Schema.Struct({
  id: BusinessId,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  timezone: TimeZoneId,
  locale: Locale,
  currency: CurrencyCode,
  bookingRules: BookingRules,
  notifications: NotificationSettings,
  bookingPageUrl: Schema.NullOr(Schema.String)
})
export type Business = typeof Business.Type
