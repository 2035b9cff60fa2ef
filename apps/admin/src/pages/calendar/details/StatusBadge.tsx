/**
 * An appointment's status as a badge: a colour, an icon and the word, so that it never relies on
 * colour alone. Pending ones also say what they wait for.
 */
import { useTranslation } from "react-i18next"
import { type Appointment, displayStatusOf } from "../calendarModel"
import { StatusIcon } from "../StatusIcon"
import styles from "./Details.module.css"

export const StatusBadge = ({
  appointment
}: {
  readonly appointment: Pick<Appointment, "status" | "noShow" | "pendingReason">
}) => {
  const { t } = useTranslation()
  const status = displayStatusOf(appointment)
  return (
    <span className={styles.badge} data-status={status}>
      <StatusIcon name={status} />
      {t(`calendar.status.${status}`)}
      {status === "pending" && appointment.pendingReason !== null && (
        <span className={styles.badgeReason}>
          {" "}
          · {t(`calendar.pendingReason.${appointment.pendingReason}`)}
        </span>
      )}
    </span>
  )
}
