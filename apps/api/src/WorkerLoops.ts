/**
 * The worker: delivers due outbox messages every second (draining full batches at once) and
 * completes ended appointments every minute. A failed round is logged and the loop goes on. Any
 * number of workers may share one PostgreSQL database: the outbox is claimed with leases
 * (`FOR UPDATE SKIP LOCKED`), and completing an appointment is a versioned change that a
 * concurrent one simply wins.
 *
 * A round is not interrupted midway: stopping the worker waits for the current round, so a
 * message handed to its transport is also marked sent.
 */
import { completeEndedAppointments, type DeliveryReport, deliverDueMessages } from "@creneau/core"
import { Cause, Duration, Effect, Schedule } from "effect"

export interface WorkerOptions {
  /** Between delivery rounds (default 1 second). */
  readonly deliverEvery?: Duration.Input
  /** Between auto-completion rounds (default 1 minute). */
  readonly completeEvery?: Duration.Input
  /** Messages claimed per round (default 50). */
  readonly batchSize?: number
}

const DEFAULT_DELIVER_EVERY = Duration.seconds(1)
const DEFAULT_COMPLETE_EVERY = Duration.minutes(1)
const DEFAULT_BATCH = 50

/** Run `round` every `every`, forever; a failure or defect is logged and the next round comes. */
const every = <A, E, R>(name: string, round: Effect.Effect<A, E, R>, interval: Duration.Input) =>
  round.pipe(
    Effect.uninterruptible,
    Effect.catchCause((cause) =>
      Cause.hasInterruptsOnly(cause)
        ? Effect.failCause(cause)
        : Effect.logError(
            `[worker] ${name} failed; next round in ${Duration.format(Duration.fromInputUnsafe(interval))}`,
            cause
          )
    ),
    Effect.repeat(Schedule.spaced(interval)),
    Effect.asVoid
  )

const handled = (report: DeliveryReport) => report.sent + report.retried + report.failed + report.dropped

/** One delivery round: claim and send due messages, again at once while batches come back full. */
export const deliverRound = Effect.fn("Worker.deliverRound")(function* (batchSize: number = DEFAULT_BATCH) {
  let total: DeliveryReport = { sent: 0, retried: 0, failed: 0, dropped: 0 }
  while (true) {
    const report = yield* deliverDueMessages(batchSize)
    total = {
      sent: total.sent + report.sent,
      retried: total.retried + report.retried,
      failed: total.failed + report.failed,
      dropped: total.dropped + report.dropped
    }
    if (handled(report) < batchSize) break
  }
  if (total.retried + total.failed > 0) {
    yield* Effect.logWarning(
      `[worker] delivery: ${total.sent} sent, ${total.retried} to retry, ${total.failed} failed for good`
    )
  }
  return total
})

/** One auto-completion round. */
export const completeRound = Effect.fn("Worker.completeRound")(function* () {
  const completed = yield* completeEndedAppointments()
  if (completed > 0) yield* Effect.logInfo(`[worker] completed ${completed} ended appointment(s)`)
  return completed
})

/** The worker's loops, run until interrupted. */
export const runWorker = (options: WorkerOptions = {}) =>
  Effect.all(
    [
      every("delivery", deliverRound(options.batchSize), options.deliverEvery ?? DEFAULT_DELIVER_EVERY),
      every("auto-completion", completeRound(), options.completeEvery ?? DEFAULT_COMPLETE_EVERY)
    ],
    { concurrency: "unbounded", discard: true }
  )
