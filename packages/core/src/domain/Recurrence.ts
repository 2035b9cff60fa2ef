/**
 * Recurring appointments: the recurrence rule (structured or a restricted RFC 5545 RRULE string),
 * its expansion into occurrence instants in the business time zone, the series caps, and the
 * selection of the members an edit applies to (`this`, `following`, `series`).
 *
 * Expansion runs in floating time: `rrule` receives the business-local wall-clock time encoded as
 * if it were UTC, so it never sees a daylight-saving change, and each generated wall-clock time is
 * then placed in the zone with {@link toInstant} (gap: forward by the gap; ambiguous: earlier
 * offset). 11:00 stays 11:00 in Paris in March and in November.
 *
 * Semantics inherited from `rrule` (RFC 5545):
 * - A start whose weekday is not in `byWeekday` is not an occurrence; the series begins on the
 *   first matching day after it, and `count` counts matching days only.
 * - Monthly on a day some months lack (the 29th to the 31st) skips those months; `count` counts
 *   the occurrences actually produced.
 * - `byWeekday` filters the days of a daily rule, picks the days of each week of a weekly rule and
 *   picks every such weekday of each month of a monthly rule.
 */
import { type DateTime, Effect, Result, Schema, SchemaGetter, SchemaIssue } from "effect"
import rrule from "rrule"
import { LocalDate, toInstant, toLocal, WEEKDAYS, type Weekday } from "./LocalTime.js"

// rrule 2.8.1 ships a CommonJS (UMD) main with no `exports` map: Node's ESM loader only exposes
// its `module.exports` as the default import, so named imports fail outside a bundler.
const { RRule } = rrule

/** At most this many occurrences in a series. */
export const MAX_OCCURRENCES = 104

/** No occurrence later than this many calendar years after the start's local date. */
export const MAX_SPAN = { years: 2 } as const

export const RecurrenceFrequency = Schema.Literals(["daily", "weekly", "monthly"])
export type RecurrenceFrequency = typeof RecurrenceFrequency.Type

export const RecurrenceWeekday = Schema.Literals(WEEKDAYS)

/** A validated recurrence rule. `interval` defaults to 1; exactly one of `count` / `until`. */
export const RecurrenceRule = Schema.Struct({
  frequency: RecurrenceFrequency,
  interval: Schema.Int.check(
    Schema.isBetween({ minimum: 1, maximum: 99 }, { message: "interval must be an integer from 1 to 99" })
  ).pipe(Schema.withDecodingDefaultTypeKey(Effect.succeed(1))),
  count: Schema.optionalKey(
    Schema.Int.check(Schema.isGreaterThanOrEqualTo(1, { message: "count must be an integer of at least 1" }))
  ),
  /** Last local date on which an occurrence may fall (inclusive). */
  until: Schema.optionalKey(LocalDate),
  byWeekday: Schema.optionalKey(
    Schema.Array(RecurrenceWeekday).check(
      Schema.isMinLength(1, { message: "byWeekday must list at least one weekday" })
    )
  )
}).check(
  Schema.makeFilter(
    (rule) =>
      (rule.count === undefined) !== (rule.until === undefined) ||
      "A recurrence needs exactly one of count or until"
  )
)
export type RecurrenceRule = typeof RecurrenceRule.Type

const RRULE_DAYS: Record<string, Weekday> = {
  MO: "mon",
  TU: "tue",
  WE: "wed",
  TH: "thu",
  FR: "fri",
  SA: "sat",
  SU: "sun"
}

const SUPPORTED_PARTS = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY"]

type RecurrenceRuleEncoded = typeof RecurrenceRule.Encoded

/** Reads the supported subset of an RRULE value into the encoded form of {@link RecurrenceRule}. */
const readRRule = (text: string): Result.Result<RecurrenceRuleEncoded, string> => {
  const body = text.trim().replace(/^RRULE:/i, "")
  const parts = new Map<string, string>()
  for (const segment of body.split(";")) {
    if (segment === "") continue
    const match = /^([A-Za-z]+)=([^=]+)$/.exec(segment)
    if (match === null) return Result.fail(`Expected an RRULE such as FREQ=WEEKLY;COUNT=10, got "${text}"`)
    const key = match[1]!.toUpperCase()
    if (!SUPPORTED_PARTS.includes(key)) {
      return Result.fail(`RRULE part ${key} is not supported (only ${SUPPORTED_PARTS.join(", ")})`)
    }
    if (parts.has(key)) return Result.fail(`RRULE part ${key} appears twice`)
    parts.set(key, match[2]!.toUpperCase())
  }

  const freq = parts.get("FREQ")
  if (freq === undefined) return Result.fail("RRULE needs FREQ")
  if (freq !== "DAILY" && freq !== "WEEKLY" && freq !== "MONTHLY") {
    return Result.fail(`RRULE frequency ${freq} is not supported (only DAILY, WEEKLY, MONTHLY)`)
  }
  const rule: {
    frequency: RecurrenceFrequency
    interval?: number
    count?: number
    until?: string
    byWeekday?: Array<Weekday>
  } = { frequency: freq === "DAILY" ? "daily" : freq === "WEEKLY" ? "weekly" : "monthly" }

  for (const key of ["INTERVAL", "COUNT"] as const) {
    const value = parts.get(key)
    if (value === undefined) continue
    if (!/^\d{1,9}$/.test(value)) return Result.fail(`RRULE ${key} must be a positive integer, got ${value}`)
    rule[key === "INTERVAL" ? "interval" : "count"] = Number(value)
  }

  const until = parts.get("UNTIL")
  if (until !== undefined) {
    // A DATE or a DATE-TIME (floating or UTC): only the calendar date is kept, as a local date.
    const match = /^(\d{4})(\d{2})(\d{2})(T\d{6}Z?)?$/.exec(until)
    if (match === null) return Result.fail(`RRULE UNTIL must be a date such as 20261231, got ${until}`)
    rule.until = `${match[1]}-${match[2]}-${match[3]}`
  }

  const byDay = parts.get("BYDAY")
  if (byDay !== undefined) {
    const days: Array<Weekday> = []
    for (const code of byDay.split(",")) {
      const day = RRULE_DAYS[code]
      if (day === undefined) {
        return Result.fail(`RRULE BYDAY takes plain weekdays (MO to SU, no ordinal), got ${code}`)
      }
      days.push(day)
    }
    rule.byWeekday = days
  }
  return Result.succeed(rule)
}

const writeRRule = (rule: RecurrenceRuleEncoded): string => {
  const parts = [`FREQ=${rule.frequency.toUpperCase()}`]
  if (rule.interval !== undefined) parts.push(`INTERVAL=${rule.interval}`)
  if (rule.count !== undefined) parts.push(`COUNT=${rule.count}`)
  if (rule.until !== undefined) parts.push(`UNTIL=${rule.until.replaceAll("-", "")}`)
  if (rule.byWeekday !== undefined) {
    parts.push(`BYDAY=${rule.byWeekday.map((day) => day.slice(0, 2).toUpperCase()).join(",")}`)
  }
  return parts.join(";")
}

/**
 * An RFC 5545 RRULE value (optionally prefixed by `RRULE:`) limited to FREQ (DAILY, WEEKLY,
 * MONTHLY), INTERVAL, COUNT, UNTIL and BYDAY without ordinals, decoded to a {@link RecurrenceRule}.
 */
export const RecurrenceRuleFromRRule = Schema.String.pipe(
  Schema.decodeTo(RecurrenceRule, {
    decode: SchemaGetter.transformEffect((text: string) =>
      Result.match(readRRule(text), {
        onSuccess: (rule) => Effect.succeed(rule),
        onFailure: (message) => Effect.fail(new SchemaIssue.InvalidValue({ message }, text))
      })
    ),
    encode: SchemaGetter.transform(writeRRule)
  })
)

/** What a client may send: a structured rule or an RRULE string; both decode to a rule. */
export const RecurrenceInput = Schema.Union([RecurrenceRule, RecurrenceRuleFromRRule])
export type RecurrenceInput = typeof RecurrenceInput.Encoded

/** The rule is malformed, uses an unsupported RRULE part, or yields no occurrence. */
export class InvalidRecurrence extends Schema.TaggedError<InvalidRecurrence>()("InvalidRecurrence", {
  message: Schema.String
}) {}

/**
 * The series would exceed a cap: `limit` is {@link MAX_OCCURRENCES} for `too_many_occurrences` and
 * the years of {@link MAX_SPAN} for `too_far_ahead`.
 */
export class RecurrenceLimitExceeded extends Schema.TaggedError<RecurrenceLimitExceeded>()(
  "RecurrenceLimitExceeded",
  {
    reason: Schema.Literals(["too_many_occurrences", "too_far_ahead"]),
    limit: Schema.Number
  }
) {}

const decodeRule = Schema.decodeUnknownResult(RecurrenceRule)
const decodeRRule = Schema.decodeUnknownResult(RecurrenceRuleFromRRule)

/** Turns a structured rule or an RRULE string into a validated {@link RecurrenceRule}. */
export const parseRecurrence = (input: unknown): Result.Result<RecurrenceRule, InvalidRecurrence> =>
  Result.mapError(
    typeof input === "string" ? decodeRRule(input) : decodeRule(input),
    (error) => new InvalidRecurrence({ message: error.message })
  )

export const parseRecurrenceEffect = (input: unknown): Effect.Effect<RecurrenceRule, InvalidRecurrence> =>
  Effect.fromResult(parseRecurrence(input))

export interface ExpandRecurrenceInput {
  readonly rule: RecurrenceRule
  /** The first appointment's start; its local wall-clock time is kept by every occurrence. */
  readonly start: DateTime.Utc
  readonly timeZone: string
  /** When given, no occurrence may be more than {@link MAX_SPAN} after today either. */
  readonly now?: DateTime.Utc
}

export interface ExpandedRecurrence {
  readonly occurrences: ReadonlyArray<DateTime.Utc>
  /** Local date of the last occurrence. */
  readonly endsOn: LocalDate
}

const DAY_MS = 86_400_000

/** Milliseconds of `date` + `minutes` read as UTC: the floating encoding handed to rrule. */
const floating = (date: string, minutes: number): number => {
  const [y, m, d] = date.split("-").map(Number)
  return Date.UTC(y!, m! - 1, d!) + minutes * 60_000
}

const floatingDate = (ms: number): LocalDate => new Date(ms).toISOString().slice(0, 10) as LocalDate

/** The same month and day `years` later; 29 February becomes 28 February in a common year. */
const addYears = (date: LocalDate, years: number): LocalDate => {
  const [y, m, d] = date.split("-").map(Number)
  const target = new Date(Date.UTC(y! + years, m! - 1, d!))
  return floatingDate(target.getUTCMonth() === m! - 1 ? target.getTime() : Date.UTC(y! + years, m!, 0))
}

/**
 * Expands a rule from `start` into occurrence instants in `timeZone`, keeping the start's local
 * wall-clock time. Fails when the series would exceed {@link MAX_OCCURRENCES} or {@link MAX_SPAN}
 * (it is never silently truncated), or when it has no occurrence at all.
 */
export const expandRecurrence = ({
  now,
  rule,
  start,
  timeZone
}: ExpandRecurrenceInput): Result.Result<ExpandedRecurrence, RecurrenceLimitExceeded | InvalidRecurrence> => {
  if (rule.count !== undefined && rule.count > MAX_OCCURRENCES) {
    return Result.fail(
      new RecurrenceLimitExceeded({ reason: "too_many_occurrences", limit: MAX_OCCURRENCES })
    )
  }
  const local = toLocal(start, timeZone)
  const today = now === undefined ? undefined : toLocal(now, timeZone).date
  const anchor = today !== undefined && today < local.date ? today : local.date
  const horizon = addYears(anchor, MAX_SPAN.years)
  const tooFar = new RecurrenceLimitExceeded({ reason: "too_far_ahead", limit: MAX_SPAN.years })
  if (rule.until !== undefined && rule.until > horizon) return Result.fail(tooFar)
  if (rule.until !== undefined && rule.until < local.date) {
    return Result.fail(new InvalidRecurrence({ message: "until is before the start date" }))
  }

  const dtstart = floating(local.date, local.minutes)
  const generator = new RRule({
    freq:
      rule.frequency === "daily" ? RRule.DAILY : rule.frequency === "weekly" ? RRule.WEEKLY : RRule.MONTHLY,
    interval: rule.interval,
    dtstart: new Date(dtstart),
    wkst: RRule.MO,
    ...(rule.count !== undefined && { count: rule.count }),
    ...(rule.until !== undefined && { until: new Date(floating(rule.until, 0) + DAY_MS - 1) }),
    ...(rule.byWeekday !== undefined && { byweekday: rule.byWeekday.map((day) => WEEKDAYS.indexOf(day)) })
  })
  // Stops after one occurrence past either cap, enough to report which cap is exceeded.
  const horizonEnd = floating(horizon, 0) + DAY_MS
  let pastHorizon = false
  const dates = generator.all((date, index) => {
    if (pastHorizon || index > MAX_OCCURRENCES) return false
    pastHorizon = date.getTime() >= horizonEnd
    return true
  })
  if (pastHorizon) return Result.fail(tooFar)
  if (dates.length > MAX_OCCURRENCES) {
    return Result.fail(
      new RecurrenceLimitExceeded({ reason: "too_many_occurrences", limit: MAX_OCCURRENCES })
    )
  }
  const last = dates.at(-1)
  if (last === undefined) {
    return Result.fail(new InvalidRecurrence({ message: "The recurrence has no occurrence" }))
  }

  const occurrences = dates.map((date) => {
    const ms = date.getTime()
    // The start itself, exactly: in a fall-back hour it may be the later of the two instants.
    if (ms === dtstart) return start
    const day = floatingDate(ms)
    return toInstant(day, (ms - floating(day, 0)) / 60_000, timeZone)
  })
  return Result.succeed({ occurrences, endsOn: floatingDate(last.getTime()) })
}

export const expandRecurrenceEffect = (
  input: ExpandRecurrenceInput
): Effect.Effect<ExpandedRecurrence, RecurrenceLimitExceeded | InvalidRecurrence> =>
  Effect.fromResult(expandRecurrence(input))

/** Which members of a series an edit applies to; `this` is the default. */
export const SeriesScope = Schema.Literals(["this", "following", "series"])
export type SeriesScope = typeof SeriesScope.Type

/**
 * The members an edit with `scope` acts on, in the order given: the target alone, the target and
 * every member starting at or after it, or the whole series.
 */
export const selectByScope = <A extends { readonly id: string; readonly start: DateTime.Utc }>(
  scope: SeriesScope,
  target: { readonly id: string; readonly start: DateTime.Utc },
  members: ReadonlyArray<A>
): ReadonlyArray<A> => {
  switch (scope) {
    case "this":
      return members.filter((member) => member.id === target.id)
    case "following":
      return members.filter(
        (member) =>
          member.id === target.id || member.start.epochMilliseconds >= target.start.epochMilliseconds
      )
    case "series":
      return members
  }
}
