/**
 * Branded identifiers of every entity. Ids are opaque strings; the in-memory and database
 * adapters mint prefixed ones (`apt_…`), but any non-empty string decodes.
 */
import { Schema } from "effect"

const IdString = Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(64))

export const BusinessId = IdString.pipe(Schema.brand("@creneau/BusinessId"))
export type BusinessId = typeof BusinessId.Type
export const UserId = IdString.pipe(Schema.brand("@creneau/UserId"))
export type UserId = typeof UserId.Type
export const StaffId = IdString.pipe(Schema.brand("@creneau/StaffId"))
export type StaffId = typeof StaffId.Type
export const ResourceId = IdString.pipe(Schema.brand("@creneau/ResourceId"))
export type ResourceId = typeof ResourceId.Type
export const ServiceId = IdString.pipe(Schema.brand("@creneau/ServiceId"))
export type ServiceId = typeof ServiceId.Type
export const CustomerId = IdString.pipe(Schema.brand("@creneau/CustomerId"))
export type CustomerId = typeof CustomerId.Type
export const AppointmentId = IdString.pipe(Schema.brand("@creneau/AppointmentId"))
export type AppointmentId = typeof AppointmentId.Type
export const SeriesId = IdString.pipe(Schema.brand("@creneau/SeriesId"))
export type SeriesId = typeof SeriesId.Type
export const TimeOffId = IdString.pipe(Schema.brand("@creneau/TimeOffId"))
export type TimeOffId = typeof TimeOffId.Type
export const NotificationId = IdString.pipe(Schema.brand("@creneau/NotificationId"))
export type NotificationId = typeof NotificationId.Type
export const WebhookId = IdString.pipe(Schema.brand("@creneau/WebhookId"))
export type WebhookId = typeof WebhookId.Type
export const ApiKeyId = IdString.pipe(Schema.brand("@creneau/ApiKeyId"))
export type ApiKeyId = typeof ApiKeyId.Type

/** Prefixes used when minting ids, so that an id says what it names. */
export const IdPrefix = {
  business: "biz",
  user: "usr",
  staff: "stf",
  resource: "res",
  service: "svc",
  customer: "cus",
  appointment: "apt",
  series: "ser",
  timeOff: "off",
  notification: "ntf",
  webhook: "whk",
  apiKey: "key",
  session: "ses"
} as const
export type IdKind = keyof typeof IdPrefix
