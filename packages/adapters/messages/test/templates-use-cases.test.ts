/**
 * The renderer and the core's template use cases together, on the core's in-memory store: what a
 * booking writes to the outbox, a business's own template replacing the default (and the default
 * coming back on reset or when the business's template fails), listing, validation and preview.
 */
import {
  CreateAppointmentInput,
  cancelAppointment,
  createAppointment,
  deliverDueMessages,
  listTemplates,
  Outbox,
  previewTemplate,
  putTemplate,
  resetTemplate,
  type TemplateKey,
  TemplateRepository,
  updateBusiness
} from "@creneau/core"
import { layerTest, seedSalon } from "@creneau/core/testing"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Layer, Schema } from "effect"
import { TestClock } from "effect/testing"
import { layer } from "../src/index.js"
import { icsValues } from "./support/world.js"

const layerMessages = Layer.provideMerge(layer, layerTest)

/** Monday 2 March 2026, 08:00 in Paris. */
const NOW = DateTime.makeUnsafe("2026-03-02T07:00:00Z")
const decodeCreate = Schema.decodeUnknownSync(CreateAppointmentInput)

const salonAtNow = Effect.gen(function* () {
  yield* TestClock.setTime(NOW.epochMilliseconds)
  return yield* seedSalon()
})
type Salon = Effect.Success<typeof salonAtNow>

const book = (salon: Salon, start: string) =>
  Effect.map(
    createAppointment({
      businessId: salon.business.id,
      actor: salon.owner,
      input: decodeCreate({
        start,
        items: [{ serviceId: salon.haircut.id, staffId: salon.anna.id }],
        customerId: salon.alice.id
      })
    }),
    (r) => r.appointment
  )

/** The appointment's messages, those due now sent first (they are rendered as they are sent). */
const messagesOf = (salon: Salon, appointmentId: string) =>
  Effect.andThen(
    deliverDueMessages(100),
    Effect.flatMap(Effect.service(Outbox), (o) => o.list(salon.business.id, { appointmentId }))
  )

const plain = (s: string | null) => (s ?? "").replace(/[\u202f\u00a0]/g, " ")

const confirmedCustomer: TemplateKey = { event: "confirmed", recipient: "customer", channel: "email" }

describe("publishing with the templates", () => {
  it.effect("a booking's messages are the default templates in the business's language", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const appointment = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const messages = yield* messagesOf(salon, appointment.id)
      const confirmation = messages.find((m) => m.event === "confirmed" && m.recipientRole === "customer")!
      assert.strictEqual(
        plain(confirmation.subject),
        "Rendez-vous confirmé le mardi 10 mars 2026 – Salon Lumière"
      )
      assert.include(plain(confirmation.text), "Bonjour Alice,")
      assert.include(plain(confirmation.text), "- Haircut : 30 min, 35,00 €, avec Anna")
      assert.include(confirmation.text, `Modifier ou annuler : ${confirmation.links.manage}`)
      assert.include(confirmation.html!, `<a href="${confirmation.links.manage}"`)
      assert.strictEqual(confirmation.attachments.length, 1)
      const ics = Buffer.from(confirmation.attachments[0]!.content, "base64").toString("utf8")
      assert.deepStrictEqual(icsValues(ics, "UID"), [`${appointment.id}@creneau`])
      assert.deepStrictEqual(icsValues(ics, "METHOD"), ["REQUEST"])
      const staff = messages.find((m) => m.recipientRole === "staff")!
      assert.include(staff.text, "Bonjour Anna,")

      // Cancelled with a personal message: the client reads it, and the calendar entry goes.
      yield* cancelAppointment({
        businessId: salon.business.id,
        appointmentId: appointment.id,
        actor: salon.owner,
        input: { message: "Le salon ferme exceptionnellement." }
      })
      const cancellation = (yield* messagesOf(salon, appointment.id)).find(
        (m) => m.event === "cancelled" && m.recipientRole === "customer"
      )!
      assert.include(cancellation.text, "Le salon ferme exceptionnellement.")
      const cancel = Buffer.from(cancellation.attachments[0]!.content, "base64").toString("utf8")
      assert.deepStrictEqual(icsValues(cancel, "METHOD"), ["CANCEL"])
      assert.deepStrictEqual(icsValues(cancel, "UID"), [`${appointment.id}@creneau`])
      assert.isAbove(Number(icsValues(cancel, "SEQUENCE")[0]), Number(icsValues(ics, "SEQUENCE")[0]))

      yield* updateBusiness(salon.business.id, { locale: "en" })
      const later = yield* book(salon, "2026-03-11T10:00:00+01:00")
      const english = (yield* messagesOf(salon, later.id)).find(
        (m) => m.event === "confirmed" && m.recipientRole === "customer"
      )!
      assert.strictEqual(
        plain(english.subject),
        "Appointment confirmed on Wednesday, March 11, 2026 – Salon Lumière"
      )
    }).pipe(Effect.provide(layerMessages))
  )

  it.effect("the business's own template is used for its key; a reset brings the default back", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      yield* putTemplate({
        businessId: salon.business.id,
        key: confirmedCustomer,
        input: {
          subject: "Votre créneau chez {{ business.name }} : {{ startTime }}",
          text: "À bientôt {{ client.firstName }} ! {{ links.manage }}",
          html: '<p>À bientôt {{ client.firstName }} !</p>{% render "button", url: links.manage, label: "Gérer" %}'
        }
      })
      const first = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const messages = yield* messagesOf(salon, first.id)
      const own = messages.find((m) => m.event === "confirmed" && m.recipientRole === "customer")!
      assert.strictEqual(plain(own.subject), "Votre créneau chez Salon Lumière : 10:00")
      assert.strictEqual(own.text, `À bientôt Alice ! ${own.links.manage}`)
      assert.include(own.html!, "<p>À bientôt Alice !</p>")
      assert.include(own.html!, '<html lang="fr">')
      assert.strictEqual(own.attachments.length, 1)
      // The staff member's message of the same event keeps its default.
      assert.include(messages.find((m) => m.recipientRole === "staff")!.text, "Bonjour Anna,")

      yield* resetTemplate(salon.business.id, confirmedCustomer)
      const second = yield* book(salon, "2026-03-10T11:00:00+01:00")
      const back = (yield* messagesOf(salon, second.id)).find(
        (m) => m.event === "confirmed" && m.recipientRole === "customer"
      )!
      assert.match(plain(back.subject), /^Rendez-vous confirmé le/)
    }).pipe(Effect.provide(layerMessages))
  )

  it.effect("a reminder is written when it is sent: with the template as it is then", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const appointment = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const planned = (yield* messagesOf(salon, appointment.id)).find((m) => m.event === "reminder")!
      assert.strictEqual(planned.status, "pending")
      assert.isNull(planned.subject, "not written while it waits")
      const reminder: TemplateKey = { event: "reminder", recipient: "customer", channel: "email" }
      yield* putTemplate({
        businessId: salon.business.id,
        key: reminder,
        input: { subject: "N'oubliez pas : {{ startTime }}", text: "À demain {{ client.firstName }}." }
      })
      yield* TestClock.setTime(planned.sendAfter.epochMilliseconds)
      const sent = (yield* messagesOf(salon, appointment.id)).find((m) => m.id === planned.id)!
      assert.strictEqual(sent.status, "sent")
      assert.strictEqual(plain(sent.subject), "N'oubliez pas : 10:00")
      assert.strictEqual(sent.text, "À demain Alice.")
    }).pipe(Effect.provide(layerMessages))
  )

  it.effect("a stored template that fails to render does not lose the message: the default is sent", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      // Written behind the use case's back (as one saved before a variable was withdrawn would be).
      yield* (yield* TemplateRepository).put({
        businessId: salon.business.id,
        ...confirmedCustomer,
        subject: "{{ client.nickname }}",
        text: "Hello",
        html: null,
        updatedAt: NOW
      })
      const appointment = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const confirmation = (yield* messagesOf(salon, appointment.id)).find(
        (m) => m.event === "confirmed" && m.recipientRole === "customer"
      )!
      assert.match(plain(confirmation.subject), /^Rendez-vous confirmé le mardi 10 mars 2026/)
      assert.isNotNull(confirmation.html)
    }).pipe(Effect.provide(layerMessages))
  )
})

describe("managing templates", () => {
  it.effect("lists every key: the defaults in the business's language, its own marked as such", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const before = yield* listTemplates(salon.business.id)
      assert.strictEqual(before.length, 17)
      assert.isTrue(before.every((t) => t.isDefault && t.updatedAt === null))
      const confirmed = before.find((t) => t.event === "confirmed" && t.recipient === "customer")!
      assert.match(confirmed.subject, /^Rendez-vous confirmé/)
      const names = confirmed.variables.map((v) => v.name)
      for (const name of [
        "client.name",
        "services[].price",
        "totalDuration",
        "seriesDates",
        "links.manage"
      ]) {
        assert.include(names, name)
      }
      assert.notInclude(names, "links.approve")
      assert.notInclude(names, "message")
      const cancelled = before.find((t) => t.event === "cancelled" && t.recipient === "customer")!
      assert.include(
        cancelled.variables.map((v) => v.name),
        "message"
      )

      yield* putTemplate({
        businessId: salon.business.id,
        key: confirmedCustomer,
        input: { subject: "Confirmé", text: "Le {{ start }}" }
      })
      const after = yield* listTemplates(salon.business.id)
      const own = after.find((t) => t.event === "confirmed" && t.recipient === "customer")!
      assert.deepInclude(own, { isDefault: false, subject: "Confirmé", text: "Le {{ start }}", html: null })
      assert.strictEqual(own.updatedAt?.epochMilliseconds, NOW.epochMilliseconds)
      assert.strictEqual(after.filter((t) => !t.isDefault).length, 1)
    }).pipe(Effect.provide(layerMessages))
  )

  it.effect("refuses a template that does not parse or reads what its message does not offer", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const put = (key: TemplateKey, input: { subject: string; text: string; html?: string | null }) =>
        Effect.flip(putTemplate({ businessId: salon.business.id, key, input }))

      const unknown = yield* put(confirmedCustomer, {
        subject: "{{ client.nickname }}",
        text: "{% for s in services %}{{ s.nme }}{% endfor %} {{ links.approve }} {{ message }}",
        html: "<p>{{ client.name }}</p>"
      })
      assert.strictEqual(unknown._tag, "ValidationFailed")
      if (unknown._tag !== "ValidationFailed") return
      assert.deepStrictEqual(unknown.errors, [
        { path: "subject", message: "Unknown variable: client.nickname" },
        { path: "text", message: "Unknown variable: links.approve" },
        { path: "text", message: "Unknown variable: message" },
        { path: "text", message: "Unknown variable: services[].nme" }
      ])
      assert.include(unknown.message, "client.nickname, links.approve, message, services[].nme")

      const syntax = yield* put(confirmedCustomer, {
        subject: "Ok",
        text: "Ok",
        html: "{% if client %}<p>open"
      })
      assert.strictEqual(syntax._tag, "ValidationFailed")
      if (syntax._tag === "ValidationFailed") assert.strictEqual(syntax.errors[0]?.path, "html")

      const sms = yield* put(
        { event: "reminder", recipient: "customer", channel: "sms" },
        { subject: "", text: "{{ start }}", html: "<p>no</p>" }
      )
      assert.deepInclude(sms, { _tag: "ValidationFailed" })
      if (sms._tag === "ValidationFailed")
        assert.deepStrictEqual(sms.errors, [{ path: "html", message: "An SMS has no HTML part." }])

      const blank = yield* put(confirmedCustomer, { subject: "  ", text: "" })
      if (blank._tag === "ValidationFailed") {
        assert.sameMembers(
          blank.errors.map((e) => e.path),
          ["subject", "text"]
        )
      } else assert.fail("expected ValidationFailed")

      // A key the planner never writes has no template.
      const none = yield* put(
        { event: "confirm_request", recipient: "staff", channel: "email" },
        { subject: "x", text: "x" }
      )
      assert.strictEqual(none._tag, "NotFound")
      // Nothing was saved.
      assert.deepStrictEqual(yield* (yield* TemplateRepository).list(salon.business.id), [])
    }).pipe(Effect.provide(layerMessages))
  )

  it.effect("previews a template on a real appointment without writing or sending anything", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const appointment = yield* book(salon, "2026-03-10T10:00:00+01:00")
      const outboxBefore = yield* messagesOf(salon, appointment.id)

      const given = yield* previewTemplate({
        businessId: salon.business.id,
        key: { event: "cancelled", recipient: "customer", channel: "email" },
        input: {
          appointmentId: appointment.id,
          text: "Annulé : {{ start }}, {{ services | map: 'name' | join: ', ' }}"
        }
      })
      assert.strictEqual(plain(given.text), "Annulé : mardi 10 mars 2026 à 10:00, Haircut")
      assert.match(plain(given.subject), /^Rendez-vous annulé : mardi 10 mars 2026/)
      assert.include(given.html!, "https://creneau.test/book/")
      assert.deepStrictEqual(
        given.attachments.map((a) => a.filename),
        ["invite.ics"]
      )

      const staff = yield* previewTemplate({
        businessId: salon.business.id,
        key: { event: "pending", recipient: "staff", channel: "email" },
        input: { appointmentId: appointment.id }
      })
      assert.include(staff.text, "Bonjour Anna,")
      assert.include(staff.text, "https://creneau.test/staff-actions/preview?action=approve")
      assert.include(staff.text, "https://creneau.test/staff-actions/preview?action=reject")

      const sms = yield* previewTemplate({
        businessId: salon.business.id,
        key: { event: "reminder", recipient: "customer", channel: "sms" },
        input: { appointmentId: appointment.id }
      })
      assert.isNull(sms.html)
      assert.match(
        plain(sms.text),
        /^Salon Lumière : rappel de votre rendez-vous le mardi 10 mars 2026 à 10:00/
      )

      assert.deepStrictEqual(yield* messagesOf(salon, appointment.id), outboxBefore)
      assert.deepStrictEqual(yield* (yield* TemplateRepository).list(salon.business.id), [])

      const bad = yield* Effect.flip(
        previewTemplate({
          businessId: salon.business.id,
          key: confirmedCustomer,
          input: { appointmentId: appointment.id, subject: "{{ nope }}" }
        })
      )
      assert.strictEqual(bad._tag, "ValidationFailed")
      const missing = yield* Effect.flip(
        previewTemplate({
          businessId: salon.business.id,
          key: confirmedCustomer,
          input: { appointmentId: "apt_404" }
        })
      )
      assert.strictEqual(missing._tag, "NotFound")
    }).pipe(Effect.provide(layerMessages))
  )
})
