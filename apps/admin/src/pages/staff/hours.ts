/**
 * Weekly working hours and date overrides as the editor holds them: per weekday a list of
 * `HH:mm` intervals in the business's time zone. Checks the editor makes before saving (an
 * interval ends after it starts, intervals of a day do not overlap) and the week's summary.
 */

export const weekdays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] as const
export type Weekday = (typeof weekdays)[number]

export interface Interval {
  readonly start: string
  readonly end: string
}

export type Week = Readonly<Record<Weekday, ReadonlyArray<Interval>>>

export interface Override {
  readonly date: string
  readonly intervals: ReadonlyArray<Interval>
}

/** `HH:mm` as minutes since midnight (`24:00` is 1440). */
export const minutesOf = (time: string): number => {
  const [h, m] = time.split(":")
  return Number(h) * 60 + Number(m)
}

export type IntervalProblem = "order" | "overlap"

/** What is wrong with each interval of a day (by index): ends before it starts, or overlaps another. */
export const intervalProblems = (
  intervals: ReadonlyArray<Interval>
): ReadonlyMap<number, IntervalProblem> => {
  const problems = new Map<number, IntervalProblem>()
  intervals.forEach((i, index) => {
    if (!(minutesOf(i.start) < minutesOf(i.end))) problems.set(index, "order")
  })
  intervals.forEach((a, i) => {
    if (problems.has(i)) return
    intervals.forEach((b, j) => {
      if (i === j || problems.get(j) === "order") return
      if (minutesOf(a.start) < minutesOf(b.end) && minutesOf(b.start) < minutesOf(a.end)) {
        problems.set(i, "overlap")
      }
    })
  })
  return problems
}

/** Whether every day of the week and every override is free of problems. */
export const hoursAreValid = (week: Week, overrides: ReadonlyArray<Override>): boolean =>
  weekdays.every((d) => intervalProblems(week[d]).size === 0) &&
  overrides.every((o) => o.date !== "" && intervalProblems(o.intervals).size === 0) &&
  new Set(overrides.map((o) => o.date)).size === overrides.length

/** Intervals in order of start. */
export const sortIntervals = (intervals: ReadonlyArray<Interval>): ReadonlyArray<Interval> =>
  [...intervals].sort((a, b) => minutesOf(a.start) - minutesOf(b.start))

/** Working days and total working minutes of a week. */
export const weekSummary = (week: Week): { readonly days: number; readonly minutes: number } => {
  let days = 0
  let minutes = 0
  for (const day of weekdays) {
    if (week[day].length > 0) days += 1
    for (const i of week[day]) minutes += Math.max(0, minutesOf(i.end) - minutesOf(i.start))
  }
  return { days, minutes }
}

/** Weekday names in `locale`, Monday first. */
export const weekdayNames = (locale: string, style: "long" | "short" = "long"): Record<Weekday, string> => {
  const format = new Intl.DateTimeFormat(locale, { weekday: style, timeZone: "UTC" })
  // 2024-01-01 was a Monday.
  return Object.fromEntries(weekdays.map((d, i) => [d, format.format(Date.UTC(2024, 0, 1 + i))])) as Record<
    Weekday,
    string
  >
}
