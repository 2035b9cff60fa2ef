/**
 * The notification planner: a pure function from a domain event (and the business's settings,
 * the customer and the staff members of the appointment) to the messages to write to the
 * outbox, the not-yet-sent ones to drop, and whether the customer was told. The whole §7 matrix
 * lives in `matrix` below; everything else only resolves recipients, addresses and times.
 */
import { DateTime, Schema } from "effect"
import type { Appointment } from "./Appointment.js"
import type { Business } from "./Business.js"
import { type Customer, customerName } from "./Customer.js"
import type { AppointmentCreated, DomainEvent } from "./DomainEvent.js"
import { AppointmentId, SeriesId, StaffId } from "./Ids.js"
import { Channel, type NotificationSettings, RecipientRole } from "./NotificationSettings.js"
import type { StaffMember } from "./StaffMember.js"

export const NotificationEvent = Schema.Literals([
  "pending",
  "confirm_request",
  "confirmed",
  "cancelled",
  "rejected",
  "rescheduled",
  "reminder",
  "follow_up",
  "missed"
])
export type NotificationEvent = typeof NotificationEvent.Type

export const LinkKey = Schema.Literals(["manage", "confirm", "newBooking", "approve", "reject"])
export type LinkKey = typeof LinkKey.Type

export const NotificationData = Schema.Struct({
  /** The personal message of a cancellation. */
  message: Schema.optionalKey(Schema.String),
  /** The reason given for a rejection. */
  reason: Schema.optionalKey(Schema.String),
  /** The start before a reschedule. */
  previousStart: Schema.optionalKey(Schema.DateTimeUtc),
  /** Every occurrence's start, on the one confirmation of a series. */
  seriesStarts: Schema.optionalKey(Schema.Array(Schema.DateTimeUtc)),
  /** Every occurrence's appointment, in the order of `seriesStarts` (one calendar entry each). */
  seriesAppointmentIds: Schema.optionalKey(Schema.Array(AppointmentId))
})
export type NotificationData = typeof NotificationData.Type

/** One message to one recipient on one channel, not yet rendered. */
export const NotificationIntent = Schema.Struct({
  event: NotificationEvent,
  recipientRole: RecipientRole,
  channel: Channel,
  /** Email address or phone number. */
  to: Schema.String,
  recipientName: Schema.String,
  /** The staff member addressed (null for the customer). */
  staffId: Schema.NullOr(StaffId),
  appointmentId: AppointmentId,
  seriesId: Schema.NullOr(SeriesId),
  links: Schema.Array(LinkKey),
  sendAfter: Schema.DateTimeUtc,
  attachIcs: Schema.Boolean,
  data: NotificationData
})
export type NotificationIntent = typeof NotificationIntent.Type

export const CustomerNotNotifiedReason = Schema.Literals(["no_customer", "no_email", "not_requested"])
export type CustomerNotNotifiedReason = typeof CustomerNotNotifiedReason.Type

export const NotificationPlan = Schema.Struct({
  intents: Schema.Array(NotificationIntent),
  /** Events of this appointment's not-yet-sent notifications to drop before adding `intents`. */
  dropPending: Schema.Array(NotificationEvent),
  /** Whether the customer gets an immediate message from this event. */
  customerNotified: Schema.Boolean,
  /** Why not, when `customerNotified` is false. */
  reason: Schema.optionalKey(CustomerNotNotifiedReason)
})
export type NotificationPlan = typeof NotificationPlan.Type

export interface PlanInput {
  readonly business: Pick<Business, "notifications">
  readonly customer: Customer | null
  /** The staff members of the appointment's items (others are ignored). */
  readonly staff: ReadonlyArray<StaffMember>
  readonly now: DateTime.Utc
}

// ---------------------------------------------------------------------------------------------
// The decision table
// ---------------------------------------------------------------------------------------------

type Kind =
  | "created_staff_approval"
  | "created_client_confirmation"
  | "created_approved"
  | "approved"
  | "cancelled"
  | "rejected"
  | "rescheduled"
  | "completed"
  | "no_show_marked"
  | "no_show_cleared"

interface Context {
  readonly event: DomainEvent
  readonly settings: NotificationSettings
}

interface Message {
  readonly event: NotificationEvent
  readonly links: ReadonlyArray<LinkKey>
  readonly attachIcs: boolean
  /** `now` unless said otherwise; the follow-up waits for the configured delay after the end. */
  readonly sendAt?: "followUp"
  /** Extra condition from the settings or the event (absent: always). */
  readonly when?: (ctx: Context) => boolean
  readonly data?: (event: DomainEvent) => NotificationData
}

interface Row {
  readonly customer: Message | null
  readonly staff: Message | null
  readonly dropPending: ReadonlyArray<NotificationEvent>
  /** Plan reminders, when the appointment is then approved or rescheduled. */
  readonly plansReminders: boolean
}

const withMessage = (e: DomainEvent): NotificationData =>
  e._tag === "AppointmentCancelled" && e.message !== null && e.message.trim() !== ""
    ? { message: e.message }
    : {}
const withReason = (e: DomainEvent): NotificationData =>
  e._tag === "AppointmentRejected" && e.reason !== null && e.reason.trim() !== "" ? { reason: e.reason } : {}
const withPreviousStart = (e: DomainEvent): NotificationData =>
  e._tag === "AppointmentRescheduled" ? { previousStart: e.previousStart } : {}

const matrix: Record<Kind, Row> = {
  created_staff_approval: {
    customer: { event: "pending", links: ["manage", "newBooking"], attachIcs: false },
    staff: { event: "pending", links: ["approve", "reject"], attachIcs: false },
    dropPending: [],
    plansReminders: false
  },
  created_client_confirmation: {
    customer: { event: "confirm_request", links: ["confirm", "manage"], attachIcs: false },
    staff: { event: "confirmed", links: [], attachIcs: false },
    dropPending: [],
    plansReminders: false
  },
  created_approved: {
    customer: { event: "confirmed", links: ["manage", "newBooking"], attachIcs: true },
    staff: { event: "confirmed", links: ["reject"], attachIcs: false },
    dropPending: [],
    plansReminders: true
  },
  approved: {
    customer: { event: "confirmed", links: ["manage", "newBooking"], attachIcs: true },
    staff: { event: "confirmed", links: ["reject"], attachIcs: false },
    dropPending: [],
    plansReminders: true
  },
  cancelled: {
    // The calendar file of a cancellation removes the entry the confirmation added.
    customer: { event: "cancelled", links: ["newBooking"], attachIcs: true, data: withMessage },
    staff: { event: "cancelled", links: [], attachIcs: false },
    dropPending: ["reminder", "follow_up"],
    plansReminders: false
  },
  rejected: {
    customer: { event: "rejected", links: ["newBooking"], attachIcs: false, data: withReason },
    staff: { event: "rejected", links: [], attachIcs: false, data: withReason },
    dropPending: ["reminder", "follow_up"],
    plansReminders: false
  },
  rescheduled: {
    customer: { event: "rescheduled", links: ["manage"], attachIcs: true, data: withPreviousStart },
    staff: { event: "rescheduled", links: [], attachIcs: false, data: withPreviousStart },
    dropPending: ["reminder"],
    plansReminders: true
  },
  completed: {
    customer: {
      event: "follow_up",
      links: ["newBooking"],
      attachIcs: false,
      sendAt: "followUp",
      when: ({ event, settings }) => settings.followUp.enabled && !event.appointment.noShow
    },
    staff: null,
    dropPending: [],
    plansReminders: false
  },
  // A visit marked as missed must not be followed by a "thank you for coming" follow-up.
  no_show_marked: {
    customer: {
      event: "missed",
      links: ["newBooking"],
      attachIcs: false,
      when: ({ event, settings }) =>
        event._tag === "NoShowMarked" && event.sendMissedEmail && settings.missedAppointmentEmail.enabled
    },
    staff: null,
    dropPending: ["follow_up"],
    plansReminders: false
  },
  no_show_cleared: { customer: null, staff: null, dropPending: [], plansReminders: false }
}

/** Reminder messages by recipient and channel. */
const reminderMessages: Record<RecipientRole, Record<Channel, ReadonlyArray<LinkKey>>> = {
  customer: { email: ["manage", "newBooking"], sms: [] },
  staff: { email: ["reject"], sms: [] }
}

/** One kind of message the planner writes: its key, and the links of its messages (all of them). */
export interface PlannedMessageKind {
  readonly event: NotificationEvent
  readonly recipient: RecipientRole
  readonly channel: Channel
  /** Every link a message of this kind may carry (some messages carry fewer). */
  readonly links: ReadonlyArray<LinkKey>
  /** Whether its messages carry the appointment's calendar file. */
  readonly attachIcs: boolean
}

/**
 * Every (event, recipient, channel) the planner can produce, read from the decision table and
 * the reminder messages: the messages that need a template.
 */
export const plannedMessageKinds: ReadonlyArray<PlannedMessageKind> = (() => {
  const kinds = new Map<string, { -readonly [K in keyof PlannedMessageKind]: PlannedMessageKind[K] }>()
  const add = (
    recipient: RecipientRole,
    channel: Channel,
    m: Pick<Message, "event" | "links" | "attachIcs">
  ) => {
    const id = `${m.event}/${recipient}/${channel}`
    const known = kinds.get(id)
    if (known === undefined) {
      kinds.set(id, { event: m.event, recipient, channel, links: [...m.links], attachIcs: m.attachIcs })
    } else {
      known.links = [...new Set([...known.links, ...m.links])]
      known.attachIcs ||= m.attachIcs
    }
  }
  for (const row of Object.values(matrix)) {
    if (row.customer !== null) add("customer", "email", row.customer)
    if (row.staff !== null) add("staff", "email", row.staff)
  }
  for (const [recipient, byChannel] of Object.entries(reminderMessages) as Array<
    [RecipientRole, Record<Channel, ReadonlyArray<LinkKey>>]
  >) {
    for (const [channel, links] of Object.entries(byChannel) as Array<[Channel, ReadonlyArray<LinkKey>]>) {
      add(recipient, channel, { event: "reminder", links, attachIcs: false })
    }
  }
  return [...kinds.values()]
})()

const kindOf = (event: DomainEvent): Kind => {
  switch (event._tag) {
    case "AppointmentCreated":
      if (event.appointment.status !== "pending") return "created_approved"
      return event.appointment.pendingReason === "client_confirmation"
        ? "created_client_confirmation"
        : "created_staff_approval"
    case "AppointmentApproved":
      return "approved"
    case "AppointmentCancelled":
      return "cancelled"
    case "AppointmentRejected":
      return "rejected"
    case "AppointmentRescheduled":
      return "rescheduled"
    case "AppointmentCompleted":
      return "completed"
    case "NoShowMarked":
      return event.noShow ? "no_show_marked" : "no_show_cleared"
  }
}

// ---------------------------------------------------------------------------------------------
// Recipients and timing
// ---------------------------------------------------------------------------------------------

interface Recipient {
  readonly role: RecipientRole
  readonly name: string
  readonly staffId: StaffId | null
  readonly email: string | null
  readonly phone: string | null
}

const customerRecipient = (customer: Customer): Recipient => ({
  role: "customer",
  name: customerName(customer),
  staffId: null,
  email: customer.email,
  phone: customer.phone
})

/** Each distinct staff member of the items, in item order. */
const staffRecipients = (
  appointments: ReadonlyArray<Pick<Appointment, "items">>,
  staff: ReadonlyArray<StaffMember>
): ReadonlyArray<Recipient> => {
  const byId = new Map(staff.map((s) => [s.id, s]))
  const ids = [...new Set(appointments.flatMap((a) => a.items.map((i) => i.staffId)))]
  return ids.flatMap((id) => {
    const s = byId.get(id)
    return s === undefined
      ? []
      : [{ role: "staff" as const, name: s.name, staffId: s.id, email: s.email, phone: s.phone }]
  })
}

const addressOf = (recipient: Recipient, channel: Channel): string | null => {
  const address = channel === "email" ? recipient.email : recipient.phone
  return address === null || address.trim() === "" ? null : address
}

const isApprovedLike = (a: Appointment): boolean => a.status === "approved" || a.status === "rescheduled"

const intent = (
  appointment: Appointment,
  recipient: Recipient,
  channel: Channel,
  to: string,
  fields: Pick<NotificationIntent, "event" | "links" | "sendAfter" | "attachIcs" | "data">
): NotificationIntent => ({
  ...fields,
  recipientRole: recipient.role,
  channel,
  to,
  recipientName: recipient.name,
  staffId: recipient.staffId,
  appointmentId: appointment.id,
  seriesId: appointment.seriesId
})

/**
 * One reminder per (offset, channel, recipient) at start − offset, for an approved or rescheduled
 * appointment, whatever its number of items; a reminder already due at planning is skipped.
 * The customer's reminders do not depend on the notify choice of the event: a business that
 * creates an appointment with `no_message` (or moves one without telling the client) still wants
 * the client reminded, as the business's reminder settings say.
 */
const planReminders = (
  appointment: Appointment,
  customer: Customer | null,
  staff: ReadonlyArray<Recipient>,
  settings: NotificationSettings,
  now: DateTime.Utc
): ReadonlyArray<NotificationIntent> => {
  if (!isApprovedLike(appointment)) return []
  const seen = new Set<string>()
  const intents: Array<NotificationIntent> = []
  for (const reminder of settings.reminders) {
    const sendAfter = DateTime.subtract(appointment.start, { minutes: reminder.offsetMinutes })
    if (sendAfter.epochMilliseconds <= now.epochMilliseconds) continue
    for (const channel of reminder.channels) {
      for (const role of reminder.recipients) {
        const recipients =
          role === "customer" ? (customer === null ? [] : [customerRecipient(customer)]) : staff
        for (const recipient of recipients) {
          const to = addressOf(recipient, channel)
          const key = `${reminder.offsetMinutes}|${channel}|${role}|${recipient.staffId ?? ""}`
          if (to === null || seen.has(key)) continue
          seen.add(key)
          intents.push(
            intent(appointment, recipient, channel, to, {
              event: "reminder",
              links: reminderMessages[role][channel],
              sendAfter,
              attachIcs: false,
              data: {}
            })
          )
        }
      }
    }
  }
  return intents
}

interface Planned {
  readonly intents: ReadonlyArray<NotificationIntent>
  readonly customerNotified: boolean
  readonly reason?: CustomerNotNotifiedReason
}

/** The event's own messages (not reminders), with `extra` data added to each. */
const planMessages = (
  event: DomainEvent,
  row: Row,
  staff: ReadonlyArray<Recipient>,
  input: PlanInput,
  extra: NotificationData
): Planned => {
  const { appointment, notify } = event
  const ctx: Context = { event, settings: input.business.notifications }
  const applies = (m: Message | null, requested: boolean): m is Message =>
    m !== null && requested && (m.when === undefined || m.when(ctx))
  const sendAfterOf = (m: Message): DateTime.Utc =>
    m.sendAt === "followUp"
      ? DateTime.add(appointment.end, { minutes: input.business.notifications.followUp.delayMinutes })
      : input.now
  const build = (m: Message, recipient: Recipient, to: string): NotificationIntent =>
    intent(appointment, recipient, "email", to, {
      event: m.event,
      links: m.links,
      sendAfter: sendAfterOf(m),
      attachIcs: m.attachIcs,
      data: { ...m.data?.(event), ...extra }
    })

  const intents: Array<NotificationIntent> = []
  const customerMessage = row.customer
  const customer = input.customer === null ? null : customerRecipient(input.customer)
  const customerAddress = customer === null ? null : addressOf(customer, "email")
  const customerWanted = applies(customerMessage, notify.customer)
  if (customerWanted && customer !== null && customerAddress !== null) {
    intents.push(build(customerMessage, customer, customerAddress))
  }
  if (applies(row.staff, notify.staff)) {
    for (const recipient of staff) {
      const to = addressOf(recipient, "email")
      if (to !== null) intents.push(build(row.staff, recipient, to))
    }
  }

  const immediate = customerWanted && customerMessage.sendAt === undefined
  if (!immediate) return { intents, customerNotified: false, reason: "not_requested" }
  if (customer === null) return { intents, customerNotified: false, reason: "no_customer" }
  if (customerAddress === null) return { intents, customerNotified: false, reason: "no_email" }
  return { intents, customerNotified: true }
}

const toPlan = (
  planned: Planned,
  dropPending: ReadonlyArray<NotificationEvent>,
  reminders: ReadonlyArray<NotificationIntent>
): NotificationPlan => ({
  intents: [...planned.intents, ...reminders],
  dropPending,
  customerNotified: planned.customerNotified,
  ...(planned.reason === undefined ? {} : { reason: planned.reason })
})

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/** What to send, and what to drop, when `event` happened to an appointment. */
export const planNotifications = (input: PlanInput & { readonly event: DomainEvent }): NotificationPlan => {
  const { event } = input
  const row = matrix[kindOf(event)]
  const staff = staffRecipients([event.appointment], input.staff)
  const reminders = row.plansReminders
    ? planReminders(event.appointment, input.customer, staff, input.business.notifications, input.now)
    : []
  return toPlan(planMessages(event, row, staff, input, {}), row.dropPending, reminders)
}

/**
 * What to send when a series was created: one message to the customer and one to each staff
 * member, on the first occurrence and listing every occurrence's start (chosen by the first
 * occurrence's status), then the reminders of each occurrence.
 */
export const planSeriesCreated = (
  input: PlanInput & {
    readonly events: ReadonlyArray<typeof AppointmentCreated.Type>
  }
): NotificationPlan => {
  const [first] = input.events
  if (first === undefined)
    return { intents: [], dropPending: [], customerNotified: false, reason: "not_requested" }
  const row = matrix[kindOf(first)]
  const appointments = input.events.map((e) => e.appointment)
  const staff = staffRecipients(appointments, input.staff)
  const seriesStarts = appointments.map((a) => a.start)
  const seriesAppointmentIds = appointments.map((a) => a.id)
  const reminders = input.events.flatMap((e) =>
    matrix[kindOf(e)].plansReminders
      ? planReminders(
          e.appointment,
          input.customer,
          staffRecipients([e.appointment], input.staff),
          input.business.notifications,
          input.now
        )
      : []
  )
  return toPlan(planMessages(first, row, staff, input, { seriesStarts, seriesAppointmentIds }), [], reminders)
}
