/** Staff members (working hours, time off, calendar feed), resources, services and customers. */
import {
  addTimeOff,
  archiveService,
  archiveStaff,
  CustomerRepository,
  createCalendarFeed,
  createCustomer,
  createResource,
  createService,
  createStaff,
  getCalendarFeed,
  ResourceRepository,
  removeResource,
  removeTimeOff,
  revokeCalendarFeed,
  ServiceRepository,
  StaffRepository,
  searchCustomers,
  setWorkingHours,
  updateCustomer,
  updateResource,
  updateService,
  updateStaff
} from "@creneau/core"
import { Effect } from "effect"
import { Hono } from "hono"
import { api } from "../Api.js"
import { type BusinessEnv, idempotently, jsonBody, queryOf } from "../Http.js"
import { listJson, toJson } from "../Json.js"
import { type Deps, under } from "../Middleware.js"

export const staffRoutes = (deps: Deps) => {
  const { run, manager } = deps
  const path = under("/v1/staff")
  return (
    new Hono<BusinessEnv>()
      .use(deps.auth)
      .get(path(api.listStaff), async (c) => {
        const { businessId, business } = c.var.auth
        const staff = await run(Effect.flatMap(StaffRepository, (r) => r.list(businessId)))
        return listJson(c, staff, business.timezone)
      })
      .post(path(api.createStaff), manager, jsonBody(api.createStaff.body), async (c) => {
        const { businessId, business } = c.var.auth
        const staff = await idempotently(c, run, {
          businessId,
          status: 201,
          effect: createStaff(businessId, c.req.valid("json")).pipe(
            Effect.map((s) => toJson(s, business.timezone))
          )
        })
        return c.json(staff, 201)
      })
      .get(path(api.getStaff), async (c) => {
        const { businessId, business } = c.var.auth
        const id = c.req.param("id")
        const staff = await run(Effect.flatMap(StaffRepository, (r) => r.get(businessId, id)))
        return c.json(toJson(staff, business.timezone), 200)
      })
      .patch(path(api.updateStaff), manager, jsonBody(api.updateStaff.body), async (c) => {
        const { businessId, business } = c.var.auth
        const staff = await run(updateStaff(businessId, c.req.param("id"), c.var.body ?? {}))
        return c.json(toJson(staff, business.timezone), 200)
      })
      .delete(path(api.archiveStaff), manager, async (c) => {
        await run(archiveStaff(c.var.auth.businessId, c.req.param("id")))
        return c.body(null, 204)
      })
      .put(path(api.setWorkingHours), manager, jsonBody(api.setWorkingHours.body), async (c) => {
        const { businessId, business } = c.var.auth
        const staff = await run(setWorkingHours(businessId, c.req.param("id"), c.req.valid("json")))
        return c.json(toJson(staff, business.timezone), 200)
      })
      .get(path(api.listTimeOff), async (c) => {
        const { businessId, business } = c.var.auth
        const id = c.req.param("id")
        const staff = await run(Effect.flatMap(StaffRepository, (r) => r.get(businessId, id)))
        return listJson(c, staff.timeOff, business.timezone)
      })
      .post(path(api.addTimeOff), manager, jsonBody(api.addTimeOff.body), async (c) => {
        const { businessId, business } = c.var.auth
        const entry = await idempotently(c, run, {
          businessId,
          status: 201,
          effect: addTimeOff(businessId, c.req.param("id"), c.req.valid("json")).pipe(
            Effect.map((t) => toJson(t, business.timezone))
          )
        })
        return c.json(entry, 201)
      })
      .delete(path(api.removeTimeOff), manager, async (c) => {
        await run(removeTimeOff(c.var.auth.businessId, c.req.param("id"), c.req.param("tid")))
        return c.body(null, 204)
      })
      // The calendar feed: the use cases let owners, admins and the staff member themselves in.
      .get(path(api.getCalendarFeed), async (c) => {
        const { businessId, actor, business } = c.var.auth
        const feed = await run(getCalendarFeed({ businessId, actor, staffId: c.req.param("id") }))
        return c.json(toJson(feed, business.timezone), 200)
      })
      .post(path(api.createCalendarFeed), async (c) => {
        const { businessId, actor, business } = c.var.auth
        const feed = await run(createCalendarFeed({ businessId, actor, staffId: c.req.param("id") }))
        return c.json(toJson(feed, business.timezone), 201)
      })
      .delete(path(api.revokeCalendarFeed), async (c) => {
        const { businessId, actor } = c.var.auth
        await run(revokeCalendarFeed({ businessId, actor, staffId: c.req.param("id") }))
        return c.body(null, 204)
      })
  )
}

export const resourceRoutes = (deps: Deps) => {
  const { run, manager } = deps
  const path = under("/v1/resources")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.listResources), async (c) => {
      const { businessId, business } = c.var.auth
      const list = await run(Effect.flatMap(ResourceRepository, (r) => r.list(businessId)))
      return listJson(c, list, business.timezone)
    })
    .post(path(api.createResource), manager, jsonBody(api.createResource.body), async (c) => {
      const { businessId, business } = c.var.auth
      const resource = await idempotently(c, run, {
        businessId,
        status: 201,
        effect: createResource(businessId, c.req.valid("json")).pipe(
          Effect.map((r) => toJson(r, business.timezone))
        )
      })
      return c.json(resource, 201)
    })
    .get(path(api.getResource), async (c) => {
      const { businessId, business } = c.var.auth
      const id = c.req.param("id")
      const resource = await run(Effect.flatMap(ResourceRepository, (r) => r.get(businessId, id)))
      return c.json(toJson(resource, business.timezone), 200)
    })
    .patch(path(api.updateResource), manager, jsonBody(api.updateResource.body), async (c) => {
      const { businessId, business } = c.var.auth
      const resource = await run(updateResource(businessId, c.req.param("id"), c.var.body ?? {}))
      return c.json(toJson(resource, business.timezone), 200)
    })
    .delete(path(api.removeResource), manager, async (c) => {
      await run(removeResource(c.var.auth.businessId, c.req.param("id")))
      return c.body(null, 204)
    })
}

export const serviceRoutes = (deps: Deps) => {
  const { run, manager } = deps
  const path = under("/v1/services")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.listServices), async (c) => {
      const { businessId, business } = c.var.auth
      const list = await run(Effect.flatMap(ServiceRepository, (r) => r.list(businessId)))
      return listJson(c, list, business.timezone)
    })
    .post(path(api.createService), manager, jsonBody(api.createService.body), async (c) => {
      const { businessId, business } = c.var.auth
      const service = await idempotently(c, run, {
        businessId,
        status: 201,
        effect: createService(businessId, c.req.valid("json")).pipe(
          Effect.map((s) => toJson(s, business.timezone))
        )
      })
      return c.json(service, 201)
    })
    .get(path(api.getService), async (c) => {
      const { businessId, business } = c.var.auth
      const id = c.req.param("id")
      const service = await run(Effect.flatMap(ServiceRepository, (r) => r.get(businessId, id)))
      return c.json(toJson(service, business.timezone), 200)
    })
    .patch(path(api.updateService), manager, jsonBody(api.updateService.body), async (c) => {
      const { businessId, business } = c.var.auth
      const service = await run(updateService(businessId, c.req.param("id"), c.var.body ?? {}))
      return c.json(toJson(service, business.timezone), 200)
    })
    .delete(path(api.archiveService), manager, async (c) => {
      await run(archiveService(c.var.auth.businessId, c.req.param("id")))
      return c.body(null, 204)
    })
}

export const customerRoutes = (deps: Deps) => {
  const { run } = deps
  const path = under("/v1/customers")
  return new Hono<BusinessEnv>()
    .use(deps.auth)
    .get(path(api.searchCustomers), queryOf(api.searchCustomers.query), async (c) => {
      const { businessId, business } = c.var.auth
      const list = await run(searchCustomers(businessId, c.req.valid("query").q ?? ""))
      return listJson(c, list, business.timezone)
    })
    .post(path(api.createCustomer), jsonBody(api.createCustomer.body), async (c) => {
      const { businessId, business } = c.var.auth
      const customer = await idempotently(c, run, {
        businessId,
        status: 201,
        effect: createCustomer(businessId, c.req.valid("json")).pipe(
          Effect.map((x) => toJson(x, business.timezone))
        )
      })
      return c.json(customer, 201)
    })
    .get(path(api.getCustomer), async (c) => {
      const { businessId, business } = c.var.auth
      const id = c.req.param("id")
      const customer = await run(Effect.flatMap(CustomerRepository, (r) => r.get(businessId, id)))
      return c.json(toJson(customer, business.timezone), 200)
    })
    .patch(path(api.updateCustomer), jsonBody(api.updateCustomer.body), async (c) => {
      const { businessId, business } = c.var.auth
      const customer = await run(updateCustomer(businessId, c.req.param("id"), c.var.body ?? {}))
      return c.json(toJson(customer, business.timezone), 200)
    })
}
