/**
 * The repository contract: the behaviour every persistence adapter (memory, PGlite, PostgreSQL)
 * must show, as a Vitest suite an adapter runs against its own layer:
 *
 * ```ts
 * repositoryContract("pglite", layerPGlitePersistence)
 * ```
 *
 * The layer is built once and shared by every test, so each test creates its own business (random
 * ids) and never assumes an empty database. The two operations that are not scoped by business,
 * `AppointmentRepository.listEnded` and `Outbox.claimDue`, are tested in eras no other test writes
 * in (1990 and 2001); every other outbox message waits until 2199 so no claim ever sees it.
 *
 * Values are compared after turning every DateTime into its epoch milliseconds, so an adapter must
 * give back exactly what it was given: nulls as nulls, absent optional keys as absent, arrays in
 * their order, nested objects whole.
 */
import { assert, describe, layer, type Vitest } from "@effect/vitest"
import { DateTime, Effect, type Layer, Option, Result, Schema } from "effect"
import type { ActorRef } from "../domain/Actor.js"
import type { Appointment, AppointmentItem } from "../domain/Appointment.js"
import { defaultPayment } from "../domain/Appointment.js"
import { bookedOf } from "../domain/Availability.js"
import { type BookingRulesSnapshot, defaultBookingRules } from "../domain/BookingRules.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import type {
  AppointmentId,
  BusinessId,
  CustomerId,
  ResourceId,
  SeriesId,
  ServiceId,
  StaffId,
  TimeOffId
} from "../domain/Ids.js"
import type { LocalDate } from "../domain/LocalTime.js"
import type { NotificationIntent } from "../domain/NotificationPlan.js"
import { defaultNotificationSettings } from "../domain/NotificationSettings.js"
import type { RecurrenceRule } from "../domain/Recurrence.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import { emptyWeek, type StaffMember } from "../domain/StaffMember.js"
import { BookingContextStore } from "../ports/BookingContextStore.js"
import { type CalendarFeed, CalendarFeedRepository } from "../ports/CalendarFeeds.js"
import { type IdempotencyRecord, IdempotencyStore } from "../ports/Idempotency.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import {
  AppointmentRepository,
  BusinessRepository,
  type CatalogRepository,
  CustomerRepository,
  ResourceRepository,
  type Series,
  SeriesRepository,
  ServiceRepository,
  StaffRepository
} from "../ports/Repositories.js"
import { type StoredTemplate, TemplateRepository } from "../ports/Templates.js"
import { type ActionToken, Tokens } from "../ports/Tokens.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { type WebhookEndpoint, WebhookRepository } from "../ports/Webhooks.js"

/** Every port a persistence adapter provides. */
export type PersistencePorts =
  | BusinessRepository
  | StaffRepository
  | ServiceRepository
  | ResourceRepository
  | CustomerRepository
  | AppointmentRepository
  | SeriesRepository
  | Outbox
  | UnitOfWork
  | IdempotencyStore
  | Tokens
  | WebhookRepository
  | TemplateRepository
  | BookingContextStore
  | CalendarFeedRepository

type It = Vitest.MethodsNonLive<PersistencePorts>

/**
 * Declares the contract suite, named `name`, over one shared instance of `persistence`.
 */
export const repositoryContract = <E>(name: string, persistence: Layer.Layer<PersistencePorts, E>): void =>
  layer(persistence)(name, (it) => {
    businessTests(it)
    catalogTests(it, {
      label: "StaffRepository",
      repository: StaffRepository,
      existing: (w) => [w.anna, w.ben, w.cleo],
      samples: staffSamples,
      change: (s) => ({
        ...s,
        name: `${s.name} (renamed)`,
        active: !s.active,
        email: s.email === null ? "renamed@salon.test" : null,
        timeOff: [...s.timeOff, timeOffOf("2031-07-01T00:00:00.000Z", "2031-07-15T00:00:00.000Z", "Summer")]
      })
    })
    catalogTests(it, {
      label: "ServiceRepository",
      repository: ServiceRepository,
      existing: (w) => [w.haircut],
      samples: serviceSamples,
      change: (s) => ({
        ...s,
        name: `${s.name} (renamed)`,
        durationMinutes: s.durationMinutes + 15,
        staffIds: [...s.staffIds].reverse(),
        rules: s.rules === null ? { minBookingNoticeMinutes: 0 } : null
      })
    })
    catalogTests(it, {
      label: "ResourceRepository",
      repository: ResourceRepository,
      existing: (w) => [w.room, w.studio],
      samples: resourceSamples,
      change: (r) => ({ ...r, name: `${r.name} (renamed)`, capacity: r.capacity + 1 })
    })
    customerTests(it)
    seriesTests(it)
    appointmentTests(it)
    unitOfWorkTests(it)
    outboxTests(it)
    idempotencyTests(it)
    tokenTests(it)
    webhookTests(it)
    bookingContextTests(it)
    templateTests(it)
    calendarFeedTests(it)
  })

// -------------------------------------------------------------------------------------------
// Values and assertions
// -------------------------------------------------------------------------------------------

const MINUTE = 60_000

const newId = <Id extends string>(prefix: string): Id => `${prefix}_${globalThis.crypto.randomUUID()}` as Id

const instant = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))
const plusMillis = (t: DateTime.Utc, millis: number): DateTime.Utc =>
  DateTime.makeUnsafe(t.epochMilliseconds + millis)
const plusMinutes = (t: DateTime.Utc, minutes: number): DateTime.Utc => plusMillis(t, minutes * MINUTE)
/** `on("2031-03-03")("10:00")`: that UTC wall-clock time on that day. */
const on =
  (day: string) =>
  (hhmm: string): DateTime.Utc =>
    instant(`${day}T${hhmm}:00.000Z`)

/** Messages that no claim of this suite may ever see. */
const FAR_FUTURE = instant("2199-01-01T00:00:00.000Z")

/** A plain, comparable copy: DateTimes become their epoch milliseconds, prototypes are dropped. */
const canonical = (value: unknown): unknown => {
  if (DateTime.isDateTime(value)) {
    return DateTime.isUtc(value) ? { utc: value.epochMilliseconds } : { zoned: value.epochMilliseconds }
  }
  if (Array.isArray(value)) return value.map(canonical)
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, canonical(v)]))
  }
  return value
}

const assertSame = (actual: unknown, expected: unknown, message?: string): void =>
  assert.deepStrictEqual(canonical(actual), canonical(expected), message)

const byId = <A extends { readonly id: string }>(values: ReadonlyArray<A>): Array<A> =>
  [...values].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))

const idsOf = (values: ReadonlyArray<{ readonly id: string }>): Array<string> => values.map((v) => v.id)

const sortedIds = (values: ReadonlyArray<{ readonly id: string }>): Array<string> => idsOf(byId(values))

/** The ids of `values` that are among `ours`, in the order of `values`. */
const onlyOurs = (
  values: ReadonlyArray<{ readonly id: string }>,
  ours: ReadonlyArray<{ readonly id: string }>
) => {
  const wanted = new Set(idsOf(ours))
  return idsOf(values).filter((id) => wanted.has(id))
}

/** Runs `effect`, which must fail with the error tagged `tag`, and returns that error. */
const expectFailure = <A, E extends { readonly _tag: string }, R, Tag extends E["_tag"]>(
  effect: Effect.Effect<A, E, R>,
  tag: Tag
): Effect.Effect<Extract<E, { readonly _tag: Tag }>, never, R> =>
  Effect.map(Effect.result(effect), (result) => {
    if (Result.isSuccess(result)) return assert.fail(`expected ${tag}, but the operation succeeded`)
    assert.strictEqual(result.failure._tag, tag)
    return result.failure as Extract<E, { readonly _tag: Tag }>
  })

/** A failure raised inside a transaction to make it roll back. */
class Rollback extends Schema.TaggedError<Rollback>()("Rollback", {}) {}

// -------------------------------------------------------------------------------------------
// Builders
// -------------------------------------------------------------------------------------------

const systemRef: ActorRef = { kind: "system", id: null, name: "Créneau" }
const ownerRef: ActorRef = { kind: "user", id: "usr_owner", name: "Olivia Owner" }
const customerRef: ActorRef = { kind: "customer", id: null, name: "Walk-in" }

const businessOf = (fields: Partial<Business> = {}): Business => ({
  id: newId<BusinessId>("biz"),
  name: "Contract Salon",
  timezone: "Europe/Paris",
  locale: "fr",
  currency: "EUR",
  bookingRules: defaultBookingRules,
  notifications: defaultNotificationSettings,
  bookingPageUrl: null,
  ...fields
})

const staffOf = (businessId: BusinessId, fields: Partial<StaffMember> = {}): StaffMember => ({
  id: newId<StaffId>("stf"),
  businessId,
  name: "Staff",
  email: null,
  phone: null,
  active: true,
  workingHours: { weekly: emptyWeek, overrides: [] },
  timeOff: [],
  ...fields
})

const timeOffOf = (start: string, end: string, reason: string | null) => ({
  id: newId<TimeOffId>("off"),
  start: instant(start),
  end: instant(end),
  reason
})

const serviceOf = (businessId: BusinessId, fields: Partial<Service> = {}): Service => ({
  id: newId<ServiceId>("svc"),
  businessId,
  name: "Haircut",
  durationMinutes: 30,
  price: { amount: 3500, currency: "EUR" },
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  staffIds: [],
  resourceIds: [],
  questionnaire: [],
  rules: null,
  active: true,
  ...fields
})

const resourceOf = (businessId: BusinessId, fields: Partial<Resource> = {}): Resource => ({
  id: newId<ResourceId>("res"),
  businessId,
  name: "Room",
  capacity: 1,
  ...fields
})

const customerOf = (businessId: BusinessId, fields: Partial<Customer> = {}): Customer => ({
  id: newId<CustomerId>("cus"),
  businessId,
  firstName: "Zoé",
  lastName: "Zimmer",
  email: null,
  phone: null,
  notes: "",
  noShowCount: 0,
  ...fields
})

const seriesOf = (businessId: BusinessId, rule: RecurrenceRule): Series => ({
  id: newId<SeriesId>("ser"),
  businessId,
  rule,
  createdAt: instant("2031-01-05T08:00:00.250Z")
})

/** A business with three staff members, a service, a room (capacity 1), a studio (capacity 2) and a customer. */
interface World {
  readonly business: Business
  readonly anna: StaffMember
  readonly ben: StaffMember
  readonly cleo: StaffMember
  readonly haircut: Service
  readonly room: Resource
  readonly studio: Resource
  readonly customer: Customer
}

const makeWorld = Effect.fn("RepositoryContract.makeWorld")(function* () {
  const business = businessOf()
  const anna = staffOf(business.id, { name: "Anna" })
  const ben = staffOf(business.id, { name: "Ben" })
  const cleo = staffOf(business.id, { name: "Cleo" })
  const room = resourceOf(business.id, { name: "Treatment room", capacity: 1 })
  const studio = resourceOf(business.id, { name: "Studio", capacity: 2 })
  const haircut = serviceOf(business.id, {
    staffIds: [anna.id, ben.id, cleo.id],
    resourceIds: [room.id, studio.id]
  })
  const customer = customerOf(business.id)
  yield* (yield* BusinessRepository).insert(business)
  const staff = yield* StaffRepository
  for (const member of [anna, ben, cleo]) yield* staff.insert(member)
  const resources = yield* ResourceRepository
  yield* resources.insert(room)
  yield* resources.insert(studio)
  yield* (yield* ServiceRepository).insert(haircut)
  yield* (yield* CustomerRepository).insert(customer)
  const world: World = { business, anna, ben, cleo, haircut, room, studio, customer }
  return world
})

interface ItemSpec {
  readonly staff: StaffMember
  readonly start: DateTime.Utc
  readonly minutes: number
  readonly before?: number
  readonly after?: number
  readonly resource?: Resource
}

/** An appointment of `w` whose items are given by `items`; `fields` override the defaults. */
const appointmentOf = (
  w: World,
  items: ReadonlyArray<ItemSpec>,
  fields: Partial<Appointment> = {}
): Appointment => {
  const built: Array<AppointmentItem> = items.map((i) => ({
    serviceId: w.haircut.id,
    serviceName: w.haircut.name,
    staffId: i.staff.id,
    resourceId: i.resource?.id ?? null,
    start: i.start,
    end: plusMinutes(i.start, i.minutes),
    price: w.haircut.price,
    bufferBeforeMinutes: i.before ?? 0,
    bufferAfterMinutes: i.after ?? 0
  }))
  const starts = built.map((i) => i.start.epochMilliseconds)
  const ends = built.map((i) => i.end.epochMilliseconds)
  const createdAt = instant("2031-01-10T08:00:00.000Z")
  return {
    id: newId<AppointmentId>("apt"),
    businessId: w.business.id,
    status: "approved",
    pendingReason: null,
    noShow: false,
    start: DateTime.makeUnsafe(Math.min(...starts)),
    end: DateTime.makeUnsafe(Math.max(...ends)),
    items: built,
    customerId: null,
    source: "business",
    requestedByClient: false,
    customerRequest: null,
    quickNote: null,
    appointmentNotes: null,
    answers: {},
    payment: defaultPayment,
    rulesSnapshot: defaultBookingRules as BookingRulesSnapshot,
    seriesId: null,
    cancellationMessage: null,
    rejectionReason: null,
    version: 1,
    createdAt,
    createdBy: systemRef,
    updatedAt: createdAt,
    updatedBy: systemRef,
    history: [],
    ...fields
  }
}

/** The next version of `a`, as a use case would write it. */
const revised = (a: Appointment, fields: Partial<Appointment>): Appointment => ({
  ...a,
  version: a.version + 1,
  updatedAt: plusMinutes(a.updatedAt, 1),
  updatedBy: ownerRef,
  ...fields
})

/** `a` moved to other items (times, staff or resources). */
const moved = (a: Appointment, w: World, items: ReadonlyArray<ItemSpec>): Appointment => {
  const next = appointmentOf(w, items)
  return revised(a, { items: next.items, start: next.start, end: next.end, status: "rescheduled" })
}

const messageOf = (businessId: string, fields: Partial<OutboxMessage> = {}): OutboxMessage => ({
  id: newId<string>("ntf"),
  businessId,
  appointmentId: null,
  seriesId: null,
  channel: "email",
  recipientRole: "customer",
  to: "client@example.test",
  event: "confirmed",
  subject: "Your appointment",
  text: "See you soon.",
  html: null,
  links: {},
  attachments: [],
  intent: null,
  webhookId: null,
  sendAfter: FAR_FUTURE,
  status: "pending",
  attempts: 0,
  lastError: null,
  sentAt: null,
  createdAt: instant("2031-01-10T08:00:00.000Z"),
  ...fields
})

const webhookOf = (businessId: string, fields: Partial<WebhookEndpoint> = {}): WebhookEndpoint => ({
  id: newId<string>("whk"),
  businessId,
  url: "https://hooks.example.test/creneau",
  events: [],
  secret: "whsec_0123456789abcdef",
  createdAt: instant("2031-01-10T08:00:00.000Z"),
  ...fields
})

// -------------------------------------------------------------------------------------------
// Businesses
// -------------------------------------------------------------------------------------------

const businessTests = (it: It) =>
  describe("BusinessRepository", () => {
    it.effect("insert then get returns the same business", () =>
      Effect.gen(function* () {
        const businesses = yield* BusinessRepository
        const plain = businessOf()
        const custom = businessOf({
          name: "Studio Élan",
          timezone: "America/New_York",
          locale: "en",
          currency: "USD",
          bookingRules: {
            ...defaultBookingRules,
            approvalMode: "manual",
            clientCancel: { enabled: false, minNoticeMinutes: 0 },
            preferredStaffSelection: true,
            noShowApprovalThreshold: 3
          },
          notifications: {
            reminders: [{ offsetMinutes: 90, channels: ["sms", "email"], recipients: ["staff", "customer"] }],
            followUp: { enabled: false, delayMinutes: 0 },
            missedAppointmentEmail: { enabled: false }
          },
          bookingPageUrl: "https://elan.example.test/book"
        })
        const silent = businessOf({
          notifications: { ...defaultNotificationSettings, reminders: [] }
        })
        for (const b of [plain, custom, silent]) yield* businesses.insert(b)
        for (const b of [plain, custom, silent]) assertSame(yield* businesses.get(b.id), b)
      })
    )

    it.effect("get of an unknown id fails with NotFound", () =>
      Effect.gen(function* () {
        const businesses = yield* BusinessRepository
        yield* expectFailure(businesses.get(newId("biz")), "NotFound")
      })
    )

    it.effect("update replaces the business; update of an unknown one fails with NotFound", () =>
      Effect.gen(function* () {
        const businesses = yield* BusinessRepository
        const b = businessOf()
        yield* businesses.insert(b)
        const changed: Business = {
          ...b,
          name: "Renamed",
          locale: "en",
          bookingRules: { ...b.bookingRules, slotIntervalMinutes: 30, noShowApprovalThreshold: 2 },
          bookingPageUrl: "https://renamed.example.test"
        }
        yield* businesses.update(changed)
        assertSame(yield* businesses.get(b.id), changed)
        yield* businesses.update({ ...changed, bookingPageUrl: null })
        assert.isNull((yield* businesses.get(b.id)).bookingPageUrl)
        yield* expectFailure(businesses.update(businessOf()), "NotFound")
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Catalog: staff, services, resources
// -------------------------------------------------------------------------------------------

const staffSamples = (w: World): readonly [StaffMember, StaffMember] => [
  staffOf(w.business.id, {
    name: "Dominique",
    email: "dominique@salon.test",
    phone: "+33 6 00 00 00 01",
    workingHours: {
      weekly: {
        ...emptyWeek,
        mon: [
          { start: "09:00", end: "12:30" },
          { start: "14:00", end: "18:00" }
        ],
        sat: [{ start: "10:00", end: "24:00" }]
      },
      overrides: [
        { date: "2031-03-10" as LocalDate, intervals: [] },
        { date: "2031-03-11" as LocalDate, intervals: [{ start: "10:00", end: "14:00" }] }
      ]
    },
    timeOff: [
      timeOffOf("2031-04-01T00:00:00.000Z", "2031-04-08T00:00:00.000Z", "Holiday"),
      timeOffOf("2031-05-02T12:00:00.500Z", "2031-05-02T15:30:00.000Z", null)
    ]
  }),
  staffOf(w.business.id, { name: "Eli", active: false })
]

const serviceSamples = (w: World): readonly [Service, Service] => [
  serviceOf(w.business.id, {
    name: "Balayage",
    durationMinutes: 150,
    price: { amount: 12_050, currency: "EUR" },
    bufferBeforeMinutes: 5,
    bufferAfterMinutes: 20,
    // Not in sorted order: the order is meaningful (the first free resource wins).
    staffIds: [w.anna.id, w.ben.id].sort().reverse(),
    resourceIds: [w.room.id, w.studio.id].sort().reverse(),
    questionnaire: [
      { id: "allergies", label: "Any allergies?", kind: "text", required: true, options: [] },
      { id: "length", label: "Hair length", kind: "choice", required: false, options: ["short", "long"] },
      { id: "first", label: "First visit?", kind: "boolean", required: false, options: [] }
    ],
    rules: { approvalMode: "manual", clientCancel: { minNoticeMinutes: 120 } }
  }),
  serviceOf(w.business.id, { name: "Consultation", price: { amount: 0, currency: "EUR" }, active: false })
]

const resourceSamples = (w: World): readonly [Resource, Resource] => [
  resourceOf(w.business.id, { name: "Chair", capacity: 3 }),
  resourceOf(w.business.id, { name: "Sauna", capacity: 1 })
]

interface CatalogCase<A> {
  readonly label: string
  readonly repository: Effect.Effect<CatalogRepository<A>, never, PersistencePorts>
  /** What {@link makeWorld} already stored in this repository. */
  readonly existing: (w: World) => ReadonlyArray<A>
  /** Two values of different shapes (a full one and a minimal one). */
  readonly samples: (w: World) => readonly [A, A]
  readonly change: (a: A) => A
}

const catalogTests = <A extends { readonly id: string; readonly businessId: string }>(
  it: It,
  c: CatalogCase<A>
) =>
  describe(c.label, () => {
    it.effect("insert then get returns an equal value", () =>
      Effect.gen(function* () {
        const repo = yield* c.repository
        const w = yield* makeWorld()
        const samples = c.samples(w)
        for (const a of samples) yield* repo.insert(a)
        for (const a of samples) assertSame(yield* repo.get(w.business.id, a.id), a)
      })
    )

    it.effect("get of an unknown id or of another business's id fails with NotFound", () =>
      Effect.gen(function* () {
        const repo = yield* c.repository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const [theirs] = c.samples(other)
        yield* repo.insert(theirs)
        yield* expectFailure(repo.get(w.business.id, newId("x")), "NotFound")
        yield* expectFailure(repo.get(w.business.id, theirs.id), "NotFound")
        assertSame(yield* repo.get(other.business.id, theirs.id), theirs)
      })
    )

    it.effect("list returns the business's entities and no other's", () =>
      Effect.gen(function* () {
        const repo = yield* c.repository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const ours = c.samples(w)
        for (const a of [...ours, ...c.samples(other)]) yield* repo.insert(a)
        assertSame(byId(yield* repo.list(w.business.id)), byId([...c.existing(w), ...ours]))
        assert.deepStrictEqual(yield* repo.list(newId("biz")), [])
      })
    )

    it.effect("update replaces the entity; update of an unknown or foreign one fails with NotFound", () =>
      Effect.gen(function* () {
        const repo = yield* c.repository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const [full, minimal] = c.samples(w)
        const [theirs] = c.samples(other)
        for (const a of [full, minimal, theirs]) yield* repo.insert(a)
        for (const a of [full, minimal]) {
          const changed = c.change(a)
          yield* repo.update(changed)
          assertSame(yield* repo.get(w.business.id, a.id), changed)
          yield* repo.update(a)
          assertSame(yield* repo.get(w.business.id, a.id), a, "updated back")
        }
        const [unknown] = c.samples(w)
        yield* expectFailure(repo.update(unknown), "NotFound")
        yield* expectFailure(repo.get(w.business.id, unknown.id), "NotFound")
        // Another business's id under this business: refused, and theirs is untouched.
        yield* expectFailure(repo.update({ ...c.change(theirs), businessId: w.business.id }), "NotFound")
        assertSame(yield* repo.get(other.business.id, theirs.id), theirs)
      })
    )

    it.effect("remove deletes the entity; removing an unknown or foreign one fails with NotFound", () =>
      Effect.gen(function* () {
        const repo = yield* c.repository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const [gone, kept] = c.samples(w)
        const [theirs] = c.samples(other)
        for (const a of [gone, kept, theirs]) yield* repo.insert(a)
        yield* repo.remove(w.business.id, gone.id)
        yield* expectFailure(repo.get(w.business.id, gone.id), "NotFound")
        assertSame(yield* repo.get(w.business.id, kept.id), kept)
        assert.notInclude(idsOf(yield* repo.list(w.business.id)), gone.id)
        yield* expectFailure(repo.remove(w.business.id, gone.id), "NotFound")
        yield* expectFailure(repo.remove(w.business.id, theirs.id), "NotFound")
        assertSame(yield* repo.get(other.business.id, theirs.id), theirs)
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Customers
// -------------------------------------------------------------------------------------------

const customerTests = (it: It) =>
  describe("CustomerRepository", () => {
    it.effect("insert then get returns an equal value", () =>
      Effect.gen(function* () {
        const customers = yield* CustomerRepository
        const w = yield* makeWorld()
        const full = customerOf(w.business.id, {
          firstName: "Élodie",
          lastName: "Durand-Lefèvre",
          email: "elodie@example.test",
          phone: "+33 6 12 34 56 78",
          notes: "Allergic to latex.\nPrefers mornings.",
          noShowCount: 2
        })
        const minimal = customerOf(w.business.id, { firstName: "", lastName: "Walk-in" })
        for (const c of [full, minimal]) yield* customers.insert(c)
        for (const c of [full, minimal, w.customer]) assertSame(yield* customers.get(w.business.id, c.id), c)
      })
    )

    it.effect("get of an unknown id or of another business's id fails with NotFound", () =>
      Effect.gen(function* () {
        const customers = yield* CustomerRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        yield* expectFailure(customers.get(w.business.id, newId("cus")), "NotFound")
        yield* expectFailure(customers.get(w.business.id, other.customer.id), "NotFound")
      })
    )

    it.effect("update replaces the customer; update of an unknown or foreign one fails with NotFound", () =>
      Effect.gen(function* () {
        const customers = yield* CustomerRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const changed: Customer = {
          ...w.customer,
          lastName: "Zimmermann",
          email: "zoe@example.test",
          phone: "06 99 88 77 66",
          notes: "Moved to Lyon.",
          noShowCount: 1
        }
        yield* customers.update(changed)
        assertSame(yield* customers.get(w.business.id, w.customer.id), changed)
        yield* customers.update({ ...changed, email: null, phone: null })
        const cleared = yield* customers.get(w.business.id, w.customer.id)
        assert.isNull(cleared.email)
        assert.isNull(cleared.phone)
        yield* expectFailure(customers.update(customerOf(w.business.id)), "NotFound")
        yield* expectFailure(
          customers.update({ ...other.customer, businessId: w.business.id, notes: "stolen" }),
          "NotFound"
        )
        assertSame(yield* customers.get(other.business.id, other.customer.id), other.customer)
      })
    )

    it.effect("search matches first name, last name, email and phone digits, case-insensitively", () =>
      Effect.gen(function* () {
        const customers = yield* CustomerRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const alice = customerOf(w.business.id, {
          firstName: "Alice",
          lastName: "Martin",
          email: "alice.martin@example.test",
          phone: "+33 6 11 22 33 44"
        })
        const bob = customerOf(w.business.id, {
          firstName: "Bob",
          lastName: "Durand",
          phone: "06 55 66 77 88"
        })
        const carol = customerOf(w.business.id, {
          firstName: "Carol",
          lastName: "Martinez",
          email: "carol@studio.test"
        })
        const otherAlice = customerOf(other.business.id, {
          firstName: "Alice",
          lastName: "Martin",
          email: "alice.martin@example.test",
          phone: "+33 6 11 22 33 44"
        })
        for (const c of [alice, bob, carol, otherAlice]) yield* customers.insert(c)
        const search = (query: string, limit = 50) =>
          Effect.map(customers.search(w.business.id, query, limit), sortedIds)
        const expect = (...found: ReadonlyArray<Customer>) => sortedIds(found)

        assert.deepStrictEqual(yield* search("alice"), expect(alice), "first name")
        assert.deepStrictEqual(yield* search("ALIce"), expect(alice), "first name, any case")
        assert.deepStrictEqual(yield* search("durand"), expect(bob), "last name")
        assert.deepStrictEqual(yield* search("Martin"), expect(alice, carol), "last name, partial")
        assert.deepStrictEqual(yield* search("@STUDIO.test"), expect(carol), "email")
        assert.deepStrictEqual(yield* search("alice.martin@example.test"), expect(alice), "whole email")
        assert.deepStrictEqual(yield* search("11 22 33"), expect(alice), "phone digits")
        assert.deepStrictEqual(yield* search("55-66-77"), expect(bob), "phone digits, other separators")
        assert.deepStrictEqual(yield* search("nobody"), [], "no match")
        assert.deepStrictEqual(
          yield* search(""),
          expect(alice, bob, carol, w.customer),
          "an empty query lists every customer of the business"
        )
        const limited = yield* customers.search(w.business.id, "martin", 1)
        assert.strictEqual(limited.length, 1, "limit")
        assert.include([alice.id, carol.id], limited[0]!.id)
        assert.strictEqual((yield* customers.search(w.business.id, "", 2)).length, 2, "limit, empty query")
        // Results are whole customers.
        assertSame((yield* customers.search(w.business.id, "carol", 10))[0], carol)
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Series
// -------------------------------------------------------------------------------------------

const seriesTests = (it: It) =>
  describe("SeriesRepository", () => {
    it.effect("insert then get returns an equal series, optional keys kept absent", () =>
      Effect.gen(function* () {
        const series = yield* SeriesRepository
        const w = yield* makeWorld()
        const counted = seriesOf(w.business.id, {
          frequency: "weekly",
          interval: 2,
          count: 6,
          byWeekday: ["tue", "thu"]
        })
        const until = seriesOf(w.business.id, {
          frequency: "monthly",
          interval: 1,
          until: "2031-12-31" as LocalDate
        })
        for (const s of [counted, until]) yield* series.insert(s)
        for (const s of [counted, until]) assertSame(yield* series.get(w.business.id, s.id), s)
        const read = yield* series.get(w.business.id, until.id)
        assert.isFalse("count" in read.rule, "an absent count stays absent")
        assert.isFalse("byWeekday" in read.rule, "an absent byWeekday stays absent")
      })
    )

    it.effect("get of an unknown id or of another business's id fails with NotFound", () =>
      Effect.gen(function* () {
        const series = yield* SeriesRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const theirs = seriesOf(other.business.id, { frequency: "daily", interval: 1, count: 3 })
        yield* series.insert(theirs)
        yield* expectFailure(series.get(w.business.id, newId("ser")), "NotFound")
        yield* expectFailure(series.get(w.business.id, theirs.id), "NotFound")
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Appointments
// -------------------------------------------------------------------------------------------

const appointmentTests = (it: It) =>
  describe("AppointmentRepository", () => {
    const t = on("2031-03-03")

    it.effect("insert then get returns an equal appointment", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const series = seriesOf(w.business.id, { frequency: "weekly", interval: 1, count: 4 })
        yield* (yield* SeriesRepository).insert(series)
        // Two items back to back for one staff member: the first item's buffer overlaps the
        // second item, which never conflicts within one appointment.
        const full = appointmentOf(
          w,
          [
            { staff: w.anna, start: t("10:00"), minutes: 30, before: 5, after: 10 },
            { staff: w.anna, start: t("10:30"), minutes: 30, after: 15, resource: w.room }
          ],
          {
            status: "pending",
            pendingReason: "client_confirmation",
            customerId: w.customer.id,
            source: "online",
            requestedByClient: true,
            customerRequest: "The quiet room, please.",
            quickNote: "VIP",
            appointmentNotes: "Brings her own shampoo.",
            answers: { allergies: "none", consent: true, newsletter: false },
            payment: {
              method: "card",
              amountRequested: { amount: 2000, currency: "EUR" },
              status: "deposit_paid",
              instrument: { kind: "coupon", reference: "SPRING-2031" }
            },
            rulesSnapshot: {
              ...defaultBookingRules,
              approvalMode: "manual",
              noShowApprovalThreshold: 2
            } as BookingRulesSnapshot,
            seriesId: series.id as SeriesId,
            version: 3,
            createdAt: instant("2031-01-10T08:00:00.123Z"),
            createdBy: { kind: "user", id: "usr_owner", name: "Olivia Owner" },
            updatedAt: instant("2031-01-11T09:30:15.456Z"),
            updatedBy: customerRef,
            history: [
              {
                at: instant("2031-01-10T08:00:00.123Z"),
                actor: ownerRef,
                type: "created",
                data: {
                  status: "pending",
                  items: [{ staffId: w.anna.id, start: "2031-03-03T10:00:00.000Z" }],
                  nested: { empty: null, list: [1, 2.5, "three", false] }
                }
              },
              { at: instant("2031-01-11T09:30:15.456Z"), actor: customerRef, type: "viewed", data: {} }
            ]
          }
        )
        const minimal = appointmentOf(w, [{ staff: w.ben, start: t("08:00"), minutes: 45 }], {
          status: "completed",
          noShow: true
        })
        const cancelled = appointmentOf(w, [{ staff: w.cleo, start: t("08:00"), minutes: 30 }], {
          status: "cancelled",
          cancellationMessage: "Sorry, we are closed.",
          rejectionReason: null
        })
        for (const a of [full, minimal, cancelled]) yield* appointments.insert(a)
        for (const a of [full, minimal, cancelled])
          assertSame(yield* appointments.get(w.business.id, a.id), a)
      })
    )

    it.effect("get of an unknown id or of another business's id fails with NotFound", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const theirs = appointmentOf(other, [{ staff: other.anna, start: t("10:00"), minutes: 30 }])
        yield* appointments.insert(theirs)
        yield* expectFailure(appointments.get(w.business.id, newId("apt")), "NotFound")
        yield* expectFailure(appointments.get(w.business.id, theirs.id), "NotFound")
      })
    )

    it.effect("list returns the appointments overlapping [from, to), ordered by start", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const a1 = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 60 }])
        const a2 = appointmentOf(w, [{ staff: w.ben, start: t("09:00"), minutes: 30 }])
        const a3 = appointmentOf(w, [{ staff: w.anna, start: t("12:00"), minutes: 30 }], {
          status: "cancelled"
        })
        const a4 = appointmentOf(w, [{ staff: w.ben, start: on("2031-03-04")("09:00"), minutes: 30 }])
        const theirs = appointmentOf(other, [{ staff: other.anna, start: t("10:00"), minutes: 60 }])
        for (const a of [a3, a1, a4, a2, theirs]) yield* appointments.insert(a)
        const list = (filter: Parameters<typeof appointments.list>[1]) =>
          Effect.map(appointments.list(w.business.id, filter), idsOf)

        assert.deepStrictEqual(yield* list({}), idsOf([a2, a1, a3, a4]), "all, by start")
        assertSame(yield* appointments.list(w.business.id, { from: t("10:00"), to: t("11:00") }), [a1])
        assert.deepStrictEqual(yield* list({ from: t("11:00"), to: t("12:00") }), [], "touching both ends")
        assert.deepStrictEqual(yield* list({ from: t("10:59"), to: t("12:01") }), idsOf([a1, a3]))
        assert.deepStrictEqual(yield* list({ to: t("09:00") }), [], "to is exclusive")
        assert.deepStrictEqual(yield* list({ to: t("09:01") }), idsOf([a2]))
        assert.deepStrictEqual(yield* list({ from: t("12:30") }), idsOf([a4]), "from is exclusive of ends")
        assert.deepStrictEqual(yield* list({ from: t("12:29") }), idsOf([a3, a4]))
        assert.deepStrictEqual(
          yield* list({ from: t("00:00"), to: on("2031-03-04")("00:00") }),
          idsOf([a2, a1, a3])
        )
      })
    )

    it.effect("list filters by staff member, status, customer and series", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const series = seriesOf(w.business.id, { frequency: "daily", interval: 1, count: 2 })
        yield* (yield* SeriesRepository).insert(series)
        const a1 = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 60 }], {
          customerId: w.customer.id
        })
        const a2 = appointmentOf(w, [{ staff: w.ben, start: t("09:00"), minutes: 30 }], {
          status: "pending",
          pendingReason: "staff_approval"
        })
        const a3 = appointmentOf(w, [{ staff: w.anna, start: t("12:00"), minutes: 30 }], {
          status: "cancelled"
        })
        const a4 = appointmentOf(
          w,
          [
            { staff: w.anna, start: t("13:00"), minutes: 30 },
            { staff: w.ben, start: t("13:30"), minutes: 30 }
          ],
          { status: "rescheduled", seriesId: series.id as SeriesId, customerId: w.customer.id }
        )
        for (const a of [a4, a3, a2, a1]) yield* appointments.insert(a)
        const list = (filter: Parameters<typeof appointments.list>[1]) =>
          Effect.map(appointments.list(w.business.id, filter), idsOf)

        assert.deepStrictEqual(yield* list({ staffId: w.anna.id }), idsOf([a1, a3, a4]), "staff, any item")
        assert.deepStrictEqual(yield* list({ staffId: w.ben.id }), idsOf([a2, a4]), "staff, second item")
        assert.deepStrictEqual(yield* list({ staffId: w.cleo.id }), [])
        assert.deepStrictEqual(yield* list({ status: "pending" }), idsOf([a2]))
        assert.deepStrictEqual(yield* list({ status: "cancelled" }), idsOf([a3]))
        assert.deepStrictEqual(yield* list({ status: "rejected" }), [])
        assert.deepStrictEqual(yield* list({ customerId: w.customer.id }), idsOf([a1, a4]))
        assert.deepStrictEqual(yield* list({ seriesId: series.id }), idsOf([a4]))
        assert.deepStrictEqual(
          yield* list({ staffId: w.anna.id, from: t("11:00"), to: t("18:00") }),
          idsOf([a3, a4]),
          "staff and range"
        )
        assert.deepStrictEqual(
          yield* list({ staffId: w.anna.id, status: "approved", customerId: w.customer.id }),
          idsOf([a1]),
          "every filter applies"
        )
      })
    )

    it.effect("listActive includes buffers and only pending, approved and rescheduled appointments", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        // Occupies 09:45–10:40.
        const buffered = appointmentOf(w, [
          { staff: w.anna, start: t("10:00"), minutes: 30, before: 15, after: 10 }
        ])
        const pending = appointmentOf(w, [{ staff: w.ben, start: t("10:00"), minutes: 30 }], {
          status: "pending",
          pendingReason: "staff_approval"
        })
        const rescheduled = appointmentOf(w, [{ staff: w.anna, start: t("11:00"), minutes: 30 }], {
          status: "rescheduled"
        })
        const inactive = [
          appointmentOf(w, [{ staff: w.anna, start: t("12:00"), minutes: 30 }], { status: "cancelled" }),
          appointmentOf(w, [{ staff: w.ben, start: t("12:00"), minutes: 30 }], { status: "rejected" }),
          appointmentOf(w, [{ staff: w.cleo, start: t("12:00"), minutes: 30 }], { status: "completed" })
        ]
        const theirs = appointmentOf(other, [{ staff: other.anna, start: t("10:00"), minutes: 30 }])
        for (const a of [buffered, pending, rescheduled, ...inactive, theirs]) yield* appointments.insert(a)
        const active = (from: string, to: string) =>
          Effect.map(appointments.listActive(w.business.id, t(from), t(to)), sortedIds)

        assert.deepStrictEqual(yield* active("00:00", "23:59"), sortedIds([buffered, pending, rescheduled]))
        assert.deepStrictEqual(yield* active("12:00", "18:00"), [], "inactive ones are left out")
        assert.deepStrictEqual(yield* active("10:35", "10:50"), [buffered.id], "buffer after")
        assert.deepStrictEqual(yield* active("10:40", "10:50"), [], "the buffer after ends at 10:40")
        assert.deepStrictEqual(yield* active("09:50", "09:55"), [buffered.id], "buffer before")
        assert.deepStrictEqual(yield* active("09:30", "09:45"), [], "the buffer before starts at 09:45")
        assertSame(
          (yield* appointments.listActive(w.business.id, t("11:10"), t("11:20")))[0],
          rescheduled,
          "whole appointments"
        )
      })
    )

    it.effect("insert refuses an overlap with a staff member's active appointment, buffers included", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        // Occupies Anna 10:00–10:40.
        const existing = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30, after: 10 }])
        yield* appointments.insert(existing)
        const refused = [
          appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }]),
          appointmentOf(w, [{ staff: w.anna, start: t("10:35"), minutes: 30 }]),
          appointmentOf(w, [{ staff: w.anna, start: t("09:30"), minutes: 30, after: 5 }]),
          appointmentOf(w, [{ staff: w.anna, start: t("10:45"), minutes: 30, before: 10 }]),
          appointmentOf(w, [{ staff: w.anna, start: t("09:00"), minutes: 120 }]),
          appointmentOf(w, [
            { staff: w.ben, start: t("09:30"), minutes: 30 },
            { staff: w.anna, start: t("10:00"), minutes: 30 }
          ])
        ]
        for (const a of refused) {
          yield* expectFailure(appointments.insert(a), "SlotUnavailable")
          yield* expectFailure(appointments.get(w.business.id, a.id), "NotFound")
        }
        assert.deepStrictEqual(
          idsOf(yield* appointments.list(w.business.id, {})),
          [existing.id],
          "nothing stored"
        )

        const touchingAfter = appointmentOf(w, [{ staff: w.anna, start: t("10:40"), minutes: 30 }])
        const touchingBefore = appointmentOf(w, [{ staff: w.anna, start: t("09:30"), minutes: 30 }])
        const otherStaff = appointmentOf(w, [{ staff: w.ben, start: t("10:00"), minutes: 30, after: 10 }])
        for (const a of [touchingAfter, touchingBefore, otherStaff]) yield* appointments.insert(a)
        assert.deepStrictEqual(
          sortedIds(yield* appointments.list(w.business.id, {})),
          sortedIds([existing, touchingAfter, touchingBefore, otherStaff])
        )
      })
    )

    it.effect("a pending appointment holds its slot; cancelled, rejected and completed ones do not", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const pending = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }], {
          status: "pending",
          pendingReason: "client_confirmation"
        })
        yield* appointments.insert(pending)
        yield* expectFailure(
          appointments.insert(appointmentOf(w, [{ staff: w.anna, start: t("10:15"), minutes: 30 }])),
          "SlotUnavailable"
        )
        for (const [status, time] of [
          ["cancelled", "12:00"],
          ["rejected", "13:00"],
          ["completed", "14:00"]
        ] as const) {
          yield* appointments.insert(
            appointmentOf(w, [{ staff: w.anna, start: t(time), minutes: 30 }], { status })
          )
          const booked = appointmentOf(w, [{ staff: w.anna, start: t(time), minutes: 30 }])
          yield* appointments.insert(booked)
          assertSame(yield* appointments.get(w.business.id, booked.id), booked, `over a ${status} one`)
        }
      })
    )

    it.effect("insert respects a resource's capacity", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        // The studio holds two at once.
        const first = appointmentOf(w, [
          { staff: w.anna, start: t("10:00"), minutes: 60, resource: w.studio }
        ])
        const second = appointmentOf(w, [
          { staff: w.ben, start: t("10:30"), minutes: 60, resource: w.studio }
        ])
        const third = appointmentOf(w, [
          { staff: w.cleo, start: t("10:45"), minutes: 30, resource: w.studio }
        ])
        yield* appointments.insert(first)
        yield* appointments.insert(second)
        yield* expectFailure(appointments.insert(third), "SlotUnavailable")
        yield* expectFailure(appointments.get(w.business.id, third.id), "NotFound")
        const afterFirst = appointmentOf(w, [
          { staff: w.cleo, start: t("11:00"), minutes: 30, resource: w.studio }
        ])
        yield* appointments.insert(afterFirst)
        // The room holds one.
        const inRoom = appointmentOf(w, [{ staff: w.anna, start: t("14:00"), minutes: 60, resource: w.room }])
        const alsoInRoom = appointmentOf(w, [
          { staff: w.ben, start: t("14:30"), minutes: 30, resource: w.room }
        ])
        const roomAfter = appointmentOf(w, [
          { staff: w.ben, start: t("15:00"), minutes: 30, resource: w.room }
        ])
        yield* appointments.insert(inRoom)
        yield* expectFailure(appointments.insert(alsoInRoom), "SlotUnavailable")
        yield* appointments.insert(roomAfter)
        assert.deepStrictEqual(
          sortedIds(yield* appointments.list(w.business.id, {})),
          sortedIds([first, second, afterFirst, inRoom, roomAfter])
        )
      })
    )

    it.effect("update with a stale version fails with VersionConflict and changes nothing", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const original = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }], {
          status: "pending",
          pendingReason: "client_confirmation"
        })
        yield* appointments.insert(original)
        const approved = revised(original, {
          status: "approved",
          pendingReason: null,
          quickNote: "Confirmed by phone",
          history: [{ at: instant("2031-01-12T10:00:00.000Z"), actor: ownerRef, type: "approved", data: {} }]
        })
        yield* appointments.update(approved)
        assertSame(yield* appointments.get(w.business.id, original.id), approved)

        const stale = revised(original, { status: "cancelled", cancellationMessage: "stale" })
        const conflict = yield* expectFailure(appointments.update(stale), "VersionConflict")
        assert.strictEqual(conflict.id, original.id)
        yield* expectFailure(
          appointments.update({ ...approved, version: 4, quickNote: "skipped" }),
          "VersionConflict"
        )
        yield* expectFailure(
          appointments.update({ ...approved, quickNote: "same version" }),
          "VersionConflict"
        )
        assertSame(yield* appointments.get(w.business.id, original.id), approved, "unchanged")

        const unknown = appointmentOf(w, [{ staff: w.ben, start: t("10:00"), minutes: 30 }], { version: 2 })
        yield* expectFailure(appointments.update(unknown), "NotFound")
        const theirs = appointmentOf(other, [{ staff: other.anna, start: t("10:00"), minutes: 30 }])
        yield* appointments.insert(theirs)
        yield* expectFailure(appointments.update(revised(theirs, { businessId: w.business.id })), "NotFound")
        assertSame(yield* appointments.get(other.business.id, theirs.id), theirs)
      })
    )

    it.effect("update refuses a move onto another appointment and changes nothing", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const a = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30, after: 10 }])
        const b = appointmentOf(w, [{ staff: w.anna, start: t("11:00"), minutes: 30 }])
        const inRoom = appointmentOf(w, [{ staff: w.cleo, start: t("14:00"), minutes: 60, resource: w.room }])
        for (const x of [a, b, inRoom]) yield* appointments.insert(x)

        yield* expectFailure(
          appointments.update(moved(b, w, [{ staff: w.anna, start: t("10:30"), minutes: 30 }])),
          "SlotUnavailable"
        )
        assertSame(yield* appointments.get(w.business.id, b.id), b, "unchanged after a refused move")
        // Taking a resource that is full is refused too.
        yield* expectFailure(
          appointments.update(
            moved(b, w, [{ staff: w.anna, start: t("14:30"), minutes: 30, resource: w.room }])
          ),
          "SlotUnavailable"
        )
        assertSame(yield* appointments.get(w.business.id, b.id), b, "unchanged after a refused resource")

        // Its own current slot never blocks it.
        const later = moved(b, w, [{ staff: w.anna, start: t("11:15"), minutes: 30 }])
        yield* appointments.update(later)
        assertSame(yield* appointments.get(w.business.id, b.id), later)
        const sameTime = revised(a, { quickNote: "same slot" })
        yield* appointments.update(sameTime)
        assertSame(yield* appointments.get(w.business.id, a.id), sameTime)
        const toBen = moved(later, w, [{ staff: w.ben, start: t("10:00"), minutes: 30 }])
        yield* appointments.update(toBen)
        assertSame(yield* appointments.get(w.business.id, b.id), toBen)
      })
    )

    it.effect("an update that cancels an appointment frees its slot", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const a = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30, resource: w.room }])
        yield* appointments.insert(a)
        const next = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30, resource: w.room }])
        yield* expectFailure(appointments.insert(next), "SlotUnavailable")
        yield* appointments.update(revised(a, { status: "cancelled", cancellationMessage: "Unwell" }))
        assert.deepStrictEqual(yield* appointments.listActive(w.business.id, t("09:00"), t("11:00")), [])
        yield* appointments.insert(next)
        assertSame(yield* appointments.get(w.business.id, next.id), next)
        assert.strictEqual((yield* appointments.get(w.business.id, a.id)).status, "cancelled")
      })
    )

    it.effect("listEnded returns ended approved and rescheduled appointments of every business", () =>
      Effect.gen(function* () {
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        // 1990: no other test writes appointments in that year.
        const e = on("1990-05-01")
        const now = e("10:00")
        const ended = [
          appointmentOf(w, [{ staff: w.anna, start: e("08:00"), minutes: 60 }]),
          appointmentOf(other, [{ staff: other.anna, start: e("08:30"), minutes: 60 }], {
            status: "rescheduled"
          }),
          appointmentOf(w, [{ staff: w.ben, start: e("09:30"), minutes: 30 }])
        ]
        const notEnded = [
          appointmentOf(w, [{ staff: w.cleo, start: e("08:00"), minutes: 60 }], {
            status: "pending",
            pendingReason: "staff_approval"
          }),
          appointmentOf(w, [{ staff: w.anna, start: e("06:00"), minutes: 60 }], { status: "cancelled" }),
          appointmentOf(w, [{ staff: w.anna, start: e("07:00"), minutes: 60 }], { status: "completed" }),
          appointmentOf(w, [{ staff: w.ben, start: e("10:00"), minutes: 30 }]),
          appointmentOf(other, [{ staff: other.ben, start: e("09:45"), minutes: 30 }])
        ]
        for (const a of [...ended, ...notEnded]) yield* appointments.insert(a)
        const isEnded = (a: Appointment) =>
          (a.status === "approved" || a.status === "rescheduled") &&
          a.end.epochMilliseconds <= now.epochMilliseconds

        const all = yield* appointments.listEnded(now, 10_000)
        assert.deepStrictEqual(onlyOurs(all, [...ended, ...notEnded]).sort(), sortedIds(ended))
        for (const a of all) assert.isTrue(isEnded(a), `${a.id} (${a.status}) has not ended`)
        assertSame(
          all.find((a) => a.id === ended[1]!.id),
          ended[1],
          "whole appointments"
        )
        const limited = yield* appointments.listEnded(now, 2)
        assert.strictEqual(limited.length, 2)
        for (const a of limited) assert.isTrue(isEnded(a))
        assert.deepStrictEqual(onlyOurs(yield* appointments.listEnded(e("08:59"), 10_000), ended), [])

        // Leave nothing for later runs against the same database.
        for (const a of ended) yield* appointments.update(revised(a, { status: "completed" }))
        assert.deepStrictEqual(onlyOurs(yield* appointments.listEnded(now, 10_000), ended), [])
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Unit of work
// -------------------------------------------------------------------------------------------

const unitOfWorkTests = (it: It) =>
  describe("UnitOfWork", () => {
    const t = on("2031-03-05")

    it.effect("a transaction that fails leaves nothing behind", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const customers = yield* CustomerRepository
        const appointments = yield* AppointmentRepository
        const outbox = yield* Outbox
        const idempotency = yield* IdempotencyStore
        const w = yield* makeWorld()
        const customer = customerOf(w.business.id, { firstName: "Rolled", lastName: "Back" })
        const appointment = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }], {
          customerId: customer.id
        })
        const message = messageOf(w.business.id, { appointmentId: appointment.id })
        const record = idempotencyRecordOf(w.business.id)

        const error = yield* expectFailure(
          uow.transaction(
            Effect.gen(function* () {
              yield* customers.insert(customer)
              yield* appointments.insert(appointment)
              yield* outbox.enqueue([message])
              yield* idempotency.save(record)
              return yield* new Rollback()
            })
          ),
          "Rollback"
        )
        assert.instanceOf(error, Rollback)
        yield* expectFailure(customers.get(w.business.id, customer.id), "NotFound")
        yield* expectFailure(appointments.get(w.business.id, appointment.id), "NotFound")
        assert.deepStrictEqual(yield* outbox.list(w.business.id, {}), [])
        assert.isTrue(Option.isNone(yield* idempotency.find(w.business.id, record.key)))
        // The slot it held is free.
        yield* appointments.insert(appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }]))
      })
    )

    it.effect("a transaction that succeeds commits every write, visible inside it and after", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const customers = yield* CustomerRepository
        const appointments = yield* AppointmentRepository
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const customer = customerOf(w.business.id, { firstName: "Committed" })
        const appointment = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }], {
          customerId: customer.id
        })
        const message = messageOf(w.business.id, { appointmentId: appointment.id })

        const result = yield* uow.transaction(
          Effect.gen(function* () {
            yield* customers.insert(customer)
            assertSame(yield* customers.get(w.business.id, customer.id), customer, "read inside")
            yield* appointments.insert(appointment)
            yield* outbox.enqueue([message])
            assert.deepStrictEqual(idsOf(yield* outbox.list(w.business.id, {})), [message.id], "read inside")
            return appointment.id
          })
        )
        assert.strictEqual(result, appointment.id)
        assertSame(yield* customers.get(w.business.id, customer.id), customer)
        assertSame(yield* appointments.get(w.business.id, appointment.id), appointment)
        assertSame(yield* outbox.list(w.business.id, {}), [message])
      })
    )

    it.effect("a nested transaction joins the outer one", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const customers = yield* CustomerRepository
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const outer = customerOf(w.business.id, { firstName: "Outer" })
        const inner = customerOf(w.business.id, { firstName: "Inner" })
        yield* uow.transaction(
          Effect.gen(function* () {
            yield* customers.insert(outer)
            yield* uow.transaction(customers.insert(inner))
          })
        )
        assertSame(yield* customers.get(w.business.id, outer.id), outer)
        assertSame(yield* customers.get(w.business.id, inner.id), inner)

        const innerOnly = customerOf(w.business.id, { firstName: "Inner", lastName: "Rolled back" })
        const message = messageOf(w.business.id)
        yield* expectFailure(
          uow.transaction(
            Effect.gen(function* () {
              yield* uow.transaction(
                Effect.gen(function* () {
                  yield* customers.insert(innerOnly)
                  yield* outbox.enqueue([message])
                })
              )
              return yield* new Rollback()
            })
          ),
          "Rollback"
        )
        yield* expectFailure(customers.get(w.business.id, innerOnly.id), "NotFound")
        assert.deepStrictEqual(yield* outbox.list(w.business.id, {}), [])
      })
    )

    it.effect("a SlotUnavailable inside a transaction fails it and rolls back its earlier writes", () =>
      Effect.gen(function* () {
        const uow = yield* UnitOfWork
        const customers = yield* CustomerRepository
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const existing = appointmentOf(w, [{ staff: w.anna, start: t("10:00"), minutes: 30 }])
        yield* appointments.insert(existing)
        const customer = customerOf(w.business.id, { firstName: "Too", lastName: "Late" })
        const clash = appointmentOf(w, [{ staff: w.anna, start: t("10:15"), minutes: 30 }], {
          customerId: customer.id
        })
        yield* expectFailure(
          uow.transaction(
            Effect.gen(function* () {
              yield* customers.insert(customer)
              yield* appointments.insert(clash)
            })
          ),
          "SlotUnavailable"
        )
        yield* expectFailure(customers.get(w.business.id, customer.id), "NotFound")
        yield* expectFailure(appointments.get(w.business.id, clash.id), "NotFound")
        assertSame(yield* appointments.get(w.business.id, existing.id), existing)
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Outbox
// -------------------------------------------------------------------------------------------

const outboxTests = (it: It) =>
  describe("Outbox", () => {
    const LEASE = 60_000

    /** Reminders of `w` that become due `offsetsMinutes` after `now` (negative: already due). */
    const claimable = (w: World, now: DateTime.Utc, offsetsMinutes: ReadonlyArray<number>) =>
      offsetsMinutes.map((offset, i) =>
        messageOf(w.business.id, {
          sendAfter: plusMinutes(now, offset),
          createdAt: plusMinutes(now, -120 + i),
          event: "reminder"
        })
      )

    /** Mark the test's messages sent so that later claims (and later runs) never see them. */
    const settle = (messages: ReadonlyArray<OutboxMessage>, at: DateTime.Utc) =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        for (const m of messages) yield* outbox.markSent(m.id, at)
      })

    const statusOf = (businessId: string, id: string) =>
      Effect.gen(function* () {
        const found = (yield* (yield* Outbox).list(businessId, {})).find((m) => m.id === id)
        assert.isDefined(found, `message ${id} is listed`)
        return found!
      })

    it.effect("enqueue then list returns the messages, filtered and scoped to the business", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-06")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const endpoint = webhookOf(w.business.id)
        yield* (yield* WebhookRepository).insert(endpoint)
        const email = messageOf(w.business.id, {
          appointmentId: appointment.id,
          to: "alice@example.test",
          subject: "Rendez-vous confirmé",
          text: "À bientôt !",
          html: "<p>À bientôt&nbsp;!</p>",
          links: { manage: "https://creneau.test/manage/abc", newBooking: "https://creneau.test/book/biz" },
          attachments: [
            {
              filename: "rendez-vous.ics",
              contentType: "text/calendar",
              content: "BEGIN:VCALENDAR\r\nEND:VCALENDAR"
            }
          ],
          createdAt: instant("2031-01-10T08:00:00.001Z")
        })
        const sms = messageOf(w.business.id, {
          channel: "sms",
          recipientRole: "staff",
          to: "+33600000001",
          event: "pending",
          createdAt: instant("2031-01-10T08:00:00.002Z")
        })
        const webhook = messageOf(w.business.id, {
          appointmentId: appointment.id,
          channel: "webhook",
          recipientRole: null,
          to: endpoint.url,
          event: "appointment.created",
          text: JSON.stringify({ type: "appointment.created", id: appointment.id }),
          webhookId: endpoint.id,
          createdAt: instant("2031-01-10T08:00:00.003Z")
        })
        const theirs = messageOf(other.business.id)
        yield* outbox.enqueue([email, sms, webhook])
        yield* outbox.enqueue([theirs])
        yield* outbox.enqueue([])

        assertSame(byId(yield* outbox.list(w.business.id, {})), byId([email, sms, webhook]))
        assert.deepStrictEqual(
          sortedIds(yield* outbox.list(w.business.id, { appointmentId: appointment.id })),
          sortedIds([email, webhook])
        )
        assert.deepStrictEqual(
          sortedIds(yield* outbox.list(w.business.id, { status: "pending" })),
          sortedIds([email, sms, webhook])
        )
        assert.deepStrictEqual(yield* outbox.list(w.business.id, { status: "sent" }), [])
        assert.strictEqual((yield* outbox.list(w.business.id, { limit: 2 })).length, 2)
        assertSame(yield* outbox.list(other.business.id, {}), [theirs])

        yield* outbox.markSent(sms.id, instant("2031-01-10T08:01:00.000Z"))
        assert.deepStrictEqual(idsOf(yield* outbox.list(w.business.id, { status: "sent" })), [sms.id])
        assert.deepStrictEqual(
          idsOf(
            yield* outbox.list(w.business.id, { status: "pending", appointmentId: appointment.id })
          ).sort(),
          sortedIds([email, webhook])
        )
      })
    )

    it.effect("claimDue returns pending messages whose time has come, and only those", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const now = instant("2001-01-01T12:00:00.000Z")
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-06")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const [overdue, exactlyNow] = claimable(w, now, [-60, 0])
        const future = messageOf(w.business.id, { sendAfter: plusMillis(now, 1) })
        const [sent, failed] = claimable(w, now, [-30, -20])
        const dropped = messageOf(w.business.id, {
          appointmentId: appointment.id,
          event: "reminder",
          sendAfter: plusMinutes(now, -10)
        })
        const ours = [overdue!, exactlyNow!, future, sent!, failed!, dropped]
        yield* outbox.enqueue(ours)
        yield* outbox.markSent(sent!.id, plusMinutes(now, -25))
        yield* outbox.markAttemptFailed(failed!.id, "mailbox does not exist", null)
        yield* outbox.dropPending(appointment.id, ["reminder"])

        const claimed = yield* outbox.claimDue(now, 1000, LEASE)
        assert.deepStrictEqual(onlyOurs(claimed, ours).sort(), sortedIds([overdue!, exactlyNow!]))
        assertSame(
          claimed.find((m) => m.id === overdue!.id),
          overdue,
          "claimed messages are whole"
        )
        yield* settle(ours, now)
      })
    )

    it.effect("a claimed message is leased: claims never overlap until the lease expires", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const now = instant("2001-01-02T12:00:00.000Z")
        const ours = claimable(w, now, [-10, -5, -1])
        yield* outbox.enqueue(ours)

        const first = yield* outbox.claimDue(now, 2, LEASE)
        assert.strictEqual(first.length, 2, "limit")
        const second = yield* outbox.claimDue(now, 1000, LEASE)
        const firstIds = new Set(idsOf(first))
        assert.isTrue(
          idsOf(second).every((id) => !firstIds.has(id)),
          "two claims at the same time are disjoint"
        )
        assert.deepStrictEqual([...onlyOurs(first, ours), ...onlyOurs(second, ours)].sort(), sortedIds(ours))
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(plusMillis(now, LEASE - 1), 1000, LEASE), ours),
          []
        )

        const afterLease = yield* outbox.claimDue(plusMillis(now, LEASE + 1), 1000, LEASE)
        assert.deepStrictEqual(onlyOurs(afterLease, ours).sort(), sortedIds(ours), "claimable again")
        yield* settle(ours, now)
      })
    )

    it.effect("markSent records the delivery and the message is never claimed again", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const now = instant("2001-01-03T12:00:00.000Z")
        const ours = claimable(w, now, [-1])
        const message = ours[0]!
        yield* outbox.enqueue(ours)
        assert.deepStrictEqual(onlyOurs(yield* outbox.claimDue(now, 1000, LEASE), ours), [message.id])
        const sentAt = plusMillis(now, 1234)
        yield* outbox.markSent(message.id, sentAt)
        assertSame(yield* statusOf(w.business.id, message.id), {
          ...message,
          status: "sent",
          sentAt,
          attempts: 1
        })
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(plusMinutes(now, 24 * 60), 1000, LEASE), ours),
          []
        )
      })
    )

    it.effect(
      "a notification is stored as its intent, unrendered; markRendered keeps its words, markSent its delivery",
      () =>
        Effect.gen(function* () {
          const outbox = yield* Outbox
          const w = yield* makeWorld()
          const now = instant("2001-01-03T14:00:00.000Z")
          const intent: NotificationIntent = {
            event: "rescheduled",
            recipientRole: "customer",
            channel: "email",
            to: "client@example.test",
            recipientName: "Client",
            staffId: null,
            appointmentId: "apt_intent" as NotificationIntent["appointmentId"],
            seriesId: null,
            links: ["manage"],
            sendAfter: plusMinutes(now, -1),
            attachIcs: true,
            data: {
              previousStart: instant("2001-01-05T09:30:00.000Z"),
              seriesStarts: [instant("2001-01-06T09:30:00.000Z")],
              message: "À bientôt"
            }
          }
          const message = messageOf(w.business.id, {
            event: "rescheduled",
            subject: null,
            text: null,
            links: { manage: "https://creneau.test/m/raw-token" },
            intent,
            sendAfter: intent.sendAfter
          })
          yield* outbox.enqueue([message])
          assertSame(yield* statusOf(w.business.id, message.id), message)
          assert.deepStrictEqual(onlyOurs(yield* outbox.claimDue(now, 1000, LEASE), [message]), [message.id])
          const rendered = {
            subject: "Rendez-vous déplacé",
            text: "Nouvelle heure",
            html: "<p>Nouvelle heure</p>",
            attachments: [{ filename: "rdv.ics", contentType: "text/calendar", content: "QkVHSU4=" }]
          }
          yield* outbox.markRendered(message.id, rendered)
          assertSame(yield* statusOf(w.business.id, message.id), { ...message, ...rendered })
          assert.deepStrictEqual(
            onlyOurs(yield* outbox.claimDue(plusMillis(now, LEASE - 1), 1000, LEASE), [message]),
            [],
            "still leased"
          )
          const sentAt = plusMillis(now, 10)
          yield* outbox.markSent(message.id, sentAt)
          assertSame(yield* statusOf(w.business.id, message.id), {
            ...message,
            ...rendered,
            status: "sent",
            sentAt,
            attempts: 1
          })
        })
    )

    it.effect("markAttemptFailed retries at the given time, or gives up without one", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const now = instant("2001-01-04T12:00:00.000Z")
        const ours = claimable(w, now, [-2, -1])
        const [retried, abandoned] = [ours[0]!, ours[1]!]
        yield* outbox.enqueue(ours)
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(now, 1000, LEASE), ours).sort(),
          sortedIds(ours)
        )

        const retryAt = plusMillis(now, 10_000)
        yield* outbox.markAttemptFailed(retried.id, "503 Service Unavailable", retryAt)
        assertSame(yield* statusOf(w.business.id, retried.id), {
          ...retried,
          status: "pending",
          attempts: 1,
          lastError: "503 Service Unavailable",
          sendAfter: retryAt
        })
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(plusMillis(retryAt, -1), 1000, LEASE), ours),
          []
        )
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(retryAt, 1000, LEASE), ours),
          [retried.id],
          "released and due at retryAt, before the first lease ends"
        )
        yield* outbox.markAttemptFailed(retried.id, "timeout", plusMillis(retryAt, 60_000))
        const twice = yield* statusOf(w.business.id, retried.id)
        assert.strictEqual(twice.attempts, 2)
        assert.strictEqual(twice.lastError, "timeout")

        yield* outbox.markAttemptFailed(abandoned.id, "invalid recipient", null)
        assertSame(yield* statusOf(w.business.id, abandoned.id), {
          ...abandoned,
          status: "failed",
          attempts: 1,
          lastError: "invalid recipient"
        })
        assert.deepStrictEqual(
          onlyOurs(yield* outbox.claimDue(plusMinutes(now, 24 * 60), 1000, LEASE), ours),
          [retried.id],
          "a failed message is never claimed"
        )
        yield* settle([retried], now)
      })
    )

    it.effect("dropPending drops the pending messages of one appointment with the given events", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const appointments = yield* AppointmentRepository
        const w = yield* makeWorld()
        const a = appointmentOf(w, [{ staff: w.anna, start: on("2031-03-06")("10:00"), minutes: 30 }])
        const b = appointmentOf(w, [{ staff: w.ben, start: on("2031-03-06")("10:00"), minutes: 30 }])
        yield* appointments.insert(a)
        yield* appointments.insert(b)
        const reminder = messageOf(w.business.id, { appointmentId: a.id, event: "reminder" })
        const followUp = messageOf(w.business.id, { appointmentId: a.id, event: "follow_up" })
        const confirmed = messageOf(w.business.id, { appointmentId: a.id, event: "confirmed" })
        const sentReminder = messageOf(w.business.id, { appointmentId: a.id, event: "reminder" })
        const failedReminder = messageOf(w.business.id, { appointmentId: a.id, event: "reminder" })
        const otherReminder = messageOf(w.business.id, { appointmentId: b.id, event: "reminder" })
        yield* outbox.enqueue([reminder, followUp, confirmed, sentReminder, failedReminder, otherReminder])
        yield* outbox.markSent(sentReminder.id, instant("2031-03-05T10:00:00.000Z"))
        yield* outbox.markAttemptFailed(failedReminder.id, "bounced", null)

        yield* outbox.dropPending(a.id, [])
        assert.deepStrictEqual(
          sortedIds(yield* outbox.list(w.business.id, { status: "pending" })),
          sortedIds([reminder, followUp, confirmed, otherReminder]),
          "no events, nothing dropped"
        )
        yield* outbox.dropPending(a.id, ["reminder", "follow_up"])
        const statuses = Object.fromEntries(
          (yield* outbox.list(w.business.id, {})).map((m) => [m.id, m.status] as const)
        )
        assert.deepStrictEqual(statuses, {
          [reminder.id]: "dropped",
          [followUp.id]: "dropped",
          [confirmed.id]: "pending",
          [sentReminder.id]: "sent",
          [failedReminder.id]: "failed",
          [otherReminder.id]: "pending"
        })
        assertSame(yield* statusOf(w.business.id, reminder.id), { ...reminder, status: "dropped" })
      })
    )

    it.effect("markDropped drops that one message, not its siblings", () =>
      Effect.gen(function* () {
        const outbox = yield* Outbox
        const w = yield* makeWorld()
        const a = appointmentOf(w, [{ staff: w.anna, start: on("2031-03-06")("10:00"), minutes: 30 }])
        yield* (yield* AppointmentRepository).insert(a)
        const toCustomer = messageOf(w.business.id, { appointmentId: a.id, event: "confirmed" })
        const toStaff = messageOf(w.business.id, { appointmentId: a.id, event: "confirmed" })
        yield* outbox.enqueue([toCustomer, toStaff])
        yield* outbox.markDropped(toCustomer.id)
        assertSame(yield* statusOf(w.business.id, toCustomer.id), { ...toCustomer, status: "dropped" })
        assertSame(yield* statusOf(w.business.id, toStaff.id), toStaff)
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Idempotency
// -------------------------------------------------------------------------------------------

const idempotencyRecordOf = (
  businessId: string,
  fields: Partial<IdempotencyRecord> = {}
): IdempotencyRecord => ({
  businessId,
  key: `key-${globalThis.crypto.randomUUID()}`,
  requestHash: "sha256:0f1e2d3c",
  status: 201,
  response: {
    appointment: { id: "apt_1", status: "approved", items: [{ staffId: "stf_1", price: { amount: 3500 } }] },
    customerNotified: true,
    warnings: [],
    note: null,
    ratio: 0.5
  },
  createdAt: instant("2031-01-10T08:00:00.789Z"),
  ...fields
})

const idempotencyTests = (it: It) =>
  describe("IdempotencyStore", () => {
    it.effect("find answers none, then the saved record with its response intact", () =>
      Effect.gen(function* () {
        const store = yield* IdempotencyStore
        const w = yield* makeWorld()
        const record = idempotencyRecordOf(w.business.id)
        assert.isTrue(Option.isNone(yield* store.find(w.business.id, record.key)))
        yield* store.save(record)
        const found = yield* store.find(w.business.id, record.key)
        assert.isTrue(Option.isSome(found))
        if (Option.isSome(found)) assertSame(found.value, record)
        const plain = idempotencyRecordOf(w.business.id, { status: 204, response: null })
        yield* store.save(plain)
        assertSame(Option.getOrUndefined(yield* store.find(w.business.id, plain.key)), plain)
      })
    )

    it.effect("saving a key twice fails; the same key in another business is independent", () =>
      Effect.gen(function* () {
        const store = yield* IdempotencyStore
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const record = idempotencyRecordOf(w.business.id)
        yield* store.save(record)
        yield* expectFailure(
          store.save({ ...record, requestHash: "sha256:different", status: 200, response: { other: true } }),
          "PersistenceError"
        )
        assertSame(
          Option.getOrUndefined(yield* store.find(w.business.id, record.key)),
          record,
          "first one kept"
        )

        assert.isTrue(Option.isNone(yield* store.find(other.business.id, record.key)))
        const theirs = { ...record, businessId: other.business.id, response: { theirs: [1, 2, 3] } }
        yield* store.save(theirs)
        assertSame(Option.getOrUndefined(yield* store.find(other.business.id, record.key)), theirs)
        assertSame(Option.getOrUndefined(yield* store.find(w.business.id, record.key)), record)
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Action tokens
// -------------------------------------------------------------------------------------------

/** A URL path segment carrying at least 128 bits: hex (4 bits a character) or base64url (6 bits). */
const assertUnguessable = (raw: string): void => {
  assert.match(raw, /^[A-Za-z0-9_-]+={0,2}$/, "a token is one URL path segment (hex or base64url)")
  const symbols = raw.replace(/=+$/, "")
  const bits = /^[0-9a-fA-F]+$/.test(symbols) ? symbols.length * 4 : symbols.length * 6
  assert.isAtLeast(bits, 128, `token ${raw} carries fewer than 128 bits`)
}

const tokenTests = (it: It) =>
  describe("Tokens", () => {
    it.effect("issue returns unguessable, distinct tokens that resolve to what they are bound to", () =>
      Effect.gen(function* () {
        const tokens = yield* Tokens
        const w = yield* makeWorld()
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-07")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const manage: ActionToken = {
          businessId: w.business.id,
          appointmentId: appointment.id,
          purpose: "manage",
          staffId: null
        }
        const approve: ActionToken = { ...manage, purpose: "approve", staffId: w.anna.id }
        const issued: Array<string> = []
        for (let i = 0; i < 10; i++) issued.push(yield* tokens.issue(manage))
        const staffToken = yield* tokens.issue(approve)
        for (const raw of [...issued, staffToken]) assertUnguessable(raw)
        assert.strictEqual(new Set([...issued, staffToken]).size, issued.length + 1, "every token is new")
        for (const raw of issued) assertSame(yield* tokens.resolve(raw), manage)
        assertSame(yield* tokens.resolve(staffToken), approve)
      })
    )

    it.effect("issueMany issues a new token for each binding, in order; none for an empty list", () =>
      Effect.gen(function* () {
        const tokens = yield* Tokens
        const w = yield* makeWorld()
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-07")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const manage: ActionToken = {
          businessId: w.business.id,
          appointmentId: appointment.id,
          purpose: "manage",
          staffId: null
        }
        const bindings: ReadonlyArray<ActionToken> = [
          manage,
          { ...manage, purpose: "confirm" },
          { ...manage, purpose: "staff_action", staffId: w.anna.id },
          manage
        ]
        const issued = yield* tokens.issueMany(bindings)
        assert.strictEqual(issued.length, bindings.length)
        for (const raw of issued) assertUnguessable(raw)
        assert.strictEqual(new Set(issued).size, issued.length, "every token is new")
        for (const [i, raw] of issued.entries()) assertSame(yield* tokens.resolve(raw), bindings[i])
        assert.deepStrictEqual(yield* tokens.issueMany([]), [])
      })
    )

    it.effect("enqueue stores the tokens its messages' links carry: each resolves to its binding", () =>
      Effect.gen(function* () {
        const tokens = yield* Tokens
        const w = yield* makeWorld()
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-08")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const manage: ActionToken = {
          businessId: w.business.id,
          appointmentId: appointment.id,
          purpose: "manage",
          staffId: null
        }
        const staffAction: ActionToken = { ...manage, purpose: "staff_action", staffId: w.anna.id }
        const minted = [
          { raw: `tok_${globalThis.crypto.randomUUID()}`, token: manage },
          { raw: `tok_${globalThis.crypto.randomUUID()}`, token: staffAction }
        ]
        const message = messageOf(w.business.id, { appointmentId: appointment.id })
        yield* (yield* Outbox).enqueue([message], minted)
        for (const { raw, token } of minted) assertSame(yield* tokens.resolve(raw), token)
        assert.isDefined((yield* (yield* Outbox).list(w.business.id, {})).find((m) => m.id === message.id))
        // Tokens without messages are stored too.
        const alone = {
          raw: `tok_${globalThis.crypto.randomUUID()}`,
          token: { ...manage, purpose: "confirm" as const }
        }
        yield* (yield* Outbox).enqueue([], [alone])
        assertSame(yield* tokens.resolve(alone.raw), alone.token)
      })
    )

    it.effect("resolve of an unknown token fails with NotFound", () =>
      Effect.gen(function* () {
        const tokens = yield* Tokens
        const w = yield* makeWorld()
        const appointment = appointmentOf(w, [
          { staff: w.anna, start: on("2031-03-07")("10:00"), minutes: 30 }
        ])
        yield* (yield* AppointmentRepository).insert(appointment)
        const raw = yield* tokens.issue({
          businessId: w.business.id,
          appointmentId: appointment.id,
          purpose: "confirm",
          staffId: null
        })
        const hex = globalThis.crypto.randomUUID().replace(/-/g, "").repeat(2)
        for (const unknown of [hex, "A".repeat(43), `${raw}x`, raw.slice(0, -1), ""]) {
          yield* expectFailure(tokens.resolve(unknown), "NotFound")
        }
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Booking context
// -------------------------------------------------------------------------------------------

const bookingContextTests = (it: It) =>
  describe("BookingContextStore", () => {
    /** A world with an appointment inside the window, one outside it, a webhook and another business. */
    const seeded = Effect.gen(function* () {
      const w = yield* makeWorld()
      const appointments = yield* AppointmentRepository
      const inside = appointmentOf(w, [{ staff: w.anna, start: on("2031-04-07")("10:00"), minutes: 30 }])
      const outside = appointmentOf(w, [{ staff: w.ben, start: on("2031-04-20")("10:00"), minutes: 30 }])
      yield* appointments.insert(inside)
      yield* appointments.insert(outside)
      const hook = webhookOf(w.business.id)
      yield* (yield* WebhookRepository).insert(hook)
      const other = yield* makeWorld()
      return { w, inside, outside, hook, other }
    })
    const window = { from: instant("2031-04-07T00:00:00.000Z"), to: instant("2031-04-08T00:00:00.000Z") }

    it.effect("loads what the repositories give, in one request", () =>
      Effect.gen(function* () {
        const { w, inside, hook } = yield* seeded
        const loaded = yield* (yield* BookingContextStore).load({
          businessId: w.business.id,
          ...window,
          customerId: w.customer.id,
          webhooks: true
        })
        assertSame(loaded.business, yield* (yield* BusinessRepository).get(w.business.id))
        assertSame(loaded.services, yield* (yield* ServiceRepository).list(w.business.id))
        assertSame(loaded.staff, yield* (yield* StaffRepository).list(w.business.id))
        assertSame(loaded.resources, yield* (yield* ResourceRepository).list(w.business.id))
        // Of each appointment, at least the time it holds.
        assertSame(
          loaded.appointments.map(bookedOf),
          (yield* (yield* AppointmentRepository).listActive(w.business.id, window.from, window.to)).map(
            bookedOf
          )
        )
        assert.deepStrictEqual(idsOf(loaded.appointments), [inside.id])
        assertSame(loaded.customer, w.customer)
        assertSame(loaded.webhooks, [hook])
      })
    )

    it.effect("reads only the staff asked for, and no customer nor webhooks unless asked", () =>
      Effect.gen(function* () {
        const { w, other } = yield* seeded
        const loaded = yield* (yield* BookingContextStore).load({
          businessId: w.business.id,
          ...window,
          staffIds: [w.ben.id, w.anna.id, other.anna.id, "stf_unknown"]
        })
        assert.deepStrictEqual(sortedIds(loaded.staff), sortedIds([w.anna, w.ben]))
        assertSame(
          byId(loaded.staff),
          byId((yield* (yield* StaffRepository).list(w.business.id)).filter((s) => s.id !== w.cleo.id))
        )
        assert.strictEqual(loaded.customer, null)
        assert.deepStrictEqual(loaded.webhooks, [])
      })
    )

    it.effect("with staff asked for, holds at least their appointments and those holding a resource", () =>
      Effect.gen(function* () {
        const { w, inside } = yield* seeded
        const appointments = yield* AppointmentRepository
        const at = on("2031-04-07")
        const bens = appointmentOf(w, [{ staff: w.ben, start: at("10:00"), minutes: 30 }])
        const cleosInRoom = appointmentOf(w, [
          { staff: w.cleo, resource: w.room, start: at("11:00"), minutes: 30 }
        ])
        const annaAndBen = appointmentOf(w, [
          { staff: w.ben, start: at("14:00"), minutes: 30 },
          { staff: w.anna, start: at("14:30"), minutes: 30 }
        ])
        for (const a of [bens, cleosInRoom, annaAndBen]) yield* appointments.insert(a)
        const loaded = yield* (yield* BookingContextStore).load({
          businessId: w.business.id,
          ...window,
          staffIds: [w.anna.id]
        })
        const all = (yield* appointments.listActive(w.business.id, window.from, window.to)).map(bookedOf)
        const held = loaded.appointments.map(bookedOf)
        // Those of Anna and the one holding a room, whole; maybe Ben's; in listActive's order.
        for (const a of [inside, cleosInRoom, annaAndBen])
          assertSame(
            held.find((h) => h.id === a.id),
            bookedOf(a)
          )
        assertSame(
          held,
          all.filter((a) => held.some((h) => h.id === a.id))
        )
      })
    )

    it.effect("another business's customer or an unknown one is null; an unknown business is NotFound", () =>
      Effect.gen(function* () {
        const { w, other } = yield* seeded
        const store = yield* BookingContextStore
        const foreign = yield* store.load({
          businessId: w.business.id,
          ...window,
          customerId: other.customer.id
        })
        assert.strictEqual(foreign.customer, null)
        const unknown = yield* store.load({ businessId: w.business.id, ...window, customerId: "cus_unknown" })
        assert.strictEqual(unknown.customer, null)
        yield* expectFailure(store.load({ businessId: "biz_unknown", ...window }), "NotFound")
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Webhooks
// -------------------------------------------------------------------------------------------

const webhookTests = (it: It) =>
  describe("WebhookRepository", () => {
    it.effect("insert, get, list and remove are scoped to the business", () =>
      Effect.gen(function* () {
        const webhooks = yield* WebhookRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const everything = webhookOf(w.business.id)
        const some = webhookOf(w.business.id, {
          url: "https://crm.example.test/hooks?source=creneau",
          events: ["appointment.created", "appointment.cancelled"],
          secret: "whsec_fedcba9876543210",
          createdAt: instant("2031-01-11T08:00:00.321Z")
        })
        const theirs = webhookOf(other.business.id)
        for (const e of [everything, some, theirs]) yield* webhooks.insert(e)

        for (const e of [everything, some]) assertSame(yield* webhooks.get(w.business.id, e.id), e)
        assertSame(byId(yield* webhooks.list(w.business.id)), byId([everything, some]))
        assertSame(yield* webhooks.list(other.business.id), [theirs])
        yield* expectFailure(webhooks.get(w.business.id, theirs.id), "NotFound")
        yield* expectFailure(webhooks.get(w.business.id, newId("whk")), "NotFound")

        yield* expectFailure(webhooks.remove(w.business.id, theirs.id), "NotFound")
        assertSame(yield* webhooks.get(other.business.id, theirs.id), theirs)
        yield* webhooks.remove(w.business.id, everything.id)
        yield* expectFailure(webhooks.get(w.business.id, everything.id), "NotFound")
        assert.deepStrictEqual(idsOf(yield* webhooks.list(w.business.id)), [some.id])
        yield* expectFailure(webhooks.remove(w.business.id, everything.id), "NotFound")
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Notification templates
// -------------------------------------------------------------------------------------------

const templateOf = (businessId: string, fields: Partial<StoredTemplate> = {}): StoredTemplate => ({
  businessId,
  event: "confirmed",
  recipient: "customer",
  channel: "email",
  subject: "Rendez-vous confirmé : {{ date }}",
  text: "Bonjour {{ client.firstName }},\n\nÀ {{ startTime }} — « {{ business.name }} » 🌿\n",
  html: '<p>Bonjour {{ client.firstName }} &amp; <a href="{{ links.manage }}">gérer</a></p>',
  updatedAt: instant("2031-02-01T09:30:00.123Z"),
  ...fields
})

const templateTests = (it: It) =>
  describe("TemplateRepository", () => {
    it.effect("put, get, list and remove are scoped to the business and the key", () =>
      Effect.gen(function* () {
        const templates = yield* TemplateRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const confirmed = templateOf(w.business.id)
        const sms = templateOf(w.business.id, {
          event: "reminder",
          recipient: "staff",
          channel: "sms",
          subject: "",
          text: "{{ startTime }} : {{ client.name }}",
          html: null
        })
        const theirs = templateOf(other.business.id, { subject: "Theirs" })

        assert.isTrue(Option.isNone(yield* templates.get(w.business.id, confirmed)))
        assert.deepStrictEqual(yield* templates.list(w.business.id), [])
        for (const t of [confirmed, sms, theirs]) yield* templates.put(t)

        assertSame(Option.getOrUndefined(yield* templates.get(w.business.id, confirmed)), confirmed)
        assertSame(Option.getOrUndefined(yield* templates.get(w.business.id, sms)), sms)
        assertSame(Option.getOrUndefined(yield* templates.get(other.business.id, confirmed)), theirs)
        const key = (t: StoredTemplate) => `${t.event}/${t.recipient}/${t.channel}`
        const sorted = (ts: ReadonlyArray<StoredTemplate>) =>
          [...ts].sort((a, b) => key(a).localeCompare(key(b)))
        assertSame(sorted(yield* templates.list(w.business.id)), sorted([confirmed, sms]))
        assertSame(yield* templates.list(other.business.id), [theirs])
        // Another recipient or channel of the same event is another template.
        assert.isTrue(
          Option.isNone(yield* templates.get(w.business.id, { ...confirmed, recipient: "staff" }))
        )
        assert.isTrue(Option.isNone(yield* templates.get(w.business.id, { ...confirmed, channel: "sms" })))

        assert.isTrue(yield* templates.remove(w.business.id, confirmed))
        assert.isTrue(Option.isNone(yield* templates.get(w.business.id, confirmed)))
        assert.isFalse(yield* templates.remove(w.business.id, confirmed))
        assertSame(Option.getOrUndefined(yield* templates.get(other.business.id, confirmed)), theirs)
        assertSame(yield* templates.list(w.business.id), [sms])
      })
    )

    it.effect("put replaces the business's template of the same key", () =>
      Effect.gen(function* () {
        const templates = yield* TemplateRepository
        const w = yield* makeWorld()
        yield* templates.put(templateOf(w.business.id))
        const revised = templateOf(w.business.id, {
          subject: "Confirmed",
          text: "See you {{ start }}",
          html: null,
          updatedAt: instant("2031-02-02T10:00:00.000Z")
        })
        yield* templates.put(revised)
        assertSame(Option.getOrUndefined(yield* templates.get(w.business.id, revised)), revised)
        assertSame(yield* templates.list(w.business.id), [revised])
      })
    )

    it.effect("a transaction that fails leaves the templates as they were", () =>
      Effect.gen(function* () {
        const templates = yield* TemplateRepository
        const uow = yield* UnitOfWork
        const w = yield* makeWorld()
        const kept = templateOf(w.business.id, { event: "cancelled" })
        yield* templates.put(kept)
        yield* expectFailure(
          uow.transaction(
            Effect.gen(function* () {
              yield* templates.put(templateOf(w.business.id))
              yield* templates.put({ ...kept, subject: "Changed" })
              assert.isTrue(yield* templates.remove(w.business.id, kept))
              return yield* new Rollback()
            })
          ),
          "Rollback"
        )
        assertSame(yield* templates.list(w.business.id), [kept])
      })
    )
  })

// -------------------------------------------------------------------------------------------
// Calendar feeds
// -------------------------------------------------------------------------------------------

const calendarFeedTests = (it: It) =>
  describe("CalendarFeedRepository", () => {
    it.effect("issue gives an unguessable token resolving to the feed; a new one revokes the old", () =>
      Effect.gen(function* () {
        const feeds = yield* CalendarFeedRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const anna: CalendarFeed = {
          businessId: w.business.id,
          staffId: w.anna.id,
          createdAt: instant("2031-04-01T08:00:00.250Z")
        }
        assert.isTrue(Option.isNone(yield* feeds.find(w.business.id, w.anna.id)))
        const first = yield* feeds.issue(anna)
        assertUnguessable(first)
        assertSame(yield* feeds.resolve(first), anna)
        assertSame(Option.getOrUndefined(yield* feeds.find(w.business.id, w.anna.id)), anna)
        assert.isTrue(Option.isNone(yield* feeds.find(w.business.id, w.ben.id)))
        assert.isTrue(Option.isNone(yield* feeds.find(other.business.id, w.anna.id)))

        const ben: CalendarFeed = { ...anna, staffId: w.ben.id }
        const bens = yield* feeds.issue(ben)
        const renewed: CalendarFeed = { ...anna, createdAt: instant("2031-04-02T08:00:00.000Z") }
        const second = yield* feeds.issue(renewed)
        assert.notStrictEqual(second, first)
        yield* expectFailure(feeds.resolve(first), "NotFound")
        assertSame(yield* feeds.resolve(second), renewed)
        assertSame(Option.getOrUndefined(yield* feeds.find(w.business.id, w.anna.id)), renewed)
        assertSame(yield* feeds.resolve(bens), ben)
        for (const unknown of [`${second}x`, second.slice(0, -1), ""]) {
          yield* expectFailure(feeds.resolve(unknown), "NotFound")
        }
      })
    )

    it.effect("revoke ends the staff member's feed only, in their business only", () =>
      Effect.gen(function* () {
        const feeds = yield* CalendarFeedRepository
        const w = yield* makeWorld()
        const other = yield* makeWorld()
        const createdAt = instant("2031-04-01T08:00:00.000Z")
        const anna = yield* feeds.issue({ businessId: w.business.id, staffId: w.anna.id, createdAt })
        const ben = yield* feeds.issue({ businessId: w.business.id, staffId: w.ben.id, createdAt })
        assert.isFalse(yield* feeds.revoke(other.business.id, w.anna.id))
        assert.isTrue(yield* feeds.revoke(w.business.id, w.anna.id))
        yield* expectFailure(feeds.resolve(anna), "NotFound")
        assert.isTrue(Option.isNone(yield* feeds.find(w.business.id, w.anna.id)))
        assert.isFalse(yield* feeds.revoke(w.business.id, w.anna.id))
        assert.strictEqual((yield* feeds.resolve(ben)).staffId, w.ben.id)
      })
    )

    it.effect("a transaction that fails keeps the feed it would have replaced", () =>
      Effect.gen(function* () {
        const feeds = yield* CalendarFeedRepository
        const uow = yield* UnitOfWork
        const w = yield* makeWorld()
        const feed: CalendarFeed = {
          businessId: w.business.id,
          staffId: w.cleo.id,
          createdAt: instant("2031-04-01T08:00:00.000Z")
        }
        const kept = yield* feeds.issue(feed)
        yield* expectFailure(
          uow.transaction(
            Effect.gen(function* () {
              yield* feeds.issue({ ...feed, createdAt: instant("2031-04-03T08:00:00.000Z") })
              return yield* new Rollback()
            })
          ),
          "Rollback"
        )
        assertSame(yield* feeds.resolve(kept), feed)
      })
    )
  })
