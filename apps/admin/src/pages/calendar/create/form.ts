/**
 * The create-appointment form as data: what the user has typed (strings, as the inputs hold
 * them), the rules for filling it in (services of the viewed staff member first, staff who perform
 * a service, prefilled duration and price), the totals, and the request bodies of
 * POST /v1/appointments and its recurrence preview, with the problems to fix before sending.
 */
import type {
  ConfirmationOption,
  InstrumentKind,
  Money,
  PaymentMethod,
  PaymentStatus,
  RecurrenceFrequency,
  Weekday
} from "@creneau/core"
import type { InferRequestType, InferResponseType } from "hono/client"
import type { api } from "../../../api"
import { amountToInput, parseAmount } from "./money"
import { WEEKDAYS, wallClockToInstant } from "./zonedTime"

export type CreateAppointmentBody = InferRequestType<typeof api.v1.appointments.$post>["json"]
export type RecurrencePreviewBody = InferRequestType<
  (typeof api.v1.appointments)["recurrence-preview"]["$post"]
>["json"]
export type CreateAppointmentResult = InferResponseType<typeof api.v1.appointments.$post, 201>
export type RecurrencePreview = InferResponseType<
  (typeof api.v1.appointments)["recurrence-preview"]["$post"],
  200
>
export type Service = InferResponseType<typeof api.v1.services.$get, 200>["items"][number]
export type StaffMember = InferResponseType<typeof api.v1.staff.$get, 200>["items"][number]
export type Resource = InferResponseType<typeof api.v1.resources.$get, 200>["items"][number]
export type Customer = InferResponseType<typeof api.v1.customers.$get, 200>["items"][number]
export type Question = Service["questionnaire"][number]

type ItemBody = CreateAppointmentBody["items"][number]
type RecurrenceBody = Exclude<NonNullable<CreateAppointmentBody["recurrence"]>, string>

/** An appointment holds at most this many services (the API refuses more: `too_many_items`). */
export const MAX_ITEMS = 5

/** One service of the appointment, as typed. Empty strings mean "the service's own" / "any". */
export interface ItemDraft {
  readonly key: string
  readonly serviceId: string
  readonly durationMinutes: string
  readonly price: string
  readonly staffId: string
  readonly resourceId: string
}

export type CustomerMode = "existing" | "new" | "none"

export interface NewCustomerDraft {
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly phone: string
}

export interface PaymentDraft {
  readonly method: PaymentMethod
  readonly amountRequested: string
  readonly status: PaymentStatus
  readonly instrumentKind: InstrumentKind | ""
  readonly instrumentReference: string
}

export interface RepeatDraft {
  readonly enabled: boolean
  readonly frequency: RecurrenceFrequency
  readonly interval: string
  /** Daily: the days kept (none: every day). Weekly: the days of each week (none: the start's). */
  readonly byWeekday: ReadonlyArray<Weekday>
  readonly ends: "count" | "until"
  readonly count: string
  readonly until: string
  readonly onConflict: "fail" | "skip"
}

export interface FormState {
  readonly items: ReadonlyArray<ItemDraft>
  /** Wall-clock date (`YYYY-MM-DD`) and time (`HH:mm`) in the business's time zone. */
  readonly date: string
  readonly time: string
  readonly customerMode: CustomerMode
  readonly customer: Customer | null
  readonly newCustomer: NewCustomerDraft
  readonly requestedByClient: boolean
  readonly customerRequest: string
  readonly quickNote: string
  readonly appointmentNotes: string
  readonly answers: Readonly<Record<string, string | boolean>>
  readonly payment: PaymentDraft
  readonly confirmation: ConfirmationOption
  readonly allowOutsideHours: boolean
  readonly repeat: RepeatDraft
}

/** What the form needs to know about the business and its catalogue. */
export interface FormContext {
  readonly timeZone: string
  readonly currency: string
  readonly locale: string
  readonly preferredStaffSelection: boolean
  readonly services: ReadonlyArray<Service>
}

/** A problem found before sending, at the API's path of the field (`items.0.price`). */
export interface FieldProblem {
  readonly path: string
  readonly key: ProblemKey
}

export type ProblemKey =
  | "serviceRequired"
  | "durationInvalid"
  | "priceInvalid"
  | "startInvalid"
  | "customerRequired"
  | "firstNameRequired"
  | "amountInvalid"
  | "referenceRequired"
  | "intervalInvalid"
  | "countInvalid"
  | "untilInvalid"
  | "untilBeforeStart"

export type Built<T> =
  | { readonly ok: true; readonly body: T }
  | { readonly ok: false; readonly problems: ReadonlyArray<FieldProblem> }

let itemCounter = 0
const nextItemKey = (): string => `item-${++itemCounter}`

export const emptyItem = (staffId = ""): ItemDraft => ({
  key: nextItemKey(),
  serviceId: "",
  durationMinutes: "",
  price: "",
  staffId,
  resourceId: ""
})

export const initialForm = (
  clock: { readonly date: string; readonly time: string },
  staffId = ""
): FormState => ({
  items: [emptyItem(staffId)],
  date: clock.date,
  time: clock.time,
  customerMode: "existing",
  customer: null,
  newCustomer: { firstName: "", lastName: "", email: "", phone: "" },
  requestedByClient: false,
  customerRequest: "",
  quickNote: "",
  appointmentNotes: "",
  answers: {},
  payment: {
    method: "on_site",
    amountRequested: "",
    status: "unpaid",
    instrumentKind: "",
    instrumentReference: ""
  },
  confirmation: "approve",
  allowOutsideHours: false,
  repeat: {
    enabled: false,
    frequency: "weekly",
    interval: "1",
    byWeekday: [],
    ends: "count",
    count: "4",
    until: "",
    onConflict: "fail"
  }
})

// ---- catalogue rules ----------------------------------------------------------------------

/** Active services, those `staffId` performs first (the calendar column the user came from). */
export const orderServices = (
  services: ReadonlyArray<Service>,
  staffId: string | undefined
): { readonly mine: ReadonlyArray<Service>; readonly others: ReadonlyArray<Service> } => {
  const active = services.filter((s) => s.active)
  if (staffId === undefined || staffId === "") return { mine: [], others: active }
  return {
    mine: active.filter((s) => s.staffIds.includes(staffId)),
    others: active.filter((s) => !s.staffIds.includes(staffId))
  }
}

/** The active staff members who perform `service`; only `onlyStaffId` when given (a staff user). */
export const staffForService = (
  service: Service | undefined,
  staff: ReadonlyArray<StaffMember>,
  onlyStaffId?: string | null
): ReadonlyArray<StaffMember> =>
  service === undefined
    ? []
    : staff.filter(
        (s) =>
          s.active &&
          service.staffIds.includes(s.id) &&
          (onlyStaffId === undefined || onlyStaffId === null || s.id === onlyStaffId)
      )

/**
 * The item with `service` chosen: its duration and price prefilled from the service, the staff
 * member kept if they perform it (else the preferred one if they do, else "any"), the resource
 * kept if the service can use it.
 */
export const withService = (
  item: ItemDraft,
  service: Service | undefined,
  locale: string,
  preferredStaffId = ""
): ItemDraft => {
  if (service === undefined) return { ...item, serviceId: "", durationMinutes: "", price: "", resourceId: "" }
  const performs = (id: string) => id !== "" && service.staffIds.includes(id)
  return {
    ...item,
    serviceId: service.id,
    durationMinutes: String(service.durationMinutes),
    price: amountToInput(service.price.amount, service.price.currency, locale),
    staffId: performs(item.staffId) ? item.staffId : performs(preferredStaffId) ? preferredStaffId : "",
    resourceId: service.resourceIds.includes(item.resourceId) ? item.resourceId : ""
  }
}

/** The questions of the chosen services, each once, in the order of the items. */
export const questionsOf = (items: ReadonlyArray<ItemDraft>, services: ReadonlyArray<Service>) => {
  const seen = new Set<string>()
  const questions: Array<{ readonly question: Question; readonly service: Service }> = []
  for (const item of items) {
    const service = services.find((s) => s.id === item.serviceId)
    if (service === undefined) continue
    for (const question of service.questionnaire) {
      if (seen.has(question.id)) continue
      seen.add(question.id)
      questions.push({ question, service })
    }
  }
  return questions
}

// ---- totals -------------------------------------------------------------------------------

const DURATION = /^\d{1,4}$/
const MIN_DURATION = 5
const MAX_DURATION = 24 * 60

/** The item's duration in minutes (typed, else the service's); undefined when not valid. */
export const itemDuration = (item: ItemDraft, service: Service | undefined): number | undefined => {
  if (service === undefined) return undefined
  const text = item.durationMinutes.trim()
  if (text === "") return service.durationMinutes
  if (!DURATION.test(text)) return undefined
  const minutes = Number(text)
  return minutes >= MIN_DURATION && minutes <= MAX_DURATION ? minutes : undefined
}

/** The item's price (typed, else the service's); undefined when not valid. */
export const itemPrice = (item: ItemDraft, service: Service | undefined): Money | undefined => {
  if (service === undefined) return undefined
  const text = item.price.trim()
  if (text === "") return service.price
  const amount = parseAmount(text, service.price.currency)
  return amount === undefined ? undefined : { amount, currency: service.price.currency }
}

export interface Totals {
  /** Chosen services. */
  readonly count: number
  /** Minutes of the chosen services whose duration is valid. */
  readonly durationMinutes: number
  /** Sum of the chosen services' prices; undefined when one is not valid or currencies differ. */
  readonly price: Money | undefined
}

/** Total duration and price of the chosen services (items without a service do not count). */
export const totals = (
  items: ReadonlyArray<ItemDraft>,
  services: ReadonlyArray<Service>,
  currency: string
): Totals => {
  let count = 0
  let durationMinutes = 0
  let price: Money | undefined = { amount: 0, currency }
  for (const item of items) {
    const service = services.find((s) => s.id === item.serviceId)
    if (service === undefined) continue
    count++
    durationMinutes += itemDuration(item, service) ?? 0
    const p = itemPrice(item, service)
    price =
      price === undefined || p === undefined || (count > 1 && p.currency !== price.currency)
        ? undefined
        : { amount: price.amount + p.amount, currency: p.currency }
  }
  return { count, durationMinutes, price }
}

// ---- request bodies -----------------------------------------------------------------------

const trimmed = (text: string): string | undefined => {
  const t = text.trim()
  return t === "" ? undefined : t
}

const buildItems = (form: FormState, ctx: FormContext, problems: Array<FieldProblem>) => {
  const items: Array<ItemBody> = []
  form.items.forEach((item, index) => {
    const service = ctx.services.find((s) => s.id === item.serviceId)
    if (service === undefined) {
      problems.push({ path: `items.${index}.serviceId`, key: "serviceRequired" })
      return
    }
    const duration = itemDuration(item, service)
    if (duration === undefined)
      problems.push({ path: `items.${index}.durationMinutes`, key: "durationInvalid" })
    const price = itemPrice(item, service)
    if (price === undefined) problems.push({ path: `items.${index}.price`, key: "priceInvalid" })
    // Only what differs from the service is sent as an override.
    items.push({
      serviceId: service.id,
      ...(item.staffId !== "" && { staffId: item.staffId }),
      ...(item.resourceId !== "" && { resourceId: item.resourceId }),
      ...(duration !== undefined && duration !== service.durationMinutes && { durationMinutes: duration }),
      ...(price !== undefined &&
        (price.amount !== service.price.amount || price.currency !== service.price.currency) && { price })
    })
  })
  return items
}

const buildStart = (form: FormState, ctx: FormContext, problems: Array<FieldProblem>) => {
  const start = wallClockToInstant({ date: form.date, time: form.time }, ctx.timeZone)
  if (start === undefined) problems.push({ path: "start", key: "startInvalid" })
  return start
}

const INTEGER = /^\d{1,9}$/

const buildRecurrence = (
  form: FormState,
  problems: Array<FieldProblem>
): RecurrenceBody | string | undefined => {
  const repeat = form.repeat
  if (!repeat.enabled) return undefined
  const interval = repeat.interval.trim()
  const intervalOk = INTEGER.test(interval) && Number(interval) >= 1 && Number(interval) <= 99
  if (!intervalOk) problems.push({ path: "recurrence.interval", key: "intervalInvalid" })
  let end: { count: number } | { until: string } | undefined
  if (repeat.ends === "count") {
    const count = repeat.count.trim()
    if (INTEGER.test(count) && Number(count) >= 1) end = { count: Number(count) }
    else problems.push({ path: "recurrence.count", key: "countInvalid" })
  } else if (!/^\d{4}-\d{2}-\d{2}$/.test(repeat.until)) {
    problems.push({ path: "recurrence.until", key: "untilInvalid" })
  } else if (repeat.until < form.date) {
    problems.push({ path: "recurrence.until", key: "untilBeforeStart" })
  } else {
    end = { until: repeat.until }
  }
  if (!intervalOk || end === undefined) return undefined
  // Weekdays apply to daily and weekly rules; a monthly rule repeats on the start's day of month.
  const days =
    repeat.frequency !== "monthly" && repeat.byWeekday.length > 0
      ? { byWeekday: WEEKDAYS.filter((d) => repeat.byWeekday.includes(d)) }
      : {}
  return { frequency: repeat.frequency, interval: Number(interval), ...end, ...days }
}

const buildPayment = (form: FormState, ctx: FormContext, problems: Array<FieldProblem>) => {
  const p = form.payment
  const amountText = p.amountRequested.trim()
  const amount = amountText === "" ? undefined : parseAmount(amountText, ctx.currency)
  if (amountText !== "" && amount === undefined)
    problems.push({ path: "payment.amountRequested", key: "amountInvalid" })
  const reference = p.instrumentReference.trim()
  if (p.instrumentKind !== "" && reference === "") {
    problems.push({ path: "payment.instrument.reference", key: "referenceRequired" })
  }
  // Nothing is sent while the payment is the default one (on site, unpaid, nothing requested).
  if (p.method === "on_site" && p.status === "unpaid" && amountText === "" && p.instrumentKind === "") {
    return undefined
  }
  return {
    method: p.method,
    status: p.status,
    ...(amount !== undefined && { amountRequested: { amount, currency: ctx.currency } }),
    ...(p.instrumentKind !== "" && reference !== "" && { instrument: { kind: p.instrumentKind, reference } })
  }
}

const buildCustomer = (form: FormState, problems: Array<FieldProblem>) => {
  if (form.customerMode === "none") return {}
  if (form.customerMode === "existing") {
    if (form.customer === null) {
      problems.push({ path: "customerId", key: "customerRequired" })
      return {}
    }
    return { customerId: form.customer.id }
  }
  const c = form.newCustomer
  const firstName = trimmed(c.firstName)
  if (firstName === undefined) {
    problems.push({ path: "customer.firstName", key: "firstNameRequired" })
    return {}
  }
  const email = trimmed(c.email)
  const phone = trimmed(c.phone)
  return {
    customer: {
      firstName,
      lastName: c.lastName.trim(),
      ...(email !== undefined && { email }),
      ...(phone !== undefined && { phone })
    }
  }
}

const buildAnswers = (form: FormState, ctx: FormContext) => {
  const answers: Record<string, string | boolean> = {}
  for (const { question } of questionsOf(form.items, ctx.services)) {
    const answer = form.answers[question.id]
    if (typeof answer === "boolean") answers[question.id] = answer
    else if (typeof answer === "string" && answer.trim() !== "") answers[question.id] = answer.trim()
  }
  return Object.keys(answers).length === 0 ? undefined : answers
}

/** The body of POST /v1/appointments, or the problems to fix first. */
export const buildCreateBody = (form: FormState, ctx: FormContext): Built<CreateAppointmentBody> => {
  const problems: Array<FieldProblem> = []
  const items = buildItems(form, ctx, problems)
  const start = buildStart(form, ctx, problems)
  const customer = buildCustomer(form, problems)
  const payment = buildPayment(form, ctx, problems)
  const recurrence = buildRecurrence(form, problems)
  if (problems.length > 0 || start === undefined) return { ok: false, problems }
  const answers = buildAnswers(form, ctx)
  const customerRequest = trimmed(form.customerRequest)
  const quickNote = trimmed(form.quickNote)
  const appointmentNotes = trimmed(form.appointmentNotes)
  return {
    ok: true,
    body: {
      start,
      items,
      ...customer,
      ...(ctx.preferredStaffSelection && form.requestedByClient && { requestedByClient: true }),
      ...(customerRequest !== undefined && { customerRequest }),
      ...(quickNote !== undefined && { quickNote }),
      ...(appointmentNotes !== undefined && { appointmentNotes }),
      ...(answers !== undefined && { answers }),
      ...(payment !== undefined && { payment }),
      confirmation: form.confirmation,
      ...(form.allowOutsideHours && { allowOutsideHours: true }),
      ...(recurrence !== undefined && { recurrence, onConflict: form.repeat.onConflict })
    }
  }
}

/** The body of POST /v1/appointments/recurrence-preview, or the problems to fix first. */
export const buildPreviewBody = (form: FormState, ctx: FormContext): Built<RecurrencePreviewBody> => {
  const problems: Array<FieldProblem> = []
  const items = buildItems(form, ctx, problems)
  const start = buildStart(form, ctx, problems)
  const recurrence = buildRecurrence(form, problems)
  if (problems.length > 0 || start === undefined || recurrence === undefined) return { ok: false, problems }
  return {
    ok: true,
    body: { start, items, recurrence, ...(form.allowOutsideHours && { allowOutsideHours: true }) }
  }
}

// ---- errors from the API ------------------------------------------------------------------

/** A message to show at a field: from the API (`message`) or found before sending (`key`). */
export type FieldMessage =
  | { readonly path: string; readonly message: string }
  | { readonly path: string; readonly key: ProblemKey }

/** The paths of the fields the form shows for `form`, where messages can be placed. */
export const fieldPaths = (form: FormState, ctx: FormContext): ReadonlyArray<string> => [
  "items",
  ...form.items.flatMap((_, i) =>
    ["serviceId", "durationMinutes", "price", "staffId", "resourceId"].map((f) => `items.${i}.${f}`)
  ),
  "start",
  "customerId",
  "customer",
  "customer.firstName",
  "customer.lastName",
  "customer.email",
  "customer.phone",
  "requestedByClient",
  "customerRequest",
  "quickNote",
  "appointmentNotes",
  "answers",
  ...questionsOf(form.items, ctx.services).map(({ question }) => `answers.${question.id}`),
  "payment",
  "payment.method",
  "payment.status",
  "payment.amountRequested",
  "payment.instrument",
  "payment.instrument.reference",
  "confirmation",
  ...(form.repeat.enabled
    ? [
        "recurrence",
        "recurrence.frequency",
        "recurrence.interval",
        "recurrence.byWeekday",
        "recurrence.count",
        "recurrence.until",
        "onConflict"
      ]
    : [])
]

/**
 * Each message at the most specific shown field its path falls under (`items.0.price.amount`
 * goes to `items.0.price`, `customer.email` to `customer.email`); the rest is `unplaced`.
 */
export const placeMessages = <M extends { readonly path: string }>(
  messages: ReadonlyArray<M>,
  paths: ReadonlyArray<string>
): { readonly at: ReadonlyMap<string, ReadonlyArray<M>>; readonly unplaced: ReadonlyArray<M> } => {
  const at = new Map<string, Array<M>>()
  const unplaced: Array<M> = []
  for (const message of messages) {
    let best: string | undefined
    for (const path of paths) {
      const covers = message.path === path || message.path.startsWith(`${path}.`)
      if (covers && (best === undefined || path.length > best.length)) best = path
    }
    if (best === undefined) unplaced.push(message)
    else at.set(best, [...(at.get(best) ?? []), message])
  }
  return { at, unplaced }
}

/** Where a refusal of the API belongs in the form: its policy reason or problem code -> field path. */
export const fieldOfRefusal = (code: string, reason: string | undefined): string | undefined => {
  if (code === "slot_unavailable") return "start"
  if (code !== "policy_violation" || reason === undefined) return undefined
  switch (reason) {
    case "outside_working_hours":
    case "past_start":
    case "booking_notice":
    case "too_far_ahead":
    case "off_interval":
      return "start"
    case "too_many_items":
    case "staff_not_assigned":
    case "staff_inactive":
    case "service_inactive":
    case "resource_required":
    case "resource_not_allowed":
    case "currency_mismatch":
      return "items"
    case "recurring_prepayment":
      return "payment"
    case "preferred_staff_disabled":
      return "requestedByClient"
    case "recurrence_limit":
      return "recurrence"
    case "customer_required":
      return "customerId"
    default:
      return undefined
  }
}
