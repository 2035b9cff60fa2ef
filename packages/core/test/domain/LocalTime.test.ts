/**
 * LocalTime: the conversions between wall-clock times and instants under the product's
 * daylight-saving rule (gap: forward by the gap; ambiguous: earlier offset), checked on known
 * changes and, over every IANA zone, against effect's DateTime ("compatible" disambiguation).
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime } from "effect"
import * as fc from "fast-check"
import {
  formatInZone,
  isValidTimeZone,
  localDateOf,
  toEpochMillis,
  toInstant,
  toLocal,
  wallClockToEpochMillis,
  zoneOffsetAt
} from "../../src/domain/LocalTime.js"

const PARIS = "Europe/Paris"
const NEW_YORK = "America/New_York"
const LORD_HOWE = "Australia/Lord_Howe"
const ZONES = Intl.supportedValuesOf("timeZone")
const MINUTE = 60_000
const HOUR = 3_600_000
const DAY = 86_400_000

const hm = (time: string): number => {
  const [h, m] = time.split(":").map(Number)
  return h! * 60 + m!
}
/** The instant of a wall-clock time, written with the offset it gets. */
const local = (date: string, time: string, zone: string): string =>
  formatInZone(toInstant(date, hm(time), zone), zone)
const pad = (n: number, width = 2): string => String(n).padStart(width, "0")

/** effect's conversion, the reference: `DateTime.makeZonedUnsafe` with "compatible". */
const effectInstant = (date: string, minutes: number, zone: string): number => {
  const [year, month, day] = date.split("-").map(Number)
  return DateTime.makeZonedUnsafe(
    { year: year!, month: month!, day: day!, hour: Math.floor(minutes / 60), minute: minutes % 60 },
    { timeZone: zone, adjustForTimeZone: true, disambiguation: "compatible" }
  ).epochMilliseconds
}

describe("toInstant on daylight-saving changes", () => {
  it("Europe/Paris: the gap of 2026-03-29 moves forward by an hour", () => {
    assert.strictEqual(local("2026-03-29", "01:59", PARIS), "2026-03-29T01:59:00.000+01:00")
    assert.strictEqual(local("2026-03-29", "02:00", PARIS), "2026-03-29T03:00:00.000+02:00")
    assert.strictEqual(local("2026-03-29", "02:30", PARIS), "2026-03-29T03:30:00.000+02:00")
    assert.strictEqual(local("2026-03-29", "03:00", PARIS), "2026-03-29T03:00:00.000+02:00")
    assert.strictEqual(
      toInstant("2026-03-29", hm("02:30"), PARIS).epochMilliseconds,
      Date.UTC(2026, 2, 29, 1, 30)
    )
  })

  it("Europe/Paris: the repeated hour of 2026-10-25 takes the earlier offset", () => {
    assert.strictEqual(local("2026-10-25", "01:59", PARIS), "2026-10-25T01:59:00.000+02:00")
    assert.strictEqual(local("2026-10-25", "02:00", PARIS), "2026-10-25T02:00:00.000+02:00")
    assert.strictEqual(local("2026-10-25", "02:30", PARIS), "2026-10-25T02:30:00.000+02:00")
    assert.strictEqual(local("2026-10-25", "02:59", PARIS), "2026-10-25T02:59:00.000+02:00")
    assert.strictEqual(local("2026-10-25", "03:00", PARIS), "2026-10-25T03:00:00.000+01:00")
    assert.strictEqual(
      toInstant("2026-10-25", hm("02:30"), PARIS).epochMilliseconds,
      Date.UTC(2026, 9, 25, 0, 30)
    )
  })

  it("America/New_York: gap on 2026-03-08, repeated hour on 2026-11-01", () => {
    assert.strictEqual(local("2026-03-08", "01:59", NEW_YORK), "2026-03-08T01:59:00.000-05:00")
    assert.strictEqual(local("2026-03-08", "02:00", NEW_YORK), "2026-03-08T03:00:00.000-04:00")
    assert.strictEqual(local("2026-03-08", "02:30", NEW_YORK), "2026-03-08T03:30:00.000-04:00")
    assert.strictEqual(local("2026-03-08", "03:00", NEW_YORK), "2026-03-08T03:00:00.000-04:00")
    assert.strictEqual(local("2026-11-01", "00:59", NEW_YORK), "2026-11-01T00:59:00.000-04:00")
    assert.strictEqual(local("2026-11-01", "01:00", NEW_YORK), "2026-11-01T01:00:00.000-04:00")
    assert.strictEqual(local("2026-11-01", "01:30", NEW_YORK), "2026-11-01T01:30:00.000-04:00")
    assert.strictEqual(local("2026-11-01", "02:00", NEW_YORK), "2026-11-01T02:00:00.000-05:00")
    assert.strictEqual(
      toInstant("2026-11-01", hm("01:30"), NEW_YORK).epochMilliseconds,
      Date.UTC(2026, 10, 1, 5, 30)
    )
  })

  it("Australia/Lord_Howe: half-hour changes (+10:30 / +11:00)", () => {
    // Daylight saving ends on 2026-04-05 at 02:00 (+11:00), back to 01:30 (+10:30).
    assert.strictEqual(local("2026-04-05", "01:29", LORD_HOWE), "2026-04-05T01:29:00.000+11:00")
    assert.strictEqual(local("2026-04-05", "01:30", LORD_HOWE), "2026-04-05T01:30:00.000+11:00")
    assert.strictEqual(local("2026-04-05", "01:45", LORD_HOWE), "2026-04-05T01:45:00.000+11:00")
    assert.strictEqual(local("2026-04-05", "02:00", LORD_HOWE), "2026-04-05T02:00:00.000+10:30")
    // It starts on 2026-10-04 at 02:00 (+10:30), forward to 02:30 (+11:00).
    assert.strictEqual(local("2026-10-04", "01:59", LORD_HOWE), "2026-10-04T01:59:00.000+10:30")
    assert.strictEqual(local("2026-10-04", "02:00", LORD_HOWE), "2026-10-04T02:30:00.000+11:00")
    assert.strictEqual(local("2026-10-04", "02:15", LORD_HOWE), "2026-10-04T02:45:00.000+11:00")
    assert.strictEqual(local("2026-10-04", "02:30", LORD_HOWE), "2026-10-04T02:30:00.000+11:00")
    for (const [date, time] of [
      ["2026-04-05", "01:45"],
      ["2026-10-04", "02:15"],
      ["2026-07-01", "12:00"]
    ] as const) {
      assert.strictEqual(toEpochMillis(date, hm(time), LORD_HOWE), effectInstant(date, hm(time), LORD_HOWE))
    }
  })

  it("minutes beyond the day address the following (or previous) days", () => {
    assert.strictEqual(
      toEpochMillis("2026-03-28", 1440 + hm("02:30"), PARIS),
      toEpochMillis("2026-03-29", hm("02:30"), PARIS)
    )
    assert.strictEqual(toEpochMillis("2026-03-30", -1440 + hm("03:00"), PARIS), Date.UTC(2026, 2, 29, 1))
    assert.strictEqual(toEpochMillis("2026-12-31", 1440, PARIS), toEpochMillis("2027-01-01", 0, PARIS))
  })
})

describe("toLocal, localDateOf, formatInZone", () => {
  it("round trip: toLocal(toInstant(d, m)) gives back d and m outside gaps", () => {
    const cases: ReadonlyArray<readonly [string, string, string]> = [
      [PARIS, "2026-03-29", "01:59"],
      [PARIS, "2026-03-29", "03:00"],
      [PARIS, "2026-10-25", "02:30"],
      [PARIS, "2026-10-25", "23:59"],
      [NEW_YORK, "2026-03-08", "00:00"],
      [NEW_YORK, "2026-11-01", "01:30"],
      [LORD_HOWE, "2026-04-05", "01:45"],
      [LORD_HOWE, "2026-10-04", "02:30"],
      ["Asia/Kolkata", "2026-01-01", "00:00"],
      ["Pacific/Chatham", "2026-09-27", "03:45"],
      ["UTC", "2026-06-15", "12:34"]
    ]
    for (const [zone, date, time] of cases) {
      const l = toLocal(toInstant(date, hm(time), zone), zone)
      assert.deepStrictEqual([l.date, l.minutes], [date, hm(time)], `${zone} ${date} ${time}`)
      assert.strictEqual(localDateOf(toEpochMillis(date, hm(time), zone), zone), date)
    }
    assert.strictEqual(toLocal(toInstant("2026-03-29", 0, PARIS), PARIS).weekday, "sun")
    assert.strictEqual(toLocal(toInstant("2026-03-30", 0, PARIS), PARIS).weekday, "mon")
  })

  it("a time in a gap comes back later by the gap", () => {
    const l = toLocal(toInstant("2026-03-29", hm("02:30"), PARIS), PARIS)
    assert.deepStrictEqual([l.date, l.minutes], ["2026-03-29", hm("03:30")])
    const h = toLocal(toInstant("2026-10-04", hm("02:10"), LORD_HOWE), LORD_HOWE)
    assert.deepStrictEqual([h.date, h.minutes], ["2026-10-04", hm("02:40")])
  })

  it("formatInZone writes the offset, with UTC as +00:00", () => {
    assert.strictEqual(formatInZone(Date.UTC(2026, 2, 29, 9), PARIS), "2026-03-29T11:00:00.000+02:00")
    assert.strictEqual(formatInZone(Date.UTC(2026, 0, 1, 0, 0, 0, 5), "UTC"), "2026-01-01T00:00:00.005+00:00")
    assert.strictEqual(
      formatInZone(Date.UTC(2026, 0, 1), "America/St_Johns"),
      "2025-12-31T20:30:00.000-03:30"
    )
  })
})

describe("zones", () => {
  it("isValidTimeZone accepts IANA names and rejects others", () => {
    assert.isTrue(isValidTimeZone(PARIS))
    assert.isTrue(isValidTimeZone("UTC"))
    assert.isFalse(isValidTimeZone("Mars/Olympus_Mons"))
    assert.isFalse(isValidTimeZone(""))
    assert.throws(() => toInstant("2026-01-01", 0, "Mars/Olympus_Mons"))
  })

  it("zoneOffsetAt reads the offset, seconds included for local mean time", () => {
    assert.strictEqual(zoneOffsetAt(PARIS)(Date.UTC(2026, 6, 1)), 2 * 3_600_000)
    assert.strictEqual(zoneOffsetAt(NEW_YORK)(Date.UTC(2026, 0, 1)), -5 * 3_600_000)
    assert.strictEqual(zoneOffsetAt("UTC")(0), 0)
    // Paris mean time until 1911: +00:09:21.
    assert.strictEqual(zoneOffsetAt(PARIS)(Date.UTC(1900, 0, 1)), (9 * 60 + 21) * 1000)
  })

  it("wallClockToEpochMillis: local epoch milliseconds to the instant", () => {
    assert.strictEqual(
      wallClockToEpochMillis(PARIS, Date.UTC(2026, 2, 29, 2, 30)),
      Date.UTC(2026, 2, 29, 1, 30)
    )
    assert.strictEqual(
      wallClockToEpochMillis(PARIS, Date.UTC(2026, 9, 25, 2, 30)),
      Date.UTC(2026, 9, 25, 0, 30)
    )
  })
})

// Properties against effect's DateTime, over every zone the runtime knows.

const dateArbitrary = fc
  .tuple(
    fc.integer({ min: 1990, max: 2060 }),
    // Months of the changes of both hemispheres are drawn more often.
    fc.oneof(fc.constantFrom(3, 4, 9, 10, 11), fc.integer({ min: 1, max: 12 })),
    fc.integer({ min: 1, max: 31 })
  )
  .map(([y, m, d]) => new Date(Date.UTC(y, m - 1, d)).toISOString().slice(0, 10))
// Most changes happen in the small hours.
const minutesArbitrary = fc.oneof(fc.integer({ min: 0, max: 1439 }), fc.integer({ min: 0, max: 240 }))

const effectOffset = (ms: number, zone: string): number =>
  DateTime.zonedOffset(DateTime.makeZonedUnsafe(ms, { timeZone: zone }))

/** The local dates of the offset changes of `zone` in `year`, found through effect's DateTime. */
const changeDates = (zone: string, year: number): Array<string> => {
  const offset = (ms: number) => effectOffset(ms, zone)
  const dates: Array<string> = []
  let previous = offset(Date.UTC(year, 0, 1))
  for (let t = Date.UTC(year, 0, 2); t < Date.UTC(year + 1, 0, 1); t += DAY) {
    const o = offset(t)
    if (o !== previous) dates.push(new Date(t - DAY + previous).toISOString().slice(0, 10))
    previous = o
  }
  return dates
}

describe("properties against effect's DateTime (compatible)", () => {
  it("toInstant agrees for any zone, date 1990-2060 and minute", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), dateArbitrary, minutesArbitrary, (zone, date, minutes) => {
        assert.strictEqual(
          toInstant(date, minutes, zone).epochMilliseconds,
          effectInstant(date, minutes, zone),
          `${zone} ${date} ${minutes}`
        )
      }),
      { numRuns: 500 }
    )
  })

  it("toInstant agrees around the changes of a year, every 15 minutes over three days", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1990, max: 2060 }),
        fc.nat(),
        (zone, year, pick) => {
          const dates = changeDates(zone, year)
          if (dates.length === 0) return
          const date = dates[pick % dates.length]!
          for (let day = -1; day <= 1; day++) {
            const shifted = new Date(Date.parse(`${date}T00:00:00Z`) + day * DAY).toISOString().slice(0, 10)
            for (let minutes = 0; minutes < 1440; minutes += 15) {
              assert.strictEqual(
                toEpochMillis(date, day * 1440 + minutes, zone),
                effectInstant(shifted, minutes, zone),
                `${zone} ${shifted} ${minutes}`
              )
            }
          }
        }
      ),
      { numRuns: 100 }
    )
  })

  it("zoneOffsetAt agrees second by second around the changes of a year, read in any order", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: 1900, max: 2060 }),
        fc.nat(),
        fc.boolean(),
        (zone, year, pick, backwards) => {
          const dates = changeDates(zone, year)
          if (dates.length === 0) return
          const date = Date.parse(`${dates[pick % dates.length]!}T00:00:00Z`)
          // The change lies within this local day, so within a day and a half of its UTC start.
          const instants: Array<number> = []
          for (let t = date - 18 * HOUR; t < date + 42 * HOUR; t += 15 * MINUTE) {
            instants.push(t - 1000, t, t + 1000)
          }
          if (backwards) instants.reverse()
          const offsetAt = zoneOffsetAt(zone)
          for (const t of instants) assert.strictEqual(offsetAt(t), effectOffset(t, zone), `${zone} ${t}`)
        }
      ),
      { numRuns: 200 }
    )
  })

  it("toLocal and formatInZone agree for any zone and instant", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...ZONES),
        fc.integer({ min: Date.UTC(1900, 0, 1), max: Date.UTC(2100, 0, 1) }),
        (zone, ms) => {
          const zoned = DateTime.makeZonedUnsafe(ms, { timeZone: zone })
          const parts = DateTime.toParts(zoned)
          const l = toLocal(ms, zone)
          const date = `${pad(parts.year, 4)}-${pad(parts.month)}-${pad(parts.day)}`
          assert.deepStrictEqual([l.date, l.minutes], [date, parts.hour * 60 + parts.minute], `${zone} ${ms}`)
          assert.strictEqual(localDateOf(ms, zone), date)
          assert.strictEqual(formatInZone(ms, zone), DateTime.formatIsoOffset(zoned), `${zone} ${ms}`)
        }
      ),
      { numRuns: 500 }
    )
  })

  it("round trip outside gaps; in a gap, later by the gap", () => {
    fc.assert(
      fc.property(fc.constantFrom(...ZONES), dateArbitrary, minutesArbitrary, (zone, date, minutes) => {
        const t = toEpochMillis(date, minutes, zone)
        const l = toLocal(t, zone)
        const wall = Date.parse(`${date}T00:00:00Z`) + minutes * MINUTE
        const shown = Date.parse(`${l.date}T00:00:00Z`) + l.minutes * MINUTE
        const gap = effectOffset(wall + DAY, zone) - effectOffset(wall - DAY, zone)
        if (shown !== wall) assert.strictEqual(shown - wall, gap, `${zone} ${date} ${minutes}`)
      }),
      { numRuns: 500 }
    )
  })
})
