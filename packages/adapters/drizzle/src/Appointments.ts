/**
 * AppointmentRepository on `appointments`, `appointment_items` and `appointment_history`.
 *
 * A read is one statement: the appointment rows with their items and history aggregated as JSON.
 * An insert is one statement too (prepared: the rows travel as JSON), writing the appointment, its
 * items and its history; an update runs atomically (a savepoint inside the ambient transaction, or
 * a transaction of its own): it writes the appointment row, replaces its items and appends the
 * history entries not stored yet. The invariant holds in the database itself:
 * - staff: the items carry `occupied` (the item widened by its buffers) and `active` (the
 *   appointment's status is pending, approved or rescheduled), and an exclusion constraint refuses
 *   two overlapping active items of one staff member in different appointments. An update's
 *   violation (SQLSTATE 23P01) is reported as SlotUnavailable. An insert skips the refused items
 *   (`ON CONFLICT ON CONSTRAINT … DO NOTHING`, which waits for a concurrent writer's outcome just
 *   as the error would), so that a refusal does not abort the ambient transaction and needs no
 *   savepoint: when some item was refused, what the statement wrote is deleted and the insert
 *   fails with SlotUnavailable;
 * - resources: the resources the appointment uses are locked (`SELECT … FOR UPDATE`, in id order,
 *   so concurrent writers queue instead of deadlocking), then the uses of other active
 *   appointments are counted at each instant of each new use (one appointment counts once per
 *   resource); reaching the capacity is SlotUnavailable.
 *
 * Lists read outside a transaction (of at most 1,000 appointments) are kept per process for a
 * short while, per business and filter, as long as the business's generation (Changes.ts) has
 * not moved, under the rules of the availability snapshots (AvailabilitySnapshots.ts, Kept.ts):
 * every write to an appointment moves it when it commits, in this process at once and in the
 * others when the notification arrives; a list read while a change committed is not answered
 * again; inside a transaction nothing is kept or taken. A list answered again is the same array,
 * so what its callers derive from it (the API's encoded answer) is reused too.
 */
import {
  ACTIVE_STATUSES,
  type ActorRef,
  type Answers,
  type Appointment,
  type AppointmentFilter,
  type AppointmentId,
  type AppointmentItem,
  AppointmentRepository,
  type AppointmentStatus,
  type BookingRulesSnapshot,
  type BookingSource,
  type BusinessId,
  type CurrencyCode,
  type CustomerId,
  type HistoryEntry,
  type InstrumentKind,
  isActiveStatus,
  NotFound,
  type PaymentMethod,
  type PaymentStatus,
  type PendingReason,
  type ResourceId,
  type SeriesId,
  type ServiceId,
  SlotUnavailable,
  type StaffId,
  VersionConflict
} from "@creneau/core"
import { and, asc, count, eq, getTableColumns, gt, inArray, lt, lte, ne, type SQL, sql } from "drizzle-orm"
import type { AnyPgColumn } from "drizzle-orm/pg-core"
import { type DateTime, Effect, Layer } from "effect"
import { Database, isSqlState } from "./Database.js"
import { type KeepOptions, makeKept, readKept } from "./Kept.js"
import { fromIso, groupBy, jsonInsert, rangeLiteral, toDate, toUtc } from "./Rows.js"
import { appointmentHistory, appointmentItems, appointments, resources } from "./schema.js"

type Row = typeof appointments.$inferSelect

/** An item as `json_agg` gives it: the row's columns by name, instants as ISO 8601 strings. */
interface ItemJson {
  readonly service_id: string
  readonly service_name: string
  readonly staff_id: string
  readonly resource_id: string | null
  readonly start_at: string
  readonly end_at: string
  readonly price_amount: number
  readonly price_currency: string
  readonly buffer_before_minutes: number
  readonly buffer_after_minutes: number
}

/** A history entry as `json_agg` gives it. */
interface HistoryJson {
  readonly at: string
  readonly actor: unknown
  readonly type: string
  readonly data: unknown
}

/**
 * The appointment's columns with its items and history, each in order, as JSON arrays (the outer
 * row named in full: drizzle would write its column unqualified).
 */
export const withChildren = {
  ...getTableColumns(appointments),
  items: sql<
    ReadonlyArray<ItemJson>
  >`coalesce((select json_agg(i order by i.position) from ${appointmentItems} i where i.appointment_id = "appointments"."id"), '[]')`,
  history: sql<
    ReadonlyArray<HistoryJson>
  >`coalesce((select json_agg(h order by h.position) from ${appointmentHistory} h where h.appointment_id = "appointments"."id"), '[]')`
}

export type RowWithChildren = Row & {
  readonly items: ReadonlyArray<ItemJson>
  readonly history: ReadonlyArray<HistoryJson>
}

const MINUTE = 60_000

interface Span {
  readonly start: number
  readonly end: number
}

/** The time an item holds its staff member and resource: its own, widened by its buffers. */
const occupiedOf = (i: AppointmentItem): Span => ({
  start: i.start.epochMilliseconds - i.bufferBeforeMinutes * MINUTE,
  end: i.end.epochMilliseconds + i.bufferAfterMinutes * MINUTE
})

const hullOf = (a: Appointment): Span => {
  const spans = a.items.map(occupiedOf)
  return {
    start: Math.min(...spans.map((s) => s.start)),
    end: Math.max(...spans.map((s) => s.end))
  }
}

/** `column && [from, to)` with the bounds as parameters. */
const overlaps = (column: AnyPgColumn, from: number, to: number): SQL =>
  sql`${column} && tstzrange(${new Date(from).toISOString()}::timestamptz, ${new Date(to).toISOString()}::timestamptz, '[)')`

/**
 * `status in ('…', …)` with the statuses written as literals, not parameters: a prepared
 * statement's generic plan can then use the partial indexes on active and on ended appointments
 * (their predicates name those statuses), instead of reading every appointment of the business.
 */
const statusIn = (statuses: ReadonlyArray<AppointmentStatus>): SQL =>
  sql`${appointments.status} in (${sql.raw(statuses.map((s) => `'${s.replace(/'/g, "''")}'`).join(", "))})`

/** `column && [from, to)` with the bounds as the placeholders `from` and `to` (ISO 8601). */
const overlapsPlaceholders = (column: AnyPgColumn): SQL =>
  sql`${column} && tstzrange(${sql.placeholder("from")}::timestamptz, ${sql.placeholder("to")}::timestamptz, '[)')`

// ---- row <-> domain ----------------------------------------------------------------------------

/** A trusted row (see Rows.ts), read with `withChildren`: mapped, not decoded again. */
export const toAppointment = (row: RowWithChildren): Appointment => ({
  id: row.id as AppointmentId,
  businessId: row.businessId as BusinessId,
  status: row.status as AppointmentStatus,
  pendingReason: row.pendingReason as PendingReason | null,
  noShow: row.noShow,
  start: toUtc(row.startAt),
  end: toUtc(row.endAt),
  items: row.items.map((i) => ({
    serviceId: i.service_id as ServiceId,
    serviceName: i.service_name,
    staffId: i.staff_id as StaffId,
    resourceId: i.resource_id as ResourceId | null,
    start: fromIso(i.start_at),
    end: fromIso(i.end_at),
    price: { amount: Number(i.price_amount), currency: i.price_currency as CurrencyCode },
    bufferBeforeMinutes: i.buffer_before_minutes,
    bufferAfterMinutes: i.buffer_after_minutes
  })),
  customerId: row.customerId as CustomerId | null,
  source: row.source as BookingSource,
  requestedByClient: row.requestedByClient,
  customerRequest: row.customerRequest,
  quickNote: row.quickNote,
  appointmentNotes: row.appointmentNotes,
  answers: row.answers as Answers,
  payment: {
    method: row.paymentMethod as PaymentMethod,
    amountRequested:
      row.paymentAmountRequested === null || row.paymentCurrency === null
        ? null
        : { amount: row.paymentAmountRequested, currency: row.paymentCurrency as CurrencyCode },
    status: row.paymentStatus as PaymentStatus,
    instrument:
      row.paymentInstrumentKind === null
        ? null
        : {
            kind: row.paymentInstrumentKind as InstrumentKind,
            reference: row.paymentInstrumentReference ?? ""
          }
  },
  rulesSnapshot: row.rulesSnapshot as BookingRulesSnapshot,
  seriesId: row.seriesId as SeriesId | null,
  cancellationMessage: row.cancellationMessage,
  rejectionReason: row.rejectionReason,
  version: row.version,
  createdAt: toUtc(row.createdAt),
  createdBy: row.createdBy as ActorRef,
  updatedAt: toUtc(row.updatedAt),
  updatedBy: row.updatedBy as ActorRef,
  history: row.history.map((h) => ({
    at: fromIso(h.at),
    actor: h.actor as ActorRef,
    type: h.type,
    data: h.data as HistoryEntry["data"]
  }))
})

const rowOf = (a: Appointment) => {
  const hull = hullOf(a)
  return {
    id: a.id,
    businessId: a.businessId,
    status: a.status,
    pendingReason: a.pendingReason,
    noShow: a.noShow,
    startAt: toDate(a.start),
    endAt: toDate(a.end),
    occupied: rangeLiteral(hull.start, hull.end),
    customerId: a.customerId,
    source: a.source,
    requestedByClient: a.requestedByClient,
    customerRequest: a.customerRequest,
    quickNote: a.quickNote,
    appointmentNotes: a.appointmentNotes,
    answers: a.answers,
    paymentMethod: a.payment.method,
    paymentStatus: a.payment.status,
    paymentAmountRequested: a.payment.amountRequested?.amount ?? null,
    paymentCurrency: a.payment.amountRequested?.currency ?? null,
    paymentInstrumentKind: a.payment.instrument?.kind ?? null,
    paymentInstrumentReference: a.payment.instrument?.reference ?? null,
    rulesSnapshot: a.rulesSnapshot,
    seriesId: a.seriesId,
    cancellationMessage: a.cancellationMessage,
    rejectionReason: a.rejectionReason,
    version: a.version,
    createdAt: toDate(a.createdAt),
    createdBy: a.createdBy,
    updatedAt: toDate(a.updatedAt),
    updatedBy: a.updatedBy
  }
}

const itemRowsOf = (a: Appointment) => {
  const active = isActiveStatus(a.status)
  return a.items.map((i, position) => {
    const occupied = occupiedOf(i)
    return {
      appointmentId: a.id,
      position,
      businessId: a.businessId,
      serviceId: i.serviceId,
      serviceName: i.serviceName,
      staffId: i.staffId,
      resourceId: i.resourceId,
      startAt: toDate(i.start),
      endAt: toDate(i.end),
      priceAmount: i.price.amount,
      priceCurrency: i.price.currency,
      bufferBeforeMinutes: i.bufferBeforeMinutes,
      bufferAfterMinutes: i.bufferAfterMinutes,
      occupied: rangeLiteral(occupied.start, occupied.end),
      active
    }
  })
}

/** The history entries from `stored` on. */
const historyRowsOf = (a: Appointment, stored: number) =>
  a.history.slice(stored).map((h, i) => ({
    appointmentId: a.id,
    position: stored + i,
    at: toDate(h.at),
    actor: h.actor,
    type: h.type,
    data: h.data
  }))

/**
 * The insert of an appointment, its history and its items, in one statement; an item the staff
 * overlap constraint refuses is skipped, and the statement answers how many items it wrote.
 * Foreign keys are checked at the end of the statement, once the appointment row is there.
 */
const appointmentInsert = jsonInsert(
  appointments,
  [
    "id",
    "businessId",
    "status",
    "pendingReason",
    "noShow",
    "startAt",
    "endAt",
    "occupied",
    "customerId",
    "source",
    "requestedByClient",
    "customerRequest",
    "quickNote",
    "appointmentNotes",
    "answers",
    "paymentMethod",
    "paymentStatus",
    "paymentAmountRequested",
    "paymentCurrency",
    "paymentInstrumentKind",
    "paymentInstrumentReference",
    "rulesSnapshot",
    "seriesId",
    "cancellationMessage",
    "rejectionReason",
    "version",
    "createdAt",
    "createdBy",
    "updatedAt",
    "updatedBy"
  ],
  "appointment"
)
const historyInsert = jsonInsert(
  appointmentHistory,
  ["appointmentId", "position", "at", "actor", "type", "data"],
  "history"
)
const itemInsert = jsonInsert(
  appointmentItems,
  [
    "appointmentId",
    "position",
    "businessId",
    "serviceId",
    "serviceName",
    "staffId",
    "resourceId",
    "startAt",
    "endAt",
    "priceAmount",
    "priceCurrency",
    "bufferBeforeMinutes",
    "bufferAfterMinutes",
    "occupied",
    "active"
  ],
  "items"
)
const INSERT_ALL = sql`with
  appointment as (${appointmentInsert.sql}),
  history as (${historyInsert.sql}),
  items as (${itemInsert.sql} on conflict on constraint appointment_items_no_staff_overlap do nothing returning 1)
  select count(*)::int as "items" from items`

const slotUnavailable = (a: Appointment) =>
  new SlotUnavailable({
    message: "This time is no longer available.",
    conflicts: [{ start: a.start, end: a.end }]
  })

/** The resources an active appointment holds, and when (buffers included). */
const resourceUsesOf = (a: Appointment) =>
  isActiveStatus(a.status)
    ? a.items.flatMap((i) => {
        const span = occupiedOf(i)
        return i.resourceId !== null && span.end > span.start ? [{ ...span, resourceId: i.resourceId }] : []
      })
    : []

/** Whether, at some instant of `use`, `capacity` other appointments already use the resource. */
const isFull = (
  use: Span,
  others: ReadonlyArray<Span & { readonly appointmentId: string }>,
  capacity: number
): boolean => {
  const overlapping = others.filter((o) => o.start < o.end && o.start < use.end && use.start < o.end)
  if (overlapping.length < capacity) return false
  // The load only rises where a use starts: looking at those instants (and the start) is enough.
  const instants = [use.start, ...overlapping.map((o) => o.start).filter((t) => t > use.start && t < use.end)]
  return instants.some(
    (t) =>
      new Set(overlapping.filter((o) => o.start <= t && t < o.end).map((o) => o.appointmentId)).size >=
      capacity
  )
}

// ---- the repository ------------------------------------------------------------------------------

/** The longest list kept: weeks of a busy business; a longer one (a year's, say) is read each time. */
const MAX_KEPT_LIST = 1_000

const make = (options: KeepOptions) =>
  Effect.gen(function* () {
    const db = yield* Database

    /** Refuse a resource beyond its capacity; the locks are held until the transaction ends. */
    const guardResources = Effect.fnUntraced(function* (a: Appointment) {
      const uses = resourceUsesOf(a)
      if (uses.length === 0) return
      const ids = [...new Set(uses.map((u) => u.resourceId))].sort()
      const locked = yield* db.query("appointments.lockResources", (q) =>
        q
          .select({ id: resources.id, capacity: resources.capacity })
          .from(resources)
          .where(and(eq(resources.businessId, a.businessId), inArray(resources.id, ids)))
          .orderBy(asc(resources.id))
          .for("update")
      )
      const capacities = new Map(locked.map((r) => [r.id, Math.max(1, r.capacity)]))
      const from = Math.min(...uses.map((u) => u.start))
      const to = Math.max(...uses.map((u) => u.end))
      const load = yield* db.query("appointments.resourceLoad", (q) =>
        q
          .select({
            appointmentId: appointmentItems.appointmentId,
            resourceId: appointmentItems.resourceId,
            startAt: appointmentItems.startAt,
            endAt: appointmentItems.endAt,
            bufferBeforeMinutes: appointmentItems.bufferBeforeMinutes,
            bufferAfterMinutes: appointmentItems.bufferAfterMinutes
          })
          .from(appointmentItems)
          .where(
            and(
              inArray(appointmentItems.resourceId, ids),
              eq(appointmentItems.active, true),
              ne(appointmentItems.appointmentId, a.id),
              overlaps(appointmentItems.occupied, from, to)
            )
          )
      )
      const byResource = groupBy(
        load.map((l) => ({
          appointmentId: l.appointmentId,
          resourceId: l.resourceId ?? "",
          start: l.startAt.getTime() - l.bufferBeforeMinutes * MINUTE,
          end: l.endAt.getTime() + l.bufferAfterMinutes * MINUTE
        })),
        (l) => l.resourceId
      )
      const full = uses.some((u) =>
        isFull(u, byResource.get(u.resourceId) ?? [], capacities.get(u.resourceId) ?? 1)
      )
      if (full) return yield* slotUnavailable(a)
    })

    /** Replace the items: the exclusion constraint refuses a staff member's overlap. */
    const replaceItems = (a: Appointment) =>
      Effect.andThen(
        db.query("appointments.clearItems", (q) =>
          q.delete(appointmentItems).where(eq(appointmentItems.appointmentId, a.id))
        ),
        db.query("appointments.writeItems", (q) => q.insert(appointmentItems).values(itemRowsOf(a)))
      ).pipe(Effect.catchIf(isSqlState("23P01"), () => Effect.fail(slotUnavailable(a))))

    /** Append the history entries from `stored` on (the history is append-only). */
    const appendHistory = (a: Appointment, stored: number) =>
      a.history.length <= stored
        ? Effect.void
        : db.query("appointments.appendHistory", (q) =>
            q.insert(appointmentHistory).values(historyRowsOf(a, stored))
          )

    const list = Effect.fnUntraced(function* (
      operation: string,
      where: SQL | undefined,
      order: ReadonlyArray<SQL> = [asc(appointments.startAt), asc(appointments.id)],
      limit?: number
    ) {
      const rows = yield* db.query(operation, (q) => {
        const query = q
          .select(withChildren)
          .from(appointments)
          .where(where)
          .orderBy(...order)
        return limit === undefined ? query : query.limit(limit)
      })
      return rows.map(toAppointment)
    })

    // The reads of every use case, prepared.
    const getOne = db.prepare("appointments.get", (q) =>
      q
        .select(withChildren)
        .from(appointments)
        .where(
          and(
            eq(appointments.id, sql.placeholder("id")),
            eq(appointments.businessId, sql.placeholder("businessId"))
          )
        )
    )
    const listActive = db.prepare("appointments.listActive", (q) =>
      q
        .select(withChildren)
        .from(appointments)
        .where(
          and(
            eq(appointments.businessId, sql.placeholder("businessId")),
            statusIn(ACTIVE_STATUSES),
            overlapsPlaceholders(appointments.occupied)
          )
        )
        .orderBy(asc(appointments.startAt), asc(appointments.id))
    )

    const insertAll = db.prepareSql<{ readonly items: number }>("appointments.insert", INSERT_ALL)
    const lists = makeKept<ReadonlyArray<Appointment>>({ capacity: 32, ...options })
    const remove = db.prepare("appointments.remove", (q) =>
      q.delete(appointments).where(eq(appointments.id, sql.placeholder("id")))
    )

    /**
     * Write the appointment, its items and its history; when the staff overlap constraint refused
     * an item, delete what was written (the items' and history's rows go with the appointment's)
     * and fail with SlotUnavailable.
     */
    const write = (a: Appointment) =>
      Effect.flatMap(
        insertAll({
          appointment: appointmentInsert.json([rowOf(a)]),
          history: historyInsert.json(historyRowsOf(a, 0)),
          items: itemInsert.json(itemRowsOf(a))
        }),
        ([written]) =>
          written !== undefined && written.items === a.items.length
            ? Effect.void
            : Effect.andThen(remove({ id: a.id }), Effect.fail(slotUnavailable(a)))
      )

    const filterOf = (businessId: string, f: AppointmentFilter): SQL | undefined =>
      and(
        eq(appointments.businessId, businessId),
        f.from === undefined ? undefined : gt(appointments.endAt, toDate(f.from)),
        f.to === undefined ? undefined : lt(appointments.startAt, toDate(f.to)),
        f.status === undefined ? undefined : eq(appointments.status, f.status),
        f.customerId === undefined ? undefined : eq(appointments.customerId, f.customerId),
        f.seriesId === undefined ? undefined : eq(appointments.seriesId, f.seriesId),
        f.staffId === undefined
          ? undefined
          : sql`exists (select 1 from ${appointmentItems} where ${appointmentItems.appointmentId} = ${appointments.id} and ${appointmentItems.staffId} = ${f.staffId})`
      )

    return AppointmentRepository.of({
      get: Effect.fnUntraced(function* (businessId, id) {
        const [row] = yield* getOne({ id, businessId })
        if (row === undefined) return yield* new NotFound({ entity: "appointment", id })
        return toAppointment(row)
      }),

      list: (businessId, filter) =>
        readKept(
          db,
          lists,
          JSON.stringify([
            businessId,
            filter.from?.epochMilliseconds ?? null,
            filter.to?.epochMilliseconds ?? null,
            filter.status ?? null,
            filter.customerId ?? null,
            filter.seriesId ?? null,
            filter.staffId ?? null
          ]),
          businessId,
          list("appointments.list", filterOf(businessId, filter)),
          // Not too long to hold.
          (listed, end) => (listed.length <= MAX_KEPT_LIST ? end : undefined)
        ),

      listActive: (businessId: string, from: DateTime.Utc, to: DateTime.Utc) =>
        Effect.map(
          listActive({ businessId, from: toDate(from).toISOString(), to: toDate(to).toISOString() }),
          (rows) => rows.map(toAppointment)
        ),

      // One statement needs no savepoint (see `write`): it joins the ambient transaction. Resources
      // are checked by statements of their own first, under a savepoint.
      insert: (a) =>
        Effect.tap(
          resourceUsesOf(a).length === 0
            ? db.transaction(write(a))
            : db.atomically(Effect.andThen(guardResources(a), write(a))),
          // The time it holds is what availability is computed from (see Changes.ts).
          () => db.touch(a.businessId)
        ),

      update: (a) =>
        db
          .atomically(
            Effect.gen(function* () {
              const [current] = yield* db.query("appointments.lock", (q) =>
                q
                  .select({ version: appointments.version })
                  .from(appointments)
                  .where(and(eq(appointments.id, a.id), eq(appointments.businessId, a.businessId)))
                  .for("update")
              )
              if (current === undefined) return yield* new NotFound({ entity: "appointment", id: a.id })
              if (current.version !== a.version - 1) {
                return yield* new VersionConflict({
                  entity: "appointment",
                  id: a.id,
                  expected: a.version - 1,
                  actual: current.version
                })
              }
              yield* guardResources(a)
              const { id: _, businessId: __, ...fields } = rowOf(a)
              yield* db.query("appointments.update", (q) =>
                q.update(appointments).set(fields).where(eq(appointments.id, a.id))
              )
              yield* replaceItems(a)
              const [stored] = yield* db.query("appointments.historyLength", (q) =>
                q
                  .select({ n: count() })
                  .from(appointmentHistory)
                  .where(eq(appointmentHistory.appointmentId, a.id))
              )
              yield* appendHistory(a, stored?.n ?? 0)
            })
          )
          .pipe(Effect.tap(() => db.touch(a.businessId))),

      listEnded: (now, limit) =>
        list(
          "appointments.listEnded",
          and(statusIn(["approved", "rescheduled"]), lte(appointments.endAt, toDate(now))),
          [asc(appointments.endAt), asc(appointments.id)],
          Math.max(0, Math.floor(limit))
        )
    })
  })

/**
 * The repository on the Database, lists kept as the module says: for up to `ttlMillis` (10 s by
 * default), at most `capacity` of them (32 by default), each of at most 1,000 appointments.
 */
export const layerAppointmentRepositoryWith = (options: KeepOptions = {}) =>
  Layer.effect(AppointmentRepository, make(options))

/** The repository on the Database, lists kept for up to 10 s while nothing changes. */
export const layerAppointmentRepository = layerAppointmentRepositoryWith()
