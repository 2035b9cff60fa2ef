import { assert, describe, it } from "@effect/vitest"
import { Effect, Schema } from "effect"
import { TestClock } from "effect/testing"
import {
  authenticate,
  createApiKey,
  listApiKeys,
  login,
  logout,
  revokeApiKey,
  SESSION_DAYS,
  SignupInput,
  signup
} from "../../src/application/Access.js"
import { layerTest } from "../../src/testing/index.js"
import { NOW } from "../support/salon.js"

const decodeSignup = Schema.decodeUnknownSync(SignupInput)

const open = signup(
  decodeSignup({
    businessName: "Studio Nord",
    timezone: "Europe/Brussels",
    locale: "fr",
    ownerName: "Nora",
    ownerEmail: "nora@studio.test",
    ownerPassword: "correct horse"
  })
)

describe("access", () => {
  it.effect("signs up a business whose first key authenticates as its owner", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW.epochMilliseconds)
      const { business, apiKey } = yield* open
      assert.match(apiKey, /^crn_[0-9a-f]{64}$/)
      const who = yield* authenticate(apiKey)
      assert.strictEqual(who.businessId, business.id)
      assert.strictEqual(who.actor.role, "owner")
      const again = yield* open.pipe(Effect.flip)
      assert.strictEqual(again._tag, "ValidationFailed", "one email, one account")
      // A key that does not exist is told as a key, not as a session.
      const mistyped = yield* authenticate(`${apiKey.slice(0, -1)}${apiKey.endsWith("0") ? "1" : "0"}`).pipe(
        Effect.flip
      )
      assert.strictEqual(mistyped._tag, "Unauthorized")
      assert.match(mistyped.message, /API key is unknown/)
      const session = yield* authenticate("not-a-session").pipe(Effect.flip)
      assert.strictEqual(session._tag, "Unauthorized")
      assert.match(session.message, /session is unknown or expired/)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("refuses a short password and an unknown zone", () =>
    Effect.sync(() => {
      assert.throws(() =>
        decodeSignup({
          businessName: "X",
          timezone: "Europe/Paris",
          ownerName: "Y",
          ownerEmail: "y@x.test",
          ownerPassword: "short"
        })
      )
      assert.throws(() =>
        decodeSignup({
          businessName: "X",
          timezone: "Nowhere/City",
          ownerName: "Y",
          ownerEmail: "y@x.test",
          ownerPassword: "long enough"
        })
      )
    })
  )

  it.effect("signs in with the password, expires sessions and signs out", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW.epochMilliseconds)
      yield* open
      const wrong = yield* login({ email: "nora@studio.test", password: "wrong horse" }).pipe(Effect.flip)
      assert.strictEqual(wrong._tag, "Unauthorized")
      const unknown = yield* login({ email: "nobody@studio.test", password: "correct horse" }).pipe(
        Effect.flip
      )
      assert.strictEqual(unknown.message, wrong.message, "no hint about which emails exist")
      const { token } = yield* login({ email: "NORA@studio.test", password: "correct horse" })
      assert.strictEqual((yield* authenticate(token)).actor.name, "Nora")
      yield* TestClock.adjust(`${SESSION_DAYS} days`)
      assert.strictEqual((yield* authenticate(token).pipe(Effect.flip))._tag, "Unauthorized")
      const second = yield* login({ email: "nora@studio.test", password: "correct horse" })
      yield* logout(second.token)
      assert.strictEqual((yield* authenticate(second.token).pipe(Effect.flip))._tag, "Unauthorized")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("creates keys within the creator's role, never shows them again, and revokes them", () =>
    Effect.gen(function* () {
      yield* TestClock.setTime(NOW.epochMilliseconds)
      const { business, apiKey } = yield* open
      const owner = (yield* authenticate(apiKey)).actor
      const admin = yield* createApiKey({
        businessId: business.id,
        actor: owner,
        input: { name: "Front desk", role: "admin" }
      })
      const adminActor = (yield* authenticate(admin.apiKey)).actor
      const escalate = yield* createApiKey({
        businessId: business.id,
        actor: adminActor,
        input: { name: "Sneaky", role: "owner" }
      }).pipe(Effect.flip)
      assert.strictEqual(escalate._tag, "Forbidden")
      const staffWithout = yield* createApiKey({
        businessId: business.id,
        actor: adminActor,
        input: { name: "Stylist", role: "staff" }
      }).pipe(Effect.flip)
      assert.strictEqual(staffWithout._tag, "ValidationFailed")
      const listed = yield* listApiKeys(business.id)
      assert.strictEqual(listed.length, 2)
      assert.isFalse(listed.some((k) => "keyHash" in k))
      yield* revokeApiKey(business.id, admin.id)
      assert.strictEqual((yield* authenticate(admin.apiKey).pipe(Effect.flip))._tag, "Unauthorized")
      const foreign = yield* revokeApiKey("biz_other", admin.id).pipe(Effect.flip)
      assert.strictEqual(foreign._tag, "NotFound")
    }).pipe(Effect.provide(layerTest))
  )
})
