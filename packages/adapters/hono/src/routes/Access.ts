/** Sign-up, the admin app's sign-in session, and API keys. */
import {
  createApiKey,
  getBusiness,
  listApiKeys,
  login,
  logout,
  revokeApiKey,
  SESSION_DAYS,
  signup
} from "@creneau/core"
import { Effect } from "effect"
import { Hono } from "hono"
import { deleteCookie, getCookie, setCookie } from "hono/cookie"
import { rateLimiter } from "hono-rate-limiter"
import { api } from "../Api.js"
import { type BusinessEnv, idempotently, jsonBody } from "../Http.js"
import { listJson, toJson } from "../Json.js"
import { type Deps, SESSION_COOKIE, under } from "../Middleware.js"
import { problem } from "../Problem.js"

const path = under("/v1")

export const accessRoutes = (deps: Deps) => {
  const { run } = deps
  // Failed sign-ins per client address: scrypt makes each guess slow, this caps their number.
  const loginLimiter = rateLimiter<BusinessEnv>({
    windowMs: deps.rateLimit.windowMs,
    limit: deps.rateLimit.login,
    keyGenerator: (c) => `login:${deps.clientIp(c)}`,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    handler: () => {
      throw problem("rate_limited", "Too many failed sign-ins; try again later.", {
        headers: { "Retry-After": String(Math.ceil(deps.rateLimit.windowMs / 1000)) }
      })
    }
  })
  const cookieOptions = { path: "/", httpOnly: true, sameSite: "Lax", secure: deps.secureCookies } as const

  return new Hono<BusinessEnv>()
    .post(path(api.signup), jsonBody(api.signup.body), async (c) => {
      if (deps.signup === "closed") throw problem("forbidden", "Sign-up is closed on this server.")
      const { business, apiKey } = await run(signup(c.req.valid("json")))
      return c.json(toJson({ business, apiKey }, business.timezone), 201)
    })
    .post(path(api.login), loginLimiter, jsonBody(api.login.body), async (c) => {
      const { session, business } = await run(
        Effect.gen(function* () {
          const session = yield* login(c.req.valid("json"))
          return { session, business: yield* getBusiness(session.user.businessId) }
        })
      )
      setCookie(c, SESSION_COOKIE, session.token, { ...cookieOptions, maxAge: SESSION_DAYS * 86_400 })
      const { user } = session
      return c.json(
        toJson(
          {
            user: { id: user.id, name: user.name, email: user.email, role: user.role, staffId: user.staffId },
            business,
            expiresAt: session.expiresAt
          },
          business.timezone
        ),
        200
      )
    })
    .post(path(api.logout), async (c) => {
      const bearer = /^Bearer[ \t]+(\S+)/i.exec(c.req.header("Authorization") ?? "")?.[1]
      const token = bearer ?? getCookie(c, SESSION_COOKIE)
      if (token !== undefined && token.length <= 512) await run(logout(token))
      deleteCookie(c, SESSION_COOKIE, cookieOptions)
      return c.body(null, 204)
    })
    .get(path(api.session), deps.auth, (c) => {
      const { actor, business, via } = c.var.auth
      return c.json(
        toJson(
          {
            user: { id: actor.id, name: actor.name, role: actor.role, staffId: actor.staffId },
            business,
            via
          },
          business.timezone
        ),
        200
      )
    })
    .post(path(api.createApiKey), deps.auth, deps.manager, jsonBody(api.createApiKey.body), async (c) => {
      const { businessId, actor, business } = c.var.auth
      const created = await idempotently(c, run, {
        businessId,
        status: 201,
        effect: createApiKey({ businessId, actor, input: c.req.valid("json") }).pipe(
          Effect.map((key) => toJson(key, business.timezone))
        )
      })
      return c.json(created, 201)
    })
    .get(path(api.listApiKeys), deps.auth, deps.manager, async (c) => {
      const { businessId, business } = c.var.auth
      const keys = await run(listApiKeys(businessId))
      return listJson(c, keys, business.timezone)
    })
    .delete(path(api.revokeApiKey), deps.auth, deps.manager, async (c) => {
      await run(revokeApiKey(c.var.auth.businessId, c.req.param("id")))
      return c.body(null, 204)
    })
}
