/**
 * The booking context in one prepared statement: the business, its services (with who performs
 * them and what they need), its staff members (all, or those asked for, with their time off), its
 * resources, the active appointments around the requested time (with items and history), and
 * when asked the customer and the webhook endpoints, each as JSON. A booking used to read them in
 * six statements; one round trip and one plan now serve them all. Rows are mapped by the
 * repositories' own mappings (trusted rows, see Rows.ts; endpoints are decoded as in Webhooks.ts).
 */
import { BookingContextStore, NotFound, PersistenceError } from "@creneau/core"
import { sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { toAppointment } from "./Appointments.js"
import { toBusiness } from "./Businesses.js"
import { toResource, toService, toStaffMember } from "./Catalog.js"
import { toCustomer } from "./Customers.js"
import { Database } from "./Database.js"
import { fromJsonRows, toDate } from "./Rows.js"
import { appointments, businesses, customers, resources, services, staffMembers, webhooks } from "./schema.js"
import { toEndpoint } from "./Webhooks.js"

type Json = ReadonlyArray<Record<string, unknown>>

interface ContextRow extends CatalogRow {
  readonly appointments: Json
  readonly customer: Record<string, unknown> | null
  readonly webhooks: Json
}

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
const appointmentRows = fromJsonRows<
  typeof appointments,
  { readonly items: ReadonlyArray<never>; readonly history: ReadonlyArray<never> }
>(appointments, ["items", "history"])
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
export const catalogOf = (row: CatalogRow) => {
  const [business] = row.business === null ? [] : businessRows([row.business])
  if (business === undefined) return null
  return {
    business: toBusiness(business),
    services: serviceRows(row.services).map(toService),
    staff: staffRows(row.staff).map(toStaffMember),
    resources: resourceRows(row.resources).map(toResource)
  }
}

/**
 * The catalog, then the active appointments around the requested time, the customer and the
 * webhooks. Placeholders: those of {@link CATALOG}, the window's bounds (ISO 8601), the customer
 * id (null for none) and whether to read the webhooks. The
 * statuses are literals so that the generic plan uses the partial index on active appointments
 * (see Appointments.ts).
 */
const STATEMENT = sql`select ${CATALOG},
  (select coalesce(json_agg(a order by a.start_at, a.id), '[]') from (
    select ap.*,
      coalesce((select json_agg(i order by i.position) from appointment_items i where i.appointment_id = ap.id), '[]') as "items",
      coalesce((select json_agg(h order by h.position) from appointment_history h where h.appointment_id = ap.id), '[]') as "history"
    from appointments ap
    where ap.business_id = ${sql.placeholder("businessId")}
      and ap.status in ('pending', 'approved', 'rescheduled')
      and ap.occupied && tstzrange(${sql.placeholder("from")}::timestamptz, ${sql.placeholder("to")}::timestamptz, '[)')) a) as "appointments",
  (select row_to_json(c) from customers c
    where c.id = ${sql.placeholder("customerId")} and c.business_id = ${sql.placeholder("businessId")}) as "customer",
  (select coalesce(json_agg(w order by w.created_at, w.id), '[]') from webhooks w
    where ${sql.placeholder("webhooks")}::boolean and w.business_id = ${sql.placeholder("businessId")}) as "webhooks"`

export const layerBookingContextStore = Layer.effect(
  BookingContextStore,
  Effect.gen(function* () {
    const db = yield* Database
    const select = db.prepareSql<ContextRow>("bookingContext.load", STATEMENT)
    return BookingContextStore.of({
      load: Effect.fnUntraced(function* (query) {
        const [row] = yield* select({
          businessId: query.businessId,
          staffIds: query.staffIds === undefined ? null : [...query.staffIds],
          from: toDate(query.from).toISOString(),
          to: toDate(query.to).toISOString(),
          customerId: query.customerId ?? null,
          webhooks: query.webhooks === true
        })
        if (row === undefined) {
          return yield* new PersistenceError({ operation: "bookingContext.load", cause: new Error("no row") })
        }
        const catalog = catalogOf(row)
        if (catalog === null) return yield* new NotFound({ entity: "business", id: query.businessId })
        const [customer] = row.customer === null ? [] : customerRows([row.customer])
        return {
          ...catalog,
          appointments: appointmentRows(row.appointments).map(toAppointment),
          customer: customer === undefined ? null : toCustomer(customer),
          webhooks: yield* Effect.forEach(webhookRows(row.webhooks), toEndpoint("bookingContext.webhooks"))
        }
      })
    })
  })
)
