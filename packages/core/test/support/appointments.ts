/**
 * Test builders for the lifecycle and policy tests: a valid appointment with sensible defaults
 * (approved, one hour with Anna on 2030-03-10 at 10:00 UTC, default booking rules, unpaid on site),
 * its items and rules snapshot, and one actor of every kind.
 */
import { Array as Arr, DateTime, Schema } from "effect"
import type { CustomerActor, StaffLinkActor, SystemActor, UserActor } from "../../src/domain/Actor.js"
import type { Appointment, AppointmentItem, Payment } from "../../src/domain/Appointment.js"
import {
  type BookingRules,
  type BookingRulesSnapshot,
  defaultBookingRules,
  effectiveRules
} from "../../src/domain/BookingRules.js"
import { AppointmentId, BusinessId, CustomerId, ServiceId, StaffId, UserId } from "../../src/domain/Ids.js"

export const MINUTE = 60_000
export const HOUR = 60 * MINUTE
export const DAY = 24 * HOUR

export const at = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))
export const plus = (d: DateTime.Utc, ms: number): DateTime.Utc =>
  DateTime.makeUnsafe(d.epochMilliseconds + ms)

export const businessId = Schema.decodeSync(BusinessId)("biz_salon")
export const appointmentId = Schema.decodeSync(AppointmentId)("apt_1")
export const customerId = Schema.decodeSync(CustomerId)("cus_alice")
export const anna = Schema.decodeSync(StaffId)("stf_anna")
export const ben = Schema.decodeSync(StaffId)("stf_ben")
export const carla = Schema.decodeSync(StaffId)("stf_carla")

/** The default start of a built appointment; its default end is one hour later. */
export const defaultStart = at("2030-03-10T10:00:00Z")
export const createdAt = at("2030-03-01T09:00:00Z")

// ---------------------------------------------------------------------------------------------
// Actors
// ---------------------------------------------------------------------------------------------

const user = (id: string, name: string, role: UserActor["role"], staffId: StaffId | null): UserActor => ({
  _tag: "user",
  id: Schema.decodeSync(UserId)(id),
  name,
  role,
  staffId
})

export const owner = user("usr_owner", "Olivia Owner", "owner", null)
export const admin = user("usr_admin", "Adam Admin", "admin", null)
/** A staff user linked to Anna, who performs the default appointment. */
export const staffAssigned = user("usr_anna", "Anna", "staff", anna)
/** A staff user linked to Ben, who has nothing to do with the default appointment. */
export const staffNotAssigned = user("usr_ben", "Ben", "staff", ben)
/** A staff user linked to no staff member at all. */
export const staffUnlinked = user("usr_nobody", "Nobody", "staff", null)
export const customer: CustomerActor = { _tag: "customer", customerId, name: "Alice Martin" }
export const staffLinkAssigned: StaffLinkActor = { _tag: "staff_link", staffId: anna, name: "Anna" }
export const staffLinkNotAssigned: StaffLinkActor = { _tag: "staff_link", staffId: ben, name: "Ben" }
export const systemActor: SystemActor = { _tag: "system" }

// ---------------------------------------------------------------------------------------------
// Appointments
// ---------------------------------------------------------------------------------------------

/** Items performed back to back from `start`, one per staff member, `minutes` each. */
export const makeItems = (
  start: DateTime.Utc,
  staff: Arr.NonEmptyReadonlyArray<StaffId> = [anna],
  minutes = 60
): Arr.NonEmptyReadonlyArray<AppointmentItem> =>
  Arr.map(staff, (staffId, i) => ({
    serviceId: Schema.decodeSync(ServiceId)(`svc_${i + 1}`),
    serviceName: `Service ${i + 1}`,
    staffId,
    resourceId: null,
    start: plus(start, i * minutes * MINUTE),
    end: plus(start, (i + 1) * minutes * MINUTE),
    price: { amount: 3500, currency: "EUR" },
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 10
  }))

type RulesOverrides = Partial<Omit<BookingRules, "clientCancel" | "clientReschedule">> & {
  readonly clientCancel?: Partial<BookingRules["clientCancel"]>
  readonly clientReschedule?: Partial<BookingRules["clientReschedule"]>
}

/** The default booking rules (24 h cancel and reschedule notice, auto approval), with overrides. */
export const makeRules = (o: RulesOverrides = {}): BookingRulesSnapshot => {
  const rules = effectiveRules(defaultBookingRules, [])
  return {
    ...rules,
    ...o,
    clientCancel: { ...rules.clientCancel, ...o.clientCancel },
    clientReschedule: { ...rules.clientReschedule, ...o.clientReschedule }
  } as BookingRulesSnapshot
}

export const unpaid: Payment = {
  method: "on_site",
  amountRequested: null,
  status: "unpaid",
  instrument: null
}

export interface AppointmentOverrides extends Partial<Appointment> {
  /** Staff members of the items, one item each (ignored when `items` is given). */
  readonly staff?: Arr.NonEmptyReadonlyArray<StaffId>
}

/**
 * A valid appointment: approved by default; `pending` without a reason means staff approval;
 * items derived from `start` and `staff` unless given, and `start`/`end` from the items.
 */
export const makeAppointment = (o: AppointmentOverrides = {}): Appointment => {
  const { staff, ...overrides } = o
  const items = o.items ?? makeItems(o.start ?? defaultStart, staff)
  const status = o.status ?? "approved"
  const by = { kind: "user", id: owner.id, name: owner.name } as const
  return {
    id: appointmentId,
    businessId,
    status,
    pendingReason: status === "pending" ? (o.pendingReason ?? "staff_approval") : null,
    noShow: false,
    start: items[0]!.start,
    end: items[items.length - 1]!.end,
    items,
    customerId,
    source: "business",
    requestedByClient: false,
    customerRequest: null,
    quickNote: null,
    appointmentNotes: null,
    answers: {},
    payment: unpaid,
    rulesSnapshot: makeRules(),
    seriesId: null,
    cancellationMessage: null,
    rejectionReason: null,
    version: 1,
    createdAt,
    createdBy: by,
    updatedAt: createdAt,
    updatedBy: by,
    history: [],
    ...overrides
  }
}
