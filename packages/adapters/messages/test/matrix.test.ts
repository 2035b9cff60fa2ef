/**
 * The §7 matrix over the real planner and the default templates: for each event, what the client
 * and the staff member receive (event, action links as URLs and buttons, calendar file), the
 * personal cancellation message, nothing with `no_message`, nothing to the staff member on
 * completion or no-show; one confirmation per series listing its dates; a multi-service
 * appointment's services and total duration; dates, times and money in the business's zone,
 * language and currency; calendar entries that update and cancel the same entry.
 */
import {
  type Appointment,
  type Business,
  type DomainEvent,
  type LinkKey,
  MessageRenderer,
  type NotificationEvent,
  type NotificationIntent,
  type NotificationPlan,
  planNotifications,
  planSeriesCreated,
  type RenderedMessage
} from "@creneau/core"
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect } from "effect"
import { layerDefaultsOnly, layerDefaultsOnlyWith } from "../src/index.js"
import {
  type AppointmentOptions,
  anna,
  appointmentOf,
  approved,
  at,
  ben,
  businessOf,
  camille,
  cancelled,
  colour,
  completed,
  created,
  haircut,
  icsOf,
  icsValues,
  linksOf,
  noShowMarked,
  now,
  rejected,
  rescheduled,
  settings,
  staff
} from "./support/world.js"

interface Rendered {
  readonly intent: NotificationIntent
  readonly links: Record<string, string>
  readonly message: RenderedMessage
}

/** Intl writes narrow and no-break spaces in times and amounts: compare with plain spaces. */
const plain = (s: string | null): string => (s ?? "").replace(/[\u202f\u00a0]/g, " ")

const renderPlan = (plan: NotificationPlan, business: Business, appointments: ReadonlyArray<Appointment>) =>
  Effect.gen(function* () {
    const renderer = yield* MessageRenderer
    const byId = new Map(appointments.map((a) => [a.id as string, a]))
    return yield* Effect.forEach(plan.intents, (intent) => {
      const links = linksOf(intent)
      return Effect.map(
        renderer.render({
          intent,
          business,
          appointment: byId.get(intent.appointmentId)!,
          customer: camille,
          staff,
          links
        }),
        (message): Rendered => ({ intent, links, message })
      )
    })
  })

const renderEvent = (event: DomainEvent, business: Business = businessOf()) =>
  renderPlan(planNotifications({ event, business, customer: camille, staff, now }), business, [
    event.appointment
  ])

const escapeHtml = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
/** What a reader sees of an HTML part: no tags, entities decoded. */
const textOf = (html: string) =>
  plain(html)
    .replace(/<[^>]+>/g, "")
    .replace(/&#39;/g, "'")
    .replace(/&#34;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
const urlsIn = (text: string) => [...text.matchAll(/https:\/\/creneau\.test\/\S+/g)].map((m) => m[0])
const hrefsIn = (html: string) => [...html.matchAll(/<a href="([^"]*)"/g)].map((m) => m[1]!)

/** Rendered, with no Liquid left and nothing that reads as a missing value. */
const assertClean = (r: Rendered) => {
  for (const part of [r.message.subject, r.message.text, r.message.html ?? ""]) {
    assert.notMatch(part, /\{\{|\{%|undefined|\[object|NaN/, `${r.intent.event}/${r.intent.recipientRole}`)
  }
  assert.isAbove(r.message.subject.length, 5)
  assert.notInclude(r.message.subject, "\n")
}

interface Expected {
  readonly event: NotificationEvent
  readonly links: ReadonlyArray<LinkKey>
  readonly ics: "REQUEST" | "CANCEL" | null
  /** Said in the text and in the HTML part. */
  readonly says?: ReadonlyArray<string>
  readonly subject?: RegExp
}

interface Row {
  readonly name: string
  readonly event: DomainEvent
  readonly customer: Expected | null
  readonly staff: Expected | null
}

const pending = (o: AppointmentOptions = {}) =>
  appointmentOf({ status: "pending", pendingReason: "staff_approval", ...o })

const rows: ReadonlyArray<Row> = [
  {
    name: "created pending (staff_approval)",
    event: created(pending()),
    customer: {
      event: "pending",
      links: ["manage", "newBooking"],
      ics: null,
      says: ["Nous avons bien reçu votre demande de rendez-vous"]
    },
    staff: { event: "pending", links: ["approve", "reject"], ics: null, says: ["attend votre approbation"] }
  },
  {
    name: "created pending (client_confirmation)",
    event: created(pending({ pendingReason: "client_confirmation" })),
    customer: {
      event: "confirm_request",
      links: ["confirm", "manage"],
      ics: null,
      says: ["Merci de le confirmer"]
    },
    staff: {
      event: "confirmed",
      links: [],
      ics: null,
      says: ["Le client doit encore le confirmer."],
      subject: /^Nouveau rendez-vous : Camille Durand/
    }
  },
  {
    name: "created approved",
    event: created(appointmentOf()),
    customer: {
      event: "confirmed",
      links: ["manage", "newBooking"],
      ics: "REQUEST",
      says: ["est confirmé le mardi 10 mars 2026 à 10:00"],
      subject: /^Rendez-vous confirmé le mardi 10 mars 2026 – Salon Lumière$/
    },
    staff: {
      event: "confirmed",
      links: ["reject"],
      ics: null,
      says: ["Un nouveau rendez-vous est prévu"],
      subject: /^Nouveau rendez-vous : Camille Durand, mardi 10 mars 2026 à 10:00$/
    }
  },
  {
    name: "created approved with no_message",
    event: created(appointmentOf(), { customer: false, staff: true }),
    customer: null,
    staff: { event: "confirmed", links: ["reject"], ics: null }
  },
  {
    name: "approved from pending",
    event: approved(appointmentOf({ version: 2, history: ["created", "approved"] })),
    customer: { event: "confirmed", links: ["manage", "newBooking"], ics: "REQUEST" },
    staff: {
      event: "confirmed",
      links: ["reject"],
      ics: null,
      says: ["Le rendez-vous est approuvé"],
      subject: /^Rendez-vous approuvé : /
    }
  },
  {
    name: "cancelled with a personal message",
    event: cancelled(
      appointmentOf({ status: "cancelled", version: 2 }),
      "Nous devons fermer ce jour-là. Toutes nos excuses !"
    ),
    customer: {
      event: "cancelled",
      links: ["newBooking"],
      ics: "CANCEL",
      says: ["est annulé", "Message de Salon Lumière", "Nous devons fermer ce jour-là. Toutes nos excuses !"]
    },
    staff: { event: "cancelled", links: [], ics: null, says: ["est annulé"] }
  },
  {
    name: "rejected with a reason",
    event: rejected(pending({ status: "rejected", version: 2 }), "Plus de créneau ce jour-là"),
    customer: {
      event: "rejected",
      links: ["newBooking"],
      ics: null,
      says: ["Motif : Plus de créneau ce jour-là"]
    },
    staff: { event: "rejected", links: [], ics: null, says: ["Motif : Plus de créneau ce jour-là"] }
  },
  {
    name: "rescheduled",
    event: rescheduled(appointmentOf({ status: "rescheduled", version: 2 }), at("2026-03-09T14:00:00Z")),
    customer: {
      event: "rescheduled",
      links: ["manage"],
      ics: "REQUEST",
      says: ["mardi 10 mars 2026 à 10:00", "lundi 9 mars 2026 à 15:00"]
    },
    staff: { event: "rescheduled", links: [], ics: null, says: ["lundi 9 mars 2026 à 15:00"] }
  },
  {
    name: "completed",
    event: completed(appointmentOf({ status: "completed", version: 2 })),
    customer: { event: "follow_up", links: ["newBooking"], ics: null, says: ["Merci d'être venu(e)"] },
    staff: null
  },
  {
    name: "no-show marked",
    event: noShowMarked(appointmentOf({ status: "completed", noShow: true, version: 2 }), true),
    customer: { event: "missed", links: ["newBooking"], ics: null, says: ["vous n'êtes pas venu(e)"] },
    staff: null
  },
  {
    name: "no-show marked without the missed-appointment email",
    event: noShowMarked(appointmentOf({ status: "completed", noShow: true, version: 2 }), false),
    customer: null,
    staff: null
  }
]

const checkMessage = (r: Rendered, expected: Expected) => {
  assert.strictEqual(r.intent.event, expected.event)
  assert.deepStrictEqual([...r.intent.links].sort(), [...expected.links].sort())
  assertClean(r)
  const urls = expected.links.map((key) => r.links[key]!)
  // Every link of the message is in the text and is a button of the HTML part; no other link is.
  assert.sameMembers([...new Set(urlsIn(r.message.text))], urls, "links in the text")
  const html = r.message.html!
  assert.match(html, /^<!DOCTYPE html>\n<html lang="fr">/)
  assert.sameMembers([...new Set(hrefsIn(html))], urls.map(escapeHtml), "buttons in the HTML part")
  for (const said of expected.says ?? []) {
    assert.include(plain(r.message.text), said)
    assert.include(textOf(html), said)
  }
  if (expected.subject !== undefined) assert.match(plain(r.message.subject), expected.subject)
  const ics = icsOf(r.message.attachments)
  if (expected.ics === null) {
    assert.deepStrictEqual(r.message.attachments, [])
  } else {
    assert.strictEqual(
      r.message.attachments[0]!.contentType,
      `text/calendar; charset=utf-8; method=${expected.ics}`
    )
    assert.deepStrictEqual(icsValues(ics!, "METHOD"), [expected.ics])
  }
}

describe("the §7 matrix with the default templates", () => {
  for (const row of rows) {
    it.effect(`${row.name}: the client`, () =>
      Effect.gen(function* () {
        const sent = (yield* renderEvent(row.event)).filter(
          (r) => r.intent.recipientRole === "customer" && r.intent.event !== "reminder"
        )
        if (row.customer === null) return assert.deepStrictEqual(sent, [])
        assert.strictEqual(sent.length, 1)
        assert.strictEqual(sent[0]!.intent.to, camille.email)
        checkMessage(sent[0]!, row.customer)
      }).pipe(Effect.provide(layerDefaultsOnly))
    )

    it.effect(`${row.name}: the staff member`, () =>
      Effect.gen(function* () {
        const sent = (yield* renderEvent(row.event)).filter(
          (r) => r.intent.recipientRole === "staff" && r.intent.event !== "reminder"
        )
        if (row.staff === null) return assert.deepStrictEqual(sent, [])
        assert.strictEqual(sent.length, 1)
        assert.strictEqual(sent[0]!.intent.to, anna.email)
        assert.include(sent[0]!.message.text, "Bonjour Anna,")
        checkMessage(sent[0]!, row.staff)
      }).pipe(Effect.provide(layerDefaultsOnly))
    )
  }
})

describe("reminders", () => {
  const business = businessOf({
    notifications: settings({
      reminders: [{ offsetMinutes: 24 * 60, channels: ["email", "sms"], recipients: ["customer", "staff"] }]
    })
  })

  it.effect("by email with their links, by SMS as text only; one for a multi-service appointment", () =>
    Effect.gen(function* () {
      const appointment = appointmentOf({ services: [haircut, colour] })
      const reminders = (yield* renderEvent(created(appointment), business)).filter(
        (r) => r.intent.event === "reminder"
      )
      const of = (role: string, channel: string) =>
        reminders.filter((r) => r.intent.recipientRole === role && r.intent.channel === channel)
      assert.strictEqual(of("customer", "email").length, 1)
      assert.strictEqual(of("customer", "sms").length, 1)
      // Both staff members of the appointment, once each per channel.
      assert.sameMembers(
        of("staff", "email").map((r) => r.intent.to),
        [anna.email, ben.email]
      )

      const email = of("customer", "email")[0]!
      checkMessage(email, {
        event: "reminder",
        links: ["manage", "newBooking"],
        ics: null,
        says: ["Coupe : 30 min", "Couleur : 1 h 30", "Durée totale : 2 h"]
      })
      const staffEmail = of("staff", "email").find((r) => r.intent.to === ben.email)!
      checkMessage(staffEmail, { event: "reminder", links: ["reject"], ics: null, says: ["Bonjour Ben,"] })

      const sms = of("customer", "sms")[0]!
      assert.isNull(sms.message.html)
      assert.deepStrictEqual(sms.message.attachments, [])
      assert.strictEqual(
        plain(sms.message.text),
        "Salon Lumière : rappel de votre rendez-vous le mardi 10 mars 2026 à 10:00 (Coupe, Couleur)."
      )
      assert.isBelow(sms.message.text.length, 160)
      const staffSms = of("staff", "sms").find((r) => r.intent.to === anna.phone)!
      assert.strictEqual(
        plain(staffSms.message.text),
        "Rappel : mardi 10 mars 2026 à 10:00, Camille Durand (Coupe, Couleur)."
      )
    }).pipe(Effect.provide(layerDefaultsOnly))
  )
})

describe("what a message says", () => {
  it.effect("a multi-service appointment lists each service with its duration, price and staff member", () =>
    Effect.gen(function* () {
      const appointment = appointmentOf({ services: [haircut, colour] })
      const sent = yield* renderEvent(created(appointment))
      const confirmation = sent.find((r) => r.intent.recipientRole === "customer")!
      const text = plain(confirmation.message.text)
      assert.include(text, "- Coupe : 30 min, 35,00 €, avec Anna\n- Couleur : 1 h 30, 80,00 €, avec Ben")
      assert.include(text, "Durée totale : 2 h · Total : 115,00 €")
      const html = plain(confirmation.message.html)
      assert.include(
        html,
        "<li>Coupe : 30 min, 35,00 €, avec Anna</li><li>Couleur : 1 h 30, 80,00 €, avec Ben</li>"
      )
      // Each staff member of the appointment is told once.
      assert.sameMembers(
        sent.filter((r) => r.intent.recipientRole === "staff").map((r) => r.intent.to),
        [anna.email, ben.email]
      )
    }).pipe(Effect.provide(layerDefaultsOnly))
  )

  it.effect("dates, times and money in the business's zone, language and currency", () =>
    Effect.gen(function* () {
      const paris = (yield* renderEvent(created(appointmentOf()))).find(
        (r) => r.intent.recipientRole === "customer"
      )!
      assert.include(
        plain(paris.message.text),
        "Votre rendez-vous chez Salon Lumière est confirmé le mardi 10 mars 2026 à 10:00."
      )
      assert.include(plain(paris.message.text), "Coupe : 30 min, 35,00 €")

      const newYork = businessOf({
        timezone: "America/New_York",
        locale: "en",
        currency: "USD",
        name: "Studio Hudson"
      })
      const sent = yield* renderEvent(created(appointmentOf({ currency: "USD" })), newYork)
      const confirmation = sent.find((r) => r.intent.recipientRole === "customer")!
      const text = plain(confirmation.message.text)
      assert.include(text, "Hello Camille,")
      assert.include(
        text,
        "Your appointment at Studio Hudson is confirmed for Tuesday, March 10, 2026 at 5:00 AM."
      )
      assert.include(text, "- Coupe: 30 min, $35.00, with Anna")
      assert.strictEqual(
        plain(confirmation.message.subject),
        "Appointment confirmed on Tuesday, March 10, 2026 – Studio Hudson"
      )
      assert.match(confirmation.message.html!, /^<!DOCTYPE html>\n<html lang="en">/)
      assert.include(
        confirmation.message.html!,
        "This message was sent to you by Studio Hudson with Créneau."
      )

      // A currency without minor units, and one in a late-evening zone where the date changes.
      const tokyo = businessOf({ timezone: "Asia/Tokyo", locale: "en", currency: "JPY" })
      const late = appointmentOf({ currency: "JPY", start: at("2026-03-10T16:00:00Z") })
      const tokyoText = plain(
        (yield* renderEvent(created(late), tokyo)).find((r) => r.intent.recipientRole === "customer")!.message
          .text
      )
      assert.include(tokyoText, "Wednesday, March 11, 2026 at 1:00 AM")
      assert.include(tokyoText, "¥3,500")
    }).pipe(Effect.provide(layerDefaultsOnly))
  )

  it.effect("the HTML part escapes what people typed; the text keeps it as typed", () =>
    Effect.gen(function* () {
      const business = businessOf({ name: "Coiffure & Co <Paris>" })
      const request = '<script>alert("x")</script> & merci'
      const sent = yield* renderEvent(created(appointmentOf({ customerRequest: request })), business)
      const confirmation = sent.find((r) => r.intent.recipientRole === "customer")!
      assert.include(confirmation.message.text, `Votre demande : ${request}`)
      assert.include(confirmation.message.subject, "Coiffure & Co <Paris>")
      const html = confirmation.message.html!
      assert.notInclude(html, "<script>")
      assert.include(html, "Votre demande : &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; merci")
      assert.include(
        html,
        "<title>Rendez-vous confirmé le mardi 10 mars 2026 – Coiffure &amp; Co &lt;Paris&gt;</title>"
      )
      assert.notInclude(html, "<Paris>")
    }).pipe(Effect.provide(layerDefaultsOnly))
  )
})

describe("a series", () => {
  it.effect("gets one confirmation listing its dates, with a calendar entry per occurrence", () =>
    Effect.gen(function* () {
      const occurrences = [0, 7, 14].map((days, i) =>
        appointmentOf({
          id: `apt_s${i + 1}`,
          seriesId: "ser_1",
          start: DateTime.add(at("2026-03-10T09:00:00Z"), { days })
        })
      )
      const business = businessOf({
        notifications: settings({
          reminders: [{ offsetMinutes: 60, channels: ["email"], recipients: ["customer"] }]
        })
      })
      const plan = planSeriesCreated({
        events: occurrences.map((a) => created(a)),
        business,
        customer: camille,
        staff,
        now
      })
      const sent = yield* renderPlan(plan, business, occurrences)
      const confirmations = sent.filter(
        (r) => r.intent.event === "confirmed" && r.intent.recipientRole === "customer"
      )
      assert.strictEqual(confirmations.length, 1)
      const text = plain(confirmations[0]!.message.text)
      assert.include(
        text,
        "Les 3 dates de la série :\n- mardi 10 mars 2026 à 10:00\n- mardi 17 mars 2026 à 10:00\n- mardi 24 mars 2026 à 10:00"
      )
      assert.include(plain(confirmations[0]!.message.html), "<li>mardi 24 mars 2026 à 10:00</li>")
      const ics = icsOf(confirmations[0]!.message.attachments)!
      assert.deepStrictEqual(icsValues(ics, "UID"), ["apt_s1@creneau", "apt_s2@creneau", "apt_s3@creneau"])
      assert.deepStrictEqual(icsValues(ics, "DTSTART"), [
        "20260310T090000Z",
        "20260317T090000Z",
        "20260324T090000Z"
      ])
      assert.deepStrictEqual(icsValues(ics, "DTEND"), [
        "20260310T093000Z",
        "20260317T093000Z",
        "20260324T093000Z"
      ])
      // The staff member is told once too, with the dates; each occurrence has its reminder.
      const staffMessages = sent.filter((r) => r.intent.recipientRole === "staff")
      assert.strictEqual(staffMessages.length, 1)
      assert.include(plain(staffMessages[0]!.message.text), "Les 3 dates de la série")
      assert.strictEqual(sent.filter((r) => r.intent.event === "reminder").length, 3)
    }).pipe(Effect.provide(layerDefaultsOnly))
  )
})

describe("calendar files", () => {
  const organizer = "Créneau <no-reply@creneau.test>"

  it.effect(
    "confirmation and move invite (REQUEST), cancellation cancels (CANCEL): one UID, rising SEQUENCE",
    () =>
      Effect.gen(function* () {
        const customerMessage = (event: DomainEvent) =>
          Effect.map(renderEvent(event), (sent) => sent.find((r) => r.intent.recipientRole === "customer")!)
        const booked = appointmentOf({ version: 1 })
        const confirmation = yield* customerMessage(created(booked))
        const moved = appointmentOf({ status: "rescheduled", version: 2, start: at("2026-03-12T13:00:00Z") })
        const move = yield* customerMessage(rescheduled(moved, booked.start))
        const cancellation = yield* customerMessage(
          cancelled(appointmentOf({ status: "cancelled", version: 3, start: moved.start }), null)
        )

        const files = [confirmation, move, cancellation].map((r) => icsOf(r.message.attachments)!)
        assert.deepStrictEqual(
          files.map((f) => icsValues(f, "METHOD")[0]),
          ["REQUEST", "REQUEST", "CANCEL"]
        )
        assert.deepStrictEqual(
          files.map((f) => icsValues(f, "UID")),
          [["apt_1@creneau"], ["apt_1@creneau"], ["apt_1@creneau"]]
        )
        const sequences = files.map((f) => Number(icsValues(f, "SEQUENCE")[0]))
        assert.deepStrictEqual(sequences, [1, 2, 3])
        assert.deepStrictEqual(
          files.map((f) => icsValues(f, "STATUS")[0]),
          ["CONFIRMED", "CONFIRMED", "CANCELLED"]
        )
        assert.deepStrictEqual(icsValues(files[1]!, "DTSTART"), ["20260312T130000Z"])
        assert.deepStrictEqual(
          [confirmation, move, cancellation].map((r) => r.message.attachments[0]!.filename),
          ["invite.ics", "invite.ics", "cancel.ics"]
        )
        // The organizer is the business, at the address given; the client is the attendee.
        assert.strictEqual(icsValues(files[0]!, "ORGANIZER").length, 1)
        assert.match(files[0]!, /ORGANIZER;CN="?Salon Lumière"?:mailto:no-reply@creneau\.test/)
        assert.match(
          files[0]!.replace(/\r\n[ \t]/g, ""),
          /ATTENDEE;[^\r\n]*:MAILTO:camille@example\.test|ATTENDEE;[^\r\n]*:mailto:camille@example\.test/
        )
        assert.include(files[0]!, "Coupe – Salon Lumière")
      }).pipe(Effect.provide(layerDefaultsOnlyWith({ organizer })))
  )
})
