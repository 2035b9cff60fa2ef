/**
 * Helpers shared by the repositories for the row <-> domain mapping: instants as JavaScript Dates
 * in rows and DateTime.Utc in the domain, range literals, decoders that check what comes out of
 * the database (jsonb above all) against the core's schemas, and inserts of any number of rows
 * through one JSON parameter.
 *
 * Trusted rows: the rows every booking reads (the business, its catalog, appointments,
 * customers) are mapped to domain values directly, not decoded again. Those tables are written
 * only by these repositories, from domain values the core built or decoded where they came into
 * the system; the database is not an edge, and checking the same values on every read cost about
 * a tenth of a booking's CPU in Node. The jsonb columns hold the domain's JSON exactly (its
 * schemas have no transformations nor decoding defaults); instants and branded ids are the only
 * conversions. The other reads still decode.
 */
import { PersistenceError } from "@creneau/core"
import { type Column, getTableColumns, type SQL, sql } from "drizzle-orm"
import type { PgTable } from "drizzle-orm/pg-core"
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

/**
 * Inserts of any number of rows in a statement whose text never changes (so it is prepared once):
 * the rows travel as one JSON array in a placeholder (`rows` unless named otherwise), read back by
 * `json_populate_recordset` with the table's own column types. `columns` are the ones written;
 * the others take their defaults.
 *
 * `sql` is the statement (to prepare, or to embed in a larger one) and `json` turns rows into its
 * parameter: keys renamed to the columns' names, Dates as ISO 8601, jsonb values nested as they
 * are. Unpaired UTF-16 surrogates become U+FFFD, as in a text parameter (PostgreSQL's JSON parser
 * would refuse them).
 */
export const jsonInsert = <T extends PgTable, K extends keyof T["$inferInsert"] & string>(
  table: T,
  columns: ReadonlyArray<K>,
  placeholder = "rows"
) => {
  const all = getTableColumns(table) as Record<string, { readonly name: string }>
  const names = columns.map((key) => [key, all[key]!.name] as const)
  const list = sql.join(
    names.map(([, name]) => sql.identifier(name)),
    sql`, `
  )
  const statement: SQL = sql`insert into ${table} (${list}) select ${list} from json_populate_recordset(null::${table}, ${sql.placeholder(placeholder)}::json)`
  return {
    sql: statement,
    json: (rows: ReadonlyArray<Pick<T["$inferInsert"], K>>): string => {
      const records = rows.map((row) => {
        const record: Record<string, unknown> = {}
        for (const [key, name] of names) record[name] = (row as Record<string, unknown>)[key]
        return record
      })
      // JSON.stringify writes an unpaired surrogate as a `\udXXX` escape; only then (rarely) is
      // the slower pass with a replacer needed.
      const json = JSON.stringify(records)
      return SURROGATE_ESCAPE.test(json) ? JSON.stringify(records, wellFormed) : json
    }
  }
}

const SURROGATE_ESCAPE = /\\ud[89a-f]/i

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g

const wellFormed = (_key: string, value: unknown): unknown =>
  typeof value === "string" ? value.replace(LONE_SURROGATE, "\ufffd") : value

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

/**
 * Rows as `row_to_json` and `json_agg` give them (columns by their SQL names, instants as ISO
 * 8601 strings) turned back into the shape drizzle selects (the table's field names, instants as
 * Dates), so that one mapping serves both; `computed` names the extra columns, copied as they are.
 */
export const fromJsonRows = <T extends PgTable, X extends object = object>(
  table: T,
  computed: ReadonlyArray<keyof X & string> = []
) => {
  const columns = Object.entries(getTableColumns(table) as Record<string, Column>).map(
    ([key, column]) => [key, column.name, column.columnType === "PgTimestamp"] as const
  )
  return (rows: ReadonlyArray<Record<string, unknown>>): Array<T["$inferSelect"] & X> =>
    rows.map((json) => {
      const row: Record<string, unknown> = {}
      for (const [key, name, isInstant] of columns) {
        const value = json[name]
        row[key] = isInstant && typeof value === "string" ? new Date(value) : value
      }
      for (const key of computed) row[key] = json[key]
      return row as T["$inferSelect"] & X
    })
}
