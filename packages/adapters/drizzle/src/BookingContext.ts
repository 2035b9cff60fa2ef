/**
 * The booking context in one prepared statement: the business, its services (with who performs
 * them and what they need), its staff members (all, or those asked for, with their time off), its
 * resources, of the active appointments around the requested time only the time they hold (what
 * a booking decision reads of them: no history, no details; with staff members named, only those
 * holding their time or a resource), and when asked the customer and the webhook endpoints, each
 * as JSON. A booking used to read them in six statements; one round trip and one plan now serve
 * them all. Rows are mapped by the repositories' own mappings (trusted rows, see Rows.ts; endpoints
 * are decoded as in Webhooks.ts), the time held by `busyOf`.
 *
 * The catalog part is kept per process while it does not change (CatalogCache.ts): a booking
 * then reads only the time held around it, the customer and the webhooks.
 */
import {
  type AppointmentStatus,
  type BookedAppointment,
  BookingContextStore,
  NotFound,
  PersistenceError
} from "@creneau/core"
import { type SQL, sql } from "drizzle-orm"
import { DateTime, Effect, Layer } from "effect"
import { toBusiness } from "./Businesses.js"
import { toResource, toService, toStaffMember } from "./Catalog.js"
import { type Catalog, CatalogCache } from "./CatalogCache.js"
import { toCustomer } from "./Customers.js"
import { Database, type Values } from "./Database.js"
import { fromJsonRows, toDate } from "./Rows.js"
import { businesses, customers, resources, services, staffMembers, webhooks } from "./schema.js"
import { toEndpoint } from "./Webhooks.js"

type Json = ReadonlyArray<Record<string, unknown>>

interface AroundRow extends BusyRow {
  readonly customer: Record<string, unknown> | null
  readonly webhooks: Json
}

interface ContextRow extends CatalogRow, AroundRow {}

const businessRows = fromJsonRows(businesses)
const serviceRows = fromJsonRows<
  typeof services,
  { readonly staffIds: ReadonlyArray<string>; readonly resourceIds: ReadonlyArray<string> }
>(services, ["staffIds", "resourceIds"])
const staffRows = fromJsonRows<
  typeof staffMembers,
  {
    readonly timeOff: ReadonlyArray<{
      readonly id: string
      readonly start_at: string
      readonly end_at: string
      readonly reason: string | null
    }>
  }
>(staffMembers, ["timeOff"])
const resourceRows = fromJsonRows(resources)
const customerRows = fromJsonRows(customers)
const webhookRows = fromJsonRows(webhooks)

/**
 * The business and its catalog, as the columns "business", "services", "staff" and "resources".
 * Placeholders: the business and the staff ids (null for all). The orders are the repositories'.
 */
export const CATALOG = sql`
  (select row_to_json(b) from businesses b where b.id = ${sql.placeholder("businessId")}) as "business",
  (select coalesce(json_agg(s order by s.name, s.id), '[]') from (
    select sv.*,
      array(select x.staff_id from service_staff x where x.service_id = sv.id order by x.position) as "staffIds",
      array(select x.resource_id from service_resources x where x.service_id = sv.id order by x.position) as "resourceIds"
    from services sv where sv.business_id = ${sql.placeholder("businessId")}) s) as "services",
  (select coalesce(json_agg(m order by m.name, m.id), '[]') from (
    select st.*,
      coalesce((select json_agg(t order by t.position) from staff_time_off t where t.staff_id = st.id), '[]') as "timeOff"
    from staff_members st
    where st.business_id = ${sql.placeholder("businessId")}
      and (${sql.placeholder("staffIds")}::text[] is null or st.id = any(${sql.placeholder("staffIds")}::text[]))) m) as "staff",
  (select coalesce(json_agg(r order by r.name, r.id), '[]') from resources r
    where r.business_id = ${sql.placeholder("businessId")}) as "resources"`

export interface CatalogRow {
  readonly business: Record<string, unknown> | null
  readonly services: Json
  readonly staff: Json
  readonly resources: Json
}

/** The columns of {@link CATALOG} mapped; null when the business does not exist. */
export const catalogOf = (row: CatalogRow): Catalog | null => {
  const [business] = row.business === null ? [] : businessRows([row.business])
  if (business === undefined) return null
  return {
    business: toBusiness(business),
    services: serviceRows(row.services).map(toService),
    staff: staffRows(row.staff).map(toStaffMember),
    resources: resourceRows(row.resources).map(toResource)
  }
}

/** An item as the statement gives it: staff, resource, start and end (epoch ms), buffers. */
type ItemTuple = readonly [string, string | null, number, number, number, number]
type BusyTuple = readonly [string, AppointmentStatus, ReadonlyArray<ItemTuple>]

export interface BusyRow {
  readonly busy: ReadonlyArray<BusyTuple>
}

/**
 * Of the active appointments in the window, only the time their items hold (instants as epoch
 * milliseconds, no history), as the column "busy"; with `among`, only those it admits.
 * Placeholders: the business and the window's bounds (ISO 8601). The statuses are literals so that
 * the generic plan uses the partial index on active appointments (see Appointments.ts); the order
 * is `listActive`'s.
 */
const busy = (among?: SQL) => sql`
  (select coalesce(json_agg(json_build_array(ap.id, ap.status, coalesce((
      select json_agg(json_build_array(
        i.staff_id, i.resource_id,
        extract(epoch from i.start_at) * 1000, extract(epoch from i.end_at) * 1000,
        i.buffer_before_minutes, i.buffer_after_minutes) order by i.position)
      from appointment_items i where i.appointment_id = ap.id), '[]')) order by ap.start_at, ap.id), '[]')
    from appointments ap
    where ap.business_id = ${sql.placeholder("businessId")}
      and ap.status in ('pending', 'approved', 'rescheduled')
      and ap.occupied && tstzrange(${sql.placeholder("from")}::timestamptz, ${sql.placeholder("to")}::timestamptz, '[)')
      ${among ?? sql``}
  ) as "busy"`

/** Every active appointment of the window (see {@link busy}). */
export const BUSY = busy()

/**
 * Of them, when the staff members are named (placeholder "busyStaffIds", null for all), only
 * those holding time of one of them or a resource: a decision for named staff members reads no
 * other (see BookingContextStore). A day's bookings of the whole staff need not be read and
 * mapped for each booking.
 */
const BUSY_AMONG = busy(sql`and (${sql.placeholder("busyStaffIds")}::text[] is null or exists (
        select 1 from appointment_items x where x.appointment_id = ap.id
          and (x.staff_id = any(${sql.placeholder("busyStaffIds")}::text[]) or x.resource_id is not null)))`)

export const busyOf = ([id, status, items]: BusyTuple): BookedAppointment => ({
  id,
  status,
  items: items.map(([staffId, resourceId, start, end, bufferBeforeMinutes, bufferAfterMinutes]) => ({
    staffId,
    resourceId,
    start: DateTime.makeUnsafe(Number(start)),
    end: DateTime.makeUnsafe(Number(end)),
    bufferBeforeMinutes,
    bufferAfterMinutes
  }))
})

/**
 * The time the active appointments around the requested time hold, the customer and the
 * webhooks. Placeholders: those of {@link BUSY_AMONG}, the customer id (null for none) and
 * whether to read the webhooks.
 */
const AROUND = sql`${BUSY_AMONG},
  (select row_to_json(c) from customers c
    where c.id = ${sql.placeholder("customerId")} and c.business_id = ${sql.placeholder("businessId")}) as "customer",
  (select coalesce(json_agg(w order by w.created_at, w.id), '[]') from webhooks w
    where ${sql.placeholder("webhooks")}::boolean and w.business_id = ${sql.placeholder("businessId")}) as "webhooks"`

/** The catalog with the rest (placeholders: those of both). */
const STATEMENT = sql`select ${CATALOG}, ${AROUND}`

/** The rest alone, when the catalog is kept. */
const AROUND_ONLY = sql`select ${AROUND}`

/** The staff members asked for, in the catalog's order; all when none are named. */
const staffAmong = (staff: Catalog["staff"], ids: ReadonlyArray<string> | undefined) => {
  if (ids === undefined) return staff
  const wanted = new Set(ids)
  return staff.filter((s) => wanted.has(s.id))
}

export const layerBookingContextStore = Layer.effect(
  BookingContextStore,
  Effect.gen(function* () {
    const db = yield* Database
    const catalogs = yield* CatalogCache
    const select = db.prepareSql<ContextRow>("bookingContext.load", STATEMENT)
    const selectAround = db.prepareSql<AroundRow>("bookingContext.loadAround", AROUND_ONLY)
    const read = <R>(
      statement: (values: Values) => Effect.Effect<ReadonlyArray<R>, PersistenceError>,
      values: Values
    ) =>
      Effect.flatMap(statement(values), ([row]) =>
        row === undefined
          ? Effect.fail(
              new PersistenceError({ operation: "bookingContext.load", cause: new Error("no row") })
            )
          : Effect.succeed(row)
      )
    return BookingContextStore.of({
      load: Effect.fnUntraced(function* (query) {
        const around = {
          businessId: query.businessId,
          from: toDate(query.from).toISOString(),
          to: toDate(query.to).toISOString(),
          busyStaffIds: query.staffIds === undefined ? null : [...query.staffIds],
          customerId: query.customerId ?? null,
          webhooks: query.webhooks === true
        }
        const lookup = yield* catalogs.lookup(query.businessId)
        let catalog = lookup.kept
        let row: AroundRow
        if (catalog !== undefined) row = yield* read(selectAround, around)
        else {
          // A catalog that will be kept is read whole, for the bookings of any staff member.
          const full = yield* read(select, {
            ...around,
            staffIds: lookup.keeping || query.staffIds === undefined ? null : [...query.staffIds]
          })
          const found = catalogOf(full)
          if (found === null) return yield* new NotFound({ entity: "business", id: query.businessId })
          yield* lookup.keep(found)
          catalog = found
          row = full
        }
        const [customer] = row.customer === null ? [] : customerRows([row.customer])
        return {
          ...catalog,
          staff: staffAmong(catalog.staff, query.staffIds),
          appointments: row.busy.map(busyOf),
          customer: customer === undefined ? null : toCustomer(customer),
          webhooks: yield* Effect.forEach(webhookRows(row.webhooks), toEndpoint("bookingContext.webhooks"))
        }
      })
    })
  })
)
