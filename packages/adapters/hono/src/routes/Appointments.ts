/** Availability and appointments: book, preview a series, read, change details, act on one. */
import {
  type Appointment,
  addDays,
  approveAppointment,
  CustomerRepository,
  cancelAppointment,
  createAppointment,
  getAppointment,
  getAppointmentFor,
  getAvailability,
  getBusiness,
  listAppointments,
  markNoShow,
  previewRecurrence,
  rejectAppointment,
  rescheduleAppointment,
  toInstant,
  updateAppointmentDetails
} from "@creneau/core"
import { Effect } from "effect"
import { type Context, Hono } from "hono"
import { api } from "../Api.js"
import { type ApiServices, type BusinessEnv, idempotently, jsonBody, queryOf } from "../Http.js"
import { availabilityJson, listJson, toJson } from "../Json.js"
import { type Deps, under } from "../Middleware.js"
import { problem } from "../Problem.js"
import { appointmentIcs } from "../Views.js"

export const availabilityRoutes = (deps: Deps) => {
  const path = under("/v1/availability")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.availability), queryOf(api.availability.query), async (c) => {
      const { serviceId, ...rest } = c.req.valid("query")
      const result = await deps.run(
        getAvailability({
          businessId: c.var.auth.businessId,
          input: { ...rest, serviceIds: typeof serviceId === "string" ? [serviceId] : serviceId }
        })
      )
      return availabilityJson(c, result)
    })
}

/** `If-Match: "3"`, `W/"3"` or `3` -> 3; absent -> undefined. */
const expectedVersion = (c: Context): number | undefined => {
  const header = c.req.header("If-Match")
  if (header === undefined) return undefined
  const match = /^\s*(?:W\/)?"?(\d{1,9})"?\s*$/.exec(header)
  if (match === null) {
    throw problem("validation_failed", "If-Match must be the appointment's version.", {
      errors: [{ path: "If-Match", message: 'Expected a version such as "3"' }]
    })
  }
  return Number(match[1])
}

const withCustomer = (businessId: string, appointment: Appointment) =>
  appointment.customerId === null
    ? Effect.succeed({ ...appointment, customer: null })
    : Effect.flatMap(CustomerRepository, (r) => r.get(businessId, appointment.customerId!)).pipe(
        Effect.catchTag("NotFound", () => Effect.succeed(null)),
        Effect.map((customer) => ({ ...appointment, customer }))
      )

export const appointmentRoutes = (deps: Deps) => {
  const { run } = deps
  /** A lifecycle command on the appointment of the path, by the signed-in actor, idempotently. */
  const command = <A, E>(
    c: Context<BusinessEnv>,
    effect: (target: {
      businessId: string
      appointmentId: string
      actor: BusinessEnv["Variables"]["auth"]["actor"]
    }) => Effect.Effect<A, E, ApiServices>
  ) => {
    const { businessId, actor, business } = c.var.auth
    return idempotently(c, run, {
      businessId,
      status: 200,
      effect: effect({ businessId, appointmentId: c.req.param("id") ?? "", actor }).pipe(
        Effect.map((r) => toJson(r, business.timezone))
      )
    })
  }
  const path = under("/v1/appointments")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .post(path(api.createAppointment), jsonBody(api.createAppointment.body), async (c) => {
      const { businessId, actor, business } = c.var.auth
      const input = c.req.valid("json")
      const created = await idempotently(c, run, {
        businessId,
        status: 201,
        effect: createAppointment({ businessId, actor, input }).pipe(
          Effect.map((result) => toJson(result, business.timezone))
        )
      })
      return c.json(created, 201)
    })
    .post(path(api.previewRecurrence), jsonBody(api.previewRecurrence.body), async (c) => {
      const { businessId, business } = c.var.auth
      const preview = await run(previewRecurrence({ businessId, input: c.req.valid("json") }))
      return c.json(toJson(preview, business.timezone), 200)
    })
    .get(path(api.listAppointments), queryOf(api.listAppointments.query), async (c) => {
      const { businessId, business } = c.var.auth
      const { from, to, ...filter } = c.req.valid("query")
      const tz = business.timezone
      // A date reads in the business's zone: from its midnight, to the end of the `to` day.
      const start = typeof from === "string" ? toInstant(from, 0, tz) : from
      const end = typeof to === "string" ? toInstant(addDays(to, 1), 0, tz) : to
      const list = await run(
        listAppointments(businessId, {
          ...filter,
          ...(start !== undefined && { from: start }),
          ...(end !== undefined && { to: end })
        })
      )
      return listJson(c, list, business.timezone)
    })
    .get(path(api.getAppointment), async (c) => {
      const { businessId, business, actor } = c.var.auth
      const detail = await run(
        Effect.flatMap(
          getAppointmentFor(businessId, c.req.param("id"), actor),
          ({ appointment, allowedActions }) =>
            Effect.map(withCustomer(businessId, appointment), (a) => ({ ...a, allowedActions }))
        )
      )
      c.header("ETag", `"${detail.version}"`)
      return c.json(toJson(detail, business.timezone), 200)
    })
    .patch(path(api.updateAppointment), jsonBody(api.updateAppointment.body), async (c) => {
      const { businessId, actor, business } = c.var.auth
      const version = expectedVersion(c)
      const updated = await run(
        updateAppointmentDetails({
          businessId,
          appointmentId: c.req.param("id"),
          actor,
          ...(version !== undefined && { expectedVersion: version }),
          input: c.req.valid("json")
        })
      )
      c.header("ETag", `"${updated.version}"`)
      return c.json(toJson(updated, business.timezone), 200)
    })
    .post(path(api.approveAppointment), async (c) => {
      const result = await command(c, approveAppointment)
      return c.json(result, 200)
    })
    .post(path(api.rejectAppointment), jsonBody(api.rejectAppointment.body), async (c) => {
      const result = await command(c, (target) =>
        rejectAppointment({ ...target, input: c.req.valid("json") })
      )
      return c.json(result, 200)
    })
    .post(path(api.cancelAppointment), jsonBody(api.cancelAppointment.body), async (c) => {
      const result = await command(c, (target) =>
        cancelAppointment({ ...target, input: c.req.valid("json") })
      )
      return c.json(result, 200)
    })
    .post(path(api.rescheduleAppointment), jsonBody(api.rescheduleAppointment.body), async (c) => {
      const result = await command(c, (target) =>
        rescheduleAppointment({ ...target, input: c.req.valid("json") })
      )
      return c.json(result, 200)
    })
    .post(path(api.markNoShow), jsonBody(api.markNoShow.body), async (c) => {
      const result = await command(c, (target) => markNoShow({ ...target, input: c.req.valid("json") }))
      return c.json(result, 200)
    })
    .get(path(api.appointmentIcs), async (c) => {
      const { businessId } = c.var.auth
      const { appointment, business, customer } = await run(
        Effect.gen(function* () {
          const appointment = yield* withCustomer(
            businessId,
            yield* getAppointment(businessId, c.req.param("id"))
          )
          return { appointment, customer: appointment.customer, business: yield* getBusiness(businessId) }
        })
      )
      return c.body(appointmentIcs(appointment, business, customer), 200, {
        "Content-Type": "text/calendar; charset=utf-8",
        "Content-Disposition": `attachment; filename="${appointment.id}.ics"`
      })
    })
}
