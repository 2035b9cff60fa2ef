/**
 * The HTTP side of the process on one port: the API (`/v1/*`, `/ics/*`, `/openapi.json`, `/docs`
 * and `/docs/*`, `/healthz`) from @creneau/hono, and the built admin app's static files for
 * everything else, with index.html for the app's own routes (SPA fallback). Before the admin app
 * is built, those paths answer a short text page saying so.
 *
 * Shutting down: the listening socket closes first, requests in flight finish (idle keep-alive
 * connections are closed at once, busy ones after a grace period).
 */
import { existsSync } from "node:fs"
import { createServer, type Server } from "node:http"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type ApiRuntime, type App, makeApp } from "@creneau/hono"
import { serve } from "@hono/node-server"
import { serveStatic } from "@hono/node-server/serve-static"
import { Data, Effect } from "effect"
import { Hono } from "hono"
import { compress } from "hono/compress"
import type { AppConfig } from "./Config.js"
import { apiLogger } from "./Logging.js"

/** apps/admin/dist, from src/ (development) and dist/ (built) alike. */
export const defaultAdminDir = fileURLToPath(new URL("../../admin/dist", import.meta.url))

const API_PATHS = ["/openapi.json", "/docs", "/healthz"]

/**
 * Paths the API answers (including its own 404s and 405s); `/ics/` holds the calendar feeds,
 * `/docs/` the reference's files.
 */
export const isApiPath = (path: string): boolean =>
  path === "/v1" ||
  path.startsWith("/v1/") ||
  path.startsWith("/ics/") ||
  path.startsWith("/docs/") ||
  API_PATHS.includes(path)

const NOT_BUILT = `Créneau is running.

The admin app is not built yet: run \`npm run build\` at the repository root (or \`npm start\`,
which builds everything), then reload this page.

The API is here: /v1 (reference at /docs, OpenAPI document at /openapi.json, health at /healthz).
`

/** The admin app's files, index.html for any other path, or the "not built yet" page. */
const adminApp = (adminDir: string) => {
  const index = join(adminDir, "index.html")
  // Made once the build is there (serveStatic warns about a missing root when made).
  let files: Hono | undefined
  const app = new Hono()
  app.all("*", async (c) => {
    if (files === undefined) {
      if (!existsSync(index)) return c.text(NOT_BUILT, 200, { "Cache-Control": "no-store" })
      files = new Hono()
        // gzip or deflate when the browser accepts them (the app's script is over 400 KB as built).
        .use("*", compress())
        .use("*", serveStatic({ root: adminDir }))
        .get("*", serveStatic({ root: adminDir, path: "index.html" }))
    }
    const response = await files.fetch(c.req.raw)
    if (response.status !== 200 || response.headers.has("Cache-Control")) return response
    // Hashed build assets never change; everything else is revalidated.
    const headers = new Headers(response.headers)
    headers.set(
      "Cache-Control",
      c.req.path.startsWith("/assets/") ? "public, max-age=31536000, immutable" : "no-cache"
    )
    return new Response(response.body, { status: response.status, headers })
  })
  return app
}

export interface HttpAppOptions {
  readonly runtime: ApiRuntime
  readonly config: AppConfig
  /** Where the built admin app is (default apps/admin/dist). */
  readonly adminDir?: string
}

export interface HttpApp {
  /** The API alone (for `app.request()` in tests). */
  readonly api: App
  /** The API and the admin app. */
  readonly fetch: (request: Request) => Response | Promise<Response>
}

/** The API and the admin app behind one fetch handler. */
export const makeHttpApp = (options: HttpAppOptions): HttpApp => {
  const { config } = options
  const api = makeApp({
    runtime: options.runtime,
    signup: config.signup,
    corsOrigins: config.corsOrigins,
    logger: apiLogger(config.logLevel),
    // A Secure cookie is never sent back over plain HTTP (http://localhost in development).
    secureCookies: config.publicUrl.startsWith("https://")
  })
  const admin = adminApp(options.adminDir ?? defaultAdminDir)
  const fetch = (request: Request): Response | Promise<Response> => {
    const { pathname } = new URL(request.url)
    const readable = request.method === "GET" || request.method === "HEAD"
    return isApiPath(pathname) || !readable ? api.fetch(request) : admin.fetch(request)
  }
  return { api, fetch }
}

export class ListenFailed extends Data.TaggedError("ListenFailed")<{
  readonly port: number
  readonly message: string
}> {}

/** How long busy connections may take to finish their requests on shutdown. */
const GRACE_MS = 10_000

/** Why listening on `port` failed, in words an operator acts on. */
const listenFailed = (port: number, error: NodeJS.ErrnoException) =>
  new ListenFailed({
    port,
    message:
      error.code === "EADDRINUSE"
        ? `port ${port} is already in use: stop the other process or set PORT`
        : error.code === "EACCES"
          ? `no permission to listen on port ${port}: set PORT to 1024 or above`
          : error.message
  })

/**
 * Fail at once when `port` cannot be listened on, before anything is opened or written (the
 * database, the demo business): a start that cannot serve changes nothing. A check, not a
 * reservation: a process that takes the port in between still makes `listen` fail.
 */
export const probePort = (port: number) =>
  Effect.callback<void, ListenFailed>((resume) => {
    const probe = createServer()
    probe.once("error", (error: NodeJS.ErrnoException) => resume(Effect.fail(listenFailed(port, error))))
    probe.listen(port, () => probe.close(() => resume(Effect.void)))
  })

/**
 * Listen on `port` for the scope's lifetime. When the scope closes: stop accepting, let requests
 * in flight finish (up to the grace period), then close every connection.
 */
export const listen = (fetch: (request: Request) => Response | Promise<Response>, port: number) =>
  Effect.acquireRelease(
    Effect.callback<Server, ListenFailed>((resume) => {
      const server = serve({ fetch, port }) as Server
      const onError = (error: NodeJS.ErrnoException) => resume(Effect.fail(listenFailed(port, error)))
      server.once("error", onError)
      server.once("listening", () => {
        server.off("error", onError)
        resume(Effect.succeed(server))
      })
    }),
    (server) =>
      Effect.callback<void>((resume) => {
        const force = setTimeout(() => server.closeAllConnections(), GRACE_MS)
        server.close(() => {
          clearTimeout(force)
          resume(Effect.void)
        })
        server.closeIdleConnections()
      })
  )
