/**
 * What every route shares: the request context (request id, authenticated business and actor),
 * running a use case on the caller's runtime (a failure becomes an ApiProblem), decoding JSON
 * bodies and query strings with the core's Schemas, role checks and idempotency keys.
 */
import {
  type AccountRepository,
  type AppointmentRepository,
  type AvailabilitySnapshots,
  type BookingContextStore,
  type Business,
  type BusinessRepository,
  type CalendarFeedRepository,
  type Credentials,
  type CustomerRepository,
  type IdempotencyStore,
  type Ids,
  idempotent,
  issuesOf,
  type Links,
  type MessageRenderer,
  mayManageBusiness,
  type Outbox,
  type ResourceRepository,
  type SeriesRepository,
  type ServiceRepository,
  type StaffRepository,
  type TemplateEngine,
  type TemplateRepository,
  type Tokens,
  type UnitOfWork,
  type UserActor,
  type WebhookRepository
} from "@creneau/core"
import { Effect, Exit, type ManagedRuntime, Schema } from "effect"
import type { Context, Env, MiddlewareHandler } from "hono"
import { sha256Hex } from "./Credentials.js"
import { canonicalJson } from "./Json.js"
import { ApiProblem, problem, problemOfCause } from "./Problem.js"

/** Every port the HTTP routes use: the runtime given to `makeApp` must provide them all. */
export type ApiServices =
  | AccountRepository
  | AppointmentRepository
  | AvailabilitySnapshots
  | BookingContextStore
  | BusinessRepository
  | CalendarFeedRepository
  | Credentials
  | CustomerRepository
  | IdempotencyStore
  | Ids
  | Links
  | MessageRenderer
  | Outbox
  | ResourceRepository
  | SeriesRepository
  | ServiceRepository
  | StaffRepository
  | TemplateEngine
  | TemplateRepository
  | Tokens
  | UnitOfWork
  | WebhookRepository

/** The runtime that runs the use cases: built by the caller from layers providing every port. */
export type ApiRuntime = ManagedRuntime.ManagedRuntime<ApiServices, unknown>

/** Who is calling a business route. */
export interface RequestAuth {
  readonly businessId: string
  readonly actor: UserActor
  readonly business: Business
  /** How the caller authenticated: an `Authorization: Bearer` header or the admin app's cookie. */
  readonly via: "bearer" | "cookie"
}

export interface AppVariables {
  requestId: string
  /** The business's time zone once known, for instants in error bodies. */
  timezone: string | undefined
  /** The request's JSON body as parsed (for the idempotency hash and merge patches). */
  body: unknown
  /** Set by onError: the problem answered, read by the rate limiter. */
  problemReason: string | undefined
}

export type AppEnv = { Variables: AppVariables }
export type BusinessEnv = { Variables: AppVariables & { auth: RequestAuth } }

/** Runs a use case; its failure is thrown as an ApiProblem for `onError`. */
export type Run = <A, E>(effect: Effect.Effect<A, E, ApiServices>) => Promise<A>

export const makeRun =
  (runtime: ApiRuntime): Run =>
  async (effect) => {
    const exit = await runtime.runPromiseExit(effect)
    if (Exit.isSuccess(exit)) return exit.value
    throw problemOfCause(exit.cause)
  }

// ---- input ----------------------------------------------------------------------------------

const JSON_MEDIA = /^application\/([\w.-]+\+)?json$/i

/** Read the body as JSON: empty is undefined; another media type is 415; malformed JSON is 400. */
export const readJson = async (c: Context): Promise<unknown> => {
  const text = await c.req.text()
  if (text.trim() === "") return undefined
  const media = (c.req.header("Content-Type") ?? "").split(";")[0]!.trim()
  if (!JSON_MEDIA.test(media)) {
    throw problem("unsupported_media_type", "Send the body as JSON with Content-Type: application/json.")
  }
  try {
    return JSON.parse(text)
  } catch (error) {
    throw problem("validation_failed", "The body is not valid JSON.", {
      errors: [{ path: "", message: error instanceof Error ? error.message : "Malformed JSON" }]
    })
  }
}

type Decodable = Schema.Top & { readonly DecodingServices: never }

const decoderOf = <S extends Decodable>(schema: S) => {
  const decode = Schema.decodeUnknownExit(schema, { errors: "all" })
  return (value: unknown, where: string): S["Type"] => {
    const exit = decode(value)
    if (Exit.isSuccess(exit)) return exit.value
    const error = exit.cause.reasons.find((r) => r._tag === "Fail")
    const errors =
      error !== undefined && error._tag === "Fail" && Schema.isSchemaError(error.error)
        ? issuesOf(error.error.issue)
        : [{ path: "", message: "Invalid input" }]
    throw problem("validation_failed", `The ${where} is not valid.`, { errors })
  }
}

/**
 * Decode the JSON body with a core Schema (an empty body reads as `{}`); the decoded value is
 * `c.req.valid("json")`, the raw JSON `c.var.body`. The typed client sends the Schema's encoded type.
 */
export const jsonBody = <S extends Decodable, E extends Env = BusinessEnv, P extends string = string>(
  schema: S
): MiddlewareHandler<E, P, { in: { json: S["Encoded"] }; out: { json: S["Type"] } }> => {
  const decode = decoderOf(schema)
  return async (c, next) => {
    const raw = await readJson(c)
    c.set("body" as never, raw as never)
    c.req.addValidatedData("json", decode(raw === undefined ? {} : raw, "request body") as {})
    await next()
  }
}

// A `+` in a query string reads as a space: put it back in the offset of an instant.
const repairOffset = (value: string) =>
  value.replace(/(T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?) (\d{2}:\d{2})$/, "$1+$2")

type QueryInput<T> = { [K in keyof T]: T[K] extends ReadonlyArray<string> ? string | Array<string> : T[K] }

/** Decode the query string with a Schema: a repeated parameter is an array, a single one a string. */
export const queryOf = <S extends Decodable, E extends Env = BusinessEnv, P extends string = string>(
  schema: S
): MiddlewareHandler<E, P, { in: { query: QueryInput<S["Encoded"]> }; out: { query: S["Type"] } }> => {
  const decode = decoderOf(schema)
  return async (c, next) => {
    const raw: Record<string, string | Array<string>> = {}
    for (const [key, values] of Object.entries(c.req.queries())) {
      const repaired = values.map(repairOffset)
      raw[key] = repaired.length === 1 ? repaired[0]! : repaired
    }
    c.req.addValidatedData("query", decode(raw, "query string") as {})
    await next()
  }
}

/** Settings, catalog, API keys, webhooks and templates are changed by owners and admins only. */
export const requireManager = (auth: RequestAuth): void => {
  if (!mayManageBusiness(auth.actor)) {
    throw problem("forbidden", "Only owners and admins may change the business's settings.")
  }
}

// ---- idempotency ----------------------------------------------------------------------------

export const IDEMPOTENCY_KEY = "Idempotency-Key"
const KEY_FORMAT = /^[\x21-\x7e]{1,255}$/

/**
 * Run a creating or changing request once per Idempotency-Key (scoped per business and
 * namespace): a replay answers the stored body with `Idempotent-Replayed: true`; the same key with
 * another method, path or body is 409 idempotency_conflict. Without the header, runs as usual.
 */
export const idempotently = async <A, E>(
  c: Context,
  run: Run,
  params: {
    readonly businessId: string
    /** Separates key spaces sharing a business (the public routes use their own). */
    readonly namespace?: string
    readonly status: number
    readonly effect: Effect.Effect<A, E, ApiServices>
  }
): Promise<A> => {
  const key = c.req.header(IDEMPOTENCY_KEY)
  if (key === undefined) return run(params.effect)
  if (!KEY_FORMAT.test(key)) {
    throw problem("validation_failed", "The Idempotency-Key header is not valid.", {
      errors: [{ path: "Idempotency-Key", message: "1 to 255 visible ASCII characters" }]
    })
  }
  const body = (c.var as Partial<AppVariables>).body
  const requestHash = sha256Hex(`${c.req.method} ${c.req.path}\n${canonicalJson(body ?? null)}`)
  const result = await run(
    idempotent({
      businessId: params.businessId,
      key: `${params.namespace ?? "api"}:${key}`,
      requestHash,
      effect: Effect.map(params.effect, (body) => ({ status: params.status, body: body as unknown }))
    })
  )
  if (result.replayed) c.header("Idempotent-Replayed", "true")
  return result.body as A
}

export { ApiProblem }
