/**
 * AppointmentRepository on `appointments`, `appointment_items` and `appointment_history`.
 *
 * A read is one statement: the appointment rows with their items and history aggregated as JSON.
 * A write (insert or update) runs atomically (a savepoint inside the ambient transaction, or a
 * transaction of its own): it writes the appointment row, replaces its items and appends the
 * history entries not stored yet; an insert writes all three in one statement. The invariant
 * holds in the database itself:
 * - staff: the items carry `occupied` (the item widened by its buffers) and `active` (the
 *   appointment's status is pending, approved or rescheduled), and an exclusion constraint refuses
 *   two overlapping active items of one staff member in different appointments; its violation
 *   (SQLSTATE 23P01) is reported as SlotUnavailable;
 * - resources: the resources the appointment uses are locked (`SELECT … FOR UPDATE`, in id order,
 *   so concurrent writers queue instead of deadlocking), then the uses of other active
 *   appointments are counted at each instant of each new use (one appointment counts once per
 *   resource); reaching the capacity is SlotUnavailable.
 */
import {
  ACTIVE_STATUSES,
  Appointment,
  type AppointmentFilter,
  type AppointmentItem,
  AppointmentRepository,
  isActiveStatus,
  NotFound,
  SlotUnavailable,
  VersionConflict
} from "@creneau/core"
import { and, asc, count, eq, getTableColumns, gt, inArray, lt, lte, ne, type SQL, sql } from "drizzle-orm"
import type { AnyPgColumn } from "drizzle-orm/pg-core"
import { type DateTime, Effect, Layer } from "effect"
import { Database, isSqlState } from "./Database.js"
import { decoder, fromIso, groupBy, rangeLiteral, toDate, toUtc } from "./Rows.js"
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
const withChildren = {
  ...getTableColumns(appointments),
  items: sql<
    ReadonlyArray<ItemJson>
  >`coalesce((select json_agg(i order by i.position) from ${appointmentItems} i where i.appointment_id = "appointments"."id"), '[]')`,
  history: sql<
    ReadonlyArray<HistoryJson>
  >`coalesce((select json_agg(h order by h.position) from ${appointmentHistory} h where h.appointment_id = "appointments"."id"), '[]')`
}

type RowWithChildren = Row & {
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

// ---- row <-> domain ----------------------------------------------------------------------------

const decodeAppointment = decoder(Appointment)

const toAppointment = (operation: string, row: RowWithChildren) =>
  decodeAppointment(operation, {
    id: row.id,
    businessId: row.businessId,
    status: row.status,
    pendingReason: row.pendingReason,
    noShow: row.noShow,
    start: toUtc(row.startAt),
    end: toUtc(row.endAt),
    items: row.items.map((i) => ({
      serviceId: i.service_id,
      serviceName: i.service_name,
      staffId: i.staff_id,
      resourceId: i.resource_id,
      start: fromIso(i.start_at),
      end: fromIso(i.end_at),
      price: { amount: Number(i.price_amount), currency: i.price_currency },
      bufferBeforeMinutes: i.buffer_before_minutes,
      bufferAfterMinutes: i.buffer_after_minutes
    })),
    customerId: row.customerId,
    source: row.source,
    requestedByClient: row.requestedByClient,
    customerRequest: row.customerRequest,
    quickNote: row.quickNote,
    appointmentNotes: row.appointmentNotes,
    answers: row.answers,
    payment: {
      method: row.paymentMethod,
      amountRequested:
        row.paymentAmountRequested === null || row.paymentCurrency === null
          ? null
          : { amount: row.paymentAmountRequested, currency: row.paymentCurrency },
      status: row.paymentStatus,
      instrument:
        row.paymentInstrumentKind === null
          ? null
          : { kind: row.paymentInstrumentKind, reference: row.paymentInstrumentReference ?? "" }
    },
    rulesSnapshot: row.rulesSnapshot,
    seriesId: row.seriesId,
    cancellationMessage: row.cancellationMessage,
    rejectionReason: row.rejectionReason,
    version: row.version,
    createdAt: toUtc(row.createdAt),
    createdBy: row.createdBy,
    updatedAt: toUtc(row.updatedAt),
    updatedBy: row.updatedBy,
    history: row.history.map((h) => ({ at: fromIso(h.at), actor: h.actor, type: h.type, data: h.data }))
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

const slotUnavailable = (a: Appointment) =>
  new SlotUnavailable({
    message: "This time is no longer available.",
    conflicts: [{ start: a.start, end: a.end }]
  })

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

export const layerAppointmentRepository = Layer.effect(
  AppointmentRepository,
  Effect.gen(function* () {
    const db = yield* Database

    /** Refuse a resource beyond its capacity; the locks are held until the transaction ends. */
    const guardResources = Effect.fnUntraced(function* (a: Appointment) {
      if (!isActiveStatus(a.status)) return
      const uses = a.items.flatMap((i) => {
        const span = occupiedOf(i)
        return i.resourceId !== null && span.end > span.start ? [{ ...span, resourceId: i.resourceId }] : []
      })
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
      return yield* Effect.forEach(rows, (row) => toAppointment(operation, row))
    })

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
        const [found] = yield* list(
          "appointments.get",
          and(eq(appointments.id, id), eq(appointments.businessId, businessId))
        )
        if (found === undefined) return yield* new NotFound({ entity: "appointment", id })
        return found
      }),

      list: (businessId, filter) => list("appointments.list", filterOf(businessId, filter)),

      listActive: (businessId: string, from: DateTime.Utc, to: DateTime.Utc) =>
        list(
          "appointments.listActive",
          and(
            eq(appointments.businessId, businessId),
            inArray(appointments.status, [...ACTIVE_STATUSES]),
            overlaps(appointments.occupied, from.epochMilliseconds, to.epochMilliseconds)
          )
        ),

      insert: (a) =>
        db.atomically(
          Effect.gen(function* () {
            yield* guardResources(a)
            // One statement (its last insert under `with` the others): the items' foreign key is
            // checked at the end of the statement, once the appointment row is there.
            yield* db
              .query("appointments.insert", (q) => {
                const [first, ...rest] = [
                  q.insert(appointments).values(rowOf(a)).getSQL(),
                  q.insert(appointmentItems).values(itemRowsOf(a)).getSQL(),
                  ...(a.history.length === 0
                    ? []
                    : [q.insert(appointmentHistory).values(historyRowsOf(a, 0)).getSQL()])
                ]
                const last = rest.pop()!
                const ctes = [first!, ...rest].map((write, i) => sql`${sql.raw(`w${i}`)} as (${write})`)
                return q.execute(sql`with ${sql.join(ctes, sql`, `)} ${last}`)
              })
              .pipe(Effect.catchIf(isSqlState("23P01"), () => Effect.fail(slotUnavailable(a))))
          })
        ),

      update: (a) =>
        db.atomically(
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
        ),

      listEnded: (now, limit) =>
        list(
          "appointments.listEnded",
          and(
            inArray(appointments.status, ["approved", "rescheduled"]),
            lte(appointments.endAt, toDate(now))
          ),
          [asc(appointments.endAt), asc(appointments.id)],
          Math.max(0, Math.floor(limit))
        )
    })
  })
)
