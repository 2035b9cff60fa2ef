/**
 * The default templates and the engine: a default in French and in English for every key the
 * planner writes, each reading only what its key offers; the context holds every offered variable;
 * the engine reads variables through loops and partials, and refuses what a sandbox must refuse.
 */
import {
  describeVariables,
  type LinkKey,
  type NotificationIntent,
  type RenderInput,
  type TemplateKey,
  templateKeyId,
  templateKeys,
  templateLinks,
  templateVariables,
  unknownVariables
} from "@creneau/core"
import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { defaultTemplate, makeTemplateEngine, templateContext, variablesOfSource } from "../src/index.js"
import { appointmentOf, at, businessOf, camille, colour, haircut, now, staff } from "./support/world.js"

const engine = makeTemplateEngine()

/** A message of `key` with everything a message can carry: all its links, a message, a reason… */
const fullInput = (key: TemplateKey): RenderInput => {
  const appointment = appointmentOf({
    services: [haircut, colour],
    customerRequest: "Une serviette chaude",
    seriesId: "ser_1"
  })
  const intent: NotificationIntent = {
    event: key.event,
    recipientRole: key.recipient,
    channel: key.channel,
    to: key.recipient === "customer" ? camille.email! : staff[0]!.email!,
    recipientName: key.recipient === "customer" ? "Camille Durand" : "Anna",
    staffId: key.recipient === "customer" ? null : staff[0]!.id,
    appointmentId: appointment.id,
    seriesId: appointment.seriesId,
    links: templateLinks(key),
    sendAfter: now,
    attachIcs: false,
    data: {
      message: "Désolés",
      reason: "Complet",
      previousStart: at("2026-03-09T14:00:00Z"),
      seriesStarts: [appointment.start, at("2026-03-17T09:00:00Z")],
      seriesAppointmentIds: [appointment.id, "apt_2" as never]
    }
  }
  return {
    intent,
    business: businessOf(),
    appointment,
    customer: camille,
    staff,
    links: Object.fromEntries(templateLinks(key).map((l: LinkKey) => [l, `https://creneau.test/${l}/t`]))
  }
}

const valueAt = (context: Record<string, unknown>, name: string): unknown => {
  // `services[].name` reads the first service's name.
  let value: unknown = context
  for (const segment of name.replace(/\[\]/g, ".0").split(".")) {
    value = (value as Record<string, unknown> | null)?.[segment]
  }
  return value
}

describe("the default templates", () => {
  it("exist in French and English for every key the planner writes, and only for those", () => {
    assert.strictEqual(templateKeys.length, 17)
    for (const locale of ["fr", "en"] as const) {
      for (const key of templateKeys) {
        const t = defaultTemplate(locale, key)
        assert.deepStrictEqual({ event: t.event, recipient: t.recipient, channel: t.channel }, key)
        assert.notStrictEqual(t.subject.trim(), "")
        assert.notStrictEqual(t.text.trim(), "")
        if (key.channel === "sms") assert.isNull(t.html, templateKeyId(key))
        else assert.isString(t.html, templateKeyId(key))
      }
    }
    assert.throws(() =>
      defaultTemplate("fr", { event: "confirm_request", recipient: "staff", channel: "email" })
    )
  })

  it("read only the variables their key offers, and use each link their key carries", () => {
    for (const locale of ["fr", "en"] as const) {
      for (const key of templateKeys) {
        const t = defaultTemplate(locale, key)
        const read = (["subject", "text", "html"] as const).flatMap((part) =>
          t[part] === null ? [] : variablesOfSource(t[part], part)
        )
        assert.deepStrictEqual(unknownVariables(key, read), [], `${locale} ${templateKeyId(key)}`)
        const links = new Set(read.filter((p) => p[0] === "links").map((p) => p[1]))
        for (const link of templateLinks(key))
          assert.isTrue(links.has(link), `${locale} ${templateKeyId(key)}: ${link}`)
      }
    }
  })

  it.effect("render every key in both languages without a missing value", () =>
    Effect.gen(function* () {
      for (const locale of ["fr", "en"] as const) {
        for (const key of templateKeys) {
          const input = fullInput(key)
          const rendered = yield* engine.render(defaultTemplate(locale, key), {
            ...input,
            business: businessOf({ locale })
          })
          for (const part of [rendered.subject, rendered.text, rendered.html ?? ""]) {
            assert.notMatch(part, /\{\{|\{%|undefined|\[object|NaN/, `${locale} ${templateKeyId(key)}`)
          }
          for (const url of Object.values(input.links)) assert.include(rendered.text, url, templateKeyId(key))
        }
      }
    })
  )
})

describe("the template context", () => {
  it("holds exactly the variables each key offers, each with a value when the message has one", () => {
    for (const key of templateKeys) {
      const context = templateContext(fullInput(key))
      assert.sameMembers(Object.keys(context), Object.keys(templateVariables(key)), templateKeyId(key))
      for (const { name } of describeVariables(key)) {
        const value = valueAt(context, name)
        assert.isTrue(
          value !== undefined && value !== null,
          `${templateKeyId(key)}: ${name} is ${String(value)}`
        )
      }
    }
  })

  it("gives null, not an empty string, for what the message lacks (so that {% if %} reads it as absent)", () => {
    const key: TemplateKey = { event: "cancelled", recipient: "customer", channel: "email" }
    const input = fullInput(key)
    const context = templateContext({
      ...input,
      customer: null,
      appointment: { ...input.appointment, customerRequest: "  " },
      intent: { ...input.intent, data: {} },
      links: {}
    })
    assert.isNull(context.client)
    assert.isNull(context.message)
    assert.isNull(context.customerRequest)
    assert.deepStrictEqual(context.links, { newBooking: null })
  })
})

describe("reading the variables of a template", () => {
  const read = (source: string, part: "text" | "html" = "text") =>
    variablesOfSource(source, part).map((p) => p.join("."))

  it("follows loops, partial arguments and nested paths; leaves out what the template defines", () => {
    assert.sameMembers(
      read(
        `{% for s in services %}{{ s.name }}{% for d in seriesDates %}{{ d }}{{ s.nme }}{% endfor %}{{ forloop.index }}{% endfor %}` +
          `{% assign who = client.name %}{{ who }}{% capture x %}{{ links.manage }}{% endcapture %}{{ x }}` +
          `{% if message %}{{ services[1].price | upcase }}{% endif %}{{ services.first.name }}`
      ),
      [
        "services",
        "services.[].name",
        "services.[].nme",
        "seriesDates",
        "seriesDates.[]",
        "client.name",
        "links.manage",
        "message",
        "services.[].price",
        "services.first.name"
      ]
    )
    assert.sameMembers(read(`{% render "button", url: links.reject, label: reason %}`, "html"), [
      "links.reject",
      "reason"
    ])
  })

  it("refuses what does not parse, unknown filters, and any file but the layout's button", () => {
    for (const [source, part] of [
      ["{% if message %}open", "text"],
      ["{{ start | nosuchfilter }}", "text"],
      ['{% include "/etc/passwd" %}', "text"],
      ['{% render "../../package.json" %}', "html"],
      ['{% render "button" %}', "text"],
      ['{% layout "default" %}', "html"]
    ] as const) {
      assert.throws(() => variablesOfSource(source, part), undefined, undefined, source)
    }
  })

  it.effect("a template cannot reach beyond its variables' own properties", () =>
    Effect.gen(function* () {
      const key: TemplateKey = { event: "confirmed", recipient: "customer", channel: "email" }
      const input = fullInput(key)
      const template = { ...defaultTemplate("en", key), subject: "{{ client.constructor }}" }
      const failure = yield* Effect.flip(engine.render(template, input))
      assert.strictEqual(failure.part, "subject")
      assert.match(failure.message, /undefined variable/)
    })
  )
})
