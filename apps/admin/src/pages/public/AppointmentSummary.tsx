/**
 * One appointment as its customer (or the staff member of an email link) sees it: status, day and
 * time on the business's clock with the zone named, each service with its staff member and time,
 * the total, the customer's request, and the customer's name when asked for.
 */
import { useTranslation } from "react-i18next"
import { formatDateTime, formatMoney } from "../../format"
import styles from "./Public.module.css"
import { zoneName } from "./slots"
import { type ShownStatus, shownStatus, statusTone } from "./status"
import type { BusinessSummary, PublicAppointment } from "./types"

export const StatusBadge = ({ status }: { readonly status: ShownStatus }) => {
  const { t } = useTranslation()
  return (
    <span className={styles.badge} data-tone={statusTone(status)}>
      {t(`public.status.${status}`)}
    </span>
  )
}

export interface AppointmentSummaryProps {
  readonly appointment: PublicAppointment
  readonly business: Pick<BusinessSummary, "name" | "timezone">
  readonly showCustomer?: boolean
  readonly showStatus?: boolean
}

export const AppointmentSummary = ({
  appointment,
  business,
  showCustomer = false,
  showStatus = true
}: AppointmentSummaryProps) => {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const zone = { locale, timeZone: business.timezone }
  const time = (instant: string) => formatDateTime(instant, zone, { timeStyle: "short" })
  const status = shownStatus(appointment)
  const final = status === "cancelled" || status === "rejected"
  return (
    <div className={styles.summary}>
      {showStatus && <StatusBadge status={status} />}
      <p className={styles.when} data-struck={final}>
        <span className={styles.date}>
          {formatDateTime(appointment.start, zone, {
            weekday: "long",
            day: "numeric",
            month: "long",
            year: "numeric"
          })}
        </span>
        <span className={styles.time}>
          {t("public.appointment.timeRange", { start: time(appointment.start), end: time(appointment.end) })}
        </span>
      </p>
      <p className={styles.zone}>
        {t("public.appointment.zone", {
          zone: zoneName(business.timezone, locale, new Date(appointment.start)),
          timeZone: business.timezone
        })}
      </p>
      <dl className={styles.facts}>
        <dt>{t("public.appointment.business")}</dt>
        <dd>{business.name}</dd>
        {showCustomer && appointment.customer !== null && (
          <>
            <dt>{t("public.appointment.customer")}</dt>
            <dd>
              {appointment.customer.firstName} {appointment.customer.lastName}
            </dd>
          </>
        )}
      </dl>
      <ul className={styles.items} aria-label={t("public.appointment.services")}>
        {appointment.items.map((item) => (
          <li key={`${item.serviceId}:${item.start}`} className={styles.item}>
            <div>
              <p className={styles.itemName}>{item.serviceName}</p>
              <p className="muted">
                {t("public.appointment.itemStaff", { staff: item.staffName })} ·{" "}
                <span className={styles.nowrap}>
                  {t("public.appointment.timeRange", { start: time(item.start), end: time(item.end) })}
                </span>
              </p>
            </div>
            <span className={styles.price}>{formatMoney(item.price, locale)}</span>
          </li>
        ))}
        <li className={styles.total}>
          <span>{t("public.appointment.total")}</span>
          <span className={styles.price}>{formatMoney(appointment.total, locale)}</span>
        </li>
      </ul>
      {appointment.customerRequest !== null && appointment.customerRequest !== "" && (
        <div className={styles.request}>
          <p className={styles.requestLabel}>{t("public.appointment.request")}</p>
          <p>{appointment.customerRequest}</p>
        </div>
      )}
    </div>
  )
}
