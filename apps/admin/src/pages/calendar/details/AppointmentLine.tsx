/** One line naming an appointment: its customer, its services and its time in the business's zone. */
import { useTranslation } from "react-i18next"
import { useBusiness } from "../../../session"
import { formatTimeRange } from "../calendarFormat"
import type { Appointment } from "../calendarModel"

export const AppointmentLine = ({
  appointment,
  customerName
}: {
  readonly appointment: Pick<Appointment, "start" | "end" | "items">
  readonly customerName: string | null
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  return (
    <p>
      <strong>{customerName ?? t("calendar.event.noCustomer")}</strong>
      {" · "}
      {appointment.items.map((i) => i.serviceName).join(", ")}
      {" · "}
      {formatTimeRange(appointment.start, appointment.end, {
        locale: i18n.language,
        timeZone: business.timezone
      })}
    </p>
  )
}
