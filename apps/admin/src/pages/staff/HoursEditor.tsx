/**
 * The editor of one day's working intervals (a weekday or a dated override): start and end
 * times, added and removed, each checked (ends after it starts, overlaps no other) before saving.
 * No interval is a day off.
 */
import { useTranslation } from "react-i18next"
import { errorsAt } from "../../components/forms"
import { type Interval, intervalProblems, minutesOf } from "./hours"
import page from "./StaffPage.module.css"

/** Minutes since midnight as `HH:mm`, at most the end of the day. */
const timeOf = (minutes: number): string => {
  const m = Math.min(minutes, 1440)
  return m === 1440
    ? "24:00"
    : `${String(Math.floor(m / 60)).padStart(2, "0")}:${String(m % 60).padStart(2, "0")}`
}

export const DayIntervals = ({
  label,
  intervals,
  onChange,
  error,
  path,
  disabled
}: {
  /** The day, as read aloud with each control ("Monday"). */
  readonly label: string
  readonly intervals: ReadonlyArray<Interval>
  readonly onChange: (intervals: ReadonlyArray<Interval>) => void
  /** The failed save, for the API's messages under `path` (`weekly.mon`). */
  readonly error: unknown
  readonly path: string
  readonly disabled: boolean
}) => {
  const { t } = useTranslation()
  const problems = intervalProblems(intervals)
  const last = intervals[intervals.length - 1]
  const add = () =>
    onChange([
      ...intervals,
      last === undefined
        ? { start: "09:00", end: "17:00" }
        : { start: timeOf(minutesOf(last.end) + 60), end: timeOf(minutesOf(last.end) + 180) }
    ])
  const set = (index: number, change: Partial<Interval>) =>
    onChange(intervals.map((i, n) => (n === index ? { ...i, ...change } : i)))

  return (
    <div className={page.intervals}>
      {intervals.length === 0 && <span className={page.closed}>{t("staff.dayOff")}</span>}
      {intervals.map((interval, index) => {
        const number = index + 1
        const problem = problems.get(index)
        const messages = [
          ...(problem === undefined ? [] : [t(`staff.problem.${problem}`)]),
          ...errorsAt(error, `${path}.${index}`)
        ]
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: intervals have no identity beyond their place
          <div key={index} className={page.interval}>
            <div className={page.intervalInputs}>
              <input
                className="input"
                type="time"
                required
                disabled={disabled}
                aria-label={t("staff.intervalStart", { day: label, number })}
                aria-invalid={messages.length > 0 ? true : undefined}
                value={interval.start}
                onChange={(event) => set(index, { start: event.target.value })}
              />
              <span aria-hidden="true">–</span>
              {/* A time input cannot show 24:00: the end of the day reads 23:59 there. */}
              <input
                className="input"
                type="time"
                required
                disabled={disabled}
                aria-label={t("staff.intervalEnd", { day: label, number })}
                aria-invalid={messages.length > 0 ? true : undefined}
                value={interval.end === "24:00" ? "23:59" : interval.end}
                onChange={(event) =>
                  set(index, { end: event.target.value === "23:59" ? "24:00" : event.target.value })
                }
              />
              {!disabled && (
                <button
                  type="button"
                  className="button button-small button-quiet"
                  aria-label={t("staff.removeInterval", { day: label, number })}
                  onClick={() => onChange(intervals.filter((_, n) => n !== index))}
                >
                  ✕
                </button>
              )}
            </div>
            {messages.length > 0 && <p className="field-error">{messages.join(" ")}</p>}
          </div>
        )
      })}
      {!disabled && intervals.length < 12 && (
        <button
          type="button"
          className="button button-small"
          aria-label={t("staff.addIntervalFor", { day: label })}
          onClick={add}
        >
          {t("staff.addInterval")}
        </button>
      )}
    </div>
  )
}
