/** A scoped postgres.js client for checking from outside the adapter what a database holds. */
import { Effect } from "effect"
import postgres from "postgres"

export const sqlClient = (url: string) =>
  Effect.acquireRelease(
    Effect.sync(() => postgres(url, { max: 1, onnotice: () => {} })),
    (sql) => Effect.promise(() => sql.end({ timeout: 5 }))
  )

/** Run one statement on `sql` and return its rows. */
export const rows = <Row extends Record<string, unknown>>(
  sql: postgres.Sql,
  text: string,
  params: ReadonlyArray<postgres.ParameterOrJSON<never>> = []
) => Effect.promise(() => sql.unsafe<Array<Row>>(text, [...params]))
