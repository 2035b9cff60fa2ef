/**
 * The floor the benchmarks measure a booking against: the raw insert of one approved one-item
 * appointment, rows as the adapter stores them, in one transaction, the exclusion constraint
 * checking the item; nothing read, decided or rendered. Through postgres.js (prepared) or
 * through the adapter's Database.
 *
 * And the floor of every row a booking writes: the same, with its history entry and its three
 * notifications (the customer's confirmation and reminder, the staff member's confirmation) with
 * their action tokens, as the create use case writes them for such a booking.
 */
import { createHash, randomBytes } from "node:crypto"
import { defaultBookingRules } from "@creneau/core"
import { getTableColumns } from "drizzle-orm"
import type { PgTable } from "drizzle-orm/pg-core"
import { Effect } from "effect"
import type postgres from "postgres"
import { Database } from "../Database.js"
import { actionTokens, appointmentHistory, appointmentItems, appointments, outbox } from "../schema.js"

const MINUTE = 60_000
const system = { kind: "system", id: null, name: "Créneau" }

/** The rows of an approved one-item appointment (`minutes` long, 5 of buffer after). */
export const rawBookingRows = (
  businessId: string,
  serviceId: string,
  staffId: string,
  start: number,
  minutes = 30
) => {
  const id = `apt_${randomBytes(16).toString("base64url")}`
  const end = start + minutes * MINUTE
  const range = `[${new Date(start).toISOString()},${new Date(end + 5 * MINUTE).toISOString()})`
  const now = new Date()
  return {
    appointment: {
      id,
      businessId,
      status: "approved",
      pendingReason: null,
      noShow: false,
      startAt: new Date(start),
      endAt: new Date(end),
      occupied: range,
      customerId: null,
      source: "business",
      requestedByClient: false,
      customerRequest: null,
      quickNote: null,
      appointmentNotes: null,
      answers: {},
      paymentMethod: "on_site",
      paymentStatus: "unpaid",
      paymentAmountRequested: null,
      paymentCurrency: null,
      paymentInstrumentKind: null,
      paymentInstrumentReference: null,
      rulesSnapshot: defaultBookingRules,
      seriesId: null,
      cancellationMessage: null,
      rejectionReason: null,
      version: 1,
      createdAt: now,
      createdBy: system,
      updatedAt: now,
      updatedBy: system
    },
    item: {
      appointmentId: id,
      position: 0,
      businessId,
      serviceId,
      serviceName: "Cut",
      staffId,
      resourceId: null,
      startAt: new Date(start),
      endAt: new Date(end),
      priceAmount: 3000,
      priceCurrency: "EUR",
      bufferBeforeMinutes: 0,
      bufferAfterMinutes: 5,
      occupied: range,
      active: true
    }
  }
}

export type RawBookingRows = ReturnType<typeof rawBookingRows>

const appointmentInsert = (tx: postgres.TransactionSql, a: RawBookingRows["appointment"]) =>
  tx`insert into appointments (id, business_id, status, pending_reason, no_show, start_at, end_at,
      occupied, customer_id, source, requested_by_client, customer_request, quick_note, appointment_notes,
      answers, payment_method, payment_status, payment_amount_requested, payment_currency,
      payment_instrument_kind, payment_instrument_reference, rules_snapshot, series_id,
      cancellation_message, rejection_reason, version, created_at, created_by, updated_at, updated_by)
      values (${a.id}, ${a.businessId}, ${a.status}, null, false, ${a.startAt}, ${a.endAt},
      ${a.occupied}, null, ${a.source}, false, null, null, null, ${tx.json(a.answers)}, ${a.paymentMethod},
      ${a.paymentStatus}, null, null, null, null, ${tx.json(a.rulesSnapshot)}, null, null, null, 1,
      ${a.createdAt}, ${tx.json(a.createdBy)}, ${a.updatedAt}, ${tx.json(a.updatedBy)})`

const itemInsert = (tx: postgres.TransactionSql, i: RawBookingRows["item"]) =>
  tx`insert into appointment_items (appointment_id, position, business_id, service_id, service_name,
      staff_id, resource_id, start_at, end_at, price_amount, price_currency, buffer_before_minutes,
      buffer_after_minutes, occupied, active)
      values (${i.appointmentId}, 0, ${i.businessId}, ${i.serviceId}, ${i.serviceName}, ${i.staffId}, null,
      ${i.startAt}, ${i.endAt}, ${i.priceAmount}, ${i.priceCurrency}, 0, 5, ${i.occupied}, true)`

/** The raw insert through postgres.js: one transaction, two prepared statements. */
export const insertRawBooking = (client: postgres.Sql, { appointment: a, item: i }: RawBookingRows) =>
  client.begin(async (tx) => {
    await appointmentInsert(tx, a)
    await itemInsert(tx, i)
  })

const token = () => randomBytes(32).toString("base64url")
const hashOf = (t: string) => createHash("sha256").update(t).digest("hex")

/** The other rows of the booking of `rows` (see the module's documentation), links under `base`. */
export const rawBookingExtras = (rows: RawBookingRows, base = "https://creneau.test") => {
  const a = rows.appointment
  const now = new Date()
  const actor = a.createdBy
  const manage = [token(), token()]
  const staffAction = token()
  const message = (
    recipientRole: "customer" | "staff",
    recipient: string,
    event: "confirmed" | "reminder",
    links: Record<string, string>,
    sendAfter: Date
  ) => ({
    id: `ntf_${randomBytes(16).toString("base64url")}`,
    businessId: a.businessId,
    appointmentId: a.id,
    seriesId: null,
    channel: "email",
    recipientRole,
    recipient,
    event,
    subject: null,
    bodyText: null,
    bodyHtml: null,
    links,
    attachments: [],
    intent: {
      event,
      recipientRole,
      channel: "email",
      to: recipient,
      recipientName: recipientRole === "customer" ? "Bench Customer" : "Staff 0",
      staffId: recipientRole === "staff" ? rows.item.staffId : null,
      appointmentId: a.id,
      seriesId: null,
      links: Object.keys(links),
      sendAfter: sendAfter.toISOString(),
      attachIcs: recipientRole === "customer",
      data: {}
    },
    webhookId: null,
    sendAfter,
    status: "pending",
    attempts: 0,
    lastError: null,
    sentAt: null,
    leasedUntil: null,
    createdAt: now
  })
  const tokenRow = (raw: string, purpose: "manage" | "staff_action", staffId: string | null) => ({
    tokenHash: hashOf(raw),
    businessId: a.businessId,
    appointmentId: a.id,
    purpose,
    staffId
  })
  const newBooking = `${base}/book/${a.businessId}`
  return {
    history: {
      appointmentId: a.id,
      position: 0,
      at: now,
      actor,
      type: "created",
      data: { status: a.status, source: a.source }
    },
    tokens: [
      tokenRow(manage[0]!, "manage", null),
      tokenRow(staffAction, "staff_action", rows.item.staffId),
      tokenRow(manage[1]!, "manage", null)
    ],
    outbox: [
      message(
        "customer",
        "bench@example.test",
        "confirmed",
        { manage: `${base}/manage/${manage[0]}`, newBooking },
        now
      ),
      message(
        "staff",
        "s0@b.test",
        "confirmed",
        { reject: `${base}/staff-actions/${staffAction}?action=reject` },
        now
      ),
      message(
        "customer",
        "bench@example.test",
        "reminder",
        { manage: `${base}/manage/${manage[1]}`, newBooking },
        new Date(a.startAt.getTime() - 24 * 60 * MINUTE)
      )
    ]
  }
}

export type RawBookingExtras = ReturnType<typeof rawBookingExtras>

/** Rows keyed by their table's column names, jsonb values as JSON, as postgres.js inserts them. */
const byColumn = (tx: postgres.TransactionSql, table: PgTable, rows: ReadonlyArray<object>) => {
  const columns = getTableColumns(table)
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => {
        const column = columns[key]!
        return [column.name, column.columnType === "PgJsonb" && value !== null ? tx.json(value) : value]
      })
    )
  )
}

/**
 * Every row of a booking through postgres.js: one transaction, its five prepared inserts (one per
 * table) sent together.
 */
export const insertRawBookingAll = (client: postgres.Sql, rows: RawBookingRows, extras: RawBookingExtras) =>
  client.begin((tx) => [
    appointmentInsert(tx, rows.appointment),
    itemInsert(tx, rows.item),
    tx`insert into appointment_history ${tx(byColumn(tx, appointmentHistory, [extras.history]))}`,
    tx`insert into action_tokens ${tx(byColumn(tx, actionTokens, extras.tokens))}`,
    tx`insert into outbox ${tx(byColumn(tx, outbox, extras.outbox))}`
  ])

/** Every row of a booking through the adapter's Database, as {@link insertRawBookingThroughDatabase}. */
export const insertRawBookingAllThroughDatabase = (r: RawBookingRows, extras: RawBookingExtras) =>
  Effect.flatMap(Effect.service(Database), (db) =>
    db.transaction(
      Effect.all(
        [
          db.query("raw.appointment", (q) => q.insert(appointments).values(r.appointment)),
          db.query("raw.item", (q) => q.insert(appointmentItems).values(r.item)),
          db.query("raw.history", (q) => q.insert(appointmentHistory).values(extras.history)),
          db.query("raw.tokens", (q) => q.insert(actionTokens).values(extras.tokens)),
          db.query("raw.outbox", (q) => q.insert(outbox).values(extras.outbox))
        ],
        { discard: true }
      )
    )
  )

/** The raw insert through the adapter's Database (PGlite: its one connection, the commit made durable). */
export const insertRawBookingThroughDatabase = (r: RawBookingRows) =>
  Effect.flatMap(Effect.service(Database), (db) =>
    db.transaction(
      Effect.andThen(
        db.query("raw.appointment", (q) => q.insert(appointments).values(r.appointment)),
        db.query("raw.item", (q) => q.insert(appointmentItems).values(r.item))
      )
    )
  )
