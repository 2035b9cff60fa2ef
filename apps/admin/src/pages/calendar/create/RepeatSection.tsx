/**
 * Repeat the appointment: frequency, interval, weekdays, and an end (after a number of
 * occurrences or on a date); the preview of the series from the API
 * (POST /v1/appointments/recurrence-preview) with its end date and each occurrence free or
 * taken and why; and what to do with taken dates (book nothing, or skip them).
 */
import type { RecurrenceFrequency, Weekday } from "@creneau/core"
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { api, unwrap } from "../../../api"
import { ProblemAlert } from "../../../components/ProblemAlert"
import { formatDateTime } from "../../../format"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import type { Built, RecurrencePreviewBody, RepeatDraft } from "./form"
import styles from "./sections.module.css"
import { useDebounced } from "./useDebounced"
import { WEEKDAYS, weekdayOfDate } from "./zonedTime"

const FREQUENCIES: ReadonlyArray<RecurrenceFrequency> = ["daily", "weekly", "monthly"]

export interface RepeatSectionProps {
  readonly repeat: RepeatDraft
  readonly onChange: (repeat: RepeatDraft) => void
  /** The start's local date, for the weekday of a weekly rule and the earliest end date. */
  readonly date: string
  readonly preview: Built<RecurrencePreviewBody>
  readonly timeZone: string
  readonly errorAt: ErrorAt
}

/** A local date (`YYYY-MM-DD`) in words, read as a calendar date whatever the zone. */
const formatLocalDate = (date: string, locale: string): string => {
  const t = Date.parse(`${date}T12:00:00Z`)
  if (Number.isNaN(t)) return date
  return new Intl.DateTimeFormat(locale, { dateStyle: "full", timeZone: "UTC" }).format(new Date(t))
}

export const RepeatSection = (props: RepeatSectionProps) => {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const { repeat, onChange, errorAt } = props
  const set = (change: Partial<RepeatDraft>) => onChange({ ...repeat, ...change })

  // The preview follows the form once it stops changing; a key per body caches each answer.
  const body = useDebounced(props.preview.ok ? JSON.stringify(props.preview.body) : "", 400)
  const preview = useQuery({
    queryKey: ["appointments", "recurrence-preview", body],
    queryFn: () =>
      unwrap(
        api.v1.appointments["recurrence-preview"].$post({ json: JSON.parse(body) as RecurrencePreviewBody })
      ),
    enabled: repeat.enabled && body !== "",
    placeholderData: keepPreviousData,
    retry: false
  })

  const startDay = weekdayOfDate(props.date)
  const unit = t(`create.repeat.units.${repeat.frequency}`)
  const occurrences = preview.data?.occurrences ?? []
  const conflicts = occurrences.filter((o) => !o.available).length
  const zone = { locale, timeZone: props.timeZone }

  return (
    <section className={styles.section} aria-labelledby="create-repeat-title">
      <h3 id="create-repeat-title" className={styles.title}>
        {t("create.repeat.title")}
      </h3>
      <div className={styles.check}>
        <input
          id="create-repeat"
          type="checkbox"
          checked={repeat.enabled}
          aria-expanded={repeat.enabled}
          aria-controls="create-repeat-options"
          onChange={(e) =>
            set({
              enabled: e.target.checked,
              // Weekly starts on the start's weekday, which the user can widen.
              ...(e.target.checked &&
                repeat.byWeekday.length === 0 &&
                repeat.frequency === "weekly" &&
                startDay !== undefined && { byWeekday: [startDay] })
            })
          }
        />
        <label htmlFor="create-repeat">{t("create.repeat.enable")}</label>
      </div>

      {repeat.enabled && (
        <div id="create-repeat-options" className={styles.stack}>
          <div className={styles.grid}>
            <div className="field">
              <label htmlFor="create-repeat-frequency">{t("create.repeat.frequency")}</label>
              <select
                id="create-repeat-frequency"
                className="select"
                value={repeat.frequency}
                {...describedBy("recurrence.frequency", errorAt)}
                onChange={(e) => {
                  const frequency = e.target.value as RecurrenceFrequency
                  set({
                    frequency,
                    byWeekday: frequency === "weekly" && startDay !== undefined ? [startDay] : []
                  })
                }}
              >
                {FREQUENCIES.map((f) => (
                  <option key={f} value={f}>
                    {t(`create.repeat.frequencies.${f}`)}
                  </option>
                ))}
              </select>
              <FieldError path="recurrence.frequency" errorAt={errorAt} />
            </div>
            <div className="field">
              <label htmlFor="create-repeat-interval">{t("create.repeat.interval", { unit })}</label>
              <input
                id="create-repeat-interval"
                className="input"
                type="number"
                inputMode="numeric"
                min={1}
                max={99}
                value={repeat.interval}
                {...describedBy("recurrence.interval", errorAt)}
                onChange={(e) => set({ interval: e.target.value })}
              />
              <FieldError path="recurrence.interval" errorAt={errorAt} />
            </div>
          </div>

          {repeat.frequency !== "monthly" && (
            <fieldset className={styles.plain} aria-describedby="create-repeat-days-hint">
              <legend className={styles.legend}>{t("create.repeat.weekdays")}</legend>
              <div className={styles.chips}>
                {WEEKDAYS.map((day: Weekday) => (
                  <label key={day} className={styles.chip} data-checked={repeat.byWeekday.includes(day)}>
                    <input
                      type="checkbox"
                      checked={repeat.byWeekday.includes(day)}
                      onChange={(e) =>
                        set({
                          byWeekday: e.target.checked
                            ? [...repeat.byWeekday, day]
                            : repeat.byWeekday.filter((d) => d !== day)
                        })
                      }
                    />
                    <span aria-hidden="true">{t(`create.repeat.days.${day}`)}</span>
                    <span className="visually-hidden">{t(`create.repeat.daysLong.${day}`)}</span>
                  </label>
                ))}
              </div>
              <p id="create-repeat-days-hint" className="field-hint">
                {repeat.frequency === "daily"
                  ? t("create.repeat.dailyDaysHint")
                  : t("create.repeat.weeklyDaysHint")}
              </p>
              <FieldError path="recurrence.byWeekday" errorAt={errorAt} />
            </fieldset>
          )}

          <fieldset className={styles.plain}>
            <legend className={styles.legend}>{t("create.repeat.ends")}</legend>
            <div className={styles.endRow}>
              <input
                id="create-repeat-ends-count"
                type="radio"
                name="create-repeat-ends"
                checked={repeat.ends === "count"}
                onChange={() => set({ ends: "count" })}
              />
              <label htmlFor="create-repeat-ends-count">{t("create.repeat.after")}</label>
              <input
                className={`input ${styles.short}`}
                type="number"
                inputMode="numeric"
                min={1}
                aria-label={t("create.repeat.count")}
                disabled={repeat.ends !== "count"}
                value={repeat.count}
                {...describedBy("recurrence.count", errorAt)}
                onChange={(e) => set({ count: e.target.value })}
              />
              <span>{t("create.repeat.occurrences")}</span>
            </div>
            <FieldError path="recurrence.count" errorAt={errorAt} />
            <div className={styles.endRow}>
              <input
                id="create-repeat-ends-until"
                type="radio"
                name="create-repeat-ends"
                checked={repeat.ends === "until"}
                onChange={() => set({ ends: "until" })}
              />
              <label htmlFor="create-repeat-ends-until">{t("create.repeat.on")}</label>
              <input
                className={`input ${styles.dateInput}`}
                type="date"
                aria-label={t("create.repeat.until")}
                min={props.date}
                disabled={repeat.ends !== "until"}
                value={repeat.until}
                {...describedBy("recurrence.until", errorAt)}
                onChange={(e) => set({ until: e.target.value })}
              />
            </div>
            <FieldError path="recurrence.until" errorAt={errorAt} />
          </fieldset>
          <FieldError path="recurrence" errorAt={errorAt} />

          <section className={styles.preview} aria-labelledby="create-preview-title">
            <h4 id="create-preview-title" className={styles.itemTitle}>
              {t("create.repeat.preview")}
            </h4>
            <div role="status" aria-live="polite">
              {!props.preview.ok ? (
                <p className="field-hint">{t("create.repeat.previewIncomplete")}</p>
              ) : preview.isError ? null : preview.data === undefined ? (
                <p className="field-hint">{t("app.loading")}</p>
              ) : (
                <p className={styles.endsOn}>
                  {t("create.repeat.endsOn", { date: formatLocalDate(preview.data.endsOn, locale) })}{" "}
                  <span className="muted">
                    {t("create.repeat.occurrenceCount", { count: occurrences.length })}
                    {" · "}
                    {conflicts === 0
                      ? t("create.repeat.allFree")
                      : t("create.repeat.conflictCount", { count: conflicts })}
                  </span>
                </p>
              )}
            </div>
            {preview.isError && props.preview.ok && <ProblemAlert error={preview.error} />}
            {props.preview.ok && occurrences.length > 0 && (
              <ol className={styles.occurrences} data-stale={preview.isPlaceholderData || preview.isFetching}>
                {occurrences.map((o) => (
                  <li key={o.start} className={styles.occurrence} data-available={o.available}>
                    <span>
                      {formatDateTime(o.start, zone, {
                        weekday: "short",
                        day: "numeric",
                        month: "short",
                        year: "numeric"
                      })}
                      {", "}
                      {formatDateTime(o.start, zone, { timeStyle: "short" })}–
                      {formatDateTime(o.end, zone, { timeStyle: "short" })}
                    </span>
                    <span className={o.available ? styles.free : styles.taken}>
                      {o.available
                        ? t("create.repeat.free")
                        : t("create.repeat.taken", {
                            reason:
                              o.reason !== undefined && i18n.exists(`create.reasons.${o.reason}`)
                                ? t(`create.reasons.${o.reason}` as "create.reasons.slot_unavailable")
                                : (o.reason ?? "")
                          })}
                    </span>
                  </li>
                ))}
              </ol>
            )}
          </section>

          <fieldset className={styles.plain}>
            <legend className={styles.legend}>{t("create.repeat.onConflict")}</legend>
            <div className={styles.options}>
              {(["fail", "skip"] as const).map((choice) => (
                <div key={choice} className={styles.option} data-checked={repeat.onConflict === choice}>
                  <input
                    id={`create-conflict-${choice}`}
                    type="radio"
                    name="create-conflict"
                    checked={repeat.onConflict === choice}
                    aria-describedby={`create-conflict-${choice}-hint`}
                    onChange={() => set({ onConflict: choice })}
                  />
                  <div>
                    <label htmlFor={`create-conflict-${choice}`}>
                      {t(`create.repeat.conflict.${choice}.label`)}
                    </label>
                    <p id={`create-conflict-${choice}-hint`} className="field-hint">
                      {t(`create.repeat.conflict.${choice}.hint`)}
                    </p>
                  </div>
                </div>
              ))}
            </div>
            <FieldError path="onConflict" errorAt={errorAt} />
          </fieldset>
        </div>
      )}
    </section>
  )
}
