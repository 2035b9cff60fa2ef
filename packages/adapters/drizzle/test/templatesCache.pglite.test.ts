/**
 * Kept templates, on PGlite (in memory): the template a message reads, or that there is none, is
 * answered again while the business's catalog is unchanged and for `ttlMillis` at most; a put or
 * a removal shows at once; inside a transaction nothing is taken or kept.
 */
import { type StoredTemplate, type TemplateKey, TemplateRepository, UnitOfWork } from "@creneau/core"
import { seedSalon } from "@creneau/core/testing"
import { assert, layer } from "@effect/vitest"
import { DateTime, Effect, Layer, Option } from "effect"
import { TestClock } from "effect/testing"
import { Database, layerPgliteAll, layerTemplateRepositoryWith, schema } from "../src/index.js"
import { assertKeptFor, assertTransactionsReadAfresh } from "./support/kept.js"

/** One database for the tests (each seeds a business of its own); templates kept 1 s. */
const persistence = layerTemplateRepositoryWith({ ttlMillis: 1_000 }).pipe(
  Layer.provideMerge(layerPgliteAll())
)

const key: TemplateKey = { event: "confirmed", recipient: "customer", channel: "email" }

const stored = Effect.gen(function* () {
  const salon = yield* seedSalon()
  const templates = yield* TemplateRepository
  const template = (subject: string): StoredTemplate => ({
    businessId: salon.business.id,
    ...key,
    subject,
    text: "See you {{start}}",
    html: null,
    updatedAt: DateTime.makeUnsafe(Date.parse("2026-11-23T08:00:00Z"))
  })
  return { templates, template, get: templates.get(salon.business.id, key), businessId: salon.business.id }
})

layer(persistence)("kept templates", (it) => {
  it.effect("answers a template again while it is unchanged, and for its time to live at most", () =>
    Effect.gen(function* () {
      const { templates, template, get } = yield* stored
      yield* templates.put(template("Booked"))
      assert.deepStrictEqual(yield* assertKeptFor(get, 1_000), Option.some(template("Booked")))
    })
  )

  it.effect("keeps that there is none, and shows a put, a change and a removal at once", () =>
    Effect.gen(function* () {
      const { templates, template, get, businessId } = yield* stored
      assert.isTrue(Option.isNone(yield* get))
      // A row written behind the repository's back (no mark): that there was none is still answered
      // until it expires.
      const db = yield* Database
      yield* db.query("test.insertTemplate", (q) =>
        q.insert(schema.notificationTemplates).values({ businessId, ...key, subject: "Behind", body: "Hi" })
      )
      assert.isTrue(Option.isNone(yield* get), "none is kept too")
      yield* TestClock.adjust(1_000)
      assert.strictEqual(Option.getOrThrow(yield* get).subject, "Behind", "until it expires")
      yield* templates.put(template("Booked"))
      assert.deepStrictEqual(yield* get, Option.some(template("Booked")))
      yield* templates.put(template("Booked, see you soon"))
      assert.deepStrictEqual(yield* get, Option.some(template("Booked, see you soon")))
      assert.isTrue(yield* templates.remove(businessId, key))
      assert.isTrue(Option.isNone(yield* get))
    })
  )

  it.effect("inside a transaction takes nothing kept and keeps nothing", () =>
    Effect.gen(function* () {
      const { templates, template, get } = yield* stored
      yield* templates.put(template("Booked"))
      const uow = yield* UnitOfWork
      yield* assertTransactionsReadAfresh(get)
      // A put inside a transaction shows in it, and outside once committed.
      const seen = yield* uow.transaction(
        Effect.gen(function* () {
          yield* templates.put(template("Changed"))
          return yield* get
        })
      )
      assert.deepStrictEqual(seen, Option.some(template("Changed")))
      assert.deepStrictEqual(yield* get, Option.some(template("Changed")))
    })
  )
})
