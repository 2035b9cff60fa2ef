/**
 * Output encoding: what a use case returns, as the JSON the API sends. Instants become RFC 3339
 * strings with the business's offset at that instant; branded ids become plain strings; money
 * is already `{amount, currency}`. `Json<A>` is the same mapping at the type level, so the typed
 * client sees exactly what travels.
 */
import { formatInZone } from "@creneau/core"
import { DateTime } from "effect"
import type { Context, TypedResponse } from "hono"
import type { JSONParsed } from "hono/utils/types"
import { type Representations, representations, sendRepresentation } from "./Encoding.js"

type Branded = { readonly "~effect/Brand": unknown }

export type Json<A> = A extends DateTime.DateTime
  ? string
  : A extends string
    ? A extends Branded
      ? string
      : A
    : A extends number | boolean | null
      ? A
      : A extends ReadonlyArray<infer T>
        ? Array<Json<T>>
        : A extends object
          ? { -readonly [K in keyof A]: Json<A[K]> }
          : never

const walk = (value: unknown, timezone: string): unknown => {
  if (value === null || typeof value !== "object") return value
  if (DateTime.isDateTime(value)) return formatInZone(value, timezone)
  if (Array.isArray(value)) return value.map((v) => walk(v, timezone))
  const out: Record<string, unknown> = {}
  for (const [key, v] of Object.entries(value)) {
    if (v !== undefined) out[key] = walk(v, timezone)
  }
  return out
}

/** Encode a use case's result for the wire, instants in `timezone`. */
export const toJson = <A>(value: A, timezone: string): Json<A> => walk(value, timezone) as Json<A>

/** Encoded answers, by the value they were encoded from: a value answered again is not encoded again. */
const texts = new WeakMap<object, { readonly timezone: string; readonly body: Representations }>()

/**
 * `answer` as a JSON response (instants in `timezone`), typed as `c.json` types it, sent as
 * `sendRepresentation` sends an answer of the API: gzipped for a client that accepts it, with an
 * ETag, 304 when the client has it. Its text (and its gzip, once asked for) is kept while `source`
 * lives, and reused for the same `source` and zone: `source` must be an immutable value that
 * `answer` is wholly derived from, such as what a cache of the adapter answers again while nothing
 * it depends on changes.
 */
const keptJson = <A>(c: Context, source: object, answer: A, timezone: string): Response => {
  let kept = texts.get(source)
  if (kept === undefined || kept.timezone !== timezone) {
    const text = Buffer.from(JSON.stringify(toJson(answer, timezone)), "utf8")
    kept = { timezone, body: representations("application/json", text, { answer: true }) }
    texts.set(source, kept)
  }
  return sendRepresentation(c, kept.body)
}

/**
 * An availability answer as a JSON response. The core answers the same slot list while nothing it
 * depends on changes (see `getAvailability`), and its text is then reused.
 */
export const availabilityJson = <
  A extends { readonly timezone: string; readonly slots: ReadonlyArray<unknown> }
>(
  c: Context,
  answer: A
): Response & TypedResponse<JSONParsed<Json<A>>, 200, "json"> =>
  keptJson(c, answer.slots, answer, answer.timezone) as never

/**
 * A list as the JSON response `{items}`, gzipped for a client that accepts it, with its ETag. A
 * list answered again as the same array (appointments: the Drizzle adapter's AppointmentRepository
 * keeps them while none of the business's appointments changes) is not encoded again.
 */
export const listJson = <A extends ReadonlyArray<unknown>>(
  c: Context,
  items: A,
  timezone: string
): Response & TypedResponse<JSONParsed<Json<{ readonly items: A }>>, 200, "json"> =>
  keptJson(c, items, { items }, timezone) as never

/** A JSON value with object keys sorted: the same document always gives the same text. */
export const canonicalJson = (value: unknown): string => {
  const sort = (v: unknown): unknown => {
    if (v === null || typeof v !== "object") return v
    if (Array.isArray(v)) return v.map(sort)
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sort((v as Record<string, unknown>)[k])])
    )
  }
  return JSON.stringify(sort(value)) ?? ""
}
