/**
 * Every service the API and the worker run on, composed once from the configuration: persistence
 * (PGlite under DATA_DIR, or PostgreSQL at DATABASE_URL; migrations applied when it opens), links
 * under PUBLIC_URL, password and token hashing, the message renderer, the transports (email
 * through Resend when RESEND_API_KEY is set, else logged; SMS logged; webhooks over HTTP, signed),
 * the delivery backoff and the logger. One ManagedRuntime over this layer serves the HTTP app and
 * the worker.
 */
import {
  type Credentials,
  DeliveryRetryPolicy,
  type EmailTransport,
  Links,
  type MessageRenderer,
  type SmsTransport,
  type TemplateEngine,
  type WebhookTransport
} from "@creneau/core"
import { type Database, layerPgliteAll, layerPostgresAll } from "@creneau/drizzle"
import { type ApiServices, layerCredentials } from "@creneau/hono"
import { layerWith as layerMessagesWith } from "@creneau/messages"
import { layer as layerResendEmail } from "@creneau/resend"
import { Layer, ManagedRuntime, Option, Redacted } from "effect"
import type { AppConfig } from "./Config.js"
import { layerDevEmailTransport, layerDevSmsTransport } from "./DevTransports.js"
import { layerLogger } from "./Logging.js"
import { layerWebhookTransport } from "./WebhookTransport.js"

/** What the runtime provides: the API's ports, the worker's transports and the database. */
export type AppServices = ApiServices | EmailTransport | SmsTransport | WebhookTransport | Database

/** What a persistence layer provides: every port but hashing, links and rendering, plus ids and the Database. */
export type PersistenceServices =
  | Exclude<ApiServices, Credentials | Links | MessageRenderer | TemplateEngine>
  | Database

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
 * The notifications' content: each business's own templates, else the default French and English
 * ones; calendar invitations are organized by the sender of the emails (MAIL_FROM).
 */
export const layerMessagesOf = (config: AppConfig) => layerMessagesWith({ organizer: config.mailFrom })

/**
 * Email through Resend when RESEND_API_KEY is set (from MAIL_FROM, at RESEND_BASE_URL if given);
 * otherwise the development transport, which logs each email (the outbox keeps it).
 */
export const layerEmailTransportOf = (config: AppConfig): Layer.Layer<EmailTransport> =>
  Option.match(config.resend, {
    onSome: (resend) =>
      layerResendEmail({
        apiKey: resend.apiKey,
        from: config.mailFrom,
        ...Option.match(resend.baseUrl, { onSome: (baseUrl) => ({ baseUrl }), onNone: () => ({}) })
      }),
    onNone: () => layerDevEmailTransport
  })

/**
 * SMS: logged (the outbox keeps each message). This is where a provider plugs in: choose here,
 * from the configuration, a layer of the core's SmsTransport port.
 */
export const layerSmsTransportOf = (_config: AppConfig): Layer.Layer<SmsTransport> => layerDevSmsTransport

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
    // The business's templates are read from the same persistence (a layer is built once).
    layerMessagesOf(config).pipe(Layer.provide(persistence)),
    layerEmailTransportOf(config),
    layerSmsTransportOf(config),
    // The endpoints' secrets are read from the same persistence (a layer is built once).
    layerWebhookTransport().pipe(Layer.provide(persistence)),
    Layer.succeed(DeliveryRetryPolicy, config.deliveryRetry)
  ).pipe(Layer.provideMerge(layerLogger(config.logLevel)))

/** Every service of the process, on the configured database. */
export const layerServices = (config: AppConfig) => layerServicesWith(config, layerPersistenceOf(config))

export const makeRuntime = (config: AppConfig) => ManagedRuntime.make(layerServices(config))

export type AppRuntime = ReturnType<typeof makeRuntime>
