/**
 * Embedded durability: PGlite on a data directory (under the OS temp dir) keeps what it committed
 * - across a restart: close the layer, open a new one on the same directory, read everything back;
 * - across a SIGKILL: a child process books appointments through the core's `createAppointment`
 *   and prints each id once the use case has returned; killed at different points (some in the
 *   middle of a booking), every booking it acknowledged is there when the directory is opened
 *   again, whole (items, history, notifications), and at most the one in flight besides;
 * - from a second opening: one process at a time has the directory open, and the lock of one
 *   that is gone is taken over.
 */
import { spawn, spawnSync } from "node:child_process"
import { existsSync, writeFileSync } from "node:fs"
import { mkdtemp, rm } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import {
  AppointmentRepository,
  CreateAppointmentInput,
  CustomerRepository,
  createAppointment,
  Links,
  Outbox
} from "@creneau/core"
import { layerPlainRenderer, seedSalon } from "@creneau/core/testing"
import { afterAll, assert, describe, it } from "@effect/vitest"
import { Effect, Layer, Schema } from "effect"
import { LOCK_FILE } from "../src/Database.js"
import { layerPgliteAll } from "../src/index.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))
const bookingProcess = fileURLToPath(new URL("./support/bookingProcess.ts", import.meta.url))
const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)

/** Every port on PGlite persisted under `dataDir`, plus what the use cases need besides. */
const onDisk = (dataDir: string) =>
  Layer.mergeAll(layerPgliteAll({ dataDir }), layerPlainRenderer, Links.layer("https://creneau.test"))

/** One data directory for the file, created (and initialized once) on first use, removed at the end. */
let shared: Promise<string> | undefined
const dataDir = Effect.promise(
  () =>
    (shared ??= mkdtemp(join(tmpdir(), "creneau-pglite-")).then(async (dir) => {
      await Effect.runPromise(Effect.provide(Effect.void, layerPgliteAll({ dataDir: dir })))
      return dir
    }))
)

/**
 * Run the booking process on `dir` and SIGKILL it a few milliseconds after its `kill`-th
 * acknowledgement (or after 20 s); the ids it acknowledged.
 */
const bookUntilKilled = (dir: string, booking: Record<string, string>, kill: number, delayMs: number) =>
  Effect.callback<{ readonly acknowledged: ReadonlyArray<string>; readonly stderr: string }>((resume) => {
    const child = spawn(
      process.execPath,
      ["--conditions=@creneau/source", "--import", "tsx", bookingProcess, dir, JSON.stringify(booking)],
      { cwd: packageDir, stdio: ["ignore", "pipe", "pipe"] }
    )
    const acknowledged: Array<string> = []
    let pending = ""
    let stderr = ""
    let killing = false
    const killNow = () => {
      killing = true
      child.kill("SIGKILL")
    }
    const deadline = setTimeout(killNow, 20_000)
    child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      const lines = (pending + chunk).split("\n")
      pending = lines.pop() ?? ""
      for (const line of lines) if (line.startsWith("apt_")) acknowledged.push(line)
      if (acknowledged.length >= kill && !killing) {
        killing = true
        setTimeout(() => child.kill("SIGKILL"), delayMs)
      }
    })
    child.stderr.setEncoding("utf8").on("data", (chunk: string) => {
      stderr += chunk
    })
    child.on("exit", () => {
      clearTimeout(deadline)
      resume(Effect.succeed({ acknowledged, stderr }))
    })
    return Effect.sync(() => {
      clearTimeout(deadline)
      child.kill("SIGKILL")
    })
  })

describe("PGlite on a data directory", () => {
  afterAll(async () => {
    if (shared !== undefined) await rm(await shared, { recursive: true, force: true })
  })

  it.live(
    "keeps what it committed across a restart",
    () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const booked = yield* Effect.gen(function* () {
          const salon = yield* seedSalon()
          const { appointment } = yield* createAppointment({
            businessId: salon.business.id,
            actor: salon.owner,
            input: decodeCreate({
              start: "2031-03-03T10:00:00+01:00",
              items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
              customer: { firstName: "Restart", lastName: "Test", email: "restart@example.test" }
            })
          })
          const messages = yield* (yield* Outbox).list(salon.business.id, { appointmentId: appointment.id })
          return { appointment, messages }
        }).pipe(Effect.provide(onDisk(dir)))
        assert.isAbove(booked.messages.length, 0)

        // A new PGlite instance on the same directory, after the first one was closed.
        yield* Effect.gen(function* () {
          const { appointment } = booked
          const stored = yield* (yield* AppointmentRepository).get(appointment.businessId, appointment.id)
          assert.deepStrictEqual(stored, appointment)
          const customer = yield* (yield* CustomerRepository).get(
            appointment.businessId,
            appointment.customerId!
          )
          assert.strictEqual(customer.email, "restart@example.test")
          const messages = yield* (yield* Outbox).list(appointment.businessId, {
            appointmentId: appointment.id
          })
          assert.deepStrictEqual(messages, booked.messages)
        }).pipe(Effect.provide(onDisk(dir)))
      }),
    60_000
  )

  it.live(
    "keeps every booking it acknowledged when its process is killed (SIGKILL) at different points",
    () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const salon = yield* seedSalon().pipe(Effect.provide(onDisk(dir)))
        const booking = {
          businessId: salon.business.id,
          serviceId: salon.haircut.id,
          staffId: salon.anna.id,
          customerId: salon.alice.id
        }
        const acknowledged: Array<string> = []
        // Kill a few milliseconds after the 30th, 35th, 40th acknowledgement: mid-booking or between.
        for (const [round, kill, delayMs] of [
          [0, 30, 0],
          [1, 35, 7],
          [2, 40, 23]
        ] as const) {
          const run = yield* bookUntilKilled(
            dir,
            { ...booking, firstDay: `${2031 + round}-01-01` },
            kill,
            delayMs
          )
          assert.isAtLeast(
            run.acknowledged.length,
            kill,
            `round ${round}: the process booked (${run.stderr})`
          )
          acknowledged.push(...run.acknowledged)

          yield* Effect.gen(function* () {
            const stored = yield* (yield* AppointmentRepository).list(salon.business.id, {})
            const storedIds = new Set<string>(stored.map((a) => a.id))
            const lost = acknowledged.filter((id) => !storedIds.has(id))
            assert.deepStrictEqual(lost, [], `round ${round}: acknowledged bookings lost`)
            const unacknowledged = stored.filter((a) => !acknowledged.includes(a.id))
            assert.isAtMost(unacknowledged.length, round + 1, "at most the booking in flight at each kill")
            const messages = yield* (yield* Outbox).list(salon.business.id, { limit: 10_000 })
            for (const appointment of stored) {
              assert.strictEqual(appointment.items.length, 1, "a stored booking has its item")
              assert.isAtLeast(appointment.history.length, 1, "and its history")
              assert.isTrue(
                messages.some((m) => m.appointmentId === appointment.id),
                "and its notifications"
              )
            }
          }).pipe(Effect.provide(onDisk(dir)))
        }
      }),
    60_000
  )

  it.live(
    "is opened by one process at a time; the lock of a process that is gone is taken over",
    () =>
      Effect.gen(function* () {
        const dir = yield* dataDir
        const lock = join(dir, LOCK_FILE)
        yield* Effect.scoped(
          Effect.gen(function* () {
            yield* Layer.build(layerPgliteAll({ dataDir: dir }))
            assert.isTrue(existsSync(lock))
            const refused = yield* Effect.flip(Layer.build(layerPgliteAll({ dataDir: dir })))
            assert.strictEqual(refused._tag, "PersistenceError")
            assert.include(
              String((refused as { readonly cause?: unknown }).cause),
              "already has this data directory open"
            )
          })
        )
        assert.isFalse(existsSync(lock), "released when closed")
        // The lock of a process killed without closing: its pid no longer runs.
        writeFileSync(lock, String(spawnSync(process.execPath, ["-e", ""]).pid))
        yield* Effect.scoped(Layer.build(layerPgliteAll({ dataDir: dir })))
        assert.isFalse(existsSync(lock))
      }),
    60_000
  )
})
