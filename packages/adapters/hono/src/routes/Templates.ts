/**
 * The business's notification templates (owners and admins): every template with `isDefault`, set
 * one, reset one to the default, and preview one on an appointment. The path names the template's
 * event, recipient and channel; one that no message uses is 404.
 */
import { listTemplates, previewTemplate, putTemplate, resetTemplate, TemplateKey } from "@creneau/core"
import { Schema } from "effect"
import { type Context, Hono } from "hono"
import { api } from "../Api.js"
import { type BusinessEnv, jsonBody } from "../Http.js"
import { listJson, toJson } from "../Json.js"
import { type Deps, under } from "../Middleware.js"
import { problem } from "../Problem.js"

const isKey = Schema.is(TemplateKey)

/** The template key of the path; anything but a known event, recipient and channel is 404. */
const keyOf = (c: Context<BusinessEnv>): TemplateKey => {
  const key = {
    event: c.req.param("event"),
    recipient: c.req.param("recipient"),
    channel: c.req.param("channel")
  }
  if (!isKey(key))
    throw problem("not_found", "No notification template for this event, recipient and channel.")
  return key
}

export const templateRoutes = (deps: Deps) => {
  const { run } = deps
  const path = under("/v1/notification-templates")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .use(deps.manager)
    .get(path(api.listTemplates), async (c) => {
      const { businessId, business } = c.var.auth
      const templates = await run(listTemplates(businessId))
      return listJson(c, templates, business.timezone)
    })
    .put(path(api.putTemplate), jsonBody(api.putTemplate.body), async (c) => {
      const { businessId, business } = c.var.auth
      const saved = await run(putTemplate({ businessId, key: keyOf(c), input: c.req.valid("json") }))
      return c.json(toJson(saved, business.timezone), 200)
    })
    .delete(path(api.resetTemplate), async (c) => {
      const { businessId, business } = c.var.auth
      const template = await run(resetTemplate(businessId, keyOf(c)))
      return c.json(toJson(template, business.timezone), 200)
    })
    .post(path(api.previewTemplate), jsonBody(api.previewTemplate.body), async (c) => {
      const { businessId, business } = c.var.auth
      const preview = await run(previewTemplate({ businessId, key: keyOf(c), input: c.req.valid("json") }))
      return c.json(toJson(preview, business.timezone), 200)
    })
}
