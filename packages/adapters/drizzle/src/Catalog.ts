/**
 * The catalog repositories: staff members (working hours as jsonb, time off in its own table),
 * services (who performs them and what they need in `service_staff` / `service_resources`, in
 * order) and resources. A lookup is one statement (what a staff member or service owns comes
 * aggregated with it, prepared); writes spanning several tables run atomically; every lookup is
 * scoped by business. Rows are trusted (see Rows.ts).
 */
import {
  type BookingRulesOverride,
  type BusinessId,
  type CatalogRepository,
  type CurrencyCode,
  NotFound,
  type PersistenceError,
  type Question,
  type Resource,
  type ResourceId,
  ResourceRepository,
  type Service,
  type ServiceId,
  ServiceRepository,
  type StaffId,
  type StaffMember,
  StaffRepository,
  type TimeOffId,
  type WorkingHours
} from "@creneau/core"
import { and, asc, eq, getTableColumns, sql } from "drizzle-orm"
import type { AnyPgColumn } from "drizzle-orm/pg-core"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { fromIso, toDate } from "./Rows.js"
import { resources, serviceResources, serviceStaff, services, staffMembers, staffTimeOff } from "./schema.js"

type Db = typeof Database.Service

/** The scoped `update`/`remove` answer: NotFound when no row of this business had that id. */
const expectOne =
  (entity: string, id: string) =>
  (rows: ReadonlyArray<unknown>): Effect.Effect<void, NotFound> =>
    rows.length === 0 ? Effect.fail(new NotFound({ entity, id })) : Effect.void

/** `get` on top of the loading of one id (a list of one or none). */
const getOne =
  <A>(
    entity: string,
    load: (businessId: string, id: string) => Effect.Effect<ReadonlyArray<A>, PersistenceError>
  ) =>
  (businessId: string, id: string): Effect.Effect<A, NotFound | PersistenceError> =>
    Effect.flatMap(load(businessId, id), ([found]) =>
      found === undefined ? Effect.fail(new NotFound({ entity, id })) : Effect.succeed(found)
    )

/** The repository with each write marking its business's catalog changed: caches depend on it (see Changes.ts). */
const touching = <A extends { readonly businessId: string }>(
  db: Db,
  repository: CatalogRepository<A>
): CatalogRepository<A> => ({
  ...repository,
  insert: (a) => Effect.tap(repository.insert(a), () => db.touch(a.businessId, { catalog: true })),
  update: (a) => Effect.tap(repository.update(a), () => db.touch(a.businessId, { catalog: true })),
  remove: (businessId, id) =>
    Effect.tap(repository.remove(businessId, id), () => db.touch(businessId, { catalog: true }))
})

/** `business_id = :businessId`, and `id = :id` when `one` (prepared statements' conditions). */
const scopedTo = (businessId: AnyPgColumn, id: AnyPgColumn, one: boolean) =>
  and(eq(businessId, sql.placeholder("businessId")), one ? eq(id, sql.placeholder("id")) : undefined)

// ---- staff members ---------------------------------------------------------------------------

/**
 * A staff member's time off, in order, as `json_agg` gives it (instants as ISO 8601 strings). The
 * outer row is named in full: drizzle would write its column unqualified, which the subquery would
 * take for its own.
 */
type TimeOffJson = ReadonlyArray<{
  readonly id: string
  readonly start_at: string
  readonly end_at: string
  readonly reason: string | null
}>

const timeOffOf = sql<TimeOffJson>`coalesce((select json_agg(t order by t.position) from ${staffTimeOff} t where t.staff_id = "staff_members"."id"), '[]')`

/** A staff member's row with its time off (`timeOffOf`); trusted (see Rows.ts): mapped, not decoded again. */
export const toStaffMember = (
  row: typeof staffMembers.$inferSelect & { readonly timeOff: TimeOffJson }
): StaffMember => ({
  id: row.id as StaffId,
  businessId: row.businessId as BusinessId,
  name: row.name,
  email: row.email,
  phone: row.phone,
  active: row.active,
  workingHours: row.workingHours as WorkingHours,
  timeOff: row.timeOff.map((t) => ({
    id: t.id as TimeOffId,
    start: fromIso(t.start_at),
    end: fromIso(t.end_at),
    reason: t.reason
  }))
})

const staffRepository = (db: Db): CatalogRepository<StaffMember> => {
  const select = (one: boolean) =>
    db.prepare(one ? "staff.get" : "staff.list", (q) =>
      q
        .select({ ...getTableColumns(staffMembers), timeOff: timeOffOf })
        .from(staffMembers)
        .where(scopedTo(staffMembers.businessId, staffMembers.id, one))
        .orderBy(asc(staffMembers.name), asc(staffMembers.id))
    )
  const [selectAll, selectOne] = [select(false), select(true)]
  const load = Effect.fnUntraced(function* (businessId: string, id: string | null) {
    const rows = yield* id === null ? selectAll({ businessId }) : selectOne({ businessId, id })
    return rows.map(toStaffMember)
  })

  const fields = (s: StaffMember) => ({
    name: s.name,
    email: s.email,
    phone: s.phone,
    active: s.active,
    workingHours: s.workingHours
  })

  const writeTimeOff = (s: StaffMember) =>
    s.timeOff.length === 0
      ? Effect.void
      : Effect.asVoid(
          db.query("staff.writeTimeOff", (q) =>
            q.insert(staffTimeOff).values(
              s.timeOff.map((t, position) => ({
                id: t.id,
                staffId: s.id,
                position,
                startAt: toDate(t.start),
                endAt: toDate(t.end),
                reason: t.reason
              }))
            )
          )
        )

  return {
    get: getOne("staff member", load),
    list: (businessId) => load(businessId, null),
    insert: (s) =>
      db.atomically(
        Effect.andThen(
          db.query("staff.insert", (q) =>
            q.insert(staffMembers).values({ id: s.id, businessId: s.businessId, ...fields(s) })
          ),
          writeTimeOff(s)
        )
      ),
    update: (s) =>
      db.atomically(
        Effect.gen(function* () {
          yield* db
            .query("staff.update", (q) =>
              q
                .update(staffMembers)
                .set(fields(s))
                .where(and(eq(staffMembers.id, s.id), eq(staffMembers.businessId, s.businessId)))
                .returning({ id: staffMembers.id })
            )
            .pipe(Effect.flatMap(expectOne("staff member", s.id)))
          yield* db.query("staff.clearTimeOff", (q) =>
            q.delete(staffTimeOff).where(eq(staffTimeOff.staffId, s.id))
          )
          yield* writeTimeOff(s)
        })
      ),
    remove: (businessId, id) =>
      db
        .query("staff.remove", (q) =>
          q
            .delete(staffMembers)
            .where(and(eq(staffMembers.id, id), eq(staffMembers.businessId, businessId)))
            .returning({ id: staffMembers.id })
        )
        .pipe(Effect.flatMap(expectOne("staff member", id)))
  }
}

// ---- services --------------------------------------------------------------------------------

/** Who performs a service, and what it needs, in order (the outer row named in full, as above). */
const staffIdsOf = sql<
  ReadonlyArray<string>
>`array(select s.staff_id from ${serviceStaff} s where s.service_id = "services"."id" order by s.position)`
const resourceIdsOf = sql<
  ReadonlyArray<string>
>`array(select r.resource_id from ${serviceResources} r where r.service_id = "services"."id" order by r.position)`

/** A service's row with who performs it and what it needs; trusted (see Rows.ts). */
export const toService = (
  row: typeof services.$inferSelect & {
    readonly staffIds: ReadonlyArray<string>
    readonly resourceIds: ReadonlyArray<string>
  }
): Service => ({
  id: row.id as ServiceId,
  businessId: row.businessId as BusinessId,
  name: row.name,
  durationMinutes: row.durationMinutes,
  price: { amount: row.priceAmount, currency: row.priceCurrency as CurrencyCode },
  bufferBeforeMinutes: row.bufferBeforeMinutes,
  bufferAfterMinutes: row.bufferAfterMinutes,
  staffIds: row.staffIds as ReadonlyArray<StaffId>,
  resourceIds: row.resourceIds as ReadonlyArray<ResourceId>,
  questionnaire: row.questionnaire as ReadonlyArray<Question>,
  rules: row.rules as BookingRulesOverride | null,
  active: row.active
})

const serviceRepository = (db: Db): CatalogRepository<Service> => {
  const select = (one: boolean) =>
    db.prepare(one ? "services.get" : "services.list", (q) =>
      q
        .select({ ...getTableColumns(services), staffIds: staffIdsOf, resourceIds: resourceIdsOf })
        .from(services)
        .where(scopedTo(services.businessId, services.id, one))
        .orderBy(asc(services.name), asc(services.id))
    )
  const [selectAll, selectOne] = [select(false), select(true)]
  const load = Effect.fnUntraced(function* (businessId: string, id: string | null) {
    const rows = yield* id === null ? selectAll({ businessId }) : selectOne({ businessId, id })
    return rows.map(toService)
  })

  const fields = (s: Service) => ({
    name: s.name,
    durationMinutes: s.durationMinutes,
    priceAmount: s.price.amount,
    priceCurrency: s.price.currency,
    bufferBeforeMinutes: s.bufferBeforeMinutes,
    bufferAfterMinutes: s.bufferAfterMinutes,
    questionnaire: s.questionnaire,
    rules: s.rules,
    active: s.active
  })

  const writeLinks = (s: Service) =>
    Effect.all(
      [
        s.staffIds.length === 0
          ? Effect.void
          : db.query("services.writeStaff", (q) =>
              q
                .insert(serviceStaff)
                .values(s.staffIds.map((staffId, position) => ({ serviceId: s.id, position, staffId })))
            ),
        s.resourceIds.length === 0
          ? Effect.void
          : db.query("services.writeResources", (q) =>
              q
                .insert(serviceResources)
                .values(
                  s.resourceIds.map((resourceId, position) => ({ serviceId: s.id, position, resourceId }))
                )
            )
      ],
      { discard: true }
    )

  return {
    get: getOne("service", load),
    list: (businessId) => load(businessId, null),
    insert: (s) =>
      db.atomically(
        Effect.andThen(
          db.query("services.insert", (q) =>
            q.insert(services).values({ id: s.id, businessId: s.businessId, ...fields(s) })
          ),
          writeLinks(s)
        )
      ),
    update: (s) =>
      db.atomically(
        Effect.gen(function* () {
          yield* db
            .query("services.update", (q) =>
              q
                .update(services)
                .set(fields(s))
                .where(and(eq(services.id, s.id), eq(services.businessId, s.businessId)))
                .returning({ id: services.id })
            )
            .pipe(Effect.flatMap(expectOne("service", s.id)))
          yield* db.query("services.clearStaff", (q) =>
            q.delete(serviceStaff).where(eq(serviceStaff.serviceId, s.id))
          )
          yield* db.query("services.clearResources", (q) =>
            q.delete(serviceResources).where(eq(serviceResources.serviceId, s.id))
          )
          yield* writeLinks(s)
        })
      ),
    remove: (businessId, id) =>
      db
        .query("services.remove", (q) =>
          q
            .delete(services)
            .where(and(eq(services.id, id), eq(services.businessId, businessId)))
            .returning({ id: services.id })
        )
        .pipe(Effect.flatMap(expectOne("service", id)))
  }
}

// ---- resources -------------------------------------------------------------------------------

/** A resource's row; trusted (see Rows.ts). */
export const toResource = (row: typeof resources.$inferSelect): Resource => ({
  id: row.id as ResourceId,
  businessId: row.businessId as BusinessId,
  name: row.name,
  capacity: row.capacity
})

const resourceRepository = (db: Db): CatalogRepository<Resource> => {
  const select = (one: boolean) =>
    db.prepare(one ? "resources.get" : "resources.list", (q) =>
      q
        .select()
        .from(resources)
        .where(scopedTo(resources.businessId, resources.id, one))
        .orderBy(asc(resources.name), asc(resources.id))
    )
  const [selectAll, selectOne] = [select(false), select(true)]
  const load = Effect.fnUntraced(function* (businessId: string, id: string | null) {
    const rows = yield* id === null ? selectAll({ businessId }) : selectOne({ businessId, id })
    return rows.map(toResource)
  })

  return {
    get: getOne("resource", load),
    list: (businessId) => load(businessId, null),
    insert: (r) =>
      Effect.asVoid(
        db.query("resources.insert", (q) =>
          q
            .insert(resources)
            .values({ id: r.id, businessId: r.businessId, name: r.name, capacity: r.capacity })
        )
      ),
    update: (r) =>
      db
        .query("resources.update", (q) =>
          q
            .update(resources)
            .set({ name: r.name, capacity: r.capacity })
            .where(and(eq(resources.id, r.id), eq(resources.businessId, r.businessId)))
            .returning({ id: resources.id })
        )
        .pipe(Effect.flatMap(expectOne("resource", r.id))),
    remove: (businessId, id) =>
      db
        .query("resources.remove", (q) =>
          q
            .delete(resources)
            .where(and(eq(resources.id, id), eq(resources.businessId, businessId)))
            .returning({ id: resources.id })
        )
        .pipe(Effect.flatMap(expectOne("resource", id)))
  }
}

export const layerStaffRepository = Layer.effect(
  StaffRepository,
  Effect.map(Effect.service(Database), (db) => StaffRepository.of(touching(db, staffRepository(db))))
)

export const layerServiceRepository = Layer.effect(
  ServiceRepository,
  Effect.map(Effect.service(Database), (db) => ServiceRepository.of(touching(db, serviceRepository(db))))
)

export const layerResourceRepository = Layer.effect(
  ResourceRepository,
  Effect.map(Effect.service(Database), (db) => ResourceRepository.of(touching(db, resourceRepository(db))))
)
