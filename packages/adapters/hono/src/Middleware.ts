/**
 * Authentication of business routes (an `Authorization: Bearer` API key or session token, or the
 * admin app's `creneau_session` cookie), the owner/admin guard, and what the route modules share.
 */
import { authenticate, getBusiness, Unauthorized } from "@creneau/core"
import { Effect } from "effect"
import type { Context, MiddlewareHandler } from "hono"
import { getCookie } from "hono/cookie"
import { createMiddleware } from "hono/factory"
import type { BusinessEnv, RequestAuth, Run } from "./Http.js"
import { requireManager } from "./Http.js"
import { problem } from "./Problem.js"

export const SESSION_COOKIE = "creneau_session"

/** What the route modules are built with. */
export interface Deps {
  readonly run: Run
  readonly auth: MiddlewareHandler<BusinessEnv>
  readonly manager: MiddlewareHandler<BusinessEnv>
  readonly signup: "open" | "closed"
  readonly secureCookies: boolean
  readonly rateLimit: {
    readonly windowMs: number
    readonly perToken: number
    readonly perIp: number
    readonly login: number
  }
  readonly clientIp: (c: Context) => string
}

const unauthorized = (detail: string) =>
  problem("unauthorized", detail, { headers: { "WWW-Authenticate": 'Bearer realm="creneau"' } })

const SAFE_METHODS = new Set(["GET", "HEAD", "OPTIONS"])

/**
 * Resolve the caller into its business and actor. A cookie-authenticated change must come from
 * the app's own origin or an allowed CORS origin (the SameSite=Lax cookie already stops
 * cross-site posts; this also stops same-site ones from another origin).
 */
export const makeAuth = (run: Run, allowedOrigins: ReadonlyArray<string>) =>
  createMiddleware<BusinessEnv>(async (c, next) => {
    const header = c.req.header("Authorization")
    let token: string | undefined
    let via: RequestAuth["via"] = "bearer"
    if (header !== undefined) {
      const match = /^Bearer[ \t]+([\x21-\x7e]+)[ \t]*$/i.exec(header)
      if (match === null) throw unauthorized("Use Authorization: Bearer <API key>.")
      token = match[1]
    } else {
      token = getCookie(c, SESSION_COOKIE)
      via = "cookie"
      const origin = c.req.header("Origin")
      if (
        token !== undefined &&
        !SAFE_METHODS.has(c.req.method) &&
        origin !== undefined &&
        origin !== new URL(c.req.url).origin &&
        !allowedOrigins.includes(origin)
      ) {
        throw problem("forbidden", "This origin may not act with the session cookie.")
      }
    }
    if (token === undefined || token === "") {
      throw unauthorized("Authentication required: send Authorization: Bearer <API key>.")
    }
    if (token.length > 512) throw unauthorized("Unknown credentials.")
    const auth = await run(
      Effect.gen(function* () {
        const who = yield* authenticate(token)
        const business = yield* getBusiness(who.businessId).pipe(
          Effect.catchTag("NotFound", () =>
            Effect.fail(new Unauthorized({ message: "This business no longer exists." }))
          )
        )
        return { businessId: who.businessId, actor: who.actor, business, via } satisfies RequestAuth
      })
    )
    c.set("auth", auth)
    c.set("timezone", auth.business.timezone)
    await next()
  })

/** Only owners and admins go further. */
export const manager = createMiddleware<BusinessEnv>(async (c, next) => {
  requireManager(c.var.auth)
  await next()
})

type Relative<P extends string, B extends string> = P extends `${B}${infer R}`
  ? R extends ""
    ? "/"
    : R
  : never

/**
 * The path of a registry route relative to the prefix its sub-app is mounted at, with its
 * literal type kept so that the typed client knows the route.
 */
export const under =
  <const B extends string>(base: B) =>
  <const P extends string>(spec: { readonly path: P }): Relative<P, B> => {
    if (!spec.path.startsWith(base)) throw new Error(`${spec.path} is not under ${base}`)
    return (spec.path.slice(base.length) || "/") as Relative<P, B>
  }
