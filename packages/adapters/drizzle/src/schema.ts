/**
 * The PostgreSQL schema of Créneau, shared by PGlite and PostgreSQL and read by drizzle-kit to
 * generate the migrations under `drizzle/`. snake_case columns, `timestamptz` everywhere, money as
 * minor units plus an ISO 4217 code. Nested settings the database never queries (booking rules,
 * notification settings, working hours, questionnaires, history data) are `jsonb`, decoded through
 * the core's schemas on the way out.
 *
 * What drizzle-kit cannot express lives in custom migrations: the `btree_gist` and `pg_trgm`
 * extensions (0000) and the exclusion constraint that keeps a staff member's active appointment
 * items from overlapping (see `appointmentItems`).
 */
import { sql } from "drizzle-orm"
import {
  bigint,
  boolean,
  char,
  check,
  customType,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uniqueIndex
} from "drizzle-orm/pg-core"

/** A point in time, to the millisecond, with its zone (stored as UTC). */
const instant = (name: string) => timestamp(name, { withTimezone: true, mode: "date", precision: 3 })

/** A `tstzrange` written as a range literal (`[start,end)`); never read back by the adapter. */
const tstzrange = customType<{ data: string; driverData: string }>({ dataType: () => "tstzrange" })

/** Money in minor units; `bigint` so that currencies without minor units never overflow. */
const minorUnits = (name: string) => bigint(name, { mode: "number" })

const currency = (name: string) => char(name, { length: 3 })

// ---- tenants and sign-in ---------------------------------------------------------------------

export const businesses = pgTable("businesses", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  timezone: text("timezone").notNull(),
  locale: text("locale").notNull(),
  currency: currency("currency").notNull(),
  /** `BookingRules` of the core. */
  bookingRules: jsonb("booking_rules").notNull(),
  /** `NotificationSettings` of the core. */
  notifications: jsonb("notifications").notNull(),
  bookingPageUrl: text("booking_page_url"),
  createdAt: instant("created_at").notNull().defaultNow()
})

export const users = pgTable(
  "users",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    email: text("email").notNull(),
    name: text("name").notNull(),
    role: text("role").notNull(),
    /** The staff member a `staff` user acts as. */
    staffId: text("staff_id"),
    passwordHash: text("password_hash").notNull(),
    createdAt: instant("created_at").notNull().defaultNow()
  },
  (t) => [
    /** One address, one sign-in: emails are unique across the product, whatever their case. */
    uniqueIndex("users_email_lower_unique").on(sql`lower(${t.email})`),
    check("users_role_check", sql`${t.role} in ('owner', 'admin', 'staff')`)
  ]
)

export const apiKeys = pgTable(
  "api_keys",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    role: text("role").notNull(),
    staffId: text("staff_id"),
    /** SHA-256 of the key; the key itself is shown once and never stored. */
    keyHash: text("key_hash").notNull().unique("api_keys_key_hash_unique"),
    createdAt: instant("created_at").notNull().defaultNow(),
    revokedAt: instant("revoked_at")
  },
  (t) => [
    index("api_keys_business_idx").on(t.businessId),
    check("api_keys_role_check", sql`${t.role} in ('owner', 'admin', 'staff')`)
  ]
)

export const sessions = pgTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    /** SHA-256 of the session token held in the cookie. */
    tokenHash: text("token_hash").notNull().unique("sessions_token_hash_unique"),
    expiresAt: instant("expires_at").notNull(),
    createdAt: instant("created_at").notNull().defaultNow()
  },
  (t) => [index("sessions_user_idx").on(t.userId)]
)

// ---- catalog ---------------------------------------------------------------------------------
// Appointments and services keep the ids of staff members and resources without foreign keys:
// a catalog entry may be removed while past appointments (and inactive services) still name it.

export const staffMembers = pgTable(
  "staff_members",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    email: text("email"),
    phone: text("phone"),
    active: boolean("active").notNull(),
    /** `WorkingHours` of the core: weekly intervals and date overrides, in the business zone. */
    workingHours: jsonb("working_hours").notNull()
  },
  (t) => [index("staff_members_business_idx").on(t.businessId)]
)

export const staffTimeOff = pgTable(
  "staff_time_off",
  {
    id: text("id").primaryKey(),
    staffId: text("staff_id")
      .notNull()
      .references(() => staffMembers.id, { onDelete: "cascade" }),
    /** Index in the staff member's list, which keeps its order. */
    position: integer("position").notNull(),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    reason: text("reason")
  },
  (t) => [
    unique("staff_time_off_position_unique").on(t.staffId, t.position),
    index("staff_time_off_range_idx").on(t.staffId, t.startAt, t.endAt)
  ]
)

export const resources = pgTable(
  "resources",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    capacity: integer("capacity").notNull().default(1)
  },
  (t) => [
    index("resources_business_idx").on(t.businessId),
    check("resources_capacity_check", sql`${t.capacity} >= 1`)
  ]
)

export const services = pgTable(
  "services",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    name: text("name").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    priceAmount: minorUnits("price_amount").notNull(),
    priceCurrency: currency("price_currency").notNull(),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull().default(0),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull().default(0),
    /** `Question[]` of the core. */
    questionnaire: jsonb("questionnaire").notNull(),
    /** `BookingRulesOverride` of the core, or null. */
    rules: jsonb("rules"),
    active: boolean("active").notNull()
  },
  (t) => [
    index("services_business_idx").on(t.businessId),
    check("services_price_check", sql`${t.priceAmount} >= 0`)
  ]
)

/** Who performs a service, in the order the business gave (the order is meaningful). */
export const serviceStaff = pgTable(
  "service_staff",
  {
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    staffId: text("staff_id").notNull()
  },
  (t) => [
    primaryKey({ name: "service_staff_pk", columns: [t.serviceId, t.position] }),
    index("service_staff_staff_idx").on(t.staffId)
  ]
)

/** The resources a service may use, in order of preference. */
export const serviceResources = pgTable(
  "service_resources",
  {
    serviceId: text("service_id")
      .notNull()
      .references(() => services.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    resourceId: text("resource_id").notNull()
  },
  (t) => [
    primaryKey({ name: "service_resources_pk", columns: [t.serviceId, t.position] }),
    index("service_resources_resource_idx").on(t.resourceId)
  ]
)

// ---- customers -------------------------------------------------------------------------------

export const customers = pgTable(
  "customers",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    firstName: text("first_name").notNull(),
    lastName: text("last_name").notNull(),
    email: text("email"),
    phone: text("phone"),
    notes: text("notes").notNull().default(""),
    noShowCount: integer("no_show_count").notNull().default(0),
    /**
     * Search keys written by the adapter with JavaScript's case folding (the same as the core's
     * `matchesCustomerQuery`, whatever the database collation): the full name and the email in
     * lower case, and the digits of the phone number.
     */
    searchName: text("search_name").notNull(),
    searchEmail: text("search_email").notNull().default(""),
    phoneDigits: text("phone_digits").notNull().default("")
  },
  (t) => [
    index("customers_business_name_idx").on(t.businessId, t.lastName, t.firstName),
    index("customers_search_name_trgm_idx").using("gin", t.searchName.op("gin_trgm_ops")),
    index("customers_search_email_trgm_idx").using("gin", t.searchEmail.op("gin_trgm_ops")),
    index("customers_phone_digits_trgm_idx").using("gin", t.phoneDigits.op("gin_trgm_ops")),
    check("customers_no_show_count_check", sql`${t.noShowCount} >= 0`)
  ]
)

// ---- appointments ----------------------------------------------------------------------------

export const series = pgTable(
  "series",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    /** `RecurrenceRule` of the core. */
    rule: jsonb("rule").notNull(),
    createdAt: instant("created_at").notNull()
  },
  (t) => [index("series_business_idx").on(t.businessId)]
)

export const appointments = pgTable(
  "appointments",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    status: text("status").notNull(),
    pendingReason: text("pending_reason"),
    noShow: boolean("no_show").notNull().default(false),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    /** The hull of the items' occupied ranges, buffers included (`listActive`). */
    occupied: tstzrange("occupied").notNull(),
    customerId: text("customer_id").references(() => customers.id),
    source: text("source").notNull(),
    requestedByClient: boolean("requested_by_client").notNull().default(false),
    customerRequest: text("customer_request"),
    quickNote: text("quick_note"),
    appointmentNotes: text("appointment_notes"),
    /** Questionnaire answers: `{questionId: string | boolean}`. */
    answers: jsonb("answers").notNull(),
    paymentMethod: text("payment_method").notNull(),
    paymentStatus: text("payment_status").notNull(),
    paymentAmountRequested: minorUnits("payment_amount_requested"),
    paymentCurrency: currency("payment_currency"),
    paymentInstrumentKind: text("payment_instrument_kind"),
    paymentInstrumentReference: text("payment_instrument_reference"),
    /** `BookingRulesSnapshot` of the core: the rules copied at creation. */
    rulesSnapshot: jsonb("rules_snapshot").notNull(),
    seriesId: text("series_id").references(() => series.id),
    cancellationMessage: text("cancellation_message"),
    rejectionReason: text("rejection_reason"),
    version: integer("version").notNull(),
    createdAt: instant("created_at").notNull(),
    /** `ActorRef` of the core: `{kind, id, name}`. */
    createdBy: jsonb("created_by").notNull(),
    updatedAt: instant("updated_at").notNull(),
    updatedBy: jsonb("updated_by").notNull()
  },
  (t) => [
    index("appointments_business_start_idx").on(t.businessId, t.startAt),
    index("appointments_customer_idx").on(t.customerId),
    index("appointments_series_idx").on(t.seriesId),
    index("appointments_active_occupied_idx")
      .using("gist", t.businessId, t.occupied)
      .where(sql`${t.status} in ('pending', 'approved', 'rescheduled')`),
    index("appointments_ended_idx").on(t.endAt).where(sql`${t.status} in ('approved', 'rescheduled')`),
    check(
      "appointments_status_check",
      sql`${t.status} in ('pending', 'approved', 'rescheduled', 'cancelled', 'rejected', 'completed')`
    ),
    check("appointments_range_check", sql`${t.startAt} <= ${t.endAt}`),
    check(
      "appointments_payment_check",
      sql`(${t.paymentAmountRequested} is null) = (${t.paymentCurrency} is null)`
    )
  ]
)

/**
 * One service item of an appointment: who, what, when. `occupied` is the item's time widened by
 * its buffers (`[start - before, end + after)`), and `active` mirrors the appointment's status
 * (pending, approved or rescheduled); both are written with the item, whose rows are replaced on
 * every write of the appointment. The exclusion constraint
 * `EXCLUDE USING gist (staff_id WITH =, occupied WITH &&, appointment_id WITH <>) WHERE (active)`
 * (custom migration) is the database's guarantee that a staff member is never double-booked; an
 * appointment's own items never conflict with each other.
 */
export const appointmentItems = pgTable(
  "appointment_items",
  {
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    businessId: text("business_id").notNull(),
    serviceId: text("service_id").notNull(),
    serviceName: text("service_name").notNull(),
    staffId: text("staff_id").notNull(),
    resourceId: text("resource_id"),
    startAt: instant("start_at").notNull(),
    endAt: instant("end_at").notNull(),
    priceAmount: minorUnits("price_amount").notNull(),
    priceCurrency: currency("price_currency").notNull(),
    bufferBeforeMinutes: integer("buffer_before_minutes").notNull(),
    bufferAfterMinutes: integer("buffer_after_minutes").notNull(),
    occupied: tstzrange("occupied").notNull(),
    active: boolean("active").notNull()
  },
  (t) => [
    primaryKey({ name: "appointment_items_pk", columns: [t.appointmentId, t.position] }),
    index("appointment_items_staff_idx").on(t.staffId),
    index("appointment_items_resource_occupied_idx")
      .using("gist", t.resourceId, t.occupied)
      .where(sql`${t.active} and ${t.resourceId} is not null`)
  ]
)

/** The appointment's history, append-only, in order. */
export const appointmentHistory = pgTable(
  "appointment_history",
  {
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    at: instant("at").notNull(),
    /** `ActorRef` of the core. */
    actor: jsonb("actor").notNull(),
    type: text("type").notNull(),
    data: jsonb("data").notNull()
  },
  (t) => [primaryKey({ name: "appointment_history_pk", columns: [t.appointmentId, t.position] })]
)

// ---- delivery --------------------------------------------------------------------------------

export const webhooks = pgTable(
  "webhooks",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    url: text("url").notNull(),
    /** Webhook event names; empty means every event. */
    events: text("events").array().notNull().default(sql`'{}'::text[]`),
    /** Signing secret (HMAC-SHA256): needed in clear to sign each delivery. */
    secret: text("secret").notNull(),
    createdAt: instant("created_at").notNull()
  },
  (t) => [index("webhooks_business_idx").on(t.businessId)]
)

/**
 * Every message to send (email, SMS, webhook delivery), written in the transaction of the change
 * that caused it and claimed by workers with `FOR UPDATE SKIP LOCKED`: a claimed message is
 * leased until `leased_until`. `webhook_id` has no foreign key: a delivery log outlives its
 * endpoint.
 */
export const outbox = pgTable(
  "outbox",
  {
    id: text("id").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    appointmentId: text("appointment_id").references(() => appointments.id),
    seriesId: text("series_id").references(() => series.id),
    channel: text("channel").notNull(),
    recipientRole: text("recipient_role"),
    /** Email address, phone number or webhook URL. */
    recipient: text("recipient").notNull(),
    event: text("event").notNull(),
    /** The words, rendered when a notification is sent (null until then); a webhook's at once. */
    subject: text("subject"),
    bodyText: text("body_text"),
    bodyHtml: text("body_html"),
    links: jsonb("links").notNull(),
    attachments: jsonb("attachments").notNull(),
    /** A notification's intent (the core's NotificationIntent, encoded): what is rendered when it is sent. */
    intent: jsonb("intent"),
    webhookId: text("webhook_id"),
    sendAfter: instant("send_after").notNull(),
    status: text("status").notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    sentAt: instant("sent_at"),
    /** Until when a worker holds the message; null when no one does. */
    leasedUntil: instant("leased_until"),
    createdAt: instant("created_at").notNull()
  },
  (t) => [
    index("outbox_business_created_idx").on(t.businessId, t.createdAt),
    index("outbox_appointment_idx").on(t.appointmentId),
    index("outbox_due_idx").on(t.sendAfter).where(sql`${t.status} = 'pending'`),
    check("outbox_channel_check", sql`${t.channel} in ('email', 'sms', 'webhook')`),
    check("outbox_status_check", sql`${t.status} in ('pending', 'sent', 'failed', 'dropped')`)
  ]
)

/** Responses stored per (business, idempotency key), replayed when the request is repeated. */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    response: jsonb("response"),
    createdAt: instant("created_at").notNull()
  },
  (t) => [primaryKey({ name: "idempotency_keys_pk", columns: [t.businessId, t.key] })]
)

/** Action links, stored as the SHA-256 of the token: the raw token only travels in the link. */
export const actionTokens = pgTable(
  "action_tokens",
  {
    tokenHash: text("token_hash").primaryKey(),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    appointmentId: text("appointment_id")
      .notNull()
      .references(() => appointments.id, { onDelete: "cascade" }),
    purpose: text("purpose").notNull(),
    staffId: text("staff_id"),
    createdAt: instant("created_at").notNull().defaultNow()
  },
  (t) => [
    index("action_tokens_appointment_idx").on(t.appointmentId),
    check(
      "action_tokens_purpose_check",
      sql`${t.purpose} in ('manage', 'confirm', 'approve', 'reject', 'staff_action')`
    )
  ]
)

/** A business's own wording of a notification, per (event, recipient, channel). */
export const notificationTemplates = pgTable(
  "notification_templates",
  {
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    event: text("event").notNull(),
    recipient: text("recipient").notNull(),
    channel: text("channel").notNull(),
    subject: text("subject").notNull(),
    body: text("body").notNull(),
    html: text("html"),
    updatedAt: instant("updated_at").notNull().defaultNow()
  },
  (t) => [
    primaryKey({
      name: "notification_templates_pk",
      columns: [t.businessId, t.event, t.recipient, t.channel]
    }),
    check("notification_templates_recipient_check", sql`${t.recipient} in ('customer', 'staff')`),
    check("notification_templates_channel_check", sql`${t.channel} in ('email', 'sms')`)
  ]
)

/**
 * Staff members' calendar subscription feeds: at most one per staff member, stored as the SHA-256
 * of its token (the raw token only travels in the feed's URL). A new token replaces the row.
 */
export const staffCalendarFeeds = pgTable(
  "staff_calendar_feeds",
  {
    staffId: text("staff_id")
      .primaryKey()
      .references(() => staffMembers.id, { onDelete: "cascade" }),
    businessId: text("business_id")
      .notNull()
      .references(() => businesses.id, { onDelete: "cascade" }),
    tokenHash: text("token_hash").notNull(),
    createdAt: instant("created_at").notNull()
  },
  (t) => [uniqueIndex("staff_calendar_feeds_token_idx").on(t.tokenHash)]
)
