/**
 * AppointmentRepository on `appointments`, `appointment_items` and `appointment_history`.
 *
 * A write (insert or update) runs atomically (a savepoint inside the ambient transaction, or a
 * transaction of its own): it writes the appointment row, replaces its items and appends the
 * history entries not stored yet. The invariant holds in the database itself:
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
import { and, asc, count, eq, gt, inArray, lt, lte, ne, type SQL, sql } from "drizzle-orm"
import type { AnyPgColumn } from "drizzle-orm/pg-core"
import { type DateTime, Effect, Layer } from "effect"
import { Database, isSqlState } from "./Database.js"
import { decoder, groupBy, rangeLiteral, toDate, toUtc } from "./Rows.js"
import { appointmentHistory, appointmentItems, appointments, resources } from "./schema.js"

type Row = typeof appointments.$inferSelect
type ItemRow = typeof appointmentItems.$inferSelect
type HistoryRow = typeof appointmentHistory.$inferSelect

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

const toAppointment = (
  operation: string,
  row: Row,
  items: ReadonlyArray<ItemRow>,
  history: ReadonlyArray<HistoryRow>
) =>
  decodeAppointment(operation, {
    id: row.id,
    businessId: row.businessId,
    status: row.status,
    pendingReason: row.pendingReason,
    noShow: row.noShow,
    start: toUtc(row.startAt),
    end: toUtc(row.endAt),
    items: items.map((i) => ({
      serviceId: i.serviceId,
      serviceName: i.serviceName,
      staffId: i.staffId,
      resourceId: i.resourceId,
      start: toUtc(i.startAt),
      end: toUtc(i.endAt),
      price: { amount: i.priceAmount, currency: i.priceCurrency },
      bufferBeforeMinutes: i.bufferBeforeMinutes,
      bufferAfterMinutes: i.bufferAfterMinutes
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
    history: history.map((h) => ({ at: toUtc(h.at), actor: h.actor, type: h.type, data: h.data }))
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

    /** Whole appointments from their rows: items and history loaded in two queries. */
    const assemble = Effect.fnUntraced(function* (operation: string, rows: ReadonlyArray<Row>) {
      if (rows.length === 0) return []
      const ids = rows.map((r) => r.id)
      const items = groupBy(
        yield* db.query(`${operation}.items`, (q) =>
          q
            .select()
            .from(appointmentItems)
            .where(inArray(appointmentItems.appointmentId, ids))
            .orderBy(asc(appointmentItems.appointmentId), asc(appointmentItems.position))
        ),
        (i) => i.appointmentId
      )
      const history = groupBy(
        yield* db.query(`${operation}.history`, (q) =>
          q
            .select()
            .from(appointmentHistory)
            .where(inArray(appointmentHistory.appointmentId, ids))
            .orderBy(asc(appointmentHistory.appointmentId), asc(appointmentHistory.position))
        ),
        (h) => h.appointmentId
      )
      return yield* Effect.forEach(rows, (row) =>
        toAppointment(operation, row, items.get(row.id) ?? [], history.get(row.id) ?? [])
      )
    })

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
    const writeItems = (a: Appointment, replace: boolean) =>
      Effect.gen(function* () {
        if (replace) {
          yield* db.query("appointments.clearItems", (q) =>
            q.delete(appointmentItems).where(eq(appointmentItems.appointmentId, a.id))
          )
        }
        yield* db.query("appointments.writeItems", (q) => q.insert(appointmentItems).values(itemRowsOf(a)))
      }).pipe(Effect.catchIf(isSqlState("23P01"), () => Effect.fail(slotUnavailable(a))))

    /** Append the history entries from `stored` on (the history is append-only). */
    const appendHistory = (a: Appointment, stored: number) =>
      a.history.length <= stored
        ? Effect.void
        : db.query("appointments.appendHistory", (q) =>
            q.insert(appointmentHistory).values(
              a.history.slice(stored).map((h, i) => ({
                appointmentId: a.id,
                position: stored + i,
                at: toDate(h.at),
                actor: h.actor,
                type: h.type,
                data: h.data
              }))
            )
          )

    const list = Effect.fnUntraced(function* (operation: string, where: SQL | undefined) {
      const rows = yield* db.query(operation, (q) =>
        q.select().from(appointments).where(where).orderBy(asc(appointments.startAt), asc(appointments.id))
      )
      return yield* assemble(operation, rows)
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
            yield* db.query("appointments.insert", (q) => q.insert(appointments).values(rowOf(a)))
            yield* writeItems(a, false)
            yield* appendHistory(a, 0)
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
            yield* writeItems(a, true)
            const [stored] = yield* db.query("appointments.historyLength", (q) =>
              q
                .select({ n: count() })
                .from(appointmentHistory)
                .where(eq(appointmentHistory.appointmentId, a.id))
            )
            yield* appendHistory(a, stored?.n ?? 0)
          })
        ),

      listEnded: Effect.fnUntraced(function* (now, limit) {
        const rows = yield* db.query("appointments.listEnded", (q) =>
          q
            .select()
            .from(appointments)
            .where(
              and(
                inArray(appointments.status, ["approved", "rescheduled"]),
                lte(appointments.endAt, toDate(now))
              )
            )
            .orderBy(asc(appointments.endAt), asc(appointments.id))
            .limit(Math.max(0, Math.floor(limit)))
        )
        return yield* assemble("appointments.listEnded", rows)
      })
    })
  })
)
