import { describe, expect, it } from "vitest"
import {
  addDays,
  dateAtNoon,
  datesFrom,
  dayPeriodOf,
  daysBetween,
  deviceZoneDiffers,
  firstDayWithSlots,
  groupByPeriod,
  groupSlotsByDay,
  localDateOf,
  sameInstant,
  zoneName
} from "../src/pages/public/slots"

const slot = (start: string) => ({ start })

describe("local dates in the business's zone", () => {
  it("reads the date on the business's clock, not the device's", () => {
    // 23:30 UTC on 22 November is already 23 November in Paris, and still 22 November in New York.
    expect(localDateOf("2026-11-22T23:30:00Z", "Europe/Paris")).toBe("2026-11-23")
    expect(localDateOf("2026-11-22T23:30:00Z", "America/New_York")).toBe("2026-11-22")
    expect(localDateOf("2026-11-23T00:15:00+01:00", "Europe/Paris")).toBe("2026-11-23")
  })

  it("counts and moves calendar days across months, years and daylight-saving changes", () => {
    expect(addDays("2026-11-29", 3)).toBe("2026-12-02")
    expect(addDays("2026-12-30", 7)).toBe("2027-01-06")
    expect(addDays("2026-03-29", -1)).toBe("2026-03-28")
    expect(daysBetween("2026-03-28", "2026-04-04")).toBe(7)
    expect(daysBetween("2026-11-25", "2026-11-22")).toBe(-3)
    expect(datesFrom("2026-02-26", 4)).toEqual(["2026-02-26", "2026-02-27", "2026-02-28", "2026-03-01"])
    expect(() => addDays("26-11-2026", 1)).toThrow(RangeError)
  })

  it("gives a date as an instant that formats as that date (weekday included) in UTC", () => {
    expect(dateAtNoon("2026-11-23").toISOString()).toBe("2026-11-23T12:00:00.000Z")
    const weekday = new Intl.DateTimeFormat("en", { timeZone: "UTC", weekday: "long", day: "numeric" })
    expect(weekday.format(dateAtNoon("2026-11-23"))).toBe("23 Monday")
    expect(weekday.format(dateAtNoon("2026-03-29"))).toBe("29 Sunday")
  })
})

describe("groupSlotsByDay", () => {
  it("groups slots by their local day in the business's zone, in time order", () => {
    const slots = [
      slot("2026-11-24T09:00:00+01:00"),
      slot("2026-11-23T23:45:00+01:00"),
      slot("2026-11-23T09:15:00+01:00"),
      // 23:30 UTC is 00:30 the next day in Paris.
      slot("2026-11-23T23:30:00Z"),
      slot("2026-11-23T09:00:00+01:00")
    ]
    const byDay = groupSlotsByDay(slots, "Europe/Paris")
    expect([...byDay.keys()]).toEqual(["2026-11-23", "2026-11-24"])
    expect(byDay.get("2026-11-23")?.map((s) => s.start)).toEqual([
      "2026-11-23T09:00:00+01:00",
      "2026-11-23T09:15:00+01:00",
      "2026-11-23T23:45:00+01:00"
    ])
    expect(byDay.get("2026-11-24")?.map((s) => s.start)).toEqual([
      "2026-11-23T23:30:00Z",
      "2026-11-24T09:00:00+01:00"
    ])
  })

  it("puts the same instants on other days in another zone", () => {
    const byDay = groupSlotsByDay([slot("2026-11-24T03:00:00Z")], "America/Los_Angeles")
    expect([...byDay.keys()]).toEqual(["2026-11-23"])
  })

  it("keeps the day of each slot across the spring-forward night", () => {
    // Paris moves from 02:00 to 03:00 on 29 March 2026.
    const byDay = groupSlotsByDay(
      [
        slot("2026-03-29T01:45:00+01:00"),
        slot("2026-03-29T03:00:00+02:00"),
        slot("2026-03-30T00:00:00+02:00")
      ],
      "Europe/Paris"
    )
    expect([...byDay.entries()].map(([day, s]) => [day, s.length])).toEqual([
      ["2026-03-29", 2],
      ["2026-03-30", 1]
    ])
  })

  it("finds the first day of a week that has slots", () => {
    const byDay = groupSlotsByDay([slot("2026-11-26T10:00:00+01:00")], "Europe/Paris")
    expect(firstDayWithSlots(datesFrom("2026-11-22", 7), byDay)).toBe("2026-11-26")
    expect(firstDayWithSlots(datesFrom("2026-11-29", 7), byDay)).toBeUndefined()
  })
})

describe("parts of the day", () => {
  it("splits a day's slots into morning, afternoon and evening on the business's clock", () => {
    const slots = [
      slot("2026-11-23T08:00:00Z"), // 09:00 Paris
      slot("2026-11-23T11:00:00Z"), // 12:00 Paris
      slot("2026-11-23T16:45:00Z"), // 17:45 Paris
      slot("2026-11-23T17:00:00Z") // 18:00 Paris
    ]
    expect(dayPeriodOf("2026-11-23T10:59:00Z", "Europe/Paris")).toBe("morning")
    expect(dayPeriodOf("2026-11-23T10:59:00Z", "Asia/Tokyo")).toBe("evening")
    expect(groupByPeriod(slots, "Europe/Paris").map((g) => [g.period, g.slots.length])).toEqual([
      ["morning", 1],
      ["afternoon", 2],
      ["evening", 1]
    ])
    expect(groupByPeriod([slots[0]!], "Europe/Paris").map((g) => g.period)).toEqual(["morning"])
  })
})

describe("time zones", () => {
  it("compares instants written with different offsets", () => {
    expect(sameInstant("2026-11-23T10:00:00.000+01:00", "2026-11-23T09:00:00Z")).toBe(true)
    expect(sameInstant("2026-11-23T10:00:00+01:00", "2026-11-23T10:00:00Z")).toBe(false)
  })

  it("names the zone in the language shown, or falls back to its IANA name", () => {
    const winter = new Date("2026-01-15T12:00:00Z")
    expect(zoneName("Europe/Paris", "en", winter)).toBe("Central European Standard Time")
    expect(zoneName("Europe/Paris", "fr", winter)).toMatch(/Europe centrale/)
    expect(zoneName("Not/AZone", "en", winter)).toBe("Not/AZone")
  })

  it("tells whether the device shows another time than the business", () => {
    const at = new Date("2026-07-01T12:00:00Z")
    expect(deviceZoneDiffers("Europe/Paris", "Europe/Paris", at)).toBe(false)
    expect(deviceZoneDiffers("Europe/Paris", undefined, at)).toBe(false)
    // Another name, the same clock.
    expect(deviceZoneDiffers("Europe/Paris", "Europe/Berlin", at)).toBe(false)
    expect(deviceZoneDiffers("Europe/Paris", "Europe/London", at)).toBe(true)
  })
})
