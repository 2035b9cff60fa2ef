/**
 * The worker's delivery round: claim the messages that are due, render each notification not
 * rendered yet (keeping its words; the messages of one appointment from one read of it and of its
 * customer), hand each message to its transport, record the outcome. A failure is retried with
 * backoff until the attempts run out; nothing is sent twice because a claimed message is leased
 * to one worker and the transports pass the outbox id as the provider's idempotency key.
 *
 * A notification is rendered when it comes due, from its intent, with the business, its
 * templates, the appointment, its customer and staff members as they are then: a template
 * corrected after a reminder was planned is the one the reminder uses. One that is no longer true
 * (its appointment cancelled or rejected since) is dropped.
 */
import { Context, DateTime, Effect, Random } from "effect"
import { isCalledOffStatus } from "../domain/Appointment.js"
import { defaultRetryPolicy, type RetryPolicy, retryDelayMillis } from "../domain/DeliveryPolicy.js"
import type { NotificationIntent } from "../domain/NotificationPlan.js"
import { MessageRenderer } from "../ports/MessageRenderer.js"
import { type OutboundMessage, Outbox, type OutboxMessage } from "../ports/Outbox.js"
import {
  AppointmentRepository,
  BusinessRepository,
  CustomerRepository,
  type StaffRepository
} from "../ports/Repositories.js"
import { DeliveryError, EmailTransport, SmsTransport, WebhookTransport } from "../ports/Transports.js"
import { peopleOf } from "./Publish.js"

const LEASE_MS = 5 * 60_000

/** The backoff of failed deliveries; the default unless the application provides another. */
export const DeliveryRetryPolicy = Context.Reference<RetryPolicy>(
  "@creneau/core/application/DeliveryRetryPolicy",
  {
    defaultValue: () => defaultRetryPolicy
  }
)

/**
 * The occurrences a series' confirmation announces, as they are now: those not cancelled or
 * rejected since, at their current times; the first of them is the one the message is about.
 * Null when none is left.
 */
const seriesNow = Effect.fnUntraced(function* (businessId: string, intent: NotificationIntent) {
  const ids = intent.data.seriesAppointmentIds ?? []
  const repo = yield* AppointmentRepository
  // An occurrence gone is not announced; one that cannot be read now fails the round (retried).
  const occurrences = yield* Effect.forEach(ids, (id) =>
    repo.get(businessId, id).pipe(Effect.catchTag("NotFound", () => Effect.succeed(null)))
  )
  const live = occurrences.flatMap((a) => (a !== null && !isCalledOffStatus(a.status) ? [a] : []))
  const first = live[0]
  if (first === undefined) return null
  return {
    appointment: first,
    intent: {
      ...intent,
      appointmentId: first.id,
      data: {
        ...intent.data,
        seriesAppointmentIds: live.map((a) => a.id),
        seriesStarts: live.map((a) => a.start)
      }
    } satisfies NotificationIntent
  }
})

/**
 * The words of a notification, rendered now from its intent; or null when it is no longer true:
 * its appointment was cancelled or rejected since and it announces anything else (a confirmation,
 * a move, a reminder), the cancellation having its own message. A series' confirmation announces
 * the occurrences still planned, at their current times, and none when none is left.
 */
const render = Effect.fnUntraced(function* (message: OutboxMessage, planned: NotificationIntent) {
  const business = yield* (yield* BusinessRepository).get(message.businessId)
  const announcesEnd = planned.event === "cancelled" || planned.event === "rejected"
  const series =
    planned.data.seriesAppointmentIds !== undefined && !announcesEnd
      ? yield* seriesNow(message.businessId, planned)
      : undefined
  if (series === null) return null
  const intent = series?.intent ?? planned
  const appointment =
    series?.appointment ??
    (yield* (yield* AppointmentRepository).get(message.businessId, planned.appointmentId))
  if (isCalledOffStatus(appointment.status) && !announcesEnd) return null
  const { customer, staff } = yield* peopleOf(appointment)
  return yield* (yield* MessageRenderer).render({
    intent,
    business,
    appointment,
    customer,
    staff,
    links: message.links
  })
})

/**
 * The message as it leaves, its words rendered (and kept) on its first attempt; null when it is
 * no longer true. A notification whose business or appointment is gone, or whose intent cannot be
 * read, fails for good; one whose data cannot be read now is retried.
 */
const outbound = (
  message: OutboxMessage
): Effect.Effect<
  OutboundMessage | null,
  DeliveryError,
  AppointmentRepository | BusinessRepository | CustomerRepository | MessageRenderer | Outbox | StaffRepository
> => {
  if (message.subject !== null && message.text !== null) {
    return Effect.succeed({ ...message, subject: message.subject, text: message.text })
  }
  if (message.intent === null) {
    return Effect.fail(
      new DeliveryError({
        message: "The message has no words, and no intent they can be written from.",
        retryable: false
      })
    )
  }
  return render(message, message.intent).pipe(
    Effect.tap((rendered) =>
      rendered === null
        ? Effect.void
        : Effect.flatMap(Effect.service(Outbox), (o) => o.markRendered(message.id, rendered))
    ),
    Effect.map((rendered) => (rendered === null ? null : { ...message, ...rendered })),
    Effect.catchTags({
      NotFound: (e) =>
        Effect.fail(
          new DeliveryError({ message: `Cannot render: the ${e.entity} ${e.id} is gone.`, retryable: false })
        ),
      PersistenceError: (e) =>
        Effect.fail(
          new DeliveryError({ message: `Cannot render now: ${e.operation} failed.`, retryable: true })
        )
    })
  )
}

const transportFor = (message: OutboxMessage) =>
  Effect.gen(function* () {
    switch (message.channel) {
      case "email":
        return (yield* EmailTransport).send
      case "sms":
        return (yield* SmsTransport).send
      case "webhook":
        return (yield* WebhookTransport).send
    }
  })

export interface DeliveryReport {
  readonly sent: number
  readonly retried: number
  readonly failed: number
  /** Notifications no longer true when they came due (their appointment was cancelled since). */
  readonly dropped: number
}

/**
 * `get` with what it found kept for the rest of a round: the messages of one appointment (its
 * customer's and its staff member's, say) are rendered from one read of it and of its customer.
 * What was not found, or could not be read, is asked again.
 */
const readOnce = <A, E>(get: (businessId: string, id: string) => Effect.Effect<A, E>) => {
  const found = new Map<string, A>()
  return (businessId: string, id: string): Effect.Effect<A, E> => {
    const key = `${businessId} ${id}`
    const hit = found.get(key)
    if (hit !== undefined) return Effect.succeed(hit)
    return Effect.tap(get(businessId, id), (a) => Effect.sync(() => found.set(key, a)))
  }
}

export const deliverDueMessages = Effect.fn("deliverDueMessages")(function* (batchSize = 50) {
  const outbox = yield* Outbox
  const policy = yield* DeliveryRetryPolicy
  const now = yield* DateTime.now
  const claimed = yield* outbox.claimDue(now, batchSize, LEASE_MS)
  // The appointments and customers the round's messages are rendered from, each read once.
  const appointments = yield* AppointmentRepository
  const customers = yield* CustomerRepository
  const roundAppointments = { ...appointments, get: readOnce(appointments.get) }
  const roundCustomers = { ...customers, get: readOnce(customers.get) }
  const round = <A, E, R>(effect: Effect.Effect<A, E, R>) =>
    effect.pipe(
      Effect.provideService(AppointmentRepository, roundAppointments),
      Effect.provideService(CustomerRepository, roundCustomers)
    )
  let sent = 0
  let retried = 0
  let failed = 0
  let dropped = 0
  for (const message of claimed) {
    const send = yield* transportFor(message)
    const outcome = yield* round(outbound(message)).pipe(
      Effect.tap((out) => (out === null ? Effect.void : send(out))),
      Effect.result
    )
    const at = yield* DateTime.now
    if (outcome._tag === "Success") {
      if (outcome.success === null) {
        yield* outbox.markDropped(message.id)
        dropped++
      } else {
        yield* outbox.markSent(message.id, at)
        sent++
      }
      continue
    }
    const error = outcome.failure
    const delay = error.retryable ? retryDelayMillis(message.attempts + 1, yield* Random.next, policy) : null
    yield* outbox.markAttemptFailed(
      message.id,
      error.message,
      delay === null ? null : DateTime.add(at, { milliseconds: delay })
    )
    if (delay === null) failed++
    else retried++
  }
  return { sent, retried, failed, dropped } satisfies DeliveryReport
})
