/**
 * The HTTP API as one Hono app: request ids, security headers, CORS, a body limit, the routes of
 * DESIGN §10 (one sub-app per resource), the OpenAPI document and its interactive reference, and
 * one error handler answering every failure — thrown problems, unknown routes, wrong methods,
 * defects — as `application/problem+json`.
 */
import { type Context, Hono } from "hono"
import { bodyLimit } from "hono/body-limit"
import { cors } from "hono/cors"
import { HTTPException } from "hono/http-exception"
import { methodNotAllowed } from "hono/method-not-allowed"
import { requestId } from "hono/request-id"
import { secureHeaders } from "hono/secure-headers"
import { makeDocs } from "./Docs.js"
import { type Representations, representations, sendRepresentation } from "./Encoding.js"
import { type ApiRuntime, type AppEnv, makeRun } from "./Http.js"
import { type Deps, makeAuth, manager } from "./Middleware.js"
import { type OpenApiOptions, openApiDocument } from "./OpenApi.js"
import {
  type ApiProblem,
  PROBLEM_CONTENT_TYPE,
  type ProblemCode,
  problem,
  problemBody,
  problemOfThrown
} from "./Problem.js"
import { accessRoutes } from "./routes/Access.js"
import { appointmentRoutes, availabilityRoutes } from "./routes/Appointments.js"
import { businessRoutes, outboxRoutes, webhookRoutes } from "./routes/Business.js"
import { calendarFeedRoutes } from "./routes/CalendarFeeds.js"
import { customerRoutes, resourceRoutes, serviceRoutes, staffRoutes } from "./routes/Catalog.js"
import { publicRoutes } from "./routes/Public.js"
import { templateRoutes } from "./routes/Templates.js"

/** Structured log lines: one per request, one per server-side failure (with its cause). */
export interface ApiLogger {
  readonly info: (message: string, fields: Readonly<Record<string, unknown>>) => void
  readonly error: (message: string, fields: Readonly<Record<string, unknown>>) => void
}

/** JSON lines on stdout and stderr. */
export const consoleLogger: ApiLogger = {
  info: (message, fields) => console.log(JSON.stringify({ level: "info", message, ...fields })),
  error: (message, fields) => console.error(JSON.stringify({ level: "error", message, ...fields }))
}

export const silentLogger: ApiLogger = { info: () => {}, error: () => {} }

export interface AppOptions {
  /** Runs the use cases: a ManagedRuntime over layers providing every core port. */
  readonly runtime: ApiRuntime
  /** `closed` refuses POST /v1/signup with 403 (default `open`). */
  readonly signup?: "open" | "closed"
  /** Origins allowed to call the API from a browser (with credentials). None by default. */
  readonly corsOrigins?: ReadonlyArray<string>
  /** Largest request body in bytes (default 256 KiB). */
  readonly bodyLimit?: number
  readonly logger?: ApiLogger
  /** Mark the session cookie `Secure` (default true; false for plain-HTTP development). */
  readonly secureCookies?: boolean
  /** Attempt limits: wrong-email cancels per link and per address, failed sign-ins per address. */
  readonly rateLimit?: Partial<Deps["rateLimit"]>
  /**
   * The client's address for rate limits. Default: the first `X-Forwarded-For` entry, then
   * `X-Real-IP` (set them at a trusted proxy), else one shared bucket.
   */
  readonly clientIp?: (c: Context) => string | undefined
  readonly openApi?: OpenApiOptions
}

const defaultClientIp = (c: Context): string | undefined =>
  c.req.header("X-Forwarded-For")?.split(",")[0]?.trim() || c.req.header("X-Real-IP")?.trim() || undefined

const httpExceptionCode = (status: number): ProblemCode =>
  status === 400
    ? "validation_failed"
    : status === 401
      ? "unauthorized"
      : status === 403
        ? "forbidden"
        : status === 404
          ? "not_found"
          : status === 413
            ? "payload_too_large"
            : status === 415
              ? "unsupported_media_type"
              : status === 429
                ? "rate_limited"
                : "internal_error"

/** A failure for the log: name, message, stack and the underlying cause (never sent to clients). */
const describeFailure = (failure: unknown, depth = 0): unknown => {
  if (!(failure instanceof Error)) return String(failure)
  const cause = (failure as { readonly cause?: unknown }).cause
  return {
    name: failure.name,
    message: failure.message,
    stack: failure.stack,
    ...(cause !== undefined && depth < 3 && { cause: describeFailure(cause, depth + 1) })
  }
}

/** Build the API. The returned app carries every route in its type (see `AppType`). */
export const makeApp = (options: AppOptions) => {
  const run = makeRun(options.runtime)
  const logger = options.logger ?? consoleLogger
  const corsOrigins = options.corsOrigins ?? []
  const deps: Deps = {
    run,
    auth: makeAuth(run, corsOrigins),
    manager,
    signup: options.signup ?? "open",
    secureCookies: options.secureCookies ?? true,
    rateLimit: { windowMs: 15 * 60_000, perToken: 5, perIp: 20, login: 20, ...options.rateLimit },
    clientIp: (c) => (options.clientIp ?? defaultClientIp)(c) ?? "unknown"
  }

  const respond = (c: Context<AppEnv>, p: ApiProblem) =>
    c.json(
      problemBody(p, { instance: c.req.path, requestId: c.var.requestId, timezone: c.var.timezone }),
      p.status as 400,
      { ...p.init.headers, "Content-Type": PROBLEM_CONTENT_TYPE }
    )

  // Built and serialized once: the document never changes while the process runs.
  let document: Representations | undefined
  const docs = makeDocs(options.openApi?.title ?? "Créneau API")
  const app = new Hono<AppEnv>()

  app.use(requestId({ limitLength: 128 }))
  app.use(async (c, next) => {
    const started = performance.now()
    await next()
    logger.info("request", {
      requestId: c.var.requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Math.round(performance.now() - started)
    })
  })
  app.use(
    methodNotAllowed({
      app,
      onMethodNotAllowed: (c, methods) =>
        respond(
          c,
          problem("method_not_allowed", `${c.req.method} is not allowed here; use ${methods.join(", ")}.`, {
            headers: { Allow: methods.join(", ") }
          })
        )
    })
  )
  app.use(secureHeaders())
  if (corsOrigins.length > 0) {
    app.use(
      "/v1/*",
      cors({
        origin: [...corsOrigins],
        credentials: true,
        allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE"],
        allowHeaders: ["Authorization", "Content-Type", "Idempotency-Key", "If-Match", "X-Request-Id"],
        exposeHeaders: ["ETag", "Idempotent-Replayed", "Retry-After", "X-Request-Id", "Allow"],
        maxAge: 600
      })
    )
  }
  app.use(
    bodyLimit({
      maxSize: options.bodyLimit ?? 256 * 1024,
      onError: (c) =>
        respond(
          c as Context<AppEnv>,
          problem("payload_too_large", `The body may be at most ${options.bodyLimit ?? 256 * 1024} bytes.`)
        )
    })
  )

  // The reference's own files: not API routes, so served by a middleware, GET and HEAD only. It
  // answers `/docs` too (hono's `/docs/*` matches it); the route below is what the registry and
  // the client's types know of it. `/docs/` leads to `/docs`.
  app.use("/docs/*", async (c, next) => {
    if (c.req.method !== "GET" && c.req.method !== "HEAD") return next()
    if (c.req.path === "/docs/") return c.redirect("/docs", 301)
    const file = docs.get(c.req.path)
    return file === undefined ? next() : sendRepresentation(c, file)
  })

  const routes = app
    .get("/healthz", (c) => c.json({ status: "ok" as const }, 200))
    .get("/openapi.json", (c) => {
      document ??= representations(
        "application/json; charset=UTF-8",
        Buffer.from(JSON.stringify(openApiDocument(options.openApi)), "utf8")
      )
      return sendRepresentation(c, document)
    })
    .get("/docs", (c) => sendRepresentation(c, docs.get("/docs")!))
    .route("/v1", accessRoutes(deps))
    .route("/v1/business", businessRoutes(deps))
    .route("/v1/staff", staffRoutes(deps))
    .route("/v1/resources", resourceRoutes(deps))
    .route("/v1/services", serviceRoutes(deps))
    .route("/v1/customers", customerRoutes(deps))
    .route("/v1/availability", availabilityRoutes(deps))
    .route("/v1/appointments", appointmentRoutes(deps))
    .route("/v1/outbox", outboxRoutes(deps))
    .route("/v1/notification-templates", templateRoutes(deps))
    .route("/v1/webhooks", webhookRoutes(deps))
    .route("/v1/public", publicRoutes(deps))
    .route("/ics", calendarFeedRoutes(deps))

  routes.notFound((c) => respond(c, problem("not_found", `No route for ${c.req.method} ${c.req.path}.`)))
  routes.onError((error, c) => {
    const p =
      error instanceof HTTPException
        ? problem(httpExceptionCode(error.status), error.message)
        : problemOfThrown(error)
    c.set("problemReason", p.init.reason)
    if (p.status >= 500) {
      logger.error("request failed", {
        requestId: c.var.requestId,
        method: c.req.method,
        path: c.req.path,
        code: p.init.code,
        error: describeFailure(p.failure ?? error)
      })
    }
    return respond(c, p)
  })
  return routes
}

export type App = ReturnType<typeof makeApp>
