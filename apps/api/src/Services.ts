/**
 * Every service the API and the worker run on, composed once from the configuration: persistence
 * (PGlite under DATA_DIR, or PostgreSQL at DATABASE_URL; migrations applied when it opens), links
 * under PUBLIC_URL, password and token hashing, the message renderer, the transports and the
 * logger. One ManagedRuntime over this layer serves the HTTP app and the worker.
 */
import {
  type Credentials,
  type EmailTransport,
  Links,
  type MessageRenderer,
  type SmsTransport,
  type WebhookTransport
} from "@creneau/core"
import { layerPlainRenderer } from "@creneau/core/testing"
import { type Database, layerPgliteAll, layerPostgresAll } from "@creneau/drizzle"
import { type ApiServices, layerCredentials } from "@creneau/hono"
import { Effect, Layer, ManagedRuntime, Option, Redacted } from "effect"
import type { AppConfig } from "./Config.js"
import { layerDevEmailTransport, layerDevSmsTransport, layerDevWebhookTransport } from "./DevTransports.js"
import { layerLogger } from "./Logging.js"

/** What the runtime provides: the API's ports, the worker's transports and the database. */
export type AppServices = ApiServices | EmailTransport | SmsTransport | WebhookTransport | Database

/** What a persistence layer provides: every port but hashing, links and rendering, plus ids and the Database. */
export type PersistenceServices = Exclude<ApiServices, Credentials | Links | MessageRenderer> | Database

/** PostgreSQL when DATABASE_URL is set, else PGlite in DATA_DIR. */
export const layerPersistenceOf = (config: AppConfig) =>
  Option.match(config.databaseUrl, {
    onSome: (url) => layerPostgresAll(Redacted.value(url)),
    onNone: () => layerPgliteAll({ dataDir: config.dataDir })
  })

/** Where the data lives, for people (the password of a URL is not shown). */
export const describeDatabase = (config: AppConfig): string =>
  Option.match(config.databaseUrl, {
    onSome: (url) => {
      const parsed = new URL(Redacted.value(url))
      return `PostgreSQL at ${parsed.host}${parsed.pathname}`
    },
    onNone: () => `PGlite in ${config.dataDir}`
  })

/**
 * INTERIM: the core test kit's plain renderer (a subject naming the event, the time and every
 * link as text) until the notifications issue brings the per-business templates.
 */
export const layerInterimRenderer = layerPlainRenderer

/**
 * Email through the development transport. RESEND_API_KEY is read and validated, but this build
 * has no Resend adapter yet: say so once and keep logging instead of sending.
 */
export const layerEmailTransportOf = (config: AppConfig): Layer.Layer<EmailTransport> =>
  Option.isSome(config.resend)
    ? Layer.unwrap(
        Effect.as(
          Effect.logWarning(
            "RESEND_API_KEY is set, but this build has no Resend transport yet: emails are logged, not sent."
          ),
          layerDevEmailTransport
        )
      )
    : layerDevEmailTransport

/**
 * Every service of the process over the given persistence, with the logger in place while they
 * start (tests pass an in-memory PGlite or a database of their own).
 */
export const layerServicesWith = <E, R>(
  config: AppConfig,
  persistence: Layer.Layer<PersistenceServices, E, R>,
  options: { readonly credentials?: Layer.Layer<Credentials> } = {}
) =>
  Layer.mergeAll(
    persistence,
    Links.layer(config.publicUrl),
    options.credentials ?? layerCredentials(),
    layerInterimRenderer,
    layerEmailTransportOf(config),
    layerDevSmsTransport,
    layerDevWebhookTransport
  ).pipe(Layer.provideMerge(layerLogger(config.logLevel)))

/** Every service of the process, on the configured database. */
export const layerServices = (config: AppConfig) => layerServicesWith(config, layerPersistenceOf(config))

export const makeRuntime = (config: AppConfig) => ManagedRuntime.make(layerServices(config))

export type AppRuntime = ReturnType<typeof makeRuntime>
