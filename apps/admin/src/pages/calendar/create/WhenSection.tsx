/**
 * When the appointment starts: a date and a time on the business's wall clock (whatever the
 * browser's zone), the resulting end, and the permission to book outside working hours or in
 * the past (a walk-in, a late entry).
 */
import { useTranslation } from "react-i18next"
import { formatDateTime } from "../../../format"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import styles from "./sections.module.css"

export interface WhenSectionProps {
  readonly date: string
  readonly time: string
  readonly allowOutsideHours: boolean
  readonly onChange: (change: { date?: string; time?: string; allowOutsideHours?: boolean }) => void
  readonly startMs: number | undefined
  readonly durationMinutes: number
  readonly timeZone: string
  readonly errorAt: ErrorAt
}

export const WhenSection = (props: WhenSectionProps) => {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const zone = { locale, timeZone: props.timeZone }
  const { startMs, durationMinutes, errorAt } = props
  return (
    <section className={styles.section} aria-labelledby="create-when-title">
      <h3 id="create-when-title" className={styles.title}>
        {t("create.when.title")}
      </h3>
      <fieldset className={styles.plain}>
        <legend className="visually-hidden">{t("create.when.title")}</legend>
        <div className={styles.grid}>
          <div className="field">
            <label htmlFor="create-date">{t("create.when.date")}</label>
            <input
              id="create-date"
              className="input"
              type="date"
              required
              value={props.date}
              {...describedBy("start", errorAt, "create-when-zone")}
              onChange={(e) => props.onChange({ date: e.target.value })}
            />
          </div>
          <div className="field">
            <label htmlFor="create-time">{t("create.when.time")}</label>
            <input
              id="create-time"
              className="input"
              type="time"
              required
              step={300}
              value={props.time}
              {...describedBy("start", errorAt, "create-when-zone")}
              onChange={(e) => props.onChange({ time: e.target.value })}
            />
          </div>
        </div>
      </fieldset>
      <p id="create-when-zone" className="field-hint">
        {startMs === undefined || durationMinutes === 0
          ? t("create.when.zone", { zone: props.timeZone })
          : t("create.when.summary", {
              start: formatDateTime(new Date(startMs).toISOString(), zone, {
                weekday: "long",
                day: "numeric",
                month: "long",
                hour: "numeric",
                minute: "2-digit"
              }),
              end: formatDateTime(new Date(startMs + durationMinutes * 60_000).toISOString(), zone, {
                timeStyle: "short"
              }),
              zone: props.timeZone
            })}
      </p>
      <FieldError path="start" errorAt={errorAt} />
      <div className={styles.check}>
        <input
          id="create-outside-hours"
          type="checkbox"
          checked={props.allowOutsideHours}
          aria-describedby="create-outside-hours-hint"
          onChange={(e) => props.onChange({ allowOutsideHours: e.target.checked })}
        />
        <div>
          <label htmlFor="create-outside-hours">{t("create.when.outsideHours")}</label>
          <p id="create-outside-hours-hint" className="field-hint">
            {t("create.when.outsideHoursHint")}
          </p>
        </div>
      </div>
    </section>
  )
}
