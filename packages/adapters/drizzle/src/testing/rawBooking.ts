/**
 * The floor the benchmarks measure a booking against: the raw insert of one approved one-item
 * appointment, rows as the adapter stores them, in one transaction, the exclusion constraint
 * checking the item; nothing read, decided or rendered. Through postgres.js (prepared) or
 * through the adapter's Database.
 */
import { randomBytes } from "node:crypto"
import { defaultBookingRules } from "@creneau/core"
import { Effect } from "effect"
import type postgres from "postgres"
import { Database } from "../Database.js"
import { appointmentItems, appointments } from "../schema.js"

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

/** The raw insert through postgres.js: one transaction, two prepared statements. */
export const insertRawBooking = (client: postgres.Sql, { appointment: a, item: i }: RawBookingRows) =>
  client.begin(async (tx) => {
    await tx`insert into appointments (id, business_id, status, pending_reason, no_show, start_at, end_at,
      occupied, customer_id, source, requested_by_client, customer_request, quick_note, appointment_notes,
      answers, payment_method, payment_status, payment_amount_requested, payment_currency,
      payment_instrument_kind, payment_instrument_reference, rules_snapshot, series_id,
      cancellation_message, rejection_reason, version, created_at, created_by, updated_at, updated_by)
      values (${a.id}, ${a.businessId}, ${a.status}, null, false, ${a.startAt}, ${a.endAt},
      ${a.occupied}, null, ${a.source}, false, null, null, null, ${tx.json(a.answers)}, ${a.paymentMethod},
      ${a.paymentStatus}, null, null, null, null, ${tx.json(a.rulesSnapshot)}, null, null, null, 1,
      ${a.createdAt}, ${tx.json(a.createdBy)}, ${a.updatedAt}, ${tx.json(a.updatedBy)})`
    await tx`insert into appointment_items (appointment_id, position, business_id, service_id, service_name,
      staff_id, resource_id, start_at, end_at, price_amount, price_currency, buffer_before_minutes,
      buffer_after_minutes, occupied, active)
      values (${i.appointmentId}, 0, ${i.businessId}, ${i.serviceId}, ${i.serviceName}, ${i.staffId}, null,
      ${i.startAt}, ${i.endAt}, ${i.priceAmount}, ${i.priceCurrency}, 0, 5, ${i.occupied}, true)`
  })

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
