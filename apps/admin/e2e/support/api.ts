/**
 * The API as the browser tests check it: the typed client of `@creneau/hono/client` with the demo
 * owner's API key, a call that returns the success body or throws with the problem, the demo's
 * catalogue by name, free slots, the delivery log (`GET /v1/outbox`, whose messages carry the
 * action links), and times on the business's wall clock.
 */
import { toEpochMillis } from "@creneau/core"
import { createClient } from "@creneau/hono/client"
import type { ClientResponse } from "hono/client"

export type Client = ReturnType<typeof createClient>

export const apiClient = (baseUrl: string, apiKey: string): Client =>
  createClient(baseUrl, { headers: { Authorization: `Bearer ${apiKey}` } })

type Body<R> =
  R extends ClientResponse<infer T, infer S, infer _F> ? (S extends 200 | 201 ? T : never) : never

/** The success body of a call, or an error with the status and the problem+json text. */
export const call = async <R extends ClientResponse<unknown>>(request: Promise<R>): Promise<Body<R>> => {
  const response = await request
  if (!response.ok) throw new Error(`${response.url}: ${response.status} ${await response.text()}`)
  return (await response.json()) as Body<R>
}

/** Poll `read` until it returns something (not undefined), or fail after `timeoutMs`. */
export const eventually = async <A>(
  what: string,
  read: () => Promise<A | undefined>,
  timeoutMs = 15_000
): Promise<A> => {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await read()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 200))
  }
}

export const TIMEZONE = "Europe/Paris"

/** The instant of `HH:MM` on a local date in the business's zone, in epoch milliseconds. */
export const wallClock = (date: string, time: string): number => {
  const [h = 0, m = 0] = time.split(":").map(Number)
  return toEpochMillis(date, h * 60 + m, TIMEZONE)
}

/** `YYYY-MM-DD` and `HH:MM` of an instant in the business's zone. */
export const localOf = (instant: string | number) => {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: TIMEZONE,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23"
  }).formatToParts(new Date(instant))
  const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ""
  return {
    date: `${part("year")}-${part("month")}-${part("day")}`,
    time: `${part("hour")}:${part("minute")}`
  }
}

export const addDays = (date: string, days: number): string =>
  new Date(Date.parse(`${date}T12:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10)

/** Today in the business's zone. */
export const today = () => localOf(Date.now()).date

/** The business's staff and services, found by name (the demo's names). */
export const catalogue = async (api: Client) => {
  const [staff, services] = await Promise.all([call(api.v1.staff.$get()), call(api.v1.services.$get())])
  const staffNamed = (name: string) => {
    const found = staff.items.find((s) => s.name === name)
    if (found === undefined) throw new Error(`No staff member named ${name} in the demo`)
    return found
  }
  const serviceNamed = (name: string) => {
    const found = services.items.find((s) => s.name === name)
    if (found === undefined) throw new Error(`No service named ${name} in the demo`)
    return found
  }
  return { staffNamed, serviceNamed }
}

export type Slot = { readonly start: string; readonly end: string }

/** Slots grouped by local date, each with its local start time. */
export const byDay = (slots: ReadonlyArray<Slot>) => {
  const days = new Map<string, Array<{ readonly start: string; readonly time: string }>>()
  for (const slot of slots) {
    const { date, time } = localOf(slot.start)
    days.set(date, [...(days.get(date) ?? []), { start: slot.start, time }])
  }
  return days
}

/**
 * The first date from `from` to `to` on which the staff member is free for the services (back to
 * back) at every one of `times`.
 */
export const dayFreeAt = async (
  api: Client,
  query: { readonly serviceIds: ReadonlyArray<string>; readonly staffId: string },
  range: { readonly from: string; readonly to: string },
  times: ReadonlyArray<string>
): Promise<string> => {
  const availability = await call(
    api.v1.availability.$get({
      query: { serviceId: [...query.serviceIds], staffId: query.staffId, from: range.from, to: range.to }
    })
  )
  for (const [date, slots] of byDay(availability.slots)) {
    if (times.every((time) => slots.some((s) => s.time === time))) return date
  }
  throw new Error(`No day from ${range.from} to ${range.to} is free at ${times.join(", ")}`)
}

export type Message = Awaited<ReturnType<typeof outbox>>[number]

/** The delivery log, oldest first, optionally for one appointment. */
export const outbox = async (api: Client, appointmentId?: string) =>
  (await call(api.v1.outbox.$get({ query: appointmentId === undefined ? {} : { appointmentId } }))).items

/** The one message to `to` about `event`, once it has been sent (its words are written then). */
export const messageTo = (
  api: Client,
  to: string,
  event: string,
  filter: { readonly appointmentId?: string } = {}
): Promise<Message & { readonly text: string }> =>
  eventually(`the ${event} message to ${to}, sent`, async () => {
    const message = (await outbox(api, filter.appointmentId)).find((m) => m.to === to && m.event === event)
    return message?.text == null ? undefined : { ...message, text: message.text }
  })

/** The path and query of a link in a message (the links point at this server). */
export const linkIn = (message: Message, key: string, baseUrl: string): string => {
  const link = message.links[key]
  if (link === undefined) throw new Error(`The ${message.event} message has no ${key} link`)
  if (!link.startsWith(`${baseUrl}/`)) throw new Error(`The ${key} link ${link} does not point at ${baseUrl}`)
  return link.slice(baseUrl.length)
}
