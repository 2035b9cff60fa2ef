/**
 * Wall-clock times in the business's time zone, for time off typed in `datetime-local` inputs:
 * `2026-12-24T09:00` in Europe/Paris is the instant `2026-12-24T09:00:00+01:00`, whatever zone
 * the browser is in. A time in the spring-forward gap moves forward by the gap and an ambiguous
 * one takes the earlier offset, as the core reads local times.
 */

const formatters = new Map<string, Intl.DateTimeFormat>()

const formatterFor = (timeZone: string): Intl.DateTimeFormat => {
  let formatter = formatters.get(timeZone)
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat("en-US", {
      timeZone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit"
    })
    formatters.set(timeZone, formatter)
  }
  return formatter
}

/** The wall clock of an instant in `timeZone`, read as if it were UTC (epoch milliseconds). */
const wallMillisAt = (epochMs: number, timeZone: string): number => {
  const f: Record<string, number> = {}
  for (const part of formatterFor(timeZone).formatToParts(epochMs)) {
    if (part.type !== "literal") f[part.type] = Number(part.value)
  }
  return Date.UTC(f.year ?? 1970, (f.month ?? 1) - 1, f.day ?? 1, f.hour ?? 0, f.minute ?? 0, f.second ?? 0)
}

/** The zone's offset from UTC at an instant, in milliseconds (Paris in winter: 3 600 000). */
const offsetAt = (epochMs: number, timeZone: string): number => {
  const whole = Math.floor(epochMs / 1000) * 1000
  return wallMillisAt(whole, timeZone) - whole
}

const pad = (n: number, width = 2) => String(Math.abs(n)).padStart(width, "0")

const LOCAL = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})$/

/**
 * The RFC 3339 instant of a `YYYY-MM-DDTHH:mm` wall-clock time in `timeZone`, with the zone's
 * offset; undefined when the text is not such a time.
 */
export const instantOfLocal = (local: string, timeZone: string): string | undefined => {
  const m = LOCAL.exec(local)
  if (m === null) return undefined
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]))
  const day = 86_400_000
  const before = offsetAt(wall - day, timeZone)
  const after = offsetAt(wall + day, timeZone)
  let epoch = wall - before
  if (before !== after) {
    // Near a change: the earlier offset when it gives this wall clock, else the later one; in
    // the gap neither does, and the earlier offset lands after the gap.
    const candidates = [before, after].filter((o) => offsetAt(wall - o, timeZone) === o)
    const chosen = candidates.map((o) => wall - o).sort((a, b) => a - b)[0]
    if (chosen !== undefined) epoch = chosen
  }
  const offset = Math.round(offsetAt(epoch, timeZone) / 60_000)
  const shown = new Date(wallMillisAt(epoch, timeZone))
  const sign = offset < 0 ? "-" : "+"
  return (
    `${pad(shown.getUTCFullYear(), 4)}-${pad(shown.getUTCMonth() + 1)}-${pad(shown.getUTCDate())}` +
    `T${pad(shown.getUTCHours())}:${pad(shown.getUTCMinutes())}:00` +
    `${sign}${pad(Math.trunc(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`
  )
}

/** An instant as the `YYYY-MM-DDTHH:mm` wall-clock time of `timeZone` (for `datetime-local`). */
export const localOfInstant = (instant: string | number, timeZone: string): string => {
  const epoch = typeof instant === "number" ? instant : Date.parse(instant)
  const d = new Date(wallMillisAt(epoch, timeZone))
  return (
    `${pad(d.getUTCFullYear(), 4)}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}` +
    `T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}`
  )
}
