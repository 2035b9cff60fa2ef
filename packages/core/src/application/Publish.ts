/**
 * Publishing what happened: turns domain events into outbox messages (notifications planned by
 * the domain's planner, with fresh action links, rendered by the worker when they are sent) and
 * webhook deliveries, inside the caller's transaction.
 *
 * Few writes: the action tokens of an event's messages are minted here and stored with them, the
 * webhook endpoints are read while the notifications are prepared (unless the caller read them
 * with its context), and the last event's messages are enqueued together with the webhook
 * deliveries.
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
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import { CustomerRepository, StaffRepository } from "../ports/Repositories.js"
import { type ActionToken, type IssuedToken, Links, type TokenPurpose } from "../ports/Tokens.js"
import { type WebhookEndpoint, WebhookRepository } from "../ports/Webhooks.js"

export interface PublishContext {
  readonly business: Business
  readonly customer: Customer | null
  /**
   * The business's staff members, when the caller holds them already (a booking context): the
   * appointment's staff members are taken from them rather than read again.
   */
  readonly staff?: ReadonlyArray<StaffMember>
  /** The business's webhook endpoints, when the caller read them already (else they are read). */
  readonly webhooks?: ReadonlyArray<WebhookEndpoint>
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

/**
 * The staff members who perform the appointment's items, in item order: found among `known` (the
 * business's staff members) when given, else read.
 */
export const staffOfAppointment = Effect.fnUntraced(function* (
  appointment: Appointment,
  known?: ReadonlyArray<StaffMember>
) {
  const ids = [...new Set(appointment.items.map((i) => i.staffId))]
  if (known !== undefined) {
    const byId = new Map(known.map((s) => [s.id as string, s]))
    return ids.flatMap((id) => {
      const member = byId.get(id)
      return member === undefined ? [] : [member]
    })
  }
  const repo = yield* StaffRepository
  // A staff member gone is not named; one that cannot be read now fails the caller.
  const found = yield* Effect.forEach(
    ids,
    (id) =>
      repo.get(appointment.businessId, id).pipe(Effect.catchTag("NotFound", () => Effect.succeed(null))),
    { concurrency: "unbounded" }
  )
  return found.flatMap((member) => (member === null ? [] : [member]))
})

/**
 * Whom a message about the appointment names, as they are now: its customer (null when it has
 * none or the customer is gone) and its staff members.
 */
export const peopleOf = Effect.fnUntraced(function* (appointment: Appointment) {
  const customer =
    appointment.customerId === null
      ? null
      : yield* (yield* CustomerRepository)
          .get(appointment.businessId, appointment.customerId)
          .pipe(Effect.catchTag("NotFound", () => Effect.succeed(null)))
  return { customer, staff: yield* staffOfAppointment(appointment) }
})

interface Addressed {
  readonly intent: NotificationIntent
  readonly appointment: Appointment
}

/**
 * The links of each message and the action tokens they carry (minted here, stored with the
 * messages): a token per customer link, and one staff action token for both the approve and
 * reject links of a message.
 */
const buildLinks = Effect.fnUntraced(function* (messages: ReadonlyArray<Addressed>, business: Business) {
  const links = yield* Links
  const ids = yield* Ids
  const tokens: Array<IssuedToken> = []
  const mint = Effect.fnUntraced(function* (token: ActionToken) {
    const raw = yield* ids.secret
    tokens.push({ raw, token })
    return raw
  })
  const perMessage: Array<Record<string, string>> = []
  for (const { intent, appointment } of messages) {
    const result: Record<string, string> = {}
    let staffToken: string | undefined
    for (const key of intent.links) {
      const purpose = tokenPurpose[key]
      if (purpose === null) {
        result[key] = links.booking(business)
        continue
      }
      const token: ActionToken = {
        businessId: business.id,
        appointmentId: appointment.id,
        purpose,
        staffId: purpose === "staff_action" ? intent.staffId : null
      }
      if (purpose === "staff_action") {
        staffToken ??= yield* mint(token)
        result[key] = `${links.action(purpose, staffToken)}?action=${key}`
      } else {
        result[key] = links.action(purpose, yield* mint(token))
      }
    }
    perMessage.push(result)
  }
  return { links: perMessage, tokens }
})

/** Messages ready to enqueue, with the action tokens their links carry. */
interface Prepared {
  readonly messages: ReadonlyArray<OutboxMessage>
  readonly tokens: ReadonlyArray<IssuedToken>
}

/** Drop what the plan says, then make its messages (not enqueued yet), to be rendered when sent. */
const toMessages = Effect.fnUntraced(function* (
  plan: NotificationPlan,
  appointments: ReadonlyMap<string, Appointment>,
  ctx: PublishContext
) {
  const outbox = yield* Outbox
  const ids = yield* Ids
  const now = yield* DateTime.now
  if (plan.dropPending.length > 0) {
    for (const id of appointments.keys()) yield* outbox.dropPending(id, plan.dropPending)
  }
  const addressed = plan.intents.flatMap((intent) => {
    const appointment = appointments.get(intent.appointmentId)
    return appointment === undefined ? [] : [{ intent, appointment }]
  })
  const { links, tokens } = yield* buildLinks(addressed, ctx.business)
  const messages: Array<OutboxMessage> = []
  for (const [i, { intent, appointment }] of addressed.entries()) {
    messages.push({
      id: yield* ids.make("notification"),
      businessId: ctx.business.id,
      appointmentId: appointment.id,
      seriesId: appointment.seriesId,
      channel: intent.channel,
      recipientRole: intent.recipientRole,
      to: intent.to,
      event: intent.event,
      subject: null,
      text: null,
      html: null,
      links: links[i]!,
      attachments: [],
      intent,
      webhookId: null,
      sendAfter: intent.sendAfter,
      status: "pending",
      attempts: 0,
      lastError: null,
      sentAt: null,
      createdAt: now
    })
  }
  return { messages, tokens } satisfies Prepared
})

/** The deliveries of the events to the business's webhook endpoints. */
const webhookMessages = Effect.fnUntraced(function* (
  events: ReadonlyArray<DomainEvent>,
  business: Business,
  endpoints: ReadonlyArray<WebhookEndpoint>
) {
  const messages: Array<OutboxMessage> = []
  if (endpoints.length === 0 || events.length === 0) return messages
  const ids = yield* Ids
  const now = yield* DateTime.now
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
        intent: null,
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
  return messages
})

/**
 * `prepare` (which gives the last event's messages, not yet enqueued) while the business's webhook
 * endpoints are read, unless the caller holds them; then one write: those messages with their
 * tokens, and the webhook deliveries of `events`.
 */
const withWebhooks = Effect.fnUntraced(function* <E, R>(
  events: ReadonlyArray<DomainEvent>,
  ctx: PublishContext,
  prepare: Effect.Effect<Prepared, E, R>
) {
  const [pending, endpoints] = yield* Effect.all(
    [
      prepare,
      ctx.webhooks !== undefined
        ? Effect.succeed(ctx.webhooks)
        : Effect.flatMap(Effect.service(WebhookRepository), (repo) => repo.list(ctx.business.id))
    ],
    { concurrency: "unbounded" }
  )
  const deliveries = yield* webhookMessages(events, ctx.business, endpoints)
  yield* (yield* Outbox).enqueue([...pending.messages, ...deliveries], pending.tokens)
})

/** Plan, render and enqueue the notifications and webhook deliveries of one appointment's events. */
export const publish = Effect.fnUntraced(function* (events: ReadonlyArray<DomainEvent>, ctx: PublishContext) {
  const now = yield* DateTime.now
  const outbox = yield* Outbox
  let published: Published = { customerNotified: false, reason: "not_requested" }
  yield* withWebhooks(
    events,
    ctx,
    Effect.gen(function* () {
      // Each event's messages are enqueued before the next event drops any.
      let pending: Prepared = { messages: [], tokens: [] }
      for (const event of events) {
        if (pending.messages.length > 0) yield* outbox.enqueue(pending.messages, pending.tokens)
        const staff = yield* staffOfAppointment(event.appointment, ctx.staff)
        const plan = planNotifications({ event, business: ctx.business, customer: ctx.customer, staff, now })
        pending = yield* toMessages(plan, new Map([[event.appointment.id, event.appointment]]), ctx)
        published = plan.reason === undefined ? { customerNotified: plan.customerNotified } : plan
      }
      return pending
    })
  )
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
  const staff = yield* staffOfAppointment(first.appointment, ctx.staff)
  const plan = planSeriesCreated({ events, business: ctx.business, customer: ctx.customer, staff, now })
  yield* withWebhooks(
    events,
    ctx,
    toMessages(plan, new Map(events.map((e) => [e.appointment.id, e.appointment])), ctx)
  )
  return {
    customerNotified: plan.customerNotified,
    ...(plan.reason !== undefined && { reason: plan.reason })
  } satisfies Published
})
