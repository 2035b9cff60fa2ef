/**
 * The demo business seeded on a fresh database: a Paris salon (locale fr) with three stylists,
 * two resources, five services (a facial that needs the treatment room, a colour with a
 * questionnaire, a balayage under manual approval), eight customers and a week of appointments
 * around today in every status — pending for each reason, approved, rescheduled, cancelled,
 * rejected, completed, a no-show — plus a weekly series. Everything goes through the core's use
 * cases, so the demo data obeys the same rules and leaves the same history and outbox as real use.
 */
import {
  AccountRepository,
  type Appointment,
  addDays,
  approveAppointment,
  bookOnline,
  CreateAppointmentInput,
  type Customer,
  cancelAppointment,
  completeEndedAppointments,
  createAppointment,
  createCustomer,
  createResource,
  createService,
  createStaff,
  getAvailability,
  listAppointments,
  localDateOf,
  markNoShow,
  OnlineBookingInput,
  RescheduleAppointmentInput,
  rejectAppointment,
  rescheduleAppointment,
  type StaffMember,
  signup,
  toInstant,
  type UserActor,
  updateBusiness,
  type WeeklyHours,
  weekdayOf
} from "@creneau/core"
import { Database, schema } from "@creneau/drizzle"
import { DateTime, Effect, Option, Schema } from "effect"

export const DEMO_BUSINESS_NAME = "Salon Lumière (démo)"
export const DEMO_OWNER_EMAIL = "owner@salon-demo.example"
export const DEMO_OWNER_PASSWORD = "creneau-demo"
const TIMEZONE = "Europe/Paris"

export interface DemoSeed {
  readonly businessId: string
  readonly email: string
  readonly password: string
  /** The owner's API key: shown once, only the hash is stored. */
  readonly apiKey: string
  readonly appointments: ReadonlyArray<Appointment>
}

/** Is there any business in the database? A fresh one gets the demo. */
export const hasAnyBusiness = Effect.gen(function* () {
  const db = yield* Database
  const rows = yield* db.query("demo.anyBusiness", (x) =>
    x.select({ id: schema.businesses.id }).from(schema.businesses).limit(1)
  )
  return rows.length > 0
})

/** Has the demo been seeded here already (its owner exists)? */
export const demoExists = Effect.gen(function* () {
  return Option.isSome(yield* (yield* AccountRepository).findUserByEmail(DEMO_OWNER_EMAIL))
})

const hours = (start: string, end: string) => [{ start, end }]
const split = [
  { start: "09:00", end: "12:30" },
  { start: "13:30", end: "18:00" }
]

const camilleWeek: WeeklyHours = {
  mon: split,
  tue: split,
  wed: split,
  thu: split,
  fri: split,
  sat: [],
  sun: []
}
const hugoWeek: WeeklyHours = {
  mon: [],
  tue: hours("10:00", "19:00"),
  wed: hours("10:00", "19:00"),
  thu: hours("10:00", "19:00"),
  fri: hours("10:00", "19:00"),
  sat: hours("09:00", "17:00"),
  sun: []
}
const inesWeek: WeeklyHours = {
  mon: hours("09:00", "17:00"),
  tue: hours("09:00", "17:00"),
  wed: hours("09:00", "17:00"),
  thu: hours("09:00", "17:00"),
  fri: hours("09:00", "17:00"),
  sat: hours("09:00", "17:00"),
  sun: []
}

const euros = (amount: number) => ({ amount: amount * 100, currency: "EUR" })

const decodeCreate = Schema.decodeUnknownEffect(CreateAppointmentInput)
const decodeOnline = Schema.decodeUnknownEffect(OnlineBookingInput)
const decodeReschedule = Schema.decodeUnknownEffect(RescheduleAppointmentInput)

/** `HH:MM` on a local date in Paris, as an RFC 3339 instant. */
const at = (date: string, time: string) => {
  const [h, m] = time.split(":").map(Number)
  return DateTime.formatIso(toInstant(date, h! * 60 + m!, TIMEZONE))
}

/**
 * The n-th day the staff member works after today (n > 0) or before it (n < 0): distinct n give
 * distinct days, whatever the weekday today.
 */
const workday = (staff: StaffMember, today: string, n: number): string => {
  const step = n < 0 ? -1 : 1
  let date = today
  for (let found = 0; found < Math.abs(n); ) {
    date = addDays(date, step)
    if (staff.workingHours.weekly[weekdayOf(date)].length > 0) found++
  }
  return date
}

/**
 * Seed the demo business. Refuses nothing: callers check `demoExists` first. Another owner email
 * makes another demo business (tests seed several in one database).
 */
export const seedDemo = Effect.fn("seedDemo")(function* (options: { readonly ownerEmail?: string } = {}) {
  const { business, owner, apiKey } = yield* signup({
    businessName: DEMO_BUSINESS_NAME,
    timezone: TIMEZONE,
    locale: "fr",
    currency: "EUR",
    ownerName: "Élodie Marchand",
    ownerEmail: options.ownerEmail ?? DEMO_OWNER_EMAIL,
    ownerPassword: DEMO_OWNER_PASSWORD
  })
  const actor: UserActor = { _tag: "user", id: owner.id, name: owner.name, role: "owner", staffId: null }
  const id = business.id

  yield* updateBusiness(id, {
    bookingRules: {
      clientCancel: { enabled: true, minNoticeMinutes: 24 * 60 },
      clientReschedule: { enabled: true, minNoticeMinutes: 24 * 60 }
    }
  })

  const camille = yield* createStaff(id, {
    name: "Camille Roux",
    email: "camille@salon-demo.example",
    phone: "+33 6 12 34 56 01",
    weekly: camilleWeek
  })
  const hugo = yield* createStaff(id, {
    name: "Hugo Bernard",
    email: "hugo@salon-demo.example",
    weekly: hugoWeek
  })
  const ines = yield* createStaff(id, {
    name: "Inès Moreau",
    email: "ines@salon-demo.example",
    phone: "+33 6 12 34 56 03",
    weekly: inesWeek
  })

  const cabin = yield* createResource(id, { name: "Cabine de soin", capacity: 1 })
  yield* createResource(id, { name: "Bac à shampooing", capacity: 2 })

  const womensCut = yield* createService(id, {
    name: "Coupe femme",
    durationMinutes: 45,
    price: euros(45),
    bufferAfterMinutes: 10,
    staffIds: [camille.id, hugo.id, ines.id]
  })
  const mensCut = yield* createService(id, {
    name: "Coupe homme",
    durationMinutes: 30,
    price: euros(28),
    staffIds: [hugo.id, ines.id]
  })
  const colour = yield* createService(id, {
    name: "Couleur",
    durationMinutes: 90,
    price: euros(75),
    bufferAfterMinutes: 15,
    staffIds: [camille.id, ines.id],
    questionnaire: [
      {
        id: "allergies",
        label: "Avez-vous des allergies connues aux produits de coloration ?",
        kind: "text",
        required: true,
        options: []
      },
      {
        id: "first_colour",
        label: "Est-ce votre première coloration ?",
        kind: "boolean",
        required: false,
        options: []
      }
    ]
  })
  const facial = yield* createService(id, {
    name: "Soin du visage",
    durationMinutes: 60,
    price: euros(60),
    staffIds: [ines.id, camille.id],
    resourceIds: [cabin.id]
  })
  const balayage = yield* createService(id, {
    name: "Balayage (sur demande)",
    durationMinutes: 120,
    price: euros(120),
    staffIds: [camille.id],
    rules: { approvalMode: "manual" }
  })

  const people: ReadonlyArray<readonly [string, string, string | null, string | null]> = [
    ["Alice", "Martin", "alice.martin@example.com", "+33 6 11 11 11 11"],
    ["Bruno", "Durand", "bruno.durand@example.com", null],
    ["Chloé", "Petit", "chloe.petit@example.com", "+33 6 33 33 33 33"],
    ["David", "Leroy", "david.leroy@example.com", null],
    ["Emma", "Garnier", "emma.garnier@example.com", "+33 6 55 55 55 55"],
    ["Farid", "Benali", "farid.benali@example.com", null],
    ["Gabriel", "Fontaine", null, "+33 6 77 77 77 77"],
    ["Hélène", "Rousseau", "helene.rousseau@example.com", null]
  ]
  const customers: Array<Customer> = []
  for (const [firstName, lastName, email, phone] of people) {
    customers.push(
      yield* createCustomer(id, {
        firstName,
        lastName,
        ...(email !== null && { email }),
        ...(phone !== null && { phone })
      })
    )
  }
  const [alice, bruno, chloe, david, emma, farid, gabriel, helene] = customers as [
    Customer,
    Customer,
    Customer,
    Customer,
    Customer,
    Customer,
    Customer,
    Customer
  ]

  const today = localDateOf(yield* DateTime.now, TIMEZONE)
  const book = (input: Record<string, unknown>) =>
    decodeCreate(input).pipe(
      Effect.orDie,
      Effect.flatMap((decoded) => createAppointment({ businessId: id, actor, input: decoded })),
      Effect.map((created) => created.appointment)
    )
  const change = { businessId: id, actor }

  // ---- the past days, entered late: completed, one a no-show (a past start needs allowOutsideHours;
  // no confirmation is sent for a visit that is over)
  yield* book({
    start: at(workday(camille, today, -4), "10:00"),
    items: [{ serviceId: womensCut.id, staffId: camille.id }],
    customerId: alice.id,
    allowOutsideHours: true,
    confirmation: "no_message",
    payment: { method: "card", status: "paid" }
  })
  yield* book({
    start: at(workday(ines, today, -3), "14:00"),
    items: [{ serviceId: facial.id, staffId: ines.id, resourceId: cabin.id }],
    customerId: bruno.id,
    allowOutsideHours: true,
    confirmation: "no_message"
  })
  yield* book({
    start: at(workday(camille, today, -2), "14:00"),
    items: [{ serviceId: colour.id, staffId: camille.id }],
    customerId: helene.id,
    answers: { allergies: "Aucune", first_colour: false },
    allowOutsideHours: true,
    confirmation: "no_message",
    payment: { method: "cash", status: "paid" }
  })
  const missed = yield* book({
    start: at(workday(hugo, today, -2), "11:00"),
    items: [{ serviceId: mensCut.id, staffId: hugo.id }],
    customerId: david.id,
    allowOutsideHours: true,
    confirmation: "no_message"
  })
  yield* markNoShow({ ...change, appointmentId: missed.id, input: { noShow: true } })
  yield* completeEndedAppointments()

  // ---- the coming days
  yield* book({
    start: at(workday(camille, today, 1), "09:30"),
    items: [{ serviceId: womensCut.id, staffId: camille.id }],
    customerId: emma.id,
    customerRequest: "Juste les pointes, merci !"
  })
  yield* book({
    start: at(workday(hugo, today, 1), "14:00"),
    items: [{ serviceId: mensCut.id, staffId: hugo.id }],
    customerId: farid.id,
    confirmation: "request_client_confirmation"
  })
  const toMove = yield* book({
    start: at(workday(ines, today, 2), "10:00"),
    items: [{ serviceId: facial.id, staffId: ines.id, resourceId: cabin.id }],
    customerId: chloe.id
  })
  yield* decodeReschedule({ start: at(workday(ines, today, 3), "11:00") }).pipe(
    Effect.orDie,
    Effect.flatMap((input) => rescheduleAppointment({ ...change, appointmentId: toMove.id, input }))
  )
  const toCancel = yield* book({
    start: at(workday(camille, today, 2), "15:00"),
    items: [{ serviceId: colour.id, staffId: camille.id }],
    customerId: alice.id,
    answers: { allergies: "Aucune" }
  })
  yield* cancelAppointment({
    ...change,
    appointmentId: toCancel.id,
    input: { message: "Camille est en formation ce jour-là, nous vous proposons un autre créneau." }
  })
  const toReject = yield* book({
    start: at(workday(hugo, today, 3), "16:00"),
    items: [{ serviceId: womensCut.id, staffId: hugo.id }],
    customerId: bruno.id,
    confirmation: "request_client_confirmation"
  })
  yield* rejectAppointment({
    ...change,
    appointmentId: toReject.id,
    input: { reason: "Créneau réservé à une formation." }
  })
  const confirmedLater = yield* book({
    start: at(workday(camille, today, 3), "10:00"),
    items: [
      { serviceId: womensCut.id, staffId: camille.id },
      { serviceId: colour.id, staffId: camille.id }
    ],
    customerId: helene.id,
    answers: { allergies: "Aucune", first_colour: false },
    confirmation: "request_client_confirmation"
  })
  yield* approveAppointment({ ...change, appointmentId: confirmedLater.id })
  yield* book({
    start: at(workday(ines, today, 1), "16:00"),
    items: [{ serviceId: mensCut.id, staffId: ines.id }],
    customerId: gabriel.id,
    recurrence: { frequency: "weekly", interval: 1, count: 6 },
    quickNote: "Client fidèle : tous les quinze jours en hiver, toutes les semaines l'été."
  })

  // ---- an online request waiting for the salon's approval (the balayage is under manual approval)
  const from = addDays(today, 1)
  const slots = yield* getAvailability({
    businessId: id,
    input: { serviceIds: [balayage.id], staffId: camille.id, from, to: addDays(from, 13) }
  })
  const slot = slots.slots[0]
  if (slot !== undefined) {
    const input = yield* Effect.orDie(
      decodeOnline({
        start: DateTime.formatIso(slot.start),
        items: [{ serviceId: balayage.id, staffId: camille.id }],
        customer: { firstName: "Sarah", lastName: "Lefèvre", email: "sarah.lefevre@example.com" },
        customerRequest: "Balayage miel, cheveux mi-longs."
      })
    )
    yield* bookOnline({ businessId: id, input })
  }

  return {
    businessId: id,
    email: owner.email,
    password: DEMO_OWNER_PASSWORD,
    apiKey,
    appointments: yield* listAppointments(id, {})
  } satisfies DemoSeed
})
