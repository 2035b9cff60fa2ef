/** The business's settings, its delivery log and webhooks. */
import {
  type BusinessId,
  getBusiness,
  listOutbox,
  listWebhooks,
  registerWebhook,
  removeWebhook,
  updateBusiness
} from "@creneau/core"
import { Effect } from "effect"
import { Hono } from "hono"
import { api } from "../Api.js"
import { type BusinessEnv, idempotently, jsonBody, queryOf } from "../Http.js"
import { listJson, toJson } from "../Json.js"
import { type Deps, under } from "../Middleware.js"
import { outboxView } from "../Views.js"

export const businessRoutes = (deps: Deps) => {
  const { run } = deps
  const path = under("/v1/business")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.getBusiness), async (c) => {
      const business = await run(getBusiness(c.var.auth.businessId))
      return c.json(toJson(business, business.timezone), 200)
    })
    .patch(path(api.updateBusiness), deps.manager, jsonBody(api.updateBusiness.body), async (c) => {
      // The raw patch goes to the core (RFC 7396: nulls delete); the Schema above only gates it.
      const business = await run(updateBusiness(c.var.auth.businessId, c.var.body ?? {}))
      return c.json(toJson(business, business.timezone), 200)
    })
}

export const outboxRoutes = (deps: Deps) => {
  const path = under("/v1/outbox")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.listOutbox), deps.manager, queryOf(api.listOutbox.query), async (c) => {
      const { businessId, business } = c.var.auth
      const messages = await deps.run(listOutbox(businessId, c.req.valid("query")))
      return listJson(c, messages.map(outboxView), business.timezone)
    })
}

export const webhookRoutes = (deps: Deps) => {
  const path = under("/v1/webhooks")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .use(deps.manager)
    .get(path(api.listWebhooks), async (c) => {
      const { businessId, business } = c.var.auth
      const hooks = await deps.run(listWebhooks(businessId))
      return listJson(c, hooks, business.timezone)
    })
    .post(path(api.registerWebhook), jsonBody(api.registerWebhook.body), async (c) => {
      const { businessId, business } = c.var.auth
      const hook = await idempotently(c, deps.run, {
        businessId,
        status: 201,
        effect: registerWebhook(businessId, c.req.valid("json")).pipe(
          Effect.map((h) => toJson(h, business.timezone))
        )
      })
      return c.json(hook, 201)
    })
    .delete(path(api.removeWebhook), async (c) => {
      await deps.run(removeWebhook(c.var.auth.businessId as BusinessId, c.req.param("id")))
      return c.body(null, 204)
    })
}
