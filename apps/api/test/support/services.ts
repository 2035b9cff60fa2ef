/**
 * The process's services for tests: the real composition (`layerServicesWith`) over an in-memory
 * PGlite or a fresh PostgreSQL database, with links under https://creneau.test, quiet logs and
 * cheaper password hashing.
 */
import { defaultRetryPolicy } from "@creneau/core"
import { layerPgliteAll, layerPostgresAll } from "@creneau/drizzle"
import { freshDatabase } from "@creneau/drizzle/testing"
import { layerCredentials } from "@creneau/hono"
import { Effect, Layer, ManagedRuntime, Option } from "effect"
import { type AppConfig, DEFAULT_MAIL_FROM } from "../../src/Config.js"
import { layerServicesWith } from "../../src/Services.js"

export const PUBLIC_URL = "https://creneau.test"

export const testConfig = (overrides: Partial<AppConfig> = {}): AppConfig => ({
  port: 3000,
  dataDir: "/nonexistent",
  databaseUrl: Option.none(),
  publicUrl: PUBLIC_URL,
  signup: "open",
  production: false,
  secret: Option.none(),
  resend: Option.none(),
  mailFrom: DEFAULT_MAIL_FROM,
  deliveryRetry: defaultRetryPolicy,
  corsOrigins: [],
  worker: false,
  logLevel: "Error",
  ...overrides
})

/** scrypt at its lowest accepted cost: sign-ups and sign-ins in milliseconds. */
export const fastCredentials = layerCredentials({ logN: 10, r: 8, p: 1 })

export type Backend = "pglite" | "postgres"

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL || undefined

/** Every service on a new in-memory PGlite, or on a database created for it (dropped with it). */
export const layerTestServices = (backend: Backend, config: AppConfig = testConfig()) =>
  layerServicesWith(
    config,
    backend === "pglite"
      ? layerPgliteAll()
      : Layer.unwrap(
          Effect.map(freshDatabase(TEST_DATABASE_URL!), (url) => layerPostgresAll(url, { max: 10 }))
        ),
    { credentials: fastCredentials }
  )

export const makeTestRuntime = (backend: Backend, config: AppConfig = testConfig()) =>
  ManagedRuntime.make(layerTestServices(backend, config))
