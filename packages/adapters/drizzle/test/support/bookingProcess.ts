/**
 * A process that books appointments on a PGlite data directory until it is killed: through the
 * core's `createAppointment`, one day after another for the given staff member, and writes each
 * appointment's id on stdout (one line, written synchronously) once its transaction has committed
 * and the use case has returned. What it printed, it acknowledged.
 *
 * node --conditions=@creneau/source --import tsx bookingProcess.ts <dataDir> <booking JSON>
 * where the booking JSON is {businessId, serviceId, staffId, customerId, firstDay}.
 */
import { writeSync } from "node:fs"
import { CreateAppointmentInput, createAppointment, Links } from "@creneau/core"
import { layerPlainRenderer, owner } from "@creneau/core/testing"
import { Effect, Layer, Schema } from "effect"
import { layerPgliteAll } from "../../src/index.js"

const Booking = Schema.Struct({
  businessId: Schema.String,
  serviceId: Schema.String,
  staffId: Schema.String,
  customerId: Schema.String,
  /** The first day to book, `YYYY-MM-DD`; each booking takes the next day at 10:00 UTC. */
  firstDay: Schema.String
})

const [dataDir, json] = process.argv.slice(2)
const booking = Schema.decodeUnknownSync(Schema.fromJsonString(Booking))(json)
const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)
const DAY = 86_400_000

const program = Effect.gen(function* () {
  for (let day = 0; ; day++) {
    const start = new Date(Date.parse(`${booking.firstDay}T10:00:00Z`) + day * DAY).toISOString()
    const { appointment } = yield* createAppointment({
      businessId: booking.businessId,
      actor: owner,
      input: decodeCreate({
        start,
        items: [{ serviceId: booking.serviceId, staffId: booking.staffId }],
        customerId: booking.customerId,
        allowOutsideHours: true
      })
    })
    writeSync(1, `${appointment.id}\n`)
  }
}).pipe(
  Effect.provide(
    Layer.mergeAll(
      layerPgliteAll({ dataDir: dataDir! }),
      layerPlainRenderer,
      Links.layer("https://creneau.test")
    )
  )
)

Effect.runPromise(program).catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`)
  process.exit(1)
})
