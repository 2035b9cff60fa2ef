/**
 * An app over the core's in-memory ports and the real notification templates, with a clock that starts on Monday 2 March 2026 at
 * 08:00 in Paris, two seeded salons (A and B) and API keys for each role of salon A.
 */
import { type AppointmentRepository, createApiKey, deliverDueMessages, type Role } from "@creneau/core"
import { layerTest, seedSalon } from "@creneau/core/testing"
import { layer as layerMessages } from "@creneau/messages"
import { Clock, Effect, Layer, ManagedRuntime } from "effect"
import { type AppOptions, makeApp, silentLogger } from "../../src/index.js"
import { jsonOf } from "./json.js"

/** Monday 2 March 2026, 08:00 in Paris (UTC+1). */
export const NOW = Date.parse("2026-03-02T07:00:00Z")

/** A clock running from NOW (time still passes, so histories stay ordered). */
export const layerClockFrom = (start: number) => {
  const offset = start - Date.now()
  const millis = () => Date.now() + offset
  const live = Clock.Clock.defaultValue()
  const clock: Clock.Clock = {
    currentTimeMillisUnsafe: millis,
    currentTimeMillis: Effect.sync(millis),
    currentTimeNanosUnsafe: () => BigInt(millis()) * 1_000_000n,
    currentTimeNanos: Effect.sync(() => BigInt(millis()) * 1_000_000n),
    monotonicTimeNanosUnsafe: () => live.monotonicTimeNanosUnsafe(),
    monotonicTimeNanos: live.monotonicTimeNanos,
    sleep: (duration) => live.sleep(duration)
  }
  return Layer.succeed(Clock.Clock, clock)
}

const keyFor = (businessId: string, role: Role, staffId?: string) =>
  createApiKey({
    businessId,
    actor: { _tag: "user", id: "usr_seed" as never, name: "Seed", role: "owner", staffId: null },
    input: { name: `${role} key`, role, ...(staffId !== undefined && { staffId: staffId as never }) }
  }).pipe(Effect.map((k) => k.apiKey))

export const makeHarness = async (
  options: Partial<Omit<AppOptions, "runtime">> = {},
  /** Services replacing those of the in-memory kit (to make a port fail). */
  override: Layer.Layer<never> | Layer.Layer<AppointmentRepository> = Layer.empty
) => {
  const runtime = ManagedRuntime.make(
    Layer.mergeAll(Layer.provideMerge(layerMessages, layerTest), layerClockFrom(NOW), override)
  )
  const seeded = await runtime.runPromise(
    Effect.gen(function* () {
      const a = yield* seedSalon()
      const b = yield* seedSalon()
      return {
        a,
        b,
        keys: {
          owner: yield* keyFor(a.business.id, "owner"),
          admin: yield* keyFor(a.business.id, "admin"),
          anna: yield* keyFor(a.business.id, "staff", a.anna.id),
          ben: yield* keyFor(a.business.id, "staff", a.ben.id),
          otherOwner: yield* keyFor(b.business.id, "owner")
        }
      }
    })
  )
  const app = makeApp({ runtime, logger: silentLogger, secureCookies: false, ...options })

  type Who = keyof typeof seeded.keys | null
  const request = (
    method: string,
    path: string,
    init: { readonly as?: Who; readonly body?: unknown; readonly headers?: Record<string, string> } = {}
  ) => {
    const as = init.as === undefined ? "owner" : init.as
    const headers: Record<string, string> = {
      ...(as !== null && { Authorization: `Bearer ${seeded.keys[as]}` }),
      ...(init.body !== undefined && { "Content-Type": "application/json" }),
      ...init.headers
    }
    return app.request(path, {
      method,
      headers,
      ...(init.body !== undefined && {
        body: typeof init.body === "string" ? init.body : JSON.stringify(init.body)
      })
    })
  }
  const json = jsonOf
  /** A worker's round: the due messages rendered and sent (to the in-memory transports). */
  const deliver = () => runtime.runPromise(deliverDueMessages(100))

  return { app, runtime, ...seeded, request, json, deliver }
}

export type Harness = Awaited<ReturnType<typeof makeHarness>>

/** Tuesday 10 March 2026 at `time` in Paris (UTC+1). */
export const tuesday = (time: string) => `2026-03-10T${time}:00+01:00`

/** The token at the end of an action link. */
export const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!

/** The last action link `key` sent for an appointment. */
export const linkOf = async (h: Harness, appointmentId: string, key: string): Promise<string> => {
  const res = await h.request("GET", `/v1/outbox?appointmentId=${appointmentId}`)
  const { items } = await h.json(res)
  const found = [...items]
    .reverse()
    .find((m: { links: Record<string, string> }) => m.links[key] !== undefined)
  if (found === undefined) throw new Error(`No ${key} link for ${appointmentId}`)
  return tokenOf(found.links[key])
}
