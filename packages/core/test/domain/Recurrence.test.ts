import { assert, describe, it } from "@effect/vitest"
import { DateTime, Effect, Result, Schema } from "effect"
import * as fc from "fast-check"
import { formatInZone, type LocalDate, toInstant, WEEKDAYS } from "../../src/domain/LocalTime.js"
import {
  type ExpandedRecurrence,
  expandRecurrence,
  expandRecurrenceEffect,
  InvalidRecurrence,
  MAX_OCCURRENCES,
  parseRecurrence,
  type RecurrenceFrequency,
  RecurrenceInput,
  RecurrenceLimitExceeded,
  type RecurrenceRule,
  RecurrenceRuleFromRRule,
  selectByScope
} from "../../src/domain/Recurrence.js"

const PARIS = "Europe/Paris"
const DAY = 86_400_000

const at = (date: string, time: string, zone: string): DateTime.Utc => {
  const [h, m] = time.split(":").map(Number)
  return toInstant(date, h! * 60 + m!, zone)
}

const rule = (fields: Partial<RecurrenceRule> & { frequency: RecurrenceFrequency }): RecurrenceRule => ({
  interval: 1,
  ...fields
})

const expand = (r: RecurrenceRule, start: DateTime.Utc, timeZone: string, now?: DateTime.Utc) =>
  expandRecurrence({ rule: r, start, timeZone, ...(now !== undefined && { now }) })

const expandOk = (r: RecurrenceRule, start: DateTime.Utc, timeZone: string): ExpandedRecurrence => {
  const result = expand(r, start, timeZone)
  if (Result.isFailure(result)) assert.fail(`expected a series, got ${result.failure._tag}`)
  return result.success
}

/** Occurrences as RFC 3339 with the zone's offset, e.g. `2026-03-29T11:00:00.000+02:00`. */
const localTimes = (series: ExpandedRecurrence, zone: string): Array<string> =>
  series.occurrences.map((o) => formatInZone(o, zone))

const failureOf = <A, E>(result: Result.Result<A, E>): E => {
  if (Result.isSuccess(result)) assert.fail("expected a failure")
  return result.failure
}

describe("expandRecurrence keeps the local wall-clock time", () => {
  it("weekly at 11:00 in Paris across both 2026 changes (29 March, 25 October)", () => {
    const series = expandOk(rule({ frequency: "weekly", count: 33 }), at("2026-03-23", "11:00", PARIS), PARIS)
    const times = localTimes(series, PARIS)
    assert.lengthOf(times, 33)
    for (const time of times) assert.match(time, /T11:00:00\.000\+0[12]:00$/)
    assert.strictEqual(times[0], "2026-03-23T11:00:00.000+01:00")
    assert.strictEqual(times[1], "2026-03-30T11:00:00.000+02:00")
    assert.strictEqual(times[30], "2026-10-19T11:00:00.000+02:00")
    assert.strictEqual(times[31], "2026-10-26T11:00:00.000+01:00")
    assert.strictEqual(times[32], "2026-11-02T11:00:00.000+01:00")
    const utcHours = series.occurrences.map((o) => new Date(o.epochMilliseconds).getUTCHours())
    assert.deepStrictEqual([...new Set(utcHours)], [10, 9])
    assert.strictEqual(utcHours[0], 10)
    assert.strictEqual(utcHours[1], 9)
    assert.strictEqual(utcHours[32], 10)
    assert.strictEqual(series.endsOn, "2026-11-02")
  })

  it("daily at 09:00 in America/New_York across 8 March and 1 November 2026", () => {
    const zone = "America/New_York"
    const spring = expandOk(rule({ frequency: "daily", count: 3 }), at("2026-03-07", "09:00", zone), zone)
    assert.deepStrictEqual(localTimes(spring, zone), [
      "2026-03-07T09:00:00.000-05:00",
      "2026-03-08T09:00:00.000-04:00",
      "2026-03-09T09:00:00.000-04:00"
    ])
    const fall = expandOk(rule({ frequency: "daily", count: 3 }), at("2026-10-31", "09:00", zone), zone)
    assert.deepStrictEqual(localTimes(fall, zone), [
      "2026-10-31T09:00:00.000-04:00",
      "2026-11-01T09:00:00.000-05:00",
      "2026-11-02T09:00:00.000-05:00"
    ])
  })

  it("weekly at 10:00 in Australia/Sydney, whose DST ends in April and starts in October", () => {
    const zone = "Australia/Sydney"
    const autumn = expandOk(rule({ frequency: "weekly", count: 2 }), at("2026-03-29", "10:00", zone), zone)
    assert.deepStrictEqual(localTimes(autumn, zone), [
      "2026-03-29T10:00:00.000+11:00",
      "2026-04-05T10:00:00.000+10:00"
    ])
    const spring = expandOk(rule({ frequency: "weekly", count: 2 }), at("2026-09-27", "10:00", zone), zone)
    assert.deepStrictEqual(localTimes(spring, zone), [
      "2026-09-27T10:00:00.000+10:00",
      "2026-10-04T10:00:00.000+11:00"
    ])
  })

  it("monthly at 09:15 in Asia/Kolkata, +05:30 all year", () => {
    const zone = "Asia/Kolkata"
    const series = expandOk(rule({ frequency: "monthly", count: 12 }), at("2026-01-10", "09:15", zone), zone)
    const times = localTimes(series, zone)
    assert.lengthOf(times, 12)
    times.forEach((time, i) => {
      assert.strictEqual(time, `2026-${String(i + 1).padStart(2, "0")}-10T09:15:00.000+05:30`)
    })
    assert.strictEqual(
      new Date(series.occurrences[0]!.epochMilliseconds).toISOString(),
      "2026-01-10T03:45:00.000Z"
    )
  })

  it("moves a time in the spring-forward gap forward by the gap, on that day only", () => {
    const series = expandOk(rule({ frequency: "daily", count: 4 }), at("2026-03-27", "02:30", PARIS), PARIS)
    assert.deepStrictEqual(localTimes(series, PARIS), [
      "2026-03-27T02:30:00.000+01:00",
      "2026-03-28T02:30:00.000+01:00",
      "2026-03-29T03:30:00.000+02:00",
      "2026-03-30T02:30:00.000+02:00"
    ])
  })

  it("a start on the gap day itself begins at 03:30 and the next days are at 02:30", () => {
    const start = at("2026-03-29", "02:30", PARIS)
    assert.strictEqual(formatInZone(start, PARIS), "2026-03-29T03:30:00.000+02:00")
    const times = localTimes(expandOk(rule({ frequency: "daily", count: 2 }), start, PARIS), PARIS)
    // The floating start is the start's shown wall-clock time, 03:30: the series keeps what the
    // client sees on its first appointment.
    assert.deepStrictEqual(times, ["2026-03-29T03:30:00.000+02:00", "2026-03-30T03:30:00.000+02:00"])
  })

  it("takes the earlier offset for an ambiguous fall-back time", () => {
    const series = expandOk(rule({ frequency: "daily", count: 3 }), at("2026-10-24", "02:30", PARIS), PARIS)
    assert.deepStrictEqual(localTimes(series, PARIS), [
      "2026-10-24T02:30:00.000+02:00",
      "2026-10-25T02:30:00.000+02:00",
      "2026-10-26T02:30:00.000+01:00"
    ])
  })

  it("keeps a start in the second pass of an ambiguous hour as the first occurrence, exactly", () => {
    const start = DateTime.makeUnsafe("2026-10-25T01:30:00Z")
    assert.strictEqual(formatInZone(start, PARIS), "2026-10-25T02:30:00.000+01:00")
    const series = expandOk(rule({ frequency: "daily", count: 2 }), start, PARIS)
    assert.strictEqual(series.occurrences[0], start)
    assert.strictEqual(localTimes(series, PARIS)[1], "2026-10-26T02:30:00.000+01:00")
  })
})

describe("expandRecurrence rule parts", () => {
  const monday = at("2026-05-04", "14:00", PARIS)

  it("count gives exactly that many occurrences, the first being the start", () => {
    const series = expandOk(rule({ frequency: "daily", count: 5 }), monday, PARIS)
    assert.lengthOf(series.occurrences, 5)
    assert.strictEqual(series.occurrences[0], monday)
    assert.strictEqual(series.endsOn, "2026-05-08")
  })

  it("until includes the until date", () => {
    const series = expandOk(rule({ frequency: "daily", until: "2026-05-08" as LocalDate }), monday, PARIS)
    assert.lengthOf(series.occurrences, 5)
    assert.strictEqual(localTimes(series, PARIS).at(-1), "2026-05-08T14:00:00.000+02:00")
    assert.strictEqual(series.endsOn, "2026-05-08")
  })

  it("until between two occurrences ends on the previous one", () => {
    const series = expandOk(rule({ frequency: "weekly", until: "2026-05-24" as LocalDate }), monday, PARIS)
    assert.deepStrictEqual(
      localTimes(series, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-04", "2026-05-11", "2026-05-18"]
    )
    assert.strictEqual(series.endsOn, "2026-05-18")
  })

  it("interval skips periods", () => {
    const everyOther = expandOk(rule({ frequency: "weekly", interval: 2, count: 3 }), monday, PARIS)
    assert.deepStrictEqual(
      localTimes(everyOther, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-04", "2026-05-18", "2026-06-01"]
    )
    const everyThird = expandOk(rule({ frequency: "daily", interval: 3, count: 3 }), monday, PARIS)
    assert.deepStrictEqual(
      localTimes(everyThird, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-04", "2026-05-07", "2026-05-10"]
    )
  })

  it("byWeekday picks the days of each week", () => {
    const series = expandOk(rule({ frequency: "weekly", count: 5, byWeekday: ["mon", "thu"] }), monday, PARIS)
    assert.deepStrictEqual(localTimes(series, PARIS), [
      "2026-05-04T14:00:00.000+02:00",
      "2026-05-07T14:00:00.000+02:00",
      "2026-05-11T14:00:00.000+02:00",
      "2026-05-14T14:00:00.000+02:00",
      "2026-05-18T14:00:00.000+02:00"
    ])
  })

  it("a start outside byWeekday is not an occurrence: the series begins on the next listed day", () => {
    const tuesday = at("2026-05-05", "14:00", PARIS)
    const series = expandOk(
      rule({ frequency: "weekly", count: 3, byWeekday: ["mon", "thu"] }),
      tuesday,
      PARIS
    )
    assert.deepStrictEqual(
      localTimes(series, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-07", "2026-05-11", "2026-05-14"]
    )
  })

  it("byWeekday filters a daily rule", () => {
    const series = expandOk(rule({ frequency: "daily", count: 4, byWeekday: ["sat", "sun"] }), monday, PARIS)
    assert.deepStrictEqual(
      localTimes(series, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-09", "2026-05-10", "2026-05-16", "2026-05-17"]
    )
  })

  it("monthly repeats the day of the month", () => {
    const series = expandOk(rule({ frequency: "monthly", count: 3 }), at("2026-10-15", "08:00", PARIS), PARIS)
    assert.deepStrictEqual(localTimes(series, PARIS), [
      "2026-10-15T08:00:00.000+02:00",
      "2026-11-15T08:00:00.000+01:00",
      "2026-12-15T08:00:00.000+01:00"
    ])
    const everyOther = expandOk(rule({ frequency: "monthly", interval: 2, count: 3 }), monday, PARIS)
    assert.deepStrictEqual(
      localTimes(everyOther, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-04", "2026-07-04", "2026-09-04"]
    )
  })

  it("monthly on the 31st skips the months without a 31st, and count counts real occurrences", () => {
    const series = expandOk(rule({ frequency: "monthly", count: 5 }), at("2026-01-31", "10:00", PARIS), PARIS)
    assert.deepStrictEqual(
      localTimes(series, PARIS).map((t) => t.slice(0, 10)),
      ["2026-01-31", "2026-03-31", "2026-05-31", "2026-07-31", "2026-08-31"]
    )
    assert.strictEqual(series.endsOn, "2026-08-31")
  })

  it("endsOn is the local date of the last occurrence, not its UTC date", () => {
    const zone = "Australia/Sydney"
    const series = expandOk(rule({ frequency: "daily", count: 2 }), at("2026-06-01", "08:00", zone), zone)
    assert.strictEqual(
      new Date(series.occurrences[1]!.epochMilliseconds).toISOString(),
      "2026-06-01T22:00:00.000Z"
    )
    assert.strictEqual(series.endsOn, "2026-06-02")
  })

  it("fails when until is before the start or when no day matches", () => {
    const before = failureOf(
      expand(rule({ frequency: "daily", until: "2026-05-01" as LocalDate }), monday, PARIS)
    )
    assert.instanceOf(before, InvalidRecurrence)
    const none = failureOf(
      expand(
        rule({ frequency: "daily", until: "2026-05-05" as LocalDate, byWeekday: ["sun"] }),
        monday,
        PARIS
      )
    )
    assert.instanceOf(none, InvalidRecurrence)
  })

  it.effect("has an Effect wrapper failing with the tagged error", () =>
    Effect.gen(function* () {
      const series = yield* expandRecurrenceEffect({
        rule: rule({ frequency: "daily", count: 2 }),
        start: monday,
        timeZone: PARIS
      })
      assert.lengthOf(series.occurrences, 2)
      const error = yield* Effect.flip(
        expandRecurrenceEffect({
          rule: rule({ frequency: "daily", count: 200 }),
          start: monday,
          timeZone: PARIS
        })
      )
      assert.strictEqual(error._tag, "RecurrenceLimitExceeded")
    })
  )
})

describe("expandRecurrence caps", () => {
  const start = at("2026-03-10", "10:00", PARIS)

  it("accepts exactly 104 weekly occurrences", () => {
    const series = expandOk(rule({ frequency: "weekly", count: MAX_OCCURRENCES }), start, PARIS)
    assert.lengthOf(series.occurrences, 104)
    assert.strictEqual(series.endsOn, "2028-02-29")
  })

  it("refuses a count of 105", () => {
    const error = failureOf(expand(rule({ frequency: "daily", count: 105 }), start, PARIS))
    assert.instanceOf(error, RecurrenceLimitExceeded)
    assert.deepStrictEqual(
      { reason: error.reason, limit: error.limit },
      { reason: "too_many_occurrences", limit: 104 }
    )
  })

  it("refuses an until that yields more than 104 occurrences, without truncating", () => {
    const error = failureOf(
      expand(rule({ frequency: "daily", until: "2026-12-31" as LocalDate }), start, PARIS)
    )
    assert.instanceOf(error, RecurrenceLimitExceeded)
    assert.strictEqual(error.reason, "too_many_occurrences")
  })

  it("refuses an until three years ahead", () => {
    const error = failureOf(
      expand(rule({ frequency: "monthly", until: "2029-03-10" as LocalDate }), start, PARIS)
    )
    assert.instanceOf(error, RecurrenceLimitExceeded)
    assert.deepStrictEqual(
      { reason: error.reason, limit: error.limit },
      { reason: "too_far_ahead", limit: 2 }
    )
  })

  it("accepts an until exactly two years after the start's local date", () => {
    const series = expandOk(rule({ frequency: "monthly", until: "2028-03-10" as LocalDate }), start, PARIS)
    assert.lengthOf(series.occurrences, 25)
    assert.strictEqual(series.endsOn, "2028-03-10")
    const error = failureOf(
      expand(rule({ frequency: "monthly", until: "2028-03-11" as LocalDate }), start, PARIS)
    )
    assert.strictEqual((error as RecurrenceLimitExceeded).reason, "too_far_ahead")
  })

  it("refuses a count whose occurrences reach beyond two years", () => {
    const error = failureOf(expand(rule({ frequency: "monthly", count: 30 }), start, PARIS))
    assert.instanceOf(error, RecurrenceLimitExceeded)
    assert.strictEqual(error.reason, "too_far_ahead")
    expandOk(rule({ frequency: "monthly", count: 25 }), start, PARIS)
  })

  it("with now, also refuses occurrences more than two years after today", () => {
    const later = at("2026-09-01", "10:00", PARIS)
    const weekly = rule({ frequency: "weekly", count: 90 })
    assert.isTrue(Result.isSuccess(expand(weekly, later, PARIS)))
    const error = failureOf(expand(weekly, later, PARIS, at("2026-03-01", "09:00", PARIS)))
    assert.strictEqual((error as RecurrenceLimitExceeded).reason, "too_far_ahead")
  })
})

describe("parseRecurrence", () => {
  it("decodes a structured rule, defaulting interval to 1", () => {
    const parsed = parseRecurrence({ frequency: "weekly", count: 4, byWeekday: ["tue"] })
    assert.deepStrictEqual(Result.getOrThrow(parsed), {
      frequency: "weekly",
      interval: 1,
      count: 4,
      byWeekday: ["tue"]
    })
  })

  it("parses an RRULE string, with or without the RRULE: prefix", () => {
    const expected: RecurrenceRule = {
      frequency: "weekly",
      interval: 2,
      count: 10,
      byWeekday: ["mon", "thu"]
    }
    assert.deepStrictEqual(
      Result.getOrThrow(parseRecurrence("FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,TH")),
      expected
    )
    assert.deepStrictEqual(
      Result.getOrThrow(parseRecurrence("RRULE:FREQ=WEEKLY;INTERVAL=2;COUNT=10;BYDAY=MO,TH")),
      expected
    )
    assert.deepStrictEqual(Result.getOrThrow(parseRecurrence("FREQ=DAILY;UNTIL=20261231")), {
      frequency: "daily",
      interval: 1,
      until: "2026-12-31" as LocalDate
    })
    assert.deepStrictEqual(Result.getOrThrow(parseRecurrence("FREQ=MONTHLY;UNTIL=20261231T225959Z")), {
      frequency: "monthly",
      interval: 1,
      until: "2026-12-31" as LocalDate
    })
  })

  it("RecurrenceInput decodes either form to a rule", () => {
    const decode = Schema.decodeUnknownSync(RecurrenceInput)
    assert.deepStrictEqual(decode("FREQ=DAILY;COUNT=2"), decode({ frequency: "daily", count: 2 }))
    assert.deepStrictEqual(decode({ frequency: "daily", count: 2 }), {
      frequency: "daily",
      interval: 1,
      count: 2
    })
    assert.throws(() => decode("FREQ=YEARLY;COUNT=2"))
  })

  it("expands a parsed RRULE", () => {
    const parsed = Result.getOrThrow(parseRecurrence("FREQ=WEEKLY;INTERVAL=2;COUNT=4;BYDAY=MO,TH"))
    const series = expandOk(parsed, at("2026-05-04", "09:00", PARIS), PARIS)
    assert.deepStrictEqual(
      localTimes(series, PARIS).map((t) => t.slice(0, 10)),
      ["2026-05-04", "2026-05-07", "2026-05-18", "2026-05-21"]
    )
  })

  it("encodes a rule back to an RRULE string", () => {
    const encoded = Schema.encodeSync(RecurrenceRuleFromRRule)({
      frequency: "weekly",
      interval: 2,
      until: "2026-12-31" as LocalDate,
      byWeekday: ["mon", "fri"]
    })
    assert.strictEqual(encoded, "FREQ=WEEKLY;INTERVAL=2;UNTIL=20261231;BYDAY=MO,FR")
  })

  const rejectedStrings: ReadonlyArray<readonly [string, RegExp]> = [
    ["FREQ=YEARLY;COUNT=3", /YEARLY is not supported/],
    ["FREQ=HOURLY;COUNT=3", /HOURLY is not supported/],
    ["FREQ=MONTHLY;COUNT=3;BYDAY=MO;BYSETPOS=-1", /BYSETPOS is not supported/],
    ["FREQ=DAILY;COUNT=3;BYHOUR=9", /BYHOUR is not supported/],
    ["FREQ=MONTHLY;COUNT=3;BYMONTHDAY=1", /BYMONTHDAY is not supported/],
    ["FREQ=MONTHLY;COUNT=3;BYDAY=1MO", /plain weekdays/],
    ["FREQ=WEEKLY;COUNT=3;BYDAY=XX", /plain weekdays/],
    ["FREQ=DAILY;COUNT=3;COUNT=4", /appears twice/],
    ["FREQ=DAILY;COUNT=-1", /COUNT must be a positive integer/],
    ["FREQ=DAILY;COUNT=0", /count must be an integer of at least 1/],
    ["FREQ=DAILY;INTERVAL=0;COUNT=3", /interval must be an integer from 1 to 99/],
    ["FREQ=DAILY;INTERVAL=100;COUNT=3", /interval must be an integer from 1 to 99/],
    ["FREQ=DAILY;UNTIL=2026-12-31", /UNTIL must be a date/],
    ["FREQ=DAILY;UNTIL=20261340", /YYYY-MM-DD/],
    ["FREQ=DAILY", /exactly one of count or until/],
    ["FREQ=DAILY;COUNT=3;UNTIL=20261231", /exactly one of count or until/],
    ["COUNT=3", /needs FREQ/],
    ["DTSTART:20260101T090000Z\nRRULE:FREQ=DAILY;COUNT=3", /Expected an RRULE/],
    ["every monday", /Expected an RRULE/],
    ["", /needs FREQ/]
  ]
  for (const [text, message] of rejectedStrings) {
    it(`rejects ${JSON.stringify(text)}`, () => {
      const error = failureOf(parseRecurrence(text))
      assert.instanceOf(error, InvalidRecurrence)
      assert.strictEqual(error._tag, "InvalidRecurrence")
      assert.match(error.message, message)
    })
  }

  const rejectedRules: ReadonlyArray<readonly [unknown, RegExp]> = [
    [{ frequency: "weekly" }, /exactly one of count or until/],
    [{ frequency: "weekly", count: 2, until: "2026-12-31" }, /exactly one of count or until/],
    [{ frequency: "yearly", count: 2 }, /yearly|daily|weekly|monthly/],
    [{ frequency: "daily", interval: 1.5, count: 2 }, /integer/],
    [{ frequency: "daily", count: 0 }, /at least 1/],
    [{ frequency: "daily", until: "31/12/2026" }, /YYYY-MM-DD/],
    [{ frequency: "weekly", count: 2, byWeekday: [] }, /at least one weekday/],
    [{ frequency: "weekly", count: 2, byWeekday: ["monday"] }, /mon/],
    [42, /./]
  ]
  for (const [input, message] of rejectedRules) {
    it(`rejects the rule ${JSON.stringify(input)}`, () => {
      const error = failureOf(parseRecurrence(input))
      assert.instanceOf(error, InvalidRecurrence)
      assert.match(error.message, message)
    })
  }
})

describe("selectByScope", () => {
  const member = (id: string, date: string) => ({ id, start: at(date, "10:00", PARIS), note: `visit ${id}` })
  const members = [
    member("a", "2026-05-04"),
    member("b", "2026-05-11"),
    member("c", "2026-05-18"),
    member("d", "2026-05-25")
  ]
  const target = members[1]!
  const ids = (selected: ReadonlyArray<{ readonly id: string }>) => selected.map((m) => m.id)

  it("this: only the target", () => {
    assert.deepStrictEqual(ids(selectByScope("this", target, members)), ["b"])
  })

  it("following: the target and every later member", () => {
    assert.deepStrictEqual(ids(selectByScope("following", target, members)), ["b", "c", "d"])
    assert.deepStrictEqual(ids(selectByScope("following", target, [...members].reverse())), ["d", "c", "b"])
  })

  it("series: every member", () => {
    const selected = selectByScope("series", target, members)
    assert.deepStrictEqual(ids(selected), ["a", "b", "c", "d"])
    assert.strictEqual(selected[0]!.note, "visit a")
  })
})

// ---------------------------------------------------------------------------------------------
// Properties, checked against the runtime's own time-zone database through Intl (not LocalTime).

const ZONES = Intl.supportedValuesOf("timeZone")

const formatters = new Map<string, Intl.DateTimeFormat>()
const formatter = (zone: string): Intl.DateTimeFormat => {
  let f = formatters.get(zone)
  if (f === undefined) {
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric"
    })
    formatters.set(zone, f)
  }
  return f
}

/** The wall clock shown in `zone` at `ms`, as milliseconds of that wall-clock time read as UTC. */
const wallClock = (ms: number, zone: string): number => {
  const parts: Record<string, number> = {}
  for (const p of formatter(zone).formatToParts(ms)) parts[p.type] = Number(p.value)
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
}

const offsetAt = (ms: number, zone: string): number => wallClock(ms, zone) - ms

/** The instants at which `zone` shows the wall-clock time `wall`: none in a gap, two when ambiguous. */
const instantsShowing = (wall: number, zone: string): Array<number> => {
  const offsets = new Set([offsetAt(wall - DAY, zone), offsetAt(wall + DAY, zone)])
  return [...offsets]
    .map((off) => wall - off)
    .filter((ms) => wallClock(ms, zone) === wall)
    .sort((a, b) => a - b)
}

const gapAt = (wall: number, zone: string): number => offsetAt(wall + DAY, zone) - offsetAt(wall - DAY, zone)

const ruleArbitrary = fc.oneof(
  fc.record({
    frequency: fc.constant("daily" as const),
    interval: fc.integer({ min: 1, max: 5 }),
    count: fc.integer({ min: 1, max: 40 })
  }),
  fc.record({
    frequency: fc.constant("daily" as const),
    interval: fc.constant(1),
    count: fc.integer({ min: 1, max: 40 }),
    byWeekday: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), {
      minLength: 1
    })
  }),
  fc.record(
    {
      frequency: fc.constant("weekly" as const),
      interval: fc.integer({ min: 1, max: 2 }),
      count: fc.integer({ min: 1, max: 40 }),
      byWeekday: fc.uniqueArray(fc.constantFrom(...WEEKDAYS), {
        minLength: 1
      })
    },
    { requiredKeys: ["frequency", "interval", "count"] }
  ),
  fc.record({
    frequency: fc.constant("monthly" as const),
    interval: fc.integer({ min: 1, max: 2 }),
    count: fc.integer({ min: 1, max: 10 })
  })
)

const pad = (n: number) => String(n).padStart(2, "0")

describe("expandRecurrence properties", () => {
  it("every occurrence shows the start's wall-clock time, except in a gap, where it is later by the gap", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 2020, max: 2035 }),
        // Months around the changes of both hemispheres are drawn more often.
        fc.oneof(fc.constantFrom(3, 4, 9, 10, 11), fc.integer({ min: 1, max: 12 })),
        fc.integer({ min: 1, max: 28 }),
        fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 23 })),
        fc.integer({ min: 0, max: 59 }),
        ruleArbitrary,
        (zone, year, month, day, hour, minute, r) => {
          const start = toInstant(`${year}-${pad(month)}-${pad(day)}`, hour * 60 + minute, zone)
          const startTime = wallClock(start.epochMilliseconds, zone) % DAY
          const series = expandOk(r as RecurrenceRule, start, zone)
          assert.lengthOf(series.occurrences, r.count)
          let previous = Number.NEGATIVE_INFINITY
          for (const occurrence of series.occurrences) {
            const ms = occurrence.epochMilliseconds
            assert.isAbove(ms, previous)
            previous = ms
            const wall = wallClock(ms, zone)
            // The latest wall-clock time at or before `wall` showing the start's time of day.
            const intended = wall - (((((wall % DAY) - startTime) % DAY) + DAY) % DAY)
            const candidates = instantsShowing(intended, zone)
            if (candidates.length === 0) {
              assert.strictEqual(wall - intended, gapAt(intended, zone), `gap shift in ${zone}`)
            } else {
              assert.strictEqual(wall, intended, `wall-clock time in ${zone}`)
              if (ms !== start.epochMilliseconds)
                assert.strictEqual(ms, candidates[0], `earlier offset in ${zone}`)
            }
          }
          const last = new Date(wallClock(series.occurrences.at(-1)!.epochMilliseconds, zone))
          assert.strictEqual(series.endsOn, last.toISOString().slice(0, 10))
        }
      ),
      { numRuns: 200 }
    )
  })

  // Zones with a spring-forward change in 2026, found through Intl.
  const springForward = ZONES.flatMap((zone) => {
    for (let d = Date.UTC(2026, 0, 1, 12); d < Date.UTC(2027, 0, 1, 12); d += DAY) {
      if (offsetAt(d + DAY, zone) > offsetAt(d, zone)) {
        let [lo, hi] = [d, d + DAY]
        while (hi - lo > 60_000) {
          const mid = lo + Math.floor((hi - lo) / 120_000) * 60_000
          if (offsetAt(mid, zone) > offsetAt(d, zone)) hi = mid
          else lo = mid
        }
        // First wall-clock time of the gap, and its length.
        return [{ zone, gapStart: wallClock(hi, zone) - (offsetAt(hi, zone) - offsetAt(lo, zone)) }]
      }
    }
    return []
  })

  it("finds zones with a spring-forward change to test", () => {
    assert.isAbove(springForward.length, 50)
    assert.isTrue(springForward.some((z) => z.zone === "Australia/Lord_Howe"))
  })

  it("a daily series through a spring-forward gap moves forward by the gap on that day only", () => {
    fc.assert(
      fc.property(fc.constantFrom(...springForward), fc.nat(), (g, n) => {
        const gap = gapAt(g.gapStart, g.zone)
        const wallInGap = g.gapStart + (n % (gap / 60_000)) * 60_000
        const dayBefore = new Date(wallInGap - DAY).toISOString().slice(0, 10)
        const minutes = Math.round((wallInGap % DAY) / 60_000)
        const series = expandOk(
          rule({ frequency: "daily", count: 3 }),
          toInstant(dayBefore, minutes, g.zone),
          g.zone
        )
        const walls = series.occurrences.map((o) => wallClock(o.epochMilliseconds, g.zone))
        assert.deepStrictEqual(walls, [wallInGap - DAY, wallInGap + gap, wallInGap + DAY])
      }),
      { numRuns: 200 }
    )
  })
})
