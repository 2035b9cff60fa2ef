/**
 * Publishing what happened: turns domain events into outbox messages (notifications planned by
 * the domain's planner, rendered by the renderer port, with fresh action links) and webhook
 * deliveries, inside the caller's transaction.
 */
import { DateTime, Effect } from "effect"
import type { Appointment } from "../domain/Appointment.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import { type DomainEvent, webhookEventName } from "../domain/DomainEvent.js"
import {
  type LinkKey,
  type NotificationIntent,
  type NotificationPlan,
  planNotifications,
  planSeriesCreated
} from "../domain/NotificationPlan.js"
import type { StaffMember } from "../domain/StaffMember.js"
import { Ids } from "../ports/Ids.js"
import { MessageRenderer } from "../ports/MessageRenderer.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import { StaffRepository } from "../ports/Repositories.js"
import { Links, type TokenPurpose, Tokens } from "../ports/Tokens.js"
import { WebhookRepository } from "../ports/Webhooks.js"

export interface PublishContext {
  readonly business: Business
  readonly customer: Customer | null
}

export interface Published {
  readonly customerNotified: boolean
  readonly reason?: NotificationPlan["reason"]
}

const tokenPurpose: Record<LinkKey, TokenPurpose | null> = {
  manage: "manage",
  confirm: "confirm",
  approve: "staff_action",
  reject: "staff_action",
  newBooking: null
}

/** The staff members who perform the appointment's items. */
export const staffOfAppointment = Effect.fnUntraced(function* (appointment: Appointment) {
  const repo = yield* StaffRepository
  const ids = [...new Set(appointment.items.map((i) => i.staffId))]
  return yield* Effect.forEach(ids, (id) => repo.get(appointment.businessId, id).pipe(Effect.option), {
    concurrency: "unbounded"
  }).pipe(Effect.map((found) => found.flatMap((o) => (o._tag === "Some" ? [o.value] : []))))
})

const buildLinks = Effect.fnUntraced(function* (
  intent: NotificationIntent,
  appointment: Appointment,
  business: Business
) {
  const tokens = yield* Tokens
  const links = yield* Links
  const result: Record<string, string> = {}
  // One staff action token serves both approve and reject links of a message.
  let staffToken: string | undefined
  for (const key of intent.links) {
    const purpose = tokenPurpose[key]
    if (purpose === null) {
      result[key] = links.booking(business)
      continue
    }
    let token: string
    if (purpose === "staff_action") {
      staffToken ??= yield* tokens.issue({
        businessId: business.id,
        appointmentId: appointment.id,
        purpose,
        staffId: intent.staffId
      })
      token = staffToken
    } else {
      token = yield* tokens.issue({
        businessId: business.id,
        appointmentId: appointment.id,
        purpose,
        staffId: null
      })
    }
    result[key] = `${links.action(purpose, token)}${purpose === "staff_action" ? `?action=${key}` : ""}`
  }
  return result
})

const toMessages = Effect.fnUntraced(function* (
  plan: NotificationPlan,
  appointments: ReadonlyMap<string, Appointment>,
  ctx: PublishContext,
  staff: ReadonlyArray<StaffMember>
) {
  const outbox = yield* Outbox
  const ids = yield* Ids
  const renderer = yield* MessageRenderer
  const now = yield* DateTime.now
  if (plan.dropPending.length > 0) {
    for (const id of appointments.keys()) yield* outbox.dropPending(id, plan.dropPending)
  }
  // Each message needs its own links (tokens) and id: independent writes, issued together.
  const messages = yield* Effect.forEach(
    plan.intents.flatMap((intent) => {
      const appointment = appointments.get(intent.appointmentId)
      return appointment === undefined ? [] : [{ intent, appointment }]
    }),
    ({ intent, appointment }) =>
      Effect.gen(function* () {
        const links = yield* buildLinks(intent, appointment, ctx.business)
        const rendered = yield* renderer.render({
          intent,
          business: ctx.business,
          appointment,
          customer: ctx.customer,
          staff,
          links
        })
        const message: OutboxMessage = {
          id: yield* ids.make("notification"),
          businessId: ctx.business.id,
          appointmentId: appointment.id,
          seriesId: appointment.seriesId,
          channel: intent.channel,
          recipientRole: intent.recipientRole,
          to: intent.to,
          event: intent.event,
          subject: rendered.subject,
          text: rendered.text,
          html: rendered.html,
          links,
          attachments: rendered.attachments,
          webhookId: null,
          sendAfter: intent.sendAfter,
          status: "pending",
          attempts: 0,
          lastError: null,
          sentAt: null,
          createdAt: now
        }
        return message
      }),
    { concurrency: "unbounded" }
  )
  yield* outbox.enqueue(messages)
})

const webhookMessages = Effect.fnUntraced(function* (events: ReadonlyArray<DomainEvent>, business: Business) {
  const endpoints = yield* (yield* WebhookRepository).list(business.id)
  if (endpoints.length === 0 || events.length === 0) return
  const ids = yield* Ids
  const now = yield* DateTime.now
  const messages: Array<OutboxMessage> = []
  for (const event of events) {
    const name = webhookEventName[event._tag]
    const body = JSON.stringify({
      type: name,
      createdAt: event.at.toJSON(),
      data: {
        appointmentId: event.appointment.id,
        status: event.appointment.status,
        pendingReason: event.appointment.pendingReason,
        noShow: event.appointment.noShow,
        start: event.appointment.start.toJSON(),
        end: event.appointment.end.toJSON(),
        customerId: event.appointment.customerId,
        seriesId: event.appointment.seriesId,
        staffIds: [...new Set(event.appointment.items.map((i) => i.staffId))],
        serviceIds: event.appointment.items.map((i) => i.serviceId),
        actor: event.actor
      }
    })
    for (const endpoint of endpoints) {
      if (endpoint.events.length > 0 && !endpoint.events.includes(name)) continue
      messages.push({
        id: yield* ids.make("notification"),
        businessId: business.id,
        appointmentId: event.appointment.id,
        seriesId: event.appointment.seriesId,
        channel: "webhook",
        recipientRole: null,
        to: endpoint.url,
        event: name,
        subject: name,
        text: body,
        html: null,
        links: {},
        attachments: [],
        webhookId: endpoint.id,
        sendAfter: now,
        status: "pending",
        attempts: 0,
        lastError: null,
        sentAt: null,
        createdAt: now
      })
    }
  }
  yield* (yield* Outbox).enqueue(messages)
})

/** Plan, render and enqueue the notifications and webhook deliveries of one appointment's events. */
export const publish = Effect.fnUntraced(function* (events: ReadonlyArray<DomainEvent>, ctx: PublishContext) {
  const now = yield* DateTime.now
  let published: Published = { customerNotified: false, reason: "not_requested" }
  for (const event of events) {
    const staff = yield* staffOfAppointment(event.appointment)
    const plan = planNotifications({ event, business: ctx.business, customer: ctx.customer, staff, now })
    yield* toMessages(plan, new Map([[event.appointment.id, event.appointment]]), ctx, staff)
    published = plan.reason === undefined ? { customerNotified: plan.customerNotified } : plan
  }
  yield* webhookMessages(events, ctx.business)
  return {
    customerNotified: published.customerNotified,
    ...(published.reason !== undefined && { reason: published.reason })
  } satisfies Published
})

/** The same for the creation of a series: one confirmation listing its dates, reminders for each. */
export const publishSeriesCreated = Effect.fnUntraced(function* (
  events: ReadonlyArray<Extract<DomainEvent, { _tag: "AppointmentCreated" }>>,
  ctx: PublishContext
) {
  const first = events[0]
  if (first === undefined) return { customerNotified: false, reason: "not_requested" } satisfies Published
  const now = yield* DateTime.now
  const staff = yield* staffOfAppointment(first.appointment)
  const plan = planSeriesCreated({ events, business: ctx.business, customer: ctx.customer, staff, now })
  yield* toMessages(plan, new Map(events.map((e) => [e.appointment.id, e.appointment])), ctx, staff)
  yield* webhookMessages(events, ctx.business)
  return {
    customerNotified: plan.customerNotified,
    ...(plan.reason !== undefined && { reason: plan.reason })
  } satisfies Published
})
