/**
 * Builders for the rendering tests: a business (Paris, French, euros unless told otherwise), two
 * staff members, a client, appointments of one or more services, the domain events of the
 * lifecycle, and the links a published message would carry.
 */
import {
  type ActorRef,
  type Appointment,
  AppointmentId,
  type AppointmentStatus,
  type Business,
  BusinessId,
  type Customer,
  CustomerId,
  type DomainEvent,
  defaultBookingRules,
  effectiveRules,
  type HistoryEntry,
  type NotificationIntent,
  type NotificationSettings,
  type Notify,
  type PendingReason,
  SeriesId,
  ServiceId,
  StaffId,
  type StaffMember
} from "@creneau/core"
import { DateTime, Schema } from "effect"

export const at = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))

/** Monday 2 March 2026, 08:00 in Paris. */
export const now = at("2026-03-02T07:00:00Z")
/** Tuesday 10 March 2026, 10:00 in Paris, 05:00 in New York (already on summer time). */
export const start = at("2026-03-10T09:00:00Z")

const businessId = Schema.decodeSync(BusinessId)("biz_1")
const actor: ActorRef = { kind: "user", id: "usr_1", name: "Olivia Owner" }

export const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  reminders: [],
  followUp: { enabled: true, delayMinutes: 120 },
  missedAppointmentEmail: { enabled: true },
  ...over
})

export const businessOf = (over: Partial<Business> = {}): Business => ({
  id: businessId,
  name: "Salon Lumière",
  timezone: "Europe/Paris",
  locale: "fr",
  currency: "EUR",
  bookingRules: defaultBookingRules,
  notifications: settings(),
  bookingPageUrl: null,
  ...over
})

const member = (id: string, name: string, email: string, phone: string | null): StaffMember => ({
  id: Schema.decodeSync(StaffId)(id),
  businessId,
  name,
  email,
  phone,
  active: true,
  workingHours: { weekly: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }, overrides: [] },
  timeOff: []
})

export const anna = member("stf_anna", "Anna", "anna@salon.test", "+33600000001")
export const ben = member("stf_ben", "Ben", "ben@salon.test", "+33600000002")
export const staff = [anna, ben]

export const camille: Customer = {
  id: Schema.decodeSync(CustomerId)("cus_camille"),
  businessId,
  firstName: "Camille",
  lastName: "Durand",
  email: "camille@example.test",
  phone: "+33611111111",
  notes: "",
  noShowCount: 0
}

export interface ServiceSpec {
  readonly name: string
  readonly minutes: number
  /** Minor units. */
  readonly price: number
  readonly staff: StaffMember
}

export const haircut: ServiceSpec = { name: "Coupe", minutes: 30, price: 3500, staff: anna }
export const colour: ServiceSpec = { name: "Couleur", minutes: 90, price: 8000, staff: ben }

export interface AppointmentOptions {
  readonly id?: string
  readonly status?: AppointmentStatus
  readonly pendingReason?: PendingReason | null
  readonly start?: DateTime.Utc
  readonly services?: ReadonlyArray<ServiceSpec>
  readonly seriesId?: string | null
  readonly version?: number
  readonly history?: ReadonlyArray<string>
  readonly currency?: string
  readonly customerRequest?: string | null
  readonly noShow?: boolean
}

export const appointmentOf = (o: AppointmentOptions = {}): Appointment => {
  let cursor = o.start ?? start
  const items = (o.services ?? [haircut]).map((s, i) => {
    const item = {
      serviceId: Schema.decodeSync(ServiceId)(`svc_${i}`),
      serviceName: s.name,
      staffId: s.staff.id,
      resourceId: null,
      start: cursor,
      end: DateTime.add(cursor, { minutes: s.minutes }),
      price: { amount: s.price, currency: o.currency ?? "EUR" },
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 0
    }
    cursor = item.end
    return item
  })
  const history: ReadonlyArray<HistoryEntry> = (o.history ?? ["created"]).map((type) => ({
    at: now,
    actor,
    type,
    data: {}
  }))
  return {
    id: Schema.decodeSync(AppointmentId)(o.id ?? "apt_1"),
    businessId,
    status: o.status ?? "approved",
    pendingReason: o.pendingReason ?? null,
    noShow: o.noShow ?? false,
    start: items[0]!.start,
    end: items[items.length - 1]!.end,
    items,
    customerId: camille.id,
    source: "business",
    requestedByClient: false,
    customerRequest: o.customerRequest ?? null,
    quickNote: null,
    appointmentNotes: null,
    answers: {},
    payment: { method: "on_site", amountRequested: null, status: "unpaid", instrument: null },
    rulesSnapshot: effectiveRules(defaultBookingRules, []),
    seriesId:
      o.seriesId === undefined || o.seriesId === null ? null : Schema.decodeSync(SeriesId)(o.seriesId),
    cancellationMessage: null,
    rejectionReason: null,
    version: o.version ?? 1,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
    history
  }
}

const base = (appointment: Appointment, notify: Notify = { customer: true, staff: true }) => ({
  appointment,
  actor,
  at: now,
  notify
})

export const created = (a: Appointment, notify?: Notify) => ({
  _tag: "AppointmentCreated" as const,
  ...base(a, notify)
})
export const approved = (a: Appointment): DomainEvent => ({ _tag: "AppointmentApproved", ...base(a) })
export const cancelled = (a: Appointment, message: string | null, notify?: Notify): DomainEvent => ({
  _tag: "AppointmentCancelled",
  ...base(a, notify),
  message
})
export const rejected = (a: Appointment, reason: string | null): DomainEvent => ({
  _tag: "AppointmentRejected",
  ...base(a),
  reason
})
export const rescheduled = (a: Appointment, previousStart: DateTime.Utc): DomainEvent => ({
  _tag: "AppointmentRescheduled",
  ...base(a),
  previousStart,
  previousEnd: DateTime.add(previousStart, { minutes: 30 })
})
export const completed = (a: Appointment): DomainEvent => ({ _tag: "AppointmentCompleted", ...base(a) })
export const noShowMarked = (a: Appointment, sendMissedEmail: boolean): DomainEvent => ({
  _tag: "NoShowMarked",
  ...base(a),
  noShow: true,
  sendMissedEmail
})

/** The absolute links of a message, as the publisher builds them (one token per link). */
export const linksOf = (intent: NotificationIntent): Record<string, string> =>
  Object.fromEntries(
    intent.links.map((key) => [
      key,
      key === "newBooking"
        ? "https://creneau.test/book/biz_1"
        : key === "approve" || key === "reject"
          ? `https://creneau.test/staff-actions/tok-${intent.staffId}-${intent.event}?action=${key}`
          : `https://creneau.test/${key}/tok-${intent.event}-${key}`
    ])
  )

/** The decoded calendar file of a rendered message, or null. */
export const icsOf = (attachments: ReadonlyArray<{ readonly content: string }>): string | null =>
  attachments[0] === undefined ? null : Buffer.from(attachments[0].content, "base64").toString("utf8")

/** A property of an iCalendar text, unfolded: every value of `name`. */
export const icsValues = (ics: string, name: string): Array<string> =>
  ics
    .replace(/\r\n[ \t]/g, "")
    .split("\r\n")
    .filter((line) => line.startsWith(`${name}:`) || line.startsWith(`${name};`))
    .map((line) => line.slice(line.indexOf(":") + 1))
