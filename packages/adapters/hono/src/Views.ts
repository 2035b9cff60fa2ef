/**
 * What the API answers: the response Schemas (documented in the OpenAPI document) and the
 * builders of the views that are not a core entity as is — the customer-safe appointment of the
 * manage page (no quick note, notes, history or internal data), the staff email link page, the
 * public booking page, the outbox without attachment contents, and the appointment's iCalendar.
 */
import {
  type Appointment,
  Appointment as AppointmentSchema,
  allowedActions,
  type Business,
  Business as BusinessSchema,
  type Customer,
  Customer as CustomerSchema,
  customerName,
  EffectiveTemplate,
  type Forbidden,
  type InvalidTransition,
  Locale,
  Money,
  OutboxMessage,
  PaymentMethod,
  PaymentStatus,
  PendingReason,
  type PolicyViolation,
  PreviewTemplateInput,
  Question,
  Resource,
  Role,
  Service,
  type Service as ServiceType,
  Slot,
  type StaffId,
  type StaffLinkActor,
  StaffMember,
  type StaffMember as StaffMemberType,
  TemplateInput,
  TemplatePreview,
  TimeOff,
  transition,
  WebhookEndpoint
} from "@creneau/core"
import { appointmentIcs as icsOfAppointment } from "@creneau/messages"
import { type DateTime, Result, Schema } from "effect"

const named = <S extends Schema.Top>(identifier: string, schema: S) => schema.annotate({ identifier })

/** Lists answer `{items: [...]}`, so that paging can be added without breaking clients. */
export const ListOf = <S extends Schema.Top>(item: S) => Schema.Struct({ items: Schema.Array(item) })

export const AppointmentView = named("Appointment", AppointmentSchema)
export const BusinessView = named("Business", BusinessSchema)
export const CustomerView = named("Customer", CustomerSchema)
export const StaffView = named("StaffMember", StaffMember)
export const ResourceView = named("Resource", Resource)
export const ServiceView = named("Service", Service)
export const TimeOffView = named("TimeOff", TimeOff)
export const SlotView = named("Slot", Slot)
export const WebhookView = named("WebhookEndpoint", WebhookEndpoint)

export const Health = Schema.Struct({ status: Schema.Literal("ok") })

// ---- access ---------------------------------------------------------------------------------

export const SignupResponse = named(
  "SignupResponse",
  Schema.Struct({ business: BusinessView, apiKey: Schema.String })
)

export const UserView = named(
  "User",
  Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    role: Role,
    staffId: Schema.NullOr(Schema.String)
  })
)

export const SessionView = named(
  "Session",
  Schema.Struct({
    user: UserView,
    business: BusinessView,
    via: Schema.Literals(["bearer", "cookie"])
  })
)

export const LoginResponse = named(
  "LoginResponse",
  Schema.Struct({
    user: Schema.Struct({ ...UserView.fields, email: Schema.String }),
    business: BusinessView,
    expiresAt: Schema.DateTimeUtc
  })
)

export const ApiKeyView = named(
  "ApiKey",
  Schema.Struct({
    id: Schema.String,
    businessId: Schema.String,
    name: Schema.String,
    role: Role,
    staffId: Schema.NullOr(Schema.String),
    createdAt: Schema.DateTimeUtc,
    revokedAt: Schema.NullOr(Schema.DateTimeUtc)
  })
)

export const ApiKeyCreated = named(
  "ApiKeyCreated",
  Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    role: Role,
    staffId: Schema.NullOr(Schema.String),
    createdAt: Schema.DateTimeUtc,
    apiKey: Schema.String.annotate({ description: "The key, shown this once." })
  })
)

// ---- appointments ---------------------------------------------------------------------------

/** What the caller may do to the appointment now: the core's `businessActions`. */
const AllowedActionsView = Schema.Struct({
  approve: Schema.Boolean,
  reject: Schema.Boolean,
  cancel: Schema.Boolean,
  reschedule: Schema.Boolean,
  markNoShow: Schema.Boolean,
  unmarkNoShow: Schema.Boolean
})

export const AppointmentDetail = named(
  "AppointmentDetail",
  Schema.Struct({
    ...AppointmentSchema.fields,
    customer: Schema.NullOr(CustomerView),
    allowedActions: AllowedActionsView
  })
)

const Occurrence = Schema.Struct({ start: Schema.DateTimeUtc, end: Schema.DateTimeUtc })

export const CreateAppointmentResponse = named(
  "CreateAppointmentResponse",
  Schema.Struct({
    appointment: AppointmentView,
    series: Schema.optionalKey(
      Schema.Struct({
        id: Schema.String,
        appointments: Schema.Array(AppointmentView),
        skipped: Schema.Array(Occurrence),
        endsOn: Schema.String
      })
    ),
    customerNotified: Schema.Boolean,
    reason: Schema.optionalKey(Schema.String)
  })
)

export const ChangeResponse = named(
  "ChangeResponse",
  Schema.Struct({
    appointment: AppointmentView,
    changed: Schema.Array(AppointmentView),
    customerNotified: Schema.Boolean,
    reason: Schema.optionalKey(Schema.String)
  })
)

export const RecurrencePreviewResponse = named(
  "RecurrencePreview",
  Schema.Struct({
    occurrences: Schema.Array(
      Schema.Struct({
        start: Schema.DateTimeUtc,
        end: Schema.DateTimeUtc,
        available: Schema.Boolean,
        reason: Schema.optionalKey(Schema.String)
      })
    ),
    endsOn: Schema.String
  })
)

export const AvailabilityResponse = named(
  "Availability",
  Schema.Struct({ timezone: Schema.String, slots: Schema.Array(SlotView) })
)

// ---- outbox ---------------------------------------------------------------------------------

const { intent: _intent, ...outboxFields } = OutboxMessage.fields

export const OutboxView = named(
  "Notification",
  Schema.Struct({
    ...outboxFields,
    subject: outboxFields.subject.annotate({
      description:
        "Null until the notification is sent: it is rendered then, with the templates of that time."
    }),
    attachments: Schema.Array(Schema.Struct({ filename: Schema.String, contentType: Schema.String }))
  })
)

/**
 * Outbox messages without attachment contents (an .ics is for the recipient, not the log) nor
 * the intents they are rendered from.
 */
export const outboxView = ({ intent: _, ...m }: typeof OutboxMessage.Type) => ({
  ...m,
  attachments: m.attachments.map(({ filename, contentType }) => ({ filename, contentType }))
})

// ---- calendar feeds -------------------------------------------------------------------------

export const CalendarFeedStatusView = named(
  "CalendarFeedStatus",
  Schema.Struct({ active: Schema.Boolean, createdAt: Schema.NullOr(Schema.DateTimeUtc) })
)

export const CalendarFeedCreatedView = named(
  "CalendarFeedCreated",
  Schema.Struct({
    url: Schema.String.annotate({ description: "The feed's URL, shown this once." }),
    createdAt: Schema.DateTimeUtc
  })
)

// ---- templates ------------------------------------------------------------------------------

export const TemplateInputView = named("NotificationTemplateInput", TemplateInput)
export const TemplateView = named("NotificationTemplate", EffectiveTemplate)
export const TemplatePreviewInputView = named("NotificationTemplatePreviewInput", PreviewTemplateInput)
export const TemplatePreviewView = named("NotificationTemplatePreview", TemplatePreview)

// ---- public pages ---------------------------------------------------------------------------

export const Allowance = Schema.Struct({ allowed: Schema.Boolean, reason: Schema.optionalKey(Schema.String) })

export const PublicBusinessSummary = named(
  "PublicBusinessSummary",
  Schema.Struct({
    id: Schema.String,
    name: Schema.String,
    timezone: Schema.String,
    locale: Locale,
    bookingPageUrl: Schema.NullOr(Schema.String)
  })
)

export const PublicAppointment = named(
  "PublicAppointment",
  Schema.Struct({
    id: Schema.String,
    status: AppointmentSchema.fields.status,
    pendingReason: Schema.NullOr(PendingReason),
    start: Schema.DateTimeUtc,
    end: Schema.DateTimeUtc,
    items: Schema.Array(
      Schema.Struct({
        serviceId: Schema.String,
        serviceName: Schema.String,
        staffId: Schema.String,
        staffName: Schema.String,
        start: Schema.DateTimeUtc,
        end: Schema.DateTimeUtc,
        price: Money
      })
    ),
    total: Money,
    customerRequest: Schema.NullOr(Schema.String),
    payment: Schema.Struct({ method: PaymentMethod, status: PaymentStatus }),
    customer: Schema.NullOr(Schema.Struct({ firstName: Schema.String, lastName: Schema.String }))
  })
)

export const ManagePage = named(
  "ManagePage",
  Schema.Struct({
    business: PublicBusinessSummary,
    appointment: PublicAppointment,
    allowed: Schema.Struct({ cancel: Allowance, reschedule: Allowance, confirm: Allowance })
  })
)

export const StaffActionPage = named(
  "StaffActionPage",
  Schema.Struct({
    business: PublicBusinessSummary,
    appointment: PublicAppointment,
    allowed: Schema.Struct({ approve: Allowance, reject: Allowance })
  })
)

export const PublicBookingResponse = named(
  "PublicBookingResponse",
  Schema.Struct({
    appointment: PublicAppointment,
    customerNotified: Schema.Boolean,
    reason: Schema.optionalKey(Schema.String)
  })
)

export const PublicBusinessPage = named(
  "PublicBusinessPage",
  Schema.Struct({
    ...PublicBusinessSummary.fields,
    currency: Schema.String,
    preferredStaffSelection: Schema.Boolean,
    services: Schema.Array(
      Schema.Struct({
        id: Schema.String,
        name: Schema.String,
        durationMinutes: Schema.Int,
        price: Money,
        staffIds: Schema.Array(Schema.String),
        questionnaire: Schema.Array(Question)
      })
    ),
    staff: Schema.Array(Schema.Struct({ id: Schema.String, name: Schema.String }))
  })
)

export const businessSummary = (b: Business) => ({
  id: b.id as string,
  name: b.name,
  timezone: b.timezone,
  locale: b.locale,
  bookingPageUrl: b.bookingPageUrl
})

/** The appointment as its customer (or the staff member's email link) may see it. */
export const publicAppointment = (
  a: Appointment,
  customer: Customer | null,
  staff: ReadonlyArray<StaffMemberType>
) => {
  const names = new Map(staff.map((s) => [s.id as string, s.name]))
  return {
    id: a.id as string,
    status: a.status,
    pendingReason: a.pendingReason,
    start: a.start,
    end: a.end,
    items: a.items.map((i) => ({
      serviceId: i.serviceId as string,
      serviceName: i.serviceName,
      staffId: i.staffId as string,
      staffName: names.get(i.staffId) ?? "",
      start: i.start,
      end: i.end,
      price: i.price
    })),
    total: {
      amount: a.items.reduce((sum, i) => sum + i.price.amount, 0),
      currency: a.items[0]!.price.currency
    },
    customerRequest: a.customerRequest,
    payment: { method: a.payment.method, status: a.payment.status },
    customer: customer === null ? null : { firstName: customer.firstName, lastName: customer.lastName }
  }
}

export const managePage = (params: {
  readonly appointment: Appointment
  readonly business: Business
  readonly customer: Customer | null
  readonly staff: ReadonlyArray<StaffMemberType>
  readonly now: DateTime.Utc
}) => ({
  business: businessSummary(params.business),
  appointment: publicAppointment(params.appointment, params.customer, params.staff),
  allowed: allowedActions(params.appointment, params.now)
})

type Refusal = InvalidTransition | Forbidden | PolicyViolation
const allowanceOf = (result: Result.Result<unknown, Refusal>) =>
  Result.isSuccess(result)
    ? { allowed: true }
    : {
        allowed: false,
        reason:
          result.failure._tag === "PolicyViolation"
            ? result.failure.reason
            : result.failure._tag === "Forbidden"
              ? "forbidden"
              : "invalid_transition"
      }

/** What a staff member's email link may do now, decided by the core's lifecycle without saving. */
export const staffActionPage = (params: {
  readonly appointment: Appointment
  readonly business: Business
  readonly customer: Customer | null
  readonly staff: ReadonlyArray<StaffMemberType>
  readonly staffId: string
  readonly now: DateTime.Utc
}) => {
  const member = params.staff.find((s) => s.id === params.staffId)
  const actor: StaffLinkActor = {
    _tag: "staff_link",
    staffId: member?.id ?? (params.staffId as StaffId),
    name: member?.name ?? ""
  }
  const ctx = { actor, now: params.now }
  return {
    business: businessSummary(params.business),
    appointment: publicAppointment(params.appointment, params.customer, params.staff),
    allowed: {
      approve: allowanceOf(transition(params.appointment, { _tag: "Approve" }, ctx)),
      reject: allowanceOf(
        transition(
          params.appointment,
          { _tag: "Reject", reason: null, notify: { customer: true, staff: true } },
          ctx
        )
      )
    }
  }
}

export const publicBusinessPage = (
  business: Business,
  services: ReadonlyArray<ServiceType>,
  staff: ReadonlyArray<StaffMemberType>
) => ({
  ...businessSummary(business),
  currency: business.currency,
  preferredStaffSelection: business.bookingRules.preferredStaffSelection,
  services: services
    .filter((s) => s.active)
    .map((s) => ({
      id: s.id as string,
      name: s.name,
      durationMinutes: s.durationMinutes,
      price: s.price,
      staffIds: s.staffIds.map((id) => id as string),
      questionnaire: s.questionnaire
    })),
  staff: staff.filter((s) => s.active).map((s) => ({ id: s.id as string, name: s.name }))
})

// ---- iCalendar ------------------------------------------------------------------------------

/**
 * The appointment as an iCalendar file for the business's own calendar: the same entry (UID and
 * sequence) as the invitations the client received, named after its services and client.
 */
export const appointmentIcs = (a: Appointment, business: Business, customer: Customer | null): string =>
  icsOfAppointment(a, {
    calendarName: business.name,
    summary: `${a.items.map((i) => i.serviceName).join(", ")}${customer === null ? "" : ` — ${customerName(customer)}`}`,
    description: a.customerRequest
  })
