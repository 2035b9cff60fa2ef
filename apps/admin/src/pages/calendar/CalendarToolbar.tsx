/**
 * The calendar's controls: today, previous and next period, the period's title, day or week,
 * which staff columns show, whether cancelled and rejected appointments show, and the legend
 * of the status colours and icons.
 */
import { useId } from "react"
import { useTranslation } from "react-i18next"
import styles from "./CalendarPage.module.css"
import type { CalendarView, DisplayStatus, StaffMember } from "./calendarModel"
import { StatusIcon } from "./StatusIcon"

export interface CalendarToolbarProps {
  readonly title: string
  readonly view: CalendarView
  readonly onView: (view: CalendarView) => void
  readonly onToday: () => void
  readonly onStep: (direction: 1 | -1) => void
  readonly staff: ReadonlyArray<StaffMember>
  /** The staff members shown. */
  readonly shownStaff: ReadonlySet<string>
  readonly onStaff: (ids: ReadonlyArray<string> | undefined) => void
  readonly hidden: ReadonlySet<DisplayStatus>
  readonly onToggleStatus: (status: "cancelled" | "rejected", shown: boolean) => void
}

const legend: ReadonlyArray<DisplayStatus> = ["pending", "approved", "rescheduled", "completed", "no_show"]

export const CalendarToolbar = (props: CalendarToolbarProps) => {
  const { t } = useTranslation()
  const id = useId()
  const { staff, shownStaff } = props
  const everyone = staff.every((s) => shownStaff.has(s.id))
  const toggleStaff = (staffId: string) => {
    const next = new Set(shownStaff)
    if (next.has(staffId)) next.delete(staffId)
    else next.add(staffId)
    // Never an empty calendar by accident: unticking the last one shows everyone again.
    props.onStaff(next.size === 0 || staff.every((s) => next.has(s.id)) ? undefined : [...next])
  }
  return (
    <div className={styles.toolbar}>
      <div className={styles.toolbarRow}>
        <div className={styles.navigation}>
          <button type="button" className="button button-small" onClick={props.onToday}>
            {t("calendar.toolbar.today")}
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={t(
              props.view === "day" ? "calendar.toolbar.previousDay" : "calendar.toolbar.previousWeek"
            )}
            onClick={() => props.onStep(-1)}
          >
            <span aria-hidden="true">‹</span>
          </button>
          <button
            type="button"
            className="button button-small"
            aria-label={t(props.view === "day" ? "calendar.toolbar.nextDay" : "calendar.toolbar.nextWeek")}
            onClick={() => props.onStep(1)}
          >
            <span aria-hidden="true">›</span>
          </button>
        </div>
        <h2 className={styles.periodTitle} aria-live="polite">
          {props.title}
        </h2>
        <fieldset className={styles.segmented}>
          <legend className="visually-hidden">{t("calendar.toolbar.view")}</legend>
          {(["day", "week"] as const).map((view) => (
            <label key={view} className={styles.segment} data-checked={props.view === view}>
              <input
                type="radio"
                name={`${id}-view`}
                value={view}
                checked={props.view === view}
                onChange={() => props.onView(view)}
              />
              {t(`calendar.toolbar.${view}`)}
            </label>
          ))}
        </fieldset>
      </div>
      <div className={styles.toolbarRow}>
        <fieldset className={styles.chips}>
          <legend className={styles.chipsLegend}>{t("calendar.toolbar.staff")}</legend>
          <button
            type="button"
            className={styles.chip}
            aria-pressed={everyone}
            onClick={() => props.onStaff(undefined)}
          >
            {t("calendar.toolbar.allStaff")}
          </button>
          {staff.map((member) => (
            <button
              key={member.id}
              type="button"
              className={styles.chip}
              aria-pressed={!everyone && shownStaff.has(member.id)}
              onClick={() => (everyone ? props.onStaff([member.id]) : toggleStaff(member.id))}
            >
              {member.name}
            </button>
          ))}
        </fieldset>
        <div className={styles.statusToggles}>
          {(["cancelled", "rejected"] as const).map((status) => (
            <label key={status} className={styles.toggle} htmlFor={`${id}-${status}`}>
              <input
                id={`${id}-${status}`}
                type="checkbox"
                checked={!props.hidden.has(status)}
                onChange={(event) => props.onToggleStatus(status, event.target.checked)}
              />
              {t(`calendar.toolbar.show.${status}`)}
            </label>
          ))}
        </div>
      </div>
      <ul className={styles.legend} aria-label={t("calendar.toolbar.legend")}>
        {legend.map((status) => (
          <li key={status} className={styles.legendItem} data-status={status}>
            <span className={styles.swatch} data-status={status}>
              <StatusIcon name={status} />
            </span>
            {t(`calendar.status.${status}`)}
          </li>
        ))}
        <li className={styles.legendItem}>
          <span className={styles.swatch}>
            <StatusIcon name="series" />
          </span>
          {t("calendar.event.series")}
        </li>
        <li className={styles.legendItem}>
          <span className={`${styles.swatch} ${styles.swatchOff}`} />
          {t("calendar.toolbar.offHours")}
        </li>
      </ul>
    </div>
  )
}
