/**
 * What an appointment shows inside its block: the customer, the services, and its status as an
 * icon and a word (pending ones in full, the others for screen readers), plus a series mark.
 */
import type { EventProps } from "react-big-calendar"
import { useTranslation } from "react-i18next"
import styles from "./CalendarPage.module.css"
import type { CalendarEvent } from "./calendarModel"
import { StatusIcon } from "./StatusIcon"

export const CalendarEventContent = ({ event }: EventProps<CalendarEvent>) => {
  const { t } = useTranslation()
  const status = t(`calendar.status.${event.status}`)
  return (
    <span className={styles.eventBody}>
      <span className={styles.eventTitle}>
        <StatusIcon name={event.status} className={styles.eventIcon} />
        {event.customerName === null ? t("calendar.event.noCustomer") : (event.customerName ?? "…")}
      </span>
      <span className={styles.eventServices}>{event.services.join(", ")}</span>
      {event.status === "pending" ? (
        <span className={styles.eventTag}>
          {event.pendingReason === null ? status : t(`calendar.pendingShort.${event.pendingReason}`)}
        </span>
      ) : (
        <span className="visually-hidden">{status}</span>
      )}
      {event.inSeries && (
        <span className={styles.eventSeries}>
          <StatusIcon name="series" />
          <span className="visually-hidden">{t("calendar.event.series")}</span>
        </span>
      )}
    </span>
  )
}
