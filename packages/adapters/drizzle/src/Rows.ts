/**
 * Helpers shared by the repositories for the row <-> domain mapping: instants as JavaScript Dates
 * in rows and DateTime.Utc in the domain, range literals, and decoders that check what comes out
 * of the database (jsonb above all) against the core's schemas.
 */
import { PersistenceError } from "@creneau/core"
import { DateTime, Effect, Schema } from "effect"

export const toDate = (t: DateTime.Utc): Date => new Date(t.epochMilliseconds)

export const toUtc = (d: Date): DateTime.Utc => DateTime.makeUnsafe(d.getTime())

/** An instant as JSON gives it (`json_agg` of a row): an ISO 8601 string with an offset. */
export const fromIso = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))

export const toUtcOrNull = (d: Date | null): DateTime.Utc | null => (d === null ? null : toUtc(d))

/** A half-open `tstzrange` literal `[start,end)` from epoch milliseconds. */
export const rangeLiteral = (startMillis: number, endMillis: number): string =>
  `[${new Date(startMillis).toISOString()},${new Date(endMillis).toISOString()})`

/**
 * A decoder for `schema` whose failure (a row the core would not accept) is a PersistenceError
 * named after the operation that read it.
 */
export const decoder = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => {
  const decode = Schema.decodeUnknownEffect(schema)
  return (operation: string, value: unknown): Effect.Effect<S["Type"], PersistenceError> =>
    Effect.mapError(
      decode(value),
      (cause) => new PersistenceError({ operation: `${operation}.decode`, cause })
    )
}

/** Group rows by a key, keeping their order. */
export const groupBy = <A>(rows: ReadonlyArray<A>, key: (row: A) => string): Map<string, Array<A>> => {
  const groups = new Map<string, Array<A>>()
  for (const row of rows) {
    const k = key(row)
    const group = groups.get(k)
    if (group === undefined) groups.set(k, [row])
    else group.push(row)
  }
  return groups
}
