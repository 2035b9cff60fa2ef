/** Shared set-up for use-case tests: the seeded salon, a fixed "now", and input decoders. */
import { DateTime, Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import {
  CreateAppointmentInput,
  createAppointment,
  OnlineBookingInput
} from "../../src/application/CreateAppointment.js"
import { seedSalon } from "../../src/testing/index.js"

export const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)
export const decodeOnline = Schema.decodeUnknownSync(OnlineBookingInput)

/** Monday 2 March 2026, 08:00 in Paris (UTC+1). */
export const NOW = DateTime.makeUnsafe("2026-03-02T07:00:00Z")

export const salonAtNow = Effect.gen(function* () {
  yield* TestClock.setTime(NOW.epochMilliseconds)
  return yield* seedSalon()
})

export type Salon = Effect.Success<typeof salonAtNow>

/** Book `serviceId` with `staffId` at `start` as the owner. */
export const book = (salon: Salon, start: string, extra: Record<string, unknown> = {}) =>
  createAppointment({
    businessId: salon.business.id,
    actor: salon.owner,
    input: decodeCreate({
      start,
      items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
      customerId: salon.alice.id,
      ...extra
    })
  })
