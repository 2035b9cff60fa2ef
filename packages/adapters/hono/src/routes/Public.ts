/**
 * Routes without an account: the online booking page of a business, the customer's manage link
 * and the staff member's email link. A GET never changes anything (mail scanners open links);
 * every action is a POST. Wrong-email cancel attempts are rate limited per link and per address.
 */
import {
  type Appointment,
  actOnStaffLink,
  type Business,
  bookOnline,
  CustomerRepository,
  cancelByClient,
  clientAvailability,
  confirmByClient,
  getAvailability,
  getBusiness,
  getManagePage,
  getStaffLinkPage,
  NotFound,
  rescheduleByClient,
  ServiceRepository,
  StaffRepository,
  Tokens
} from "@creneau/core"
import { DateTime, Effect } from "effect"
import { type Context, Hono } from "hono"
import { rateLimiter } from "hono-rate-limiter"
import { api } from "../Api.js"
import { sha256Hex } from "../Credentials.js"
import { type ApiServices, type AppEnv, idempotently, jsonBody, queryOf } from "../Http.js"
import { availabilityJson, toJson } from "../Json.js"
import { type Deps, under } from "../Middleware.js"
import { problem } from "../Problem.js"
import { managePage, publicAppointment, publicBusinessPage, staffActionPage } from "../Views.js"

const staffOf = (businessId: string) => Effect.flatMap(StaffRepository, (r) => r.list(businessId))

const customerOf = (appointment: Appointment) =>
  appointment.customerId === null
    ? Effect.succeed(null)
    : Effect.flatMap(CustomerRepository, (r) => r.get(appointment.businessId, appointment.customerId!)).pipe(
        Effect.catchTag("NotFound", () => Effect.succeed(null))
      )

/** The manage page of a customer link, encoded in the business's zone. */
const loadManagePage = (token: string) =>
  Effect.gen(function* () {
    const page = yield* getManagePage(token)
    const staff = yield* staffOf(page.business.id)
    const view = managePage({ ...page, staff, now: yield* DateTime.now })
    return toJson(view, page.business.timezone)
  })

/** A staff email link's token, checked for its purpose. */
const staffToken = (token: string) =>
  Effect.flatMap(Tokens, (t) => t.resolve(token)).pipe(
    Effect.flatMap((resolved) =>
      resolved.purpose === "staff_action" && resolved.staffId !== null
        ? Effect.succeed({ ...resolved, staffId: resolved.staffId })
        : Effect.fail(new NotFound({ entity: "link", id: "token" }))
    )
  )

const loadStaffActionPage = (token: string) =>
  Effect.gen(function* () {
    const { staffId } = yield* staffToken(token)
    const { appointment, business } = yield* getStaffLinkPage(token)
    const view = staffActionPage({
      appointment,
      business,
      customer: yield* customerOf(appointment),
      staff: yield* staffOf(business.id),
      staffId,
      now: yield* DateTime.now
    })
    return toJson(view, business.timezone)
  })

/** Link tokens are long random strings; anything else cannot be one. */
const linkToken = (c: Context): string => {
  const token = c.req.param("token") ?? ""
  if (!/^[A-Za-z0-9_-]{16,200}$/.test(token)) throw problem("not_found", "No such link.")
  return token
}

/** Idempotency keys of a link live in the link's business, apart from the business's own keys. */
const linkScope = (token: string) => ({
  businessId: Effect.map(
    Effect.flatMap(Tokens, (t) => t.resolve(token)),
    (resolved) => resolved.businessId
  ) as Effect.Effect<string, unknown, ApiServices>,
  namespace: `link:${sha256Hex(token).slice(0, 32)}`
})

export const publicRoutes = (deps: Deps) => {
  const { run } = deps
  const path = under("/v1/public")

  const cancelLimit = (name: string, limit: number, key: (c: Context<AppEnv>) => string) =>
    rateLimiter<AppEnv>({
      windowMs: deps.rateLimit.windowMs,
      limit,
      keyGenerator: (c) => `${name}:${key(c)}`,
      // Only refused email addresses count.
      skipSuccessfulRequests: true,
      requestWasSuccessful: (c) => c.var.problemReason !== "email_mismatch",
      standardHeaders: false,
      handler: () => {
        throw problem("rate_limited", "Too many attempts with a wrong email address; try again later.", {
          headers: { "Retry-After": String(Math.ceil(deps.rateLimit.windowMs / 1000)) }
        })
      }
    })
  const cancelPerLink = cancelLimit("cancel-link", deps.rateLimit.perToken, (c) => c.req.param("token") ?? "")
  const cancelPerIp = cancelLimit("cancel-ip", deps.rateLimit.perIp, deps.clientIp)

  const linkIdempotently = async <A, E>(
    c: Context<AppEnv>,
    token: string,
    effect: Effect.Effect<A, E, ApiServices>
  ): Promise<A> => {
    const scope = linkScope(token)
    if (c.req.header("Idempotency-Key") === undefined) return run(effect)
    return idempotently(c, run, {
      businessId: await run(scope.businessId),
      namespace: scope.namespace,
      status: 200,
      effect
    })
  }

  const business = (c: Context<AppEnv>): Effect.Effect<Business, unknown, ApiServices> =>
    getBusiness(c.req.param("businessId") ?? "")

  return new Hono<AppEnv>()
    .get(path(api.publicBusiness), async (c) => {
      const page = await run(
        Effect.gen(function* () {
          const b = yield* business(c)
          const services = yield* Effect.flatMap(ServiceRepository, (r) => r.list(b.id))
          return toJson(publicBusinessPage(b, services, yield* staffOf(b.id)), b.timezone)
        })
      )
      return c.json(page, 200)
    })
    .get(
      path(api.publicAvailability),
      queryOf<typeof api.publicAvailability.query, AppEnv>(api.publicAvailability.query),
      async (c) => {
        const { serviceId, ...rest } = c.req.valid("query")
        const result = await run(
          getAvailability({
            businessId: c.req.param("businessId"),
            input: { ...rest, serviceIds: typeof serviceId === "string" ? [serviceId] : serviceId }
          })
        )
        return availabilityJson(c, result)
      }
    )
    .post(
      path(api.publicBooking),
      jsonBody<typeof api.publicBooking.body, AppEnv>(api.publicBooking.body),
      async (c) => {
        const businessId = c.req.param("businessId")
        const booked = await idempotently(c, run, {
          businessId,
          namespace: "public",
          status: 201,
          effect: Effect.gen(function* () {
            const result = yield* bookOnline({ businessId, input: c.req.valid("json") })
            const b = yield* getBusiness(businessId)
            const view = {
              appointment: publicAppointment(
                result.appointment,
                yield* customerOf(result.appointment),
                yield* staffOf(businessId)
              ),
              customerNotified: result.customerNotified,
              ...(result.reason !== undefined && { reason: result.reason })
            }
            return toJson(view, b.timezone)
          })
        })
        return c.json(booked, 201)
      }
    )
    .get(path(api.managePage), async (c) => {
      return c.json(await run(loadManagePage(linkToken(c))), 200)
    })
    .post(path(api.confirmByClient), async (c) => {
      const token = linkToken(c)
      const page = await linkIdempotently(
        c,
        token,
        Effect.andThen(confirmByClient(token), loadManagePage(token))
      )
      return c.json(page, 200)
    })
    .post(
      path(api.cancelByClient),
      cancelPerLink,
      cancelPerIp,
      jsonBody<typeof api.cancelByClient.body, AppEnv>(api.cancelByClient.body),
      async (c) => {
        const token = linkToken(c)
        const input = c.req.valid("json")
        const page = await linkIdempotently(
          c,
          token,
          Effect.andThen(cancelByClient(token, input), loadManagePage(token))
        )
        return c.json(page, 200)
      }
    )
    .post(
      path(api.rescheduleByClient),
      jsonBody<typeof api.rescheduleByClient.body, AppEnv>(api.rescheduleByClient.body),
      async (c) => {
        const token = linkToken(c)
        const input = c.req.valid("json")
        const page = await linkIdempotently(
          c,
          token,
          Effect.andThen(rescheduleByClient(token, input), loadManagePage(token))
        )
        return c.json(page, 200)
      }
    )
    .get(
      path(api.clientAvailability),
      queryOf<typeof api.clientAvailability.query, AppEnv>(api.clientAvailability.query),
      async (c) => {
        const result = await run(clientAvailability(linkToken(c), c.req.valid("query")))
        return c.json(toJson(result, result.timezone), 200)
      }
    )
    .get(path(api.staffActionPage), async (c) => {
      return c.json(await run(loadStaffActionPage(linkToken(c))), 200)
    })
    .post(
      path(api.staffAction),
      jsonBody<typeof api.staffAction.body, AppEnv>(api.staffAction.body),
      async (c) => {
        const token = linkToken(c)
        const input = c.req.valid("json")
        const page = await linkIdempotently(
          c,
          token,
          Effect.andThen(actOnStaffLink(token, input), loadStaffActionPage(token))
        )
        return c.json(page, 200)
      }
    )
}
