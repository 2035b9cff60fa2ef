/**
 * Create an appointment, or a series of them, by the business (admin app or API) or online by
 * the customer. Gathers the booking context, decides with the domain (items, rules snapshot,
 * status, availability or overlaps, recurrence), then persists, files the customer and publishes
 * the notifications in one transaction.
 */
import { DateTime, Effect, Result, Schema } from "effect"
import { type Actor, actorRef } from "../domain/Actor.js"
import {
  Answers,
  type Appointment,
  type AppointmentItem,
  defaultPayment,
  InstrumentKind,
  MAX_ITEMS,
  Payment
} from "../domain/Appointment.js"
import { type BookedAppointment, checkSlot } from "../domain/Availability.js"
import { draftItems, slotRefusalError } from "../domain/Booking.js"
import { effectiveRules } from "../domain/BookingRules.js"
import { type Customer, Email, Phone } from "../domain/Customer.js"
import { type AppointmentCreated, notifyAll } from "../domain/DomainEvent.js"
import {
  type ConflictingOccurrence,
  type FieldError,
  Forbidden,
  PolicyViolation,
  SlotUnavailable,
  ValidationFailed
} from "../domain/Errors.js"
import type { AppointmentId, BusinessId, CustomerId, SeriesId } from "../domain/Ids.js"
import { CustomerId as CustomerIdSchema, ResourceId, ServiceId, StaffId } from "../domain/Ids.js"
import { Instant, toLocal } from "../domain/LocalTime.js"
import { Money } from "../domain/Money.js"
import { itemsBookableBy, onlineBookingNeedsApproval, recurringPaymentRefusal } from "../domain/Policies.js"
import { expandRecurrence, RecurrenceInput } from "../domain/Recurrence.js"
import { MAX_BUFFER_MINUTES, MAX_DURATION_MINUTES, type Service } from "../domain/Service.js"
import { Ids } from "../ports/Ids.js"
import { AppointmentRepository, CustomerRepository, SeriesRepository } from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { type BookingContext, loadBookingContext } from "./BookingContext.js"
import { publish, publishSeriesCreated } from "./Publish.js"

const Text = (max: number) => Schema.String.check(Schema.isMaxLength(max))

export const NewCustomer = Schema.Struct({
  firstName: Text(100).check(Schema.isNonEmpty()),
  lastName: Text(100),
  email: Schema.optionalKey(Email),
  phone: Schema.optionalKey(Phone)
})
export type NewCustomer = typeof NewCustomer.Type

export const ItemInput = Schema.Struct({
  serviceId: ServiceId,
  staffId: Schema.optionalKey(StaffId),
  resourceId: Schema.optionalKey(ResourceId),
  durationMinutes: Schema.optionalKey(
    Schema.Int.check(Schema.isBetween({ minimum: 5, maximum: MAX_DURATION_MINUTES }))
  ),
  price: Schema.optionalKey(Money)
})
export type ItemInput = typeof ItemInput.Type

export const ConfirmationOption = Schema.Literals(["approve", "request_client_confirmation", "no_message"])
export type ConfirmationOption = typeof ConfirmationOption.Type

export const PaymentInput = Schema.Struct({
  method: Payment.fields.method,
  amountRequested: Schema.optionalKey(Money),
  status: Schema.optionalKey(Payment.fields.status),
  instrument: Schema.optionalKey(Schema.Struct({ kind: InstrumentKind, reference: Text(200) }))
})

/** The business's request (admin app or API). Item count above 5 is a 422, not a 400. */
export const CreateAppointmentInput = Schema.Struct({
  start: Instant,
  items: Schema.Array(ItemInput).check(Schema.isMinLength(1), Schema.isMaxLength(20)),
  customerId: Schema.optionalKey(CustomerIdSchema),
  customer: Schema.optionalKey(NewCustomer),
  requestedByClient: Schema.optionalKey(Schema.Boolean),
  customerRequest: Schema.optionalKey(Text(2000)),
  quickNote: Schema.optionalKey(Text(2000)),
  appointmentNotes: Schema.optionalKey(Text(5000)),
  answers: Schema.optionalKey(Answers),
  payment: Schema.optionalKey(PaymentInput),
  confirmation: Schema.optionalKey(ConfirmationOption),
  recurrence: Schema.optionalKey(RecurrenceInput),
  onConflict: Schema.optionalKey(Schema.Literals(["fail", "skip"])),
  allowOutsideHours: Schema.optionalKey(Schema.Boolean)
})
export type CreateAppointmentInput = typeof CreateAppointmentInput.Type

/** The customer's request from the online booking page. */
export const OnlineBookingInput = Schema.Struct({
  start: Instant,
  items: Schema.Array(Schema.Struct({ serviceId: ServiceId, staffId: Schema.optionalKey(StaffId) })).check(
    Schema.isMinLength(1),
    Schema.isMaxLength(20)
  ),
  customer: NewCustomer,
  requestedByClient: Schema.optionalKey(Schema.Boolean),
  customerRequest: Schema.optionalKey(Text(2000)),
  answers: Schema.optionalKey(Answers)
})
export type OnlineBookingInput = typeof OnlineBookingInput.Type

export interface CreatedSeries {
  readonly id: string
  readonly appointments: ReadonlyArray<Appointment>
  readonly skipped: ReadonlyArray<ConflictingOccurrence>
  readonly endsOn: string
}

export interface CreateAppointmentResult {
  readonly appointment: Appointment
  readonly series?: CreatedSeries
  readonly customerNotified: boolean
  readonly reason?: string
}

const fail = (reason: PolicyViolation["reason"], message: string) => new PolicyViolation({ reason, message })

/** Required questions of the services that the answers leave empty. */
const missingAnswers = (services: ReadonlyArray<Service>, answers: Answers): ReadonlyArray<FieldError> =>
  services.flatMap((service) =>
    service.questionnaire
      .filter((q) => q.required)
      .filter((q) => {
        const answer = answers[q.id]
        return answer === undefined || (typeof answer === "string" && answer.trim() === "")
      })
      .map((q) => ({ path: `answers.${q.id}`, message: `Required: ${q.label}` }))
  )

/** The customer asked for by id, and what reading it with the booking context found. */
interface CustomerById {
  readonly id: string
  readonly found: Customer | null
}

/** An existing customer (read beforehand), a customer matched by email, a new one, or none. */
const resolveCustomer = Effect.fnUntraced(function* (
  businessId: string,
  byId: CustomerById | undefined,
  fields: NewCustomer | undefined
) {
  const customers = yield* CustomerRepository
  if (byId !== undefined) {
    if (byId.found !== null) return byId.found
    return yield* new ValidationFailed({
      message: "Unknown customer.",
      errors: [{ path: "customerId", message: `Unknown customer ${byId.id}` }]
    })
  }
  if (fields === undefined) return null
  if (fields.email !== undefined) {
    const email = fields.email.trim().toLowerCase()
    const found = (yield* customers.search(businessId, email, 20)).find(
      (c) => c.email?.toLowerCase() === email
    )
    if (found !== undefined) return found
  }
  const customer: Customer = {
    id: (yield* (yield* Ids).make("customer")) as CustomerId,
    businessId: businessId as BusinessId,
    firstName: fields.firstName.trim(),
    lastName: fields.lastName.trim(),
    email: fields.email?.trim() ?? null,
    phone: fields.phone?.trim() ?? null,
    notes: "",
    noShowCount: 0
  }
  yield* customers.insert(customer)
  return customer
})

/** Appointment notes are appended to the customer's profile, dated in the business's zone. */
const fileNotes = Effect.fnUntraced(function* (
  customer: Customer | null,
  notes: string | undefined,
  timezone: string
) {
  if (customer === null || notes === undefined || notes.trim() === "") return customer
  const today = toLocal(yield* DateTime.now, timezone).date
  const updated = {
    ...customer,
    notes:
      customer.notes === "" ? `${today}: ${notes.trim()}` : `${customer.notes}\n${today}: ${notes.trim()}`
  }
  yield* (yield* CustomerRepository).update(updated)
  return updated
})

interface Decided {
  readonly ctx: BookingContext
  readonly customer: Customer | null
  readonly status: Pick<Appointment, "status" | "pendingReason">
  readonly notifyCustomer: boolean
  readonly fields: Omit<
    Appointment,
    "id" | "status" | "pendingReason" | "start" | "end" | "items" | "seriesId"
  >
}

const buildAppointment = (
  id: string,
  decided: Decided,
  items: ReadonlyArray<AppointmentItem>,
  seriesId: string | null
): Appointment => ({
  ...decided.fields,
  ...decided.status,
  id: id as AppointmentId,
  items,
  start: items[0]!.start,
  end: items[items.length - 1]!.end,
  seriesId: seriesId as SeriesId | null
})

const insertAll = Effect.fnUntraced(function* (appointments: ReadonlyArray<Appointment>, actor: Actor) {
  const repo = yield* AppointmentRepository
  const events: Array<typeof AppointmentCreated.Type> = []
  for (const appointment of appointments) {
    yield* repo.insert(appointment)
    events.push({
      _tag: "AppointmentCreated",
      appointment,
      actor: actorRef(actor),
      at: appointment.createdAt,
      notify: notifyAll
    })
  }
  return events
})

const create = Effect.fnUntraced(function* (params: {
  readonly businessId: string
  readonly actor: Actor
  readonly source: "business" | "online"
  readonly input: CreateAppointmentInput
}) {
  const { source } = params
  const bookable = itemsBookableBy(params.actor, params.input.items)
  if (bookable === null) {
    return yield* new Forbidden({ message: "A staff member books appointments for themselves only." })
  }
  const input = { ...params.input, items: bookable }
  const now = yield* DateTime.now
  if (input.items.length > MAX_ITEMS) {
    return yield* fail("too_many_items", `An appointment has at most ${MAX_ITEMS} services.`)
  }
  const recurrence = input.recurrence
  const payment = {
    ...defaultPayment,
    ...input.payment,
    amountRequested: input.payment?.amountRequested ?? null,
    instrument: input.payment?.instrument ?? null
  }
  if (recurrence !== undefined && recurringPaymentRefusal(payment) !== null) {
    return yield* fail(
      "recurring_prepayment",
      "A series is paid on site, visit by visit: it cannot be prepaid or paid online."
    )
  }

  // The whole span a series may cover is loaded at once (two years at most): the active
  // appointments the items could overlap, from the earliest their buffers can begin to the latest
  // they can end (a duration not given is bounded by the longest a service may last). When every
  // item names its staff member, no other is looked up: only those are loaded. The customer asked
  // for, the webhook endpoints and the templates are read with it; what the customer read found is looked at
  // only where the customer is resolved, after the checks of the request.
  const lastStart = recurrence === undefined ? input.start : DateTime.add(input.start, { days: 2 * 366 + 1 })
  const longest = input.items.reduce((sum, i) => sum + (i.durationMinutes ?? MAX_DURATION_MINUTES), 0)
  const named = input.items.flatMap((i) => (i.staffId === undefined ? [] : [i.staffId]))
  const customerId = input.customerId
  const ctx = yield* loadBookingContext({
    businessId: params.businessId,
    serviceIds: input.items.map((i) => i.serviceId),
    from: DateTime.subtract(input.start, { minutes: MAX_BUFFER_MINUTES }),
    to: DateTime.add(lastStart, { minutes: longest + MAX_BUFFER_MINUTES }),
    marginMs: 0,
    ...(named.length === input.items.length && { staffIds: named }),
    ...(customerId !== undefined && { customerId }),
    publishing: true
  })
  const customerById: CustomerById | undefined =
    customerId === undefined ? undefined : { id: customerId, found: ctx.customer }
  const { business, services } = ctx
  const rules = effectiveRules(
    business.bookingRules,
    services.map((s) => s.rules ?? undefined)
  )
  if (input.requestedByClient === true && !business.bookingRules.preferredStaffSelection) {
    return yield* fail(
      "preferred_staff_disabled",
      "This business does not offer choosing a preferred staff member."
    )
  }
  const answers = input.answers ?? {}
  if (source === "online") {
    const missing = missingAnswers(services, answers)
    if (missing.length > 0) {
      return yield* new ValidationFailed({
        message: "Some required questions are not answered.",
        errors: missing
      })
    }
  }
  const allowOutsideHours = source === "business" && input.allowOutsideHours === true
  if (source === "business" && !allowOutsideHours && input.start.epochMilliseconds < now.epochMilliseconds) {
    return yield* fail(
      "past_start",
      "This time has passed; book it anyway by allowing times outside working hours."
    )
  }

  const customer = yield* resolveCustomer(params.businessId, customerById, input.customer)
  const needsApproval = source === "online" && onlineBookingNeedsApproval(rules, customer)
  const confirmation = input.confirmation ?? "approve"
  const status: Pick<Appointment, "status" | "pendingReason"> =
    source === "online"
      ? needsApproval
        ? { status: "pending", pendingReason: "staff_approval" }
        : { status: "approved", pendingReason: null }
      : confirmation === "request_client_confirmation"
        ? { status: "pending", pendingReason: "client_confirmation" }
        : { status: "approved", pendingReason: null }
  const by = actorRef(params.actor)
  const decided: Decided = {
    ctx,
    customer,
    status,
    notifyCustomer: !(source === "business" && confirmation === "no_message"),
    fields: {
      businessId: params.businessId as BusinessId,
      noShow: false,
      customerId: customer?.id ?? null,
      source,
      requestedByClient: input.requestedByClient ?? false,
      customerRequest: input.customerRequest ?? null,
      quickNote: input.quickNote ?? null,
      appointmentNotes: input.appointmentNotes ?? null,
      answers,
      payment,
      rulesSnapshot: rules,
      cancellationMessage: null,
      rejectionReason: null,
      version: 1,
      createdAt: now,
      createdBy: by,
      updatedAt: now,
      updatedBy: by,
      history: [{ at: now, actor: by, type: "created", data: { status: status.status, source } }]
    }
  }

  /** Items at one start, by the same rules as availability for online bookings. */
  const itemsAt = (start: DateTime.Utc, booked: ReadonlyArray<BookedAppointment>) => {
    if (source === "online") {
      return Result.mapError(
        checkSlot(
          {
            timezone: business.timezone,
            rules,
            services,
            staff: ctx.staff,
            resources: ctx.resources,
            appointments: booked,
            now
          },
          start,
          input.items.map((i) => ({ staffId: i.staffId, resourceId: i.resourceId }))
        ),
        slotRefusalError
      ).pipe(Result.map((slot) => slotItems(slot, services, input)))
    }
    return draftItems({
      timezone: business.timezone,
      start,
      services,
      requests: input.items,
      staff: ctx.staff,
      resources: ctx.resources,
      appointments: booked,
      allowOutsideHours
    })
  }

  const ids = yield* Ids
  if (recurrence === undefined) {
    const items = yield* Result.match(itemsAt(input.start, ctx.appointments), {
      onFailure: (e) => Effect.fail(e),
      onSuccess: (v) => Effect.succeed(v)
    })
    const appointment = buildAppointment(yield* ids.make("appointment"), decided, items, null)
    const events = yield* insertAll([appointment], params.actor)
    const filed = yield* fileNotes(customer, input.appointmentNotes, business.timezone)
    const published = yield* publish(
      events.map((e) => ({ ...e, notify: { customer: decided.notifyCustomer, staff: true } })),
      { business, customer: filed, staff: ctx.staff, webhooks: ctx.webhooks }
    )
    const result: CreateAppointmentResult = { appointment, ...published }
    return result
  }

  if (source === "online")
    return yield* fail("recurrence_limit", "Recurring bookings are made by the business.")
  const expanded = yield* Result.match(
    expandRecurrence({ rule: recurrence, start: input.start, timeZone: business.timezone }),
    {
      onFailure: (e) =>
        Effect.fail(
          e._tag === "InvalidRecurrence"
            ? new ValidationFailed({
                message: e.message,
                errors: [{ path: "recurrence", message: e.message }]
              })
            : fail(
                "recurrence_limit",
                e.reason === "too_many_occurrences"
                  ? `A series has at most ${e.limit} occurrences.`
                  : "A series reaches at most two years ahead."
              )
        ),
      onSuccess: Effect.succeed
    }
  )
  const seriesId = yield* ids.make("series")
  const accepted: Array<Appointment> = []
  const skipped: Array<ConflictingOccurrence> = []
  let booked = ctx.appointments
  for (const start of expanded.occurrences) {
    const result = itemsAt(start, booked)
    if (Result.isFailure(result)) {
      const error = result.failure
      if (
        error._tag !== "SlotUnavailable" &&
        !(error._tag === "PolicyViolation" && error.reason === "outside_working_hours")
      ) {
        return yield* error
      }
      const duration = input.items.reduce(
        (sum, item, i) => sum + (item.durationMinutes ?? services[i]!.durationMinutes),
        0
      )
      skipped.push({ start, end: DateTime.add(start, { minutes: duration }) })
      continue
    }
    const appointment = buildAppointment(yield* ids.make("appointment"), decided, result.success, seriesId)
    accepted.push(appointment)
    booked = [...booked, appointment]
  }
  if (skipped.length > 0 && input.onConflict !== "skip") {
    return yield* new SlotUnavailable({
      message: `${skipped.length} of ${expanded.occurrences.length} occurrences are not available.`,
      conflicts: skipped
    })
  }
  if (accepted.length === 0) {
    return yield* new SlotUnavailable({
      message: "No occurrence of this series is available.",
      conflicts: skipped
    })
  }
  yield* (yield* SeriesRepository).insert({
    id: seriesId,
    businessId: business.id,
    rule: recurrence,
    createdAt: now
  })
  const events = yield* insertAll(accepted, params.actor)
  const filed = yield* fileNotes(customer, input.appointmentNotes, business.timezone)
  const published = yield* publishSeriesCreated(
    events.map((e) => ({ ...e, notify: { customer: decided.notifyCustomer, staff: true } })),
    { business, customer: filed, staff: ctx.staff, webhooks: ctx.webhooks }
  )
  const result: CreateAppointmentResult = {
    appointment: accepted[0]!,
    series: { id: seriesId, appointments: accepted, skipped, endsOn: expanded.endsOn },
    ...published
  }
  return result
})

/** The items of an availability slot, with the prices of the services (or their overrides). */
const slotItems = (
  slot: {
    readonly items: ReadonlyArray<{
      staffId: string
      resourceId: string | null
      start: DateTime.Utc
      end: DateTime.Utc
    }>
  },
  services: ReadonlyArray<Service>,
  input: CreateAppointmentInput
): ReadonlyArray<AppointmentItem> =>
  slot.items.map((item, i) => {
    const service = services[i]!
    return {
      serviceId: service.id,
      serviceName: service.name,
      staffId: item.staffId as AppointmentItem["staffId"],
      resourceId: item.resourceId as AppointmentItem["resourceId"],
      start: item.start,
      end: item.end,
      price: input.items[i]?.price ?? service.price,
      bufferBeforeMinutes: service.bufferBeforeMinutes,
      bufferAfterMinutes: service.bufferAfterMinutes
    }
  })

/** Create an appointment (or a series) by the business. */
export const createAppointment = Effect.fn("createAppointment")(function* (params: {
  readonly businessId: string
  readonly actor: Actor
  readonly input: CreateAppointmentInput
}) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(create({ ...params, source: "business" }))
})

/** Book online: only times the availability engine offers; approval per the business's rules. */
export const bookOnline = Effect.fn("bookOnline")(function* (params: {
  readonly businessId: string
  readonly input: OnlineBookingInput
}) {
  const uow = yield* UnitOfWork
  const { customer, ...rest } = params.input
  return yield* uow.transaction(
    create({
      businessId: params.businessId,
      actor: {
        _tag: "customer",
        customerId: null,
        name: `${customer.firstName} ${customer.lastName}`.trim()
      },
      source: "online",
      input: { ...rest, customer }
    })
  )
})
