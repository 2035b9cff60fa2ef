#!/usr/bin/env node
/**
 * `creneau-migrate`: bring a database up to date with the committed migrations. PostgreSQL when
 * DATABASE_URL is set, otherwise the embedded PGlite database under DATA_DIR (default ./.data).
 */
import { resolve } from "node:path"
import { Effect, Layer } from "effect"
import { Database } from "../Database.js"

const url = process.env.DATABASE_URL
const dataDir = resolve(process.env.DATA_DIR ?? ".data")

// Both layers apply the migrations when they open the database.
const database = url ? Database.layerPostgres({ url }) : Database.layerPglite({ dataDir })
const target = url ? `PostgreSQL (${new URL(url).host}${new URL(url).pathname})` : `PGlite in ${dataDir}`

Effect.runPromise(Layer.build(database).pipe(Effect.scoped)).then(
  () => console.log(`Migrations applied: ${target}`),
  (error: unknown) => {
    console.error(`Migration failed on ${target}: ${error instanceof Error ? error.message : String(error)}`)
    process.exitCode = 1
  }
)
