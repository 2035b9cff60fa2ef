/**
 * The route registry: every operation of the API with its method, path, summary, tag, who may
 * call it, and the Schemas of its body, query and response. The routes decode their input with
 * these very Schemas and the OpenAPI document is generated from them, so the two cannot drift.
 */
import {
  ApprovalMode,
  AvailabilityInput,
  BookingRules,
  Business,
  CancelAppointmentInput,
  ClientAvailabilityInput,
  ClientCancelInput,
  ClientRescheduleInput,
  CreateApiKeyInput,
  CreateAppointmentInput,
  CreateCustomerInput,
  CreateResourceInput,
  CreateServiceInput,
  CreateStaffInput,
  CurrencyCode,
  Email,
  Instant,
  ListAppointmentsInput,
  ListOutboxInput,
  LocalDate,
  Locale,
  LoginInput,
  MarkNoShowInput,
  Money,
  NewCustomer,
  NotificationSettings,
  OnlineBookingInput,
  Phone,
  Question,
  RecurrencePreviewInput,
  RegisterWebhookInput,
  RejectAppointmentInput,
  ReminderSetting,
  RescheduleAppointmentInput,
  Resource,
  Service,
  ServiceId,
  SetWorkingHoursInput,
  SignupInput,
  StaffLinkInput,
  StaffMember,
  TimeOffInput,
  TimeZoneId,
  UpdateAppointmentDetailsInput
} from "@creneau/core"
import { Schema } from "effect"
import type { ProblemCode } from "./Problem.js"
import {
  ApiKeyCreated,
  ApiKeyView,
  AppointmentDetail,
  AppointmentView,
  AvailabilityResponse,
  BusinessView,
  CalendarFeedCreatedView,
  CalendarFeedStatusView,
  ChangeResponse,
  CreateAppointmentResponse,
  CustomerView,
  Health,
  ListOf,
  LoginResponse,
  ManagePage,
  OutboxView,
  PublicBookingResponse,
  PublicBusinessPage,
  RecurrencePreviewResponse,
  ResourceView,
  ServiceView,
  SessionView,
  SignupResponse,
  StaffActionPage,
  StaffView,
  TemplateInputView,
  TemplatePreviewInputView,
  TemplatePreviewView,
  TemplateView,
  TimeOffView,
  WebhookView
} from "./Views.js"

/** Who may call a route: nobody in particular, any user of the business, owners and admins, or the holder of an action link. */
export type Access = "public" | "business" | "manager" | "link"

export interface RouteSpec {
  readonly method: "get" | "post" | "put" | "patch" | "delete"
  /** Hono syntax (`/v1/staff/:id`); the document writes `{id}`. */
  readonly path: string
  readonly summary: string
  readonly description?: string
  readonly tag: string
  readonly access: Access
  readonly body?: Schema.Top
  readonly query?: Schema.Top
  readonly response?: Schema.Top
  readonly status: 200 | 201 | 204
  /** A non-JSON success body. */
  readonly contentType?: string
  /** Accepts an Idempotency-Key header. */
  readonly idempotent?: boolean
  /** Answered with an ETag: `If-None-Match` naming it answers 304 while the answer is unchanged. */
  readonly conditional?: boolean
  /** Error codes beyond those implied by access, input and path parameters. */
  readonly errors?: ReadonlyArray<ProblemCode>
  /** An example request body, shown in the document (and checked by the tests). */
  readonly example?: unknown
}

const route = <const S extends RouteSpec>(spec: S): S => spec

// ---- input schemas that are HTTP-shaped -----------------------------------------------------

/** `?serviceId=a&serviceId=b&staffId=&from=&to=`: the services as a repeated parameter. */
export const AvailabilityQuery = Schema.Struct({
  serviceId: Schema.Union([ServiceId, AvailabilityInput.fields.serviceIds]).annotate({
    description: "A service id; repeat the parameter for services back to back (1 to 5)."
  }),
  staffId: AvailabilityInput.fields.staffId,
  from: AvailabilityInput.fields.from,
  to: AvailabilityInput.fields.to
})

const InstantOrDate = Schema.Union([Instant, LocalDate]).annotate({
  description:
    "An RFC 3339 instant, or a date YYYY-MM-DD in the business's time zone (`to` then includes that day)."
})

/** The core's filter, where `from` and `to` may also be local dates. */
export const ListAppointmentsQuery = Schema.Struct({
  ...ListAppointmentsInput.fields,
  from: Schema.optionalKey(InstantOrDate),
  to: Schema.optionalKey(InstantOrDate)
})

export const CustomerSearchQuery = Schema.Struct({
  q: Schema.optionalKey(
    Schema.String.check(Schema.isMaxLength(200)).annotate({
      description: "Matches first name, last name, email or phone; all customers when empty."
    })
  )
})

const optional = <S extends Schema.Top>(schema: S) => Schema.optionalKey(schema)
const nullable = <S extends Schema.Top>(schema: S) => Schema.optionalKey(Schema.NullOr(schema))
const partialRule = Schema.Struct({
  enabled: optional(Schema.Boolean),
  minNoticeMinutes: optional(BookingRules.fields.clientCancel.fields.minNoticeMinutes)
})

/** RFC 7396 merge patch of the business settings: nested objects merge key by key. */
export const BusinessPatch = Schema.Struct({
  name: optional(Business.fields.name),
  timezone: optional(TimeZoneId),
  locale: optional(Locale),
  currency: optional(CurrencyCode),
  bookingRules: optional(
    Schema.Struct({
      approvalMode: optional(ApprovalMode),
      minBookingNoticeMinutes: optional(BookingRules.fields.minBookingNoticeMinutes),
      maxAdvanceDays: optional(BookingRules.fields.maxAdvanceDays),
      slotIntervalMinutes: optional(BookingRules.fields.slotIntervalMinutes),
      clientCancel: optional(partialRule),
      clientReschedule: optional(partialRule),
      preferredStaffSelection: optional(Schema.Boolean),
      noShowApprovalThreshold: nullable(BookingRules.fields.noShowApprovalThreshold.members[0])
    })
  ),
  notifications: optional(
    Schema.Struct({
      reminders: optional(Schema.Array(ReminderSetting).check(Schema.isMaxLength(10))),
      followUp: optional(
        Schema.Struct({
          enabled: optional(Schema.Boolean),
          delayMinutes: optional(NotificationSettings.fields.followUp.fields.delayMinutes)
        })
      ),
      missedAppointmentEmail: optional(Schema.Struct({ enabled: optional(Schema.Boolean) }))
    })
  ),
  bookingPageUrl: nullable(Schema.String.check(Schema.isMaxLength(2000)))
}).annotate({ identifier: "BusinessPatch", description: "RFC 7396 JSON merge patch." })

export const StaffPatch = Schema.Struct({
  name: optional(StaffMember.fields.name),
  email: nullable(Email),
  phone: nullable(Phone),
  active: optional(Schema.Boolean)
}).annotate({ identifier: "StaffPatch", description: "RFC 7396 JSON merge patch." })

export const ResourcePatch = Schema.Struct({
  name: optional(Resource.fields.name),
  capacity: optional(Resource.fields.capacity)
}).annotate({ identifier: "ResourcePatch", description: "RFC 7396 JSON merge patch." })

export const ServicePatch = Schema.Struct({
  name: optional(Service.fields.name),
  durationMinutes: optional(Service.fields.durationMinutes),
  price: optional(Money),
  bufferBeforeMinutes: optional(Service.fields.bufferBeforeMinutes),
  bufferAfterMinutes: optional(Service.fields.bufferAfterMinutes),
  staffIds: optional(Service.fields.staffIds),
  resourceIds: optional(Service.fields.resourceIds),
  questionnaire: optional(Schema.Array(Question).check(Schema.isMaxLength(50))),
  rules: nullable(Schema.Record(Schema.String, Schema.Unknown)).annotate({
    description: "Booking-rule overrides, merged key by key; null removes them."
  }),
  active: optional(Schema.Boolean)
}).annotate({ identifier: "ServicePatch", description: "RFC 7396 JSON merge patch." })

export const CustomerPatch = Schema.Struct({
  firstName: optional(NewCustomer.fields.firstName),
  lastName: optional(NewCustomer.fields.lastName),
  email: nullable(Email),
  phone: nullable(Phone),
  notes: optional(CreateCustomerInput.fields.notes.schema)
}).annotate({ identifier: "CustomerPatch", description: "RFC 7396 JSON merge patch." })

// ---- the routes -----------------------------------------------------------------------------

const NOW_EXAMPLE = "2030-03-12T10:00:00+01:00"

export const api = {
  // access
  signup: route({
    method: "post",
    path: "/v1/signup",
    summary: "Open a business with its owner; returns the first API key once",
    tag: "Access",
    access: "public",
    body: SignupInput,
    response: SignupResponse,
    status: 201,
    errors: ["forbidden"],
    example: {
      businessName: "Salon Lumière",
      timezone: "Europe/Paris",
      locale: "fr",
      currency: "EUR",
      ownerName: "Olivia",
      ownerEmail: "olivia@example.com",
      ownerPassword: "correct horse battery"
    }
  }),
  login: route({
    method: "post",
    path: "/v1/auth/login",
    summary: "Sign in to the admin app (sets the creneau_session cookie)",
    tag: "Access",
    access: "public",
    body: LoginInput,
    response: LoginResponse,
    status: 200,
    errors: ["unauthorized", "rate_limited"],
    example: { email: "olivia@example.com", password: "correct horse battery" }
  }),
  logout: route({
    method: "post",
    path: "/v1/auth/logout",
    summary: "Sign out (ends the session, clears the cookie)",
    tag: "Access",
    access: "public",
    status: 204
  }),
  session: route({
    method: "get",
    path: "/v1/auth/session",
    summary: "Who is signed in, and their business",
    tag: "Access",
    access: "business",
    response: SessionView,
    status: 200
  }),
  createApiKey: route({
    method: "post",
    path: "/v1/api-keys",
    summary: "Create an API key (shown once)",
    tag: "Access",
    access: "manager",
    body: CreateApiKeyInput,
    response: ApiKeyCreated,
    status: 201,
    idempotent: true,
    example: { name: "Website", role: "admin" }
  }),
  listApiKeys: route({
    method: "get",
    path: "/v1/api-keys",
    summary: "List API keys (without the keys)",
    tag: "Access",
    access: "manager",
    response: ListOf(ApiKeyView),
    conditional: true,
    status: 200
  }),
  revokeApiKey: route({
    method: "delete",
    path: "/v1/api-keys/:id",
    summary: "Revoke an API key",
    tag: "Access",
    access: "manager",
    status: 204
  }),

  // business
  getBusiness: route({
    method: "get",
    path: "/v1/business",
    summary: "The business's settings",
    tag: "Business",
    access: "business",
    response: BusinessView,
    status: 200
  }),
  updateBusiness: route({
    method: "patch",
    path: "/v1/business",
    summary: "Change settings (RFC 7396 merge patch)",
    tag: "Business",
    access: "manager",
    body: BusinessPatch,
    response: BusinessView,
    status: 200,
    example: { bookingRules: { approvalMode: "manual", clientCancel: { minNoticeMinutes: 720 } } }
  }),

  // staff
  listStaff: route({
    method: "get",
    path: "/v1/staff",
    summary: "List staff members",
    tag: "Staff",
    access: "business",
    response: ListOf(StaffView),
    conditional: true,
    status: 200
  }),
  createStaff: route({
    method: "post",
    path: "/v1/staff",
    summary: "Add a staff member",
    tag: "Staff",
    access: "manager",
    body: CreateStaffInput,
    response: StaffView,
    status: 201,
    idempotent: true,
    example: {
      name: "Anna",
      email: "anna@example.com",
      weekly: {
        mon: [{ start: "09:00", end: "17:00" }],
        tue: [{ start: "09:00", end: "17:00" }],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: []
      }
    }
  }),
  getStaff: route({
    method: "get",
    path: "/v1/staff/:id",
    summary: "A staff member",
    tag: "Staff",
    access: "business",
    response: StaffView,
    status: 200
  }),
  updateStaff: route({
    method: "patch",
    path: "/v1/staff/:id",
    summary: "Change a staff member (merge patch)",
    tag: "Staff",
    access: "manager",
    body: StaffPatch,
    response: StaffView,
    status: 200,
    example: { phone: "+33 6 00 00 00 01" }
  }),
  archiveStaff: route({
    method: "delete",
    path: "/v1/staff/:id",
    summary: "Archive a staff member (kept on past appointments, offered for nothing new)",
    tag: "Staff",
    access: "manager",
    status: 204
  }),
  setWorkingHours: route({
    method: "put",
    path: "/v1/staff/:id/working-hours",
    summary: "Set weekly working hours and date overrides",
    tag: "Staff",
    access: "manager",
    body: SetWorkingHoursInput,
    response: StaffView,
    status: 200,
    example: {
      weekly: {
        mon: [
          { start: "09:00", end: "12:00" },
          { start: "13:00", end: "17:00" }
        ],
        tue: [],
        wed: [],
        thu: [],
        fri: [],
        sat: [],
        sun: []
      },
      overrides: [{ date: "2030-12-24", intervals: [] }]
    }
  }),
  listTimeOff: route({
    method: "get",
    path: "/v1/staff/:id/time-off",
    summary: "A staff member's time off",
    tag: "Staff",
    access: "business",
    response: ListOf(TimeOffView),
    conditional: true,
    status: 200
  }),
  addTimeOff: route({
    method: "post",
    path: "/v1/staff/:id/time-off",
    summary: "Add time off",
    tag: "Staff",
    access: "manager",
    body: TimeOffInput,
    response: TimeOffView,
    status: 201,
    idempotent: true,
    example: { start: "2030-08-01T00:00:00+02:00", end: "2030-08-15T00:00:00+02:00", reason: "Holidays" }
  }),
  removeTimeOff: route({
    method: "delete",
    path: "/v1/staff/:id/time-off/:tid",
    summary: "Remove time off",
    tag: "Staff",
    access: "manager",
    status: 204
  }),
  getCalendarFeed: route({
    method: "get",
    path: "/v1/staff/:id/calendar-feed",
    summary:
      "Whether the staff member's calendar subscription feed is active (owners, admins, the staff member)",
    tag: "Staff",
    access: "business",
    response: CalendarFeedStatusView,
    status: 200,
    errors: ["forbidden"]
  }),
  createCalendarFeed: route({
    method: "post",
    path: "/v1/staff/:id/calendar-feed",
    summary: "Issue the staff member's calendar subscription feed; its URL is shown once",
    description:
      "The URL (`/ics/staff/<token>.ics`) is for a calendar app to subscribe to: the staff member's appointments from 30 days back to 180 days ahead. Issuing a new one revokes the previous URL. Owners, admins and the staff member.",
    tag: "Staff",
    access: "business",
    response: CalendarFeedCreatedView,
    status: 201,
    errors: ["forbidden"]
  }),
  revokeCalendarFeed: route({
    method: "delete",
    path: "/v1/staff/:id/calendar-feed",
    summary: "Revoke the staff member's calendar subscription feed",
    tag: "Staff",
    access: "business",
    status: 204,
    errors: ["forbidden"]
  }),

  // resources
  listResources: route({
    method: "get",
    path: "/v1/resources",
    summary: "List resources",
    tag: "Resources",
    access: "business",
    response: ListOf(ResourceView),
    conditional: true,
    status: 200
  }),
  createResource: route({
    method: "post",
    path: "/v1/resources",
    summary: "Add a resource",
    tag: "Resources",
    access: "manager",
    body: CreateResourceInput,
    response: ResourceView,
    status: 201,
    idempotent: true,
    example: { name: "Treatment room", capacity: 1 }
  }),
  getResource: route({
    method: "get",
    path: "/v1/resources/:id",
    summary: "A resource",
    tag: "Resources",
    access: "business",
    response: ResourceView,
    status: 200
  }),
  updateResource: route({
    method: "patch",
    path: "/v1/resources/:id",
    summary: "Change a resource (merge patch)",
    tag: "Resources",
    access: "manager",
    body: ResourcePatch,
    response: ResourceView,
    status: 200,
    example: { capacity: 2 }
  }),
  removeResource: route({
    method: "delete",
    path: "/v1/resources/:id",
    summary: "Remove a resource no active service needs",
    tag: "Resources",
    access: "manager",
    status: 204
  }),

  // services
  listServices: route({
    method: "get",
    path: "/v1/services",
    summary: "List services",
    tag: "Services",
    access: "business",
    response: ListOf(ServiceView),
    conditional: true,
    status: 200
  }),
  createService: route({
    method: "post",
    path: "/v1/services",
    summary: "Add a service",
    tag: "Services",
    access: "manager",
    body: CreateServiceInput,
    response: ServiceView,
    status: 201,
    idempotent: true,
    example: {
      name: "Haircut",
      durationMinutes: 30,
      price: { amount: 3500, currency: "EUR" },
      bufferAfterMinutes: 10,
      staffIds: ["stf_1"]
    }
  }),
  getService: route({
    method: "get",
    path: "/v1/services/:id",
    summary: "A service",
    tag: "Services",
    access: "business",
    response: ServiceView,
    status: 200
  }),
  updateService: route({
    method: "patch",
    path: "/v1/services/:id",
    summary: "Change a service (merge patch)",
    tag: "Services",
    access: "manager",
    body: ServicePatch,
    response: ServiceView,
    status: 200,
    example: { price: { amount: 4000, currency: "EUR" } }
  }),
  archiveService: route({
    method: "delete",
    path: "/v1/services/:id",
    summary: "Archive a service (existing appointments keep it)",
    tag: "Services",
    access: "manager",
    status: 204
  }),

  // customers
  searchCustomers: route({
    method: "get",
    path: "/v1/customers",
    summary: "Search customers by name, email or phone",
    tag: "Customers",
    access: "business",
    query: CustomerSearchQuery,
    response: ListOf(CustomerView),
    conditional: true,
    status: 200
  }),
  createCustomer: route({
    method: "post",
    path: "/v1/customers",
    summary: "File a customer",
    tag: "Customers",
    access: "business",
    body: CreateCustomerInput,
    response: CustomerView,
    status: 201,
    idempotent: true,
    example: { firstName: "Alice", lastName: "Martin", email: "alice@example.com", phone: "+33611111111" }
  }),
  getCustomer: route({
    method: "get",
    path: "/v1/customers/:id",
    summary: "A customer",
    tag: "Customers",
    access: "business",
    response: CustomerView,
    status: 200
  }),
  updateCustomer: route({
    method: "patch",
    path: "/v1/customers/:id",
    summary: "Change a customer (merge patch)",
    tag: "Customers",
    access: "business",
    body: CustomerPatch,
    response: CustomerView,
    status: 200,
    example: { notes: "Prefers mornings" }
  }),

  // availability
  availability: route({
    method: "get",
    path: "/v1/availability",
    summary: "Open slots for 1 to 5 services back to back (at most 93 days)",
    tag: "Availability",
    access: "business",
    query: AvailabilityQuery,
    response: AvailabilityResponse,
    conditional: true,
    status: 200,
    errors: ["policy_violation"]
  }),

  // appointments
  createAppointment: route({
    method: "post",
    path: "/v1/appointments",
    summary: "Book an appointment, or a series with `recurrence`",
    tag: "Appointments",
    access: "business",
    body: CreateAppointmentInput,
    response: CreateAppointmentResponse,
    status: 201,
    idempotent: true,
    errors: ["slot_unavailable", "policy_violation", "forbidden"],
    example: {
      start: NOW_EXAMPLE,
      items: [{ serviceId: "svc_1", staffId: "stf_1" }],
      customer: { firstName: "Alice", lastName: "Martin", email: "alice@example.com" },
      confirmation: "approve"
    }
  }),
  previewRecurrence: route({
    method: "post",
    path: "/v1/appointments/recurrence-preview",
    summary: "Preview a series: each occurrence, whether it is free, and the end date",
    tag: "Appointments",
    access: "business",
    body: RecurrencePreviewInput,
    response: RecurrencePreviewResponse,
    status: 200,
    errors: ["policy_violation"],
    example: {
      start: NOW_EXAMPLE,
      items: [{ serviceId: "svc_1", staffId: "stf_1" }],
      recurrence: { frequency: "weekly", interval: 1, count: 10 }
    }
  }),
  listAppointments: route({
    method: "get",
    path: "/v1/appointments",
    summary: "Appointments of a period, filtered by staff, status, customer or series",
    tag: "Appointments",
    access: "business",
    query: ListAppointmentsQuery,
    response: ListOf(AppointmentView),
    conditional: true,
    status: 200
  }),
  getAppointment: route({
    method: "get",
    path: "/v1/appointments/:id",
    summary: "An appointment with its customer and history (ETag: its version)",
    tag: "Appointments",
    access: "business",
    response: AppointmentDetail,
    status: 200
  }),
  updateAppointment: route({
    method: "patch",
    path: "/v1/appointments/:id",
    summary: "Change notes, client request, answers or payment (If-Match: the version read)",
    tag: "Appointments",
    access: "business",
    body: UpdateAppointmentDetailsInput,
    response: AppointmentView,
    status: 200,
    errors: ["version_conflict", "policy_violation"],
    example: {
      quickNote: "Bring the blue towel",
      payment: { method: "card", amountRequested: null, status: "paid", instrument: null }
    }
  }),
  approveAppointment: route({
    method: "post",
    path: "/v1/appointments/:id/approve",
    summary: "Approve a pending appointment",
    tag: "Appointments",
    access: "business",
    response: ChangeResponse,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"]
  }),
  rejectAppointment: route({
    method: "post",
    path: "/v1/appointments/:id/reject",
    summary: "Reject an appointment",
    tag: "Appointments",
    access: "business",
    body: RejectAppointmentInput,
    response: ChangeResponse,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"],
    example: { reason: "The salon is closed that day", notifyCustomer: true }
  }),
  cancelAppointment: route({
    method: "post",
    path: "/v1/appointments/:id/cancel",
    summary: "Cancel an appointment (or following ones, or the series)",
    tag: "Appointments",
    access: "business",
    body: CancelAppointmentInput,
    response: ChangeResponse,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"],
    example: { message: "Sorry, Anna is ill.", notifyCustomer: true, notifyStaff: true, scope: "this" }
  }),
  rescheduleAppointment: route({
    method: "post",
    path: "/v1/appointments/:id/reschedule",
    summary: "Move an appointment (same id, links and payment)",
    tag: "Appointments",
    access: "business",
    body: RescheduleAppointmentInput,
    response: ChangeResponse,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "slot_unavailable", "policy_violation"],
    example: { start: "2030-03-13T14:00:00+01:00", notifyCustomer: true }
  }),
  markNoShow: route({
    method: "post",
    path: "/v1/appointments/:id/no-show",
    summary: "Mark or unmark a no-show",
    tag: "Appointments",
    access: "business",
    body: MarkNoShowInput,
    response: ChangeResponse,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"],
    example: { noShow: true, sendMissedEmail: false }
  }),
  appointmentIcs: route({
    method: "get",
    path: "/v1/appointments/:id/ics",
    summary: "The appointment as an iCalendar file",
    tag: "Appointments",
    access: "business",
    status: 200,
    contentType: "text/calendar"
  }),

  // notifications
  listOutbox: route({
    method: "get",
    path: "/v1/outbox",
    summary: "The delivery log: notifications and webhook deliveries",
    tag: "Notifications",
    access: "manager",
    query: ListOutboxInput,
    response: ListOf(OutboxView),
    conditional: true,
    status: 200
  }),
  listTemplates: route({
    method: "get",
    path: "/v1/notification-templates",
    summary: "Every notification template of the business: its own, or the default in its language",
    description:
      "One template per event, recipient and channel the business's messages use, each with `isDefault` and the variables it may read. Templates are Liquid; the HTML part is the content of the email layout.",
    tag: "Notifications",
    access: "manager",
    response: ListOf(TemplateView),
    conditional: true,
    status: 200
  }),
  putTemplate: route({
    method: "put",
    path: "/v1/notification-templates/:event/:recipient/:channel",
    summary: "Set the business's template of one event, recipient and channel",
    description:
      "The template must parse and read only the variables its message offers (listed by GET); otherwise 400 `validation_failed` names each offending variable. A key no message uses is 404.",
    tag: "Notifications",
    access: "manager",
    body: TemplateInputView,
    response: TemplateView,
    status: 200,
    example: {
      subject: "Your appointment at {{ business.name }}",
      text: "Hello {{ client.firstName }}, see you on {{ start }}.\n\nChange or cancel: {{ links.manage }}",
      html: '<p>Hello {{ client.firstName }}, see you on {{ start }}.</p>{% render "button", url: links.manage, label: "Change or cancel" %}'
    }
  }),
  resetTemplate: route({
    method: "delete",
    path: "/v1/notification-templates/:event/:recipient/:channel",
    summary: "Drop the business's template of one key: the default applies again (and is returned)",
    tag: "Notifications",
    access: "manager",
    response: TemplateView,
    status: 200
  }),
  previewTemplate: route({
    method: "post",
    path: "/v1/notification-templates/:event/:recipient/:channel/preview",
    summary: "Render a template for one of the business's appointments, without sending anything",
    description:
      "Renders the given parts over the business's template (or the default) with the appointment's real client, staff members and business. Links point to placeholder pages; nothing is written.",
    tag: "Notifications",
    access: "manager",
    body: TemplatePreviewInputView,
    response: TemplatePreviewView,
    status: 200,
    example: { appointmentId: "apt_1", subject: "See you on {{ date }}" }
  }),

  // webhooks
  listWebhooks: route({
    method: "get",
    path: "/v1/webhooks",
    summary: "Webhook endpoints, with their signing secrets",
    tag: "Webhooks",
    access: "manager",
    response: ListOf(WebhookView),
    conditional: true,
    status: 200
  }),
  registerWebhook: route({
    method: "post",
    path: "/v1/webhooks",
    summary: "Register an HTTPS endpoint for domain events",
    tag: "Webhooks",
    access: "manager",
    body: RegisterWebhookInput,
    response: WebhookView,
    status: 201,
    idempotent: true,
    example: { url: "https://example.com/hooks/creneau", events: ["appointment.created"] }
  }),
  removeWebhook: route({
    method: "delete",
    path: "/v1/webhooks/:id",
    summary: "Remove a webhook endpoint",
    tag: "Webhooks",
    access: "manager",
    status: 204
  }),

  // public
  publicBusiness: route({
    method: "get",
    path: "/v1/public/businesses/:businessId",
    summary: "The booking page: business, services and staff",
    tag: "Public",
    access: "public",
    response: PublicBusinessPage,
    status: 200
  }),
  publicAvailability: route({
    method: "get",
    path: "/v1/public/businesses/:businessId/availability",
    summary: "Open slots for online booking",
    tag: "Public",
    access: "public",
    query: AvailabilityQuery,
    response: AvailabilityResponse,
    conditional: true,
    status: 200,
    errors: ["policy_violation"]
  }),
  publicBooking: route({
    method: "post",
    path: "/v1/public/businesses/:businessId/bookings",
    summary: "Book online at a time the availability offers",
    tag: "Public",
    access: "public",
    body: OnlineBookingInput,
    response: PublicBookingResponse,
    status: 201,
    idempotent: true,
    errors: ["slot_unavailable", "policy_violation"],
    example: {
      start: NOW_EXAMPLE,
      items: [{ serviceId: "svc_1" }],
      customer: { firstName: "Alice", lastName: "Martin", email: "alice@example.com" }
    }
  }),
  managePage: route({
    method: "get",
    path: "/v1/public/manage/:token",
    summary: "The customer's appointment and which actions are allowed (changes nothing)",
    tag: "Public",
    access: "link",
    response: ManagePage,
    status: 200
  }),
  confirmByClient: route({
    method: "post",
    path: "/v1/public/manage/:token/confirm",
    summary: "Confirm an appointment awaiting the customer's confirmation",
    tag: "Public",
    access: "link",
    response: ManagePage,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"]
  }),
  cancelByClient: route({
    method: "post",
    path: "/v1/public/manage/:token/cancel",
    summary: "Cancel, proving the booking's email address (attempts are rate limited)",
    tag: "Public",
    access: "link",
    body: ClientCancelInput,
    response: ManagePage,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation", "rate_limited"],
    example: { email: "alice@example.com" }
  }),
  rescheduleByClient: route({
    method: "post",
    path: "/v1/public/manage/:token/reschedule",
    summary: "Move to a time the link's availability offers",
    tag: "Public",
    access: "link",
    body: ClientRescheduleInput,
    response: ManagePage,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "slot_unavailable", "policy_violation"],
    example: { start: "2030-03-13T14:00:00+01:00" }
  }),
  clientAvailability: route({
    method: "get",
    path: "/v1/public/manage/:token/availability",
    summary: "Times the customer may move to (same services and staff member)",
    tag: "Public",
    access: "link",
    query: ClientAvailabilityInput,
    response: AvailabilityResponse,
    status: 200
  }),
  staffActionPage: route({
    method: "get",
    path: "/v1/public/staff-actions/:token",
    summary: "The appointment behind a staff email link and what it may do (changes nothing)",
    tag: "Public",
    access: "link",
    response: StaffActionPage,
    status: 200
  }),
  staffAction: route({
    method: "post",
    path: "/v1/public/staff-actions/:token",
    summary: "Approve or reject from a staff email link",
    tag: "Public",
    access: "link",
    body: StaffLinkInput,
    response: StaffActionPage,
    status: 200,
    idempotent: true,
    errors: ["invalid_transition", "policy_violation"],
    example: { action: "approve" }
  }),

  staffCalendarFeed: route({
    method: "get",
    path: "/ics/staff/:file",
    summary: "A staff member's calendar subscription feed (`<token>.ics`): iCalendar, no sign-in",
    tag: "Public",
    access: "link",
    status: 200,
    contentType: "text/calendar"
  }),

  // operations
  openapi: route({
    method: "get",
    path: "/openapi.json",
    summary: "This document",
    tag: "Meta",
    access: "public",
    conditional: true,
    status: 200
  }),
  docs: route({
    method: "get",
    path: "/docs",
    summary: "Interactive API reference",
    tag: "Meta",
    access: "public",
    conditional: true,
    status: 200,
    contentType: "text/html"
  }),
  health: route({
    method: "get",
    path: "/healthz",
    summary: "Health",
    tag: "Meta",
    access: "public",
    response: Health,
    status: 200
  })
} as const satisfies Record<string, RouteSpec>

export type Api = typeof api
export type OperationId = keyof Api
