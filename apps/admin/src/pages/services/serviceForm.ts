/**
 * A service as its form holds it, and what the API is sent: the new service's input, or the
 * merge patch of what changed. Booking-rule overrides are kept flat in the form (one entry per
 * rule the service overrides) and nested again for the API; the questionnaire's choices are
 * typed one per line.
 */
import type { InferRequestType, InferResponseType } from "hono/client"
import type { api, BusinessSettings } from "../../api"
import { mergePatchOf } from "../../components/mergePatch"
import { amountText, parseAmount } from "./money"

type ServiceView = InferResponseType<(typeof api.v1.services)[":id"]["$get"], 200>
type BookingRules = BusinessSettings["bookingRules"]
type BookingRulesOverride = NonNullable<ServiceView["rules"]>
type Question = ServiceView["questionnaire"][number]
/** The overrides as the API takes them (a key is absent, never undefined). */
type RulesInput = NonNullable<InferRequestType<typeof api.v1.services.$post>["json"]["rules"]>

/** The rules a service may override, flat: `clientCancel.minNoticeMinutes` for the nested one. */
export const overridableRules = [
  "approvalMode",
  "minBookingNoticeMinutes",
  "maxAdvanceDays",
  "slotIntervalMinutes",
  "clientCancel.enabled",
  "clientCancel.minNoticeMinutes",
  "clientReschedule.enabled",
  "clientReschedule.minNoticeMinutes"
] as const
export type OverridableRule = (typeof overridableRules)[number]

/** The value of each rule (approval mode, minutes or days, or whether allowed). */
export type RuleValue = string | number | boolean

export type RuleOverrides = Partial<Record<OverridableRule, RuleValue>>

export interface QuestionDraft {
  readonly id: string
  readonly label: string
  readonly kind: Question["kind"]
  readonly required: boolean
  /** Choices, one per line. */
  readonly options: string
}

export interface ServiceDraft {
  readonly name: string
  readonly durationMinutes: number
  /** Price as typed, in major units of the business's currency. */
  readonly price: string
  readonly bufferBeforeMinutes: number
  readonly bufferAfterMinutes: number
  readonly staffIds: ReadonlyArray<string>
  readonly resourceIds: ReadonlyArray<string>
  readonly questionnaire: ReadonlyArray<QuestionDraft>
  readonly rules: RuleOverrides
}

/** What the form reads of a service (GET /v1/services/:id). */
export interface ServiceFields {
  readonly name: string
  readonly durationMinutes: number
  readonly price: { readonly amount: number; readonly currency: string }
  readonly bufferBeforeMinutes: number
  readonly bufferAfterMinutes: number
  readonly staffIds: ReadonlyArray<string>
  readonly resourceIds: ReadonlyArray<string>
  readonly questionnaire: ReadonlyArray<Question>
  readonly rules: BookingRulesOverride | null
}

/** The business's own value of a rule: what applies when the service does not override it. */
export const businessRule = (rules: BookingRules, rule: OverridableRule): RuleValue => {
  switch (rule) {
    case "clientCancel.enabled":
      return rules.clientCancel.enabled
    case "clientCancel.minNoticeMinutes":
      return rules.clientCancel.minNoticeMinutes
    case "clientReschedule.enabled":
      return rules.clientReschedule.enabled
    case "clientReschedule.minNoticeMinutes":
      return rules.clientReschedule.minNoticeMinutes
    default:
      return rules[rule]
  }
}

/** A service's overrides, flat. */
export const flatRules = (rules: BookingRulesOverride | null): RuleOverrides => {
  if (rules === null) return {}
  const flat: Partial<Record<OverridableRule, RuleValue>> = {}
  if (rules.approvalMode !== undefined) flat.approvalMode = rules.approvalMode
  if (rules.minBookingNoticeMinutes !== undefined)
    flat.minBookingNoticeMinutes = rules.minBookingNoticeMinutes
  if (rules.maxAdvanceDays !== undefined) flat.maxAdvanceDays = rules.maxAdvanceDays
  if (rules.slotIntervalMinutes !== undefined) flat.slotIntervalMinutes = rules.slotIntervalMinutes
  if (rules.clientCancel?.enabled !== undefined) flat["clientCancel.enabled"] = rules.clientCancel.enabled
  if (rules.clientCancel?.minNoticeMinutes !== undefined)
    flat["clientCancel.minNoticeMinutes"] = rules.clientCancel.minNoticeMinutes
  if (rules.clientReschedule?.enabled !== undefined)
    flat["clientReschedule.enabled"] = rules.clientReschedule.enabled
  if (rules.clientReschedule?.minNoticeMinutes !== undefined)
    flat["clientReschedule.minNoticeMinutes"] = rules.clientReschedule.minNoticeMinutes
  return flat
}

/** Flat overrides nested again; null when the service overrides nothing. */
export const nestedRules = (flat: RuleOverrides): RulesInput | null => {
  const nested: Record<string, unknown> = {}
  for (const rule of overridableRules) {
    const value = flat[rule]
    if (value === undefined) continue
    const [head, tail] = rule.split(".") as [string, string | undefined]
    if (tail === undefined) nested[head] = value
    else nested[head] = { ...(nested[head] as Record<string, unknown> | undefined), [tail]: value }
  }
  return Object.keys(nested).length === 0 ? null : (nested as RulesInput)
}

const optionsText = (options: ReadonlyArray<string>) => options.join("\n")
const optionsOf = (text: string) =>
  text
    .split("\n")
    .map((o) => o.trim())
    .filter((o) => o !== "")

/** A new question's id: stable once saved, since answers are kept under it. */
export const newQuestionId = (): string => {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(6))
  return `q_${Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")}`
}

export const emptyServiceDraft = (): ServiceDraft => ({
  name: "",
  durationMinutes: 30,
  price: "",
  bufferBeforeMinutes: 0,
  bufferAfterMinutes: 0,
  staffIds: [],
  resourceIds: [],
  questionnaire: [],
  rules: {}
})

export const serviceDraftOf = (s: ServiceFields, locale: string): ServiceDraft => ({
  name: s.name,
  durationMinutes: s.durationMinutes,
  price: amountText(s.price.amount, s.price.currency, locale),
  bufferBeforeMinutes: s.bufferBeforeMinutes,
  bufferAfterMinutes: s.bufferAfterMinutes,
  staffIds: s.staffIds,
  resourceIds: s.resourceIds,
  questionnaire: s.questionnaire.map((q) => ({ ...q, options: optionsText(q.options) })),
  rules: flatRules(s.rules)
})

/** The whole service as the API takes it; the price is NaN when it cannot be read. */
export const serviceInput = (d: ServiceDraft, currency: string) => ({
  name: d.name.trim(),
  durationMinutes: d.durationMinutes,
  price: { amount: parseAmount(d.price, currency) ?? Number.NaN, currency },
  bufferBeforeMinutes: d.bufferBeforeMinutes,
  bufferAfterMinutes: d.bufferAfterMinutes,
  staffIds: [...d.staffIds],
  resourceIds: [...d.resourceIds],
  questionnaire: d.questionnaire.map((q) => ({
    id: q.id,
    label: q.label.trim(),
    kind: q.kind,
    required: q.required,
    options: q.kind === "choice" ? optionsOf(q.options) : []
  })),
  rules: nestedRules(d.rules)
})

export type ServiceInput = ReturnType<typeof serviceInput>

/** POST /v1/services: the whole service, without overrides when there are none. */
export const newServiceInput = (d: ServiceDraft, currency: string) => {
  const { rules, ...rest } = serviceInput(d, currency)
  return rules === null ? rest : { ...rest, rules }
}

const comparable = (s: ServiceFields): ServiceInput => ({
  name: s.name,
  durationMinutes: s.durationMinutes,
  price: { amount: s.price.amount, currency: s.price.currency },
  bufferBeforeMinutes: s.bufferBeforeMinutes,
  bufferAfterMinutes: s.bufferAfterMinutes,
  staffIds: [...s.staffIds],
  resourceIds: [...s.resourceIds],
  questionnaire: s.questionnaire.map((q) => ({ ...q, options: [...q.options] })),
  // JSON never carries an undefined key, so the read overrides are the written ones.
  rules: s.rules as RulesInput | null
})

/**
 * The PATCH requests that turn `current` into the form's service, in order; none when nothing
 * changed. The API's merge patch cannot drop one override (its `null` is refused for a rule), so
 * dropping some while keeping others first clears the overrides, then sets those that remain.
 */
export const servicePatches = (
  current: ServiceFields,
  draft: ServiceDraft,
  currency: string
): ReadonlyArray<Record<string, unknown>> => {
  const desired = serviceInput(draft, currency)
  const diff = mergePatchOf(comparable(current), desired) as Record<string, unknown> | undefined
  if (diff === undefined) return []
  // The API takes a price whole (amount and currency), never one of the two.
  const patch = diff.price === undefined ? diff : { ...diff, price: desired.price }
  const rulesPatch = patch.rules
  const dropsSome =
    rulesPatch !== undefined &&
    rulesPatch !== null &&
    desired.rules !== null &&
    JSON.stringify(rulesPatch).includes("null")
  if (!dropsSome) return [patch]
  return [{ rules: null }, { ...patch, rules: desired.rules }]
}
