/**
 * Concurrent writers, claims and transactions on PostgreSQL (a pool of connections: the database
 * constraints and locks decide), in a database created for this run. Skipped without
 * TEST_DATABASE_URL.
 */
import { describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { layerPostgresAll } from "../src/index.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"
import { concurrencySuite } from "./support/concurrencySuite.js"

const serverUrl = process.env.TEST_DATABASE_URL

if (serverUrl === undefined || serverUrl === "") {
  describe.skip("postgres: TEST_DATABASE_URL is not set, the concurrency tests do not run on PostgreSQL", () => {
    it("concurrency", () => {})
  })
} else {
  concurrencySuite(
    "postgres",
    Layer.unwrap(Effect.map(freshDatabase(serverUrl), (url) => layerPostgresAll(url)))
  )
}
