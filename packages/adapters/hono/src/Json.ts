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

/** The text of each availability answer, by its slot list: a list answered again is not encoded again. */
const availabilityTexts = new WeakMap<object, string>()

/**
 * An availability answer as a JSON response, typed as `c.json` types it. The core answers the
 * same slot list while nothing it depends on changes (see `getAvailability`), and its text is
 * then reused.
 */
export const availabilityJson = <
  A extends { readonly timezone: string; readonly slots: ReadonlyArray<unknown> }
>(
  c: Context,
  answer: A
): Response & TypedResponse<JSONParsed<Json<A>>, 200, "json"> => {
  let text = availabilityTexts.get(answer.slots)
  if (text === undefined) {
    text = JSON.stringify(toJson(answer, answer.timezone))
    availabilityTexts.set(answer.slots, text)
  }
  return c.body(text, 200, { "Content-Type": "application/json" }) as never
}

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
