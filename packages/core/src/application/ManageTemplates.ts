/**
 * A business's notification templates: list the effective template of every key (its own, or the
 * default in its locale, marked as such, with the variables the key offers), save one after
 * checking that it parses and reads only those variables, reset one to the default, and preview
 * one on a real appointment without writing or sending anything.
 *
 * The defaults are the template engine's (the package that renders messages ships them), so the
 * list is built here from both ports and every caller sees the same merge.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import type { Appointment } from "../domain/Appointment.js"
import type { Business } from "../domain/Business.js"
import { type Customer, customerName } from "../domain/Customer.js"
import { NotFound, ValidationFailed } from "../domain/Errors.js"
import type { LinkKey, NotificationData, NotificationIntent } from "../domain/NotificationPlan.js"
import type { StaffMember } from "../domain/StaffMember.js"
import {
  describeVariables,
  isTemplateKey,
  type TemplateKey,
  templateAttachesCalendar,
  templateKeyId,
  templateKeys,
  templateLinks,
  templateVariables,
  unknownVariables,
  VariableDescription
} from "../domain/TemplateVariables.js"
import { AppointmentRepository, BusinessRepository } from "../ports/Repositories.js"
import {
  NotificationTemplate,
  type StoredTemplate,
  TemplateEngine,
  type TemplateError,
  type TemplatePart,
  TemplateRepository
} from "../ports/Templates.js"
import { Links, type TokenPurpose } from "../ports/Tokens.js"
import { peopleOf } from "./Publish.js"

export const TemplateInput = Schema.Struct({
  subject: Schema.String.check(Schema.isMaxLength(500)),
  text: Schema.String.check(Schema.isMaxLength(20_000)),
  /** The HTML part of an email; absent or null for an SMS, or for a plain-text email. */
  html: Schema.optionalKey(Schema.NullOr(Schema.String.check(Schema.isMaxLength(100_000))))
})
export type TemplateInput = typeof TemplateInput.Type

/** A template as a business sees it: its own, or the default. */
export const EffectiveTemplate = Schema.Struct({
  ...NotificationTemplate.fields,
  /** True when the business has no template of its own for this key. */
  isDefault: Schema.Boolean,
  updatedAt: Schema.NullOr(Schema.DateTimeUtc),
  /** The variables this template may read. */
  variables: Schema.Array(VariableDescription)
})
export type EffectiveTemplate = typeof EffectiveTemplate.Type

export const PreviewTemplateInput = Schema.Struct({
  appointmentId: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  subject: Schema.optionalKey(TemplateInput.fields.subject),
  text: Schema.optionalKey(TemplateInput.fields.text),
  html: TemplateInput.fields.html
})
export type PreviewTemplateInput = typeof PreviewTemplateInput.Type

export const TemplatePreview = Schema.Struct({
  subject: Schema.String,
  text: Schema.String,
  html: Schema.NullOr(Schema.String),
  attachments: Schema.Array(Schema.Struct({ filename: Schema.String, contentType: Schema.String }))
})
export type TemplatePreview = typeof TemplatePreview.Type

const requireKey = (key: TemplateKey): Effect.Effect<void, NotFound> =>
  isTemplateKey(key)
    ? Effect.void
    : Effect.fail(new NotFound({ entity: "notification template", id: templateKeyId(key) }))

const effective = (
  key: TemplateKey,
  template: NotificationTemplate,
  stored: StoredTemplate | null
): EffectiveTemplate => ({
  event: key.event,
  recipient: key.recipient,
  channel: key.channel,
  subject: template.subject,
  text: template.text,
  html: template.html,
  isDefault: stored === null,
  updatedAt: stored?.updatedAt ?? null,
  variables: describeVariables(key)
})

/** The business's template of `key`, or null. */
const storedOf = (businessId: string, key: TemplateKey) =>
  Effect.map(
    Effect.flatMap(Effect.service(TemplateRepository), (repo) => repo.get(businessId, key)),
    Option.getOrNull
  )

/** The effective template of every key, in the planner's order. */
export const listTemplates = Effect.fn("listTemplates")(function* (businessId: string) {
  const business = yield* (yield* BusinessRepository).get(businessId)
  const engine = yield* TemplateEngine
  const stored = new Map(
    (yield* (yield* TemplateRepository).list(businessId)).map((t) => [templateKeyId(t), t])
  )
  return templateKeys.map((key) => {
    const own = stored.get(templateKeyId(key)) ?? null
    return effective(key, own ?? engine.defaultTemplate(business.locale, key), own)
  })
})

type FieldProblem = { readonly path: string; readonly message: string }

const problem = (path: string, message: string): FieldProblem => ({ path, message })

const invalid = (problems: ReadonlyArray<FieldProblem>, unknown: ReadonlyArray<string> = []) =>
  new ValidationFailed({
    message:
      unknown.length > 0
        ? `The template reads variables this message does not offer: ${[...new Set(unknown)].join(", ")}.`
        : "The template is not valid.",
    errors: problems
  })

/**
 * The template if it is valid for `key`; else a ValidationFailed listing each problem: a part that
 * does not parse, a variable the key does not offer (each named), an email without a subject, an
 * SMS with an HTML part, an empty text.
 */
const validated = Effect.fnUntraced(function* (key: TemplateKey, template: NotificationTemplate) {
  const engine = yield* TemplateEngine
  const problems: Array<FieldProblem> = []
  const unknown: Array<string> = []
  if (key.channel === "sms" && template.html !== null)
    problems.push(problem("html", "An SMS has no HTML part."))
  if (key.channel === "email" && template.subject.trim() === "") {
    problems.push(problem("subject", "An email needs a subject."))
  }
  if (template.text.trim() === "") problems.push(problem("text", "The text may not be empty."))
  const parts: ReadonlyArray<readonly [TemplatePart, string | null]> = [
    ["subject", template.subject],
    ["text", template.text],
    ["html", template.html]
  ]
  for (const [part, source] of parts) {
    if (source === null) continue
    const read = yield* Effect.result(engine.variablesOf(source, part))
    if (read._tag === "Failure") {
      problems.push(problem(part, read.failure.message))
      continue
    }
    for (const name of unknownVariables(key, read.success)) {
      unknown.push(name)
      problems.push(problem(part, `Unknown variable: ${name}`))
    }
  }
  if (problems.length > 0) return yield* invalid(problems, unknown)
  return template
})

/** An HTML part of nothing but blanks is no HTML part. */
const htmlOf = (html: string | null | undefined): string | null =>
  html === undefined || html === null || html.trim() === "" ? null : html

/** Save the business's template of `key`, replacing its own or the default. */
export const putTemplate = Effect.fn("putTemplate")(function* (params: {
  readonly businessId: string
  readonly key: TemplateKey
  readonly input: TemplateInput
}) {
  const { businessId, key, input } = params
  yield* requireKey(key)
  yield* (yield* BusinessRepository).get(businessId)
  const template = yield* validated(key, {
    ...key,
    subject: input.subject,
    text: input.text,
    html: htmlOf(input.html)
  })
  const stored: StoredTemplate = { businessId, ...template, updatedAt: yield* DateTime.now }
  yield* (yield* TemplateRepository).put(stored)
  return effective(key, template, stored)
})

/** Drop the business's template of `key`: its messages use the default again. Returns the default. */
export const resetTemplate = Effect.fn("resetTemplate")(function* (businessId: string, key: TemplateKey) {
  yield* requireKey(key)
  const business = yield* (yield* BusinessRepository).get(businessId)
  yield* (yield* TemplateRepository).remove(businessId, key)
  return effective(key, (yield* TemplateEngine).defaultTemplate(business.locale, key), null)
})

// ---- preview ---------------------------------------------------------------------------------

const linkPurpose: Record<LinkKey, TokenPurpose | null> = {
  manage: "manage",
  confirm: "confirm",
  approve: "staff_action",
  reject: "staff_action",
  newBooking: null
}

/**
 * Every link the key offers, pointing where real ones would but carrying no token (`preview`):
 * a preview issues nothing that could act on the appointment.
 */
const previewLinks = Effect.fnUntraced(function* (key: TemplateKey, business: Business) {
  const links = yield* Links
  const urls: Record<string, string> = {}
  for (const link of templateLinks(key)) {
    const purpose = linkPurpose[link]
    urls[link] =
      purpose === null
        ? links.booking(business)
        : `${links.action(purpose, "preview")}${purpose === "staff_action" ? `?action=${link}` : ""}`
  }
  return urls
})

/** The start before the appointment's last move (its start when it never moved). */
const previousStartOf = (appointment: Appointment): DateTime.Utc => {
  const moved = [...appointment.history].reverse().find((h) => h.type === "rescheduled")
  const previous = moved?.data.previousStart
  if (typeof previous !== "string") return appointment.start
  return Option.getOrElse(Option.map(DateTime.make(previous), DateTime.toUtc), () => appointment.start)
}

/** The data a real message of `key` about this appointment would carry. */
const previewData = Effect.fnUntraced(function* (key: TemplateKey, appointment: Appointment) {
  const data: { -readonly [K in keyof NotificationData]: NotificationData[K] } = {}
  const offered = templateVariables(key)
  if ("message" in offered && appointment.cancellationMessage !== null)
    data.message = appointment.cancellationMessage
  if ("reason" in offered && appointment.rejectionReason !== null) data.reason = appointment.rejectionReason
  if ("previousStart" in offered) data.previousStart = previousStartOf(appointment)
  if ("seriesDates" in offered && appointment.seriesId !== null) {
    const series = yield* (yield* AppointmentRepository).list(appointment.businessId, {
      seriesId: appointment.seriesId
    })
    data.seriesStarts = series.map((a) => a.start)
    data.seriesAppointmentIds = series.map((a) => a.id)
  }
  return data
})

const previewIntent = (params: {
  readonly key: TemplateKey
  readonly appointment: Appointment
  readonly customer: Customer | null
  readonly staff: ReadonlyArray<StaffMember>
  readonly data: NotificationData
  readonly now: DateTime.Utc
}): NotificationIntent => {
  const { key, appointment, customer, staff } = params
  const member = key.recipient === "staff" ? (staff[0] ?? null) : null
  const address = (email: string | null, phone: string | null) =>
    (key.channel === "email" ? email : phone) ?? ""
  return {
    event: key.event,
    recipientRole: key.recipient,
    channel: key.channel,
    to:
      member !== null
        ? address(member.email, member.phone)
        : customer === null
          ? ""
          : address(customer.email, customer.phone),
    recipientName: member !== null ? member.name : customer === null ? "" : customerName(customer),
    staffId: member?.id ?? null,
    appointmentId: appointment.id,
    seriesId: appointment.seriesId,
    links: templateLinks(key),
    sendAfter: params.now,
    attachIcs: templateAttachesCalendar(key),
    data: params.data
  }
}

const asValidation = (error: TemplateError) => invalid([problem(error.part, error.message)])

/**
 * Render a template of `key` (the given parts over the business's template or the default) for
 * one of the business's appointments, with its real client, staff members and business, as its
 * message would read: links point to placeholder pages, and nothing is written or sent.
 */
export const previewTemplate = Effect.fn("previewTemplate")(function* (params: {
  readonly businessId: string
  readonly key: TemplateKey
  readonly input: PreviewTemplateInput
}) {
  const { businessId, key, input } = params
  yield* requireKey(key)
  const business = yield* (yield* BusinessRepository).get(businessId)
  const appointment = yield* (yield* AppointmentRepository).get(businessId, input.appointmentId)
  const { customer, staff } = yield* peopleOf(appointment)
  const engine = yield* TemplateEngine
  const base = (yield* storedOf(businessId, key)) ?? engine.defaultTemplate(business.locale, key)
  const template = yield* validated(key, {
    ...key,
    subject: input.subject ?? base.subject,
    text: input.text ?? base.text,
    html: input.html === undefined ? base.html : htmlOf(input.html)
  })
  const intent = previewIntent({
    key,
    appointment,
    customer,
    staff,
    data: yield* previewData(key, appointment),
    now: yield* DateTime.now
  })
  const rendered = yield* engine
    .render(template, {
      intent,
      business,
      appointment,
      customer,
      staff,
      links: yield* previewLinks(key, business)
    })
    .pipe(Effect.mapError(asValidation))
  return {
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: rendered.attachments.map(({ filename, contentType }) => ({ filename, contentType }))
  } satisfies TemplatePreview
})
