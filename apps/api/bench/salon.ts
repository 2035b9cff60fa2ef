/**
 * A salon set up through the public API, as an integrator would: sign-up (which gives the owner's
 * API key), staff members with their weekly hours and email, services, customers; then a week of
 * appointments booked through `POST /v1/appointments`. Times are local to Europe/Paris.
 */
import { addDays, toInstant, weekdayOf } from "@creneau/core"
import { DateTime } from "effect"

export const TIMEZONE = "Europe/Paris"

export interface Answer {
  readonly status: number
  readonly body: unknown
}

/** One JSON request to the API, authenticated with `key` when given. */
export const request = async (
  base: string,
  method: string,
  path: string,
  options: { readonly key?: string; readonly body?: unknown } = {}
): Promise<Answer> => {
  const send = () =>
    fetch(`${base}${path}`, {
      method,
      headers: {
        ...(options.key !== undefined && { Authorization: `Bearer ${options.key}` }),
        ...(options.body !== undefined && { "Content-Type": "application/json" })
      },
      ...(options.body !== undefined && { body: JSON.stringify(options.body) })
    })
  // A read is sent again once when the connection fails (a kept-alive socket the server had just
  // closed); a write never is, so that each booking is sent exactly once.
  const res = await send().catch((error: unknown) => (method === "GET" ? send() : Promise.reject(error)))
  const text = await res.text()
  const json = (res.headers.get("content-type") ?? "").includes("json")
  return { status: res.status, body: text === "" ? undefined : json ? JSON.parse(text) : text }
}

/** The body of an answer that must have `status`; anything else stops the run with the body. */
export const expectStatus = <T>(answer: Answer, status: number, what: string): T => {
  if (answer.status !== status) {
    throw new Error(`${what}: expected ${status}, got ${answer.status}: ${JSON.stringify(answer.body)}`)
  }
  return answer.body as T
}

/** Run `task(0) … task(count - 1)`, `concurrency` at a time; the results in order. */
export const pool = async <A>(
  count: number,
  concurrency: number,
  task: (n: number) => Promise<A>
): Promise<Array<A>> => {
  const results: Array<A> = new Array(count)
  let next = 0
  const worker = async () => {
    while (next < count) {
      const n = next++
      results[n] = await task(n)
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, count) }, worker))
  return results
}

export interface Salon {
  readonly base: string
  readonly key: string
  readonly businessId: string
  readonly staffIds: ReadonlyArray<string>
  /** A 30-minute cut with 5 minutes of buffer after, performed by every staff member. */
  readonly cutId: string
  /** A 60-minute colour with 10 minutes of buffer after, performed by every staff member. */
  readonly colourId: string
  /** Customers with an email and a phone: every booking for them sends messages and plans reminders. */
  readonly customerIds: ReadonlyArray<string>
  /** Walk-in customers, a name only: no message goes to them. */
  readonly walkInIds: ReadonlyArray<string>
}

/** Working hours of every staff member: Monday to Saturday, 09:00–19:00. */
export const OPENING = { from: 9 * 60, to: 19 * 60 }
const day = [{ start: "09:00", end: "19:00" }]
const week = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] }

/** Sign up a business and give it `staff` staff members, two services and customers. */
export const setUpSalon = async (
  base: string,
  options: {
    readonly name: string
    readonly staff: number
    readonly customers?: number
    readonly walkIns?: number
  }
): Promise<Salon> => {
  const slug = options.name.toLowerCase().replace(/[^a-z0-9]+/g, "-")
  const signedUp = expectStatus<{ business: { id: string }; apiKey: string }>(
    await request(base, "POST", "/v1/signup", {
      body: {
        businessName: options.name,
        timezone: TIMEZONE,
        locale: "fr",
        currency: "EUR",
        ownerName: "Owner",
        ownerEmail: `owner@${slug}.example`,
        ownerPassword: "correct horse battery"
      }
    }),
    201,
    "sign-up"
  )
  const key = signedUp.apiKey
  const post = async (path: string, body: unknown) =>
    expectStatus<{ id: string }>(await request(base, "POST", path, { key, body }), 201, `POST ${path}`).id

  const staffIds = await pool(options.staff, 4, (n) =>
    post("/v1/staff", { name: `Stylist ${n + 1}`, email: `stylist${n + 1}@${slug}.example`, weekly: week })
  )
  const service = (name: string, durationMinutes: number, bufferAfterMinutes: number, amount: number) =>
    post("/v1/services", {
      name,
      durationMinutes,
      bufferAfterMinutes,
      price: { amount, currency: "EUR" },
      staffIds
    })
  const cutId = await service("Coupe", 30, 5, 3500)
  const colourId = await service("Couleur", 60, 10, 7500)
  const customerIds = await pool(options.customers ?? 0, 4, (n) =>
    post("/v1/customers", {
      firstName: `Client${n + 1}`,
      lastName: "Martin",
      email: `client${n + 1}@example.com`,
      phone: `+3361000${String(n).padStart(4, "0")}`
    })
  )
  const walkInIds = await pool(options.walkIns ?? 0, 4, (n) =>
    post("/v1/customers", { firstName: `Passage${n + 1}`, lastName: "Durand" })
  )
  return { base, key, businessId: signedUp.business.id, staffIds, cutId, colourId, customerIds, walkInIds }
}

/** `minutes` after local midnight of `date` in the salon's zone, as an RFC 3339 instant. */
export const localTime = (date: string, minutes: number): string =>
  DateTime.formatIso(toInstant(date, minutes, TIMEZONE))

/** The first Monday at least `days` from today. */
export const mondayAhead = (days: number): string => {
  let date = addDays(new Date().toISOString().slice(0, 10), days)
  while (weekdayOf(date) !== "mon") date = addDays(date, 1)
  return date
}

/**
 * A busy week from `monday`: six appointments a day for every staff member, Monday to Saturday,
 * cuts and colours in turn, the day's times shifted from one stylist to the next. Booked for
 * walk-in customers, so the only messages are the staff members' (sent at once).
 */
export const bookWeek = async (salon: Salon, monday: string): Promise<number> => {
  const times = [0, 75, 150, 300, 375, 450].map((m) => OPENING.from + m)
  const bookings = salon.staffIds.flatMap((staffId, s) =>
    Array.from({ length: 6 * times.length }, (_, n) => {
      const date = addDays(monday, Math.floor(n / times.length))
      const slot = n % times.length
      return {
        start: localTime(date, times[slot]! + (s % 3) * 15),
        items: [{ serviceId: slot % 2 === 0 ? salon.cutId : salon.colourId, staffId }],
        customerId: salon.walkInIds[(s * 7 + n) % salon.walkInIds.length]!
      }
    })
  )
  await pool(bookings.length, 8, async (n) =>
    expectStatus(
      await request(salon.base, "POST", "/v1/appointments", { key: salon.key, body: bookings[n] }),
      201,
      "booking the week"
    )
  )
  return bookings.length
}

/** Wait until the salon's outbox has nothing pending (the worker sent the due messages). */
export const drainOutbox = async (salon: Salon, timeoutMs = 60_000): Promise<void> => {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    const { items } = expectStatus<{ items: ReadonlyArray<unknown> }>(
      await request(salon.base, "GET", "/v1/outbox?status=pending", { key: salon.key }),
      200,
      "outbox"
    )
    if (items.length === 0) return
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
  throw new Error(`the outbox of ${salon.businessId} was not drained within ${timeoutMs / 1000} s`)
}
