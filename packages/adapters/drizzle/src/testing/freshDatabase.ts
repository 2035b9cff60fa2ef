/**
 * A throwaway PostgreSQL database for one test file or run: created on the server of `TEST_DATABASE_URL`
 * through a maintenance connection, dropped when the scope that created it closes.
 */
import { randomBytes } from "node:crypto"
import { PersistenceError } from "@creneau/core"
import { Effect } from "effect"
import postgres from "postgres"

/** The URL of a fresh, empty database next to the one `serverUrl` names; dropped with the scope. */
export const freshDatabase = (serverUrl: string) => {
  const name = `creneau_test_${randomBytes(6).toString("hex")}`
  const admin = (run: (sql: postgres.Sql) => Promise<unknown>) =>
    Effect.tryPromise({
      try: async () => {
        const sql = postgres(serverUrl, { max: 1, onnotice: () => {} })
        try {
          await run(sql)
        } finally {
          await sql.end({ timeout: 5 })
        }
      },
      catch: (cause) => new PersistenceError({ operation: "test.freshDatabase", cause })
    })
  return Effect.acquireRelease(
    Effect.as(
      admin((sql) => sql.unsafe(`create database "${name}"`)),
      (() => {
        const url = new URL(serverUrl)
        url.pathname = `/${name}`
        return url.toString()
      })()
    ),
    () => Effect.orDie(admin((sql) => sql.unsafe(`drop database if exists "${name}" with (force)`)))
  )
}
