/**
 * Durations kept in minutes by the API (notice periods, buffers, reminder offsets) as people
 * think of them: in minutes, hours or days. Pure functions, used by `DurationInput`.
 */

export type DurationUnit = "minutes" | "hours" | "days"

export const unitMinutes: Readonly<Record<DurationUnit, number>> = { minutes: 1, hours: 60, days: 1440 }

/** The largest of `units` that writes `minutes` as a whole number (1440 -> days, 90 -> minutes). */
export const bestUnit = (minutes: number, units: ReadonlyArray<DurationUnit>): DurationUnit => {
  const ordered = [...units].sort((a, b) => unitMinutes[b] - unitMinutes[a])
  const fallback = ordered[ordered.length - 1] ?? "minutes"
  if (!Number.isFinite(minutes) || minutes === 0) return fallback
  return ordered.find((unit) => minutes % unitMinutes[unit] === 0) ?? fallback
}

/** An amount typed in `unit` as whole minutes; NaN when it is not a number of at least zero. */
export const toMinutes = (text: string, unit: DurationUnit): number => {
  const cleaned = text.trim().replace(",", ".")
  if (cleaned === "" || !/^\d*\.?\d*$/.test(cleaned)) return Number.NaN
  return Math.round(Number(cleaned) * unitMinutes[unit])
}

/** Minutes as the amount of `unit` shown in an input (90 minutes in hours: "1.5"). */
export const amountIn = (minutes: number, unit: DurationUnit): string =>
  Number.isFinite(minutes) ? String(Math.round((minutes / unitMinutes[unit]) * 100) / 100) : ""

/** Minutes split for display: 1500 -> [{days: 1}, {hours: 1}]; 0 -> [{minutes: 0}]. */
export const durationParts = (
  minutes: number
): ReadonlyArray<{ readonly unit: DurationUnit; readonly value: number }> => {
  if (minutes <= 0) return [{ unit: "minutes", value: 0 }]
  const days = Math.floor(minutes / 1440)
  const hours = Math.floor((minutes % 1440) / 60)
  const rest = minutes % 60
  return [
    ...(days > 0 ? [{ unit: "days" as const, value: days }] : []),
    ...(hours > 0 ? [{ unit: "hours" as const, value: hours }] : []),
    ...(rest > 0 ? [{ unit: "minutes" as const, value: rest }] : [])
  ]
}
