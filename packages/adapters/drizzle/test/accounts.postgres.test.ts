/**
 * The core's accounts contract on PostgreSQL, in a database created for this run (and dropped
 * after it) on the server of TEST_DATABASE_URL. Without TEST_DATABASE_URL it is skipped.
 */
import { accountsContract } from "@creneau/core/testing/accounts-contract"
import { describe, it } from "@effect/vitest"
import { Effect, Layer } from "effect"
import { layerPostgresAll } from "../src/index.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"

const serverUrl = process.env.TEST_DATABASE_URL

if (serverUrl === undefined || serverUrl === "") {
  describe.skip("postgres: TEST_DATABASE_URL is not set, the accounts contract does not run on PostgreSQL", () => {
    it("accounts contract", () => {})
  })
} else {
  accountsContract(
    "postgres",
    Layer.unwrap(Effect.map(freshDatabase(serverUrl), (url) => layerPostgresAll(url)))
  )
}
