/**
 * The booking rules copied into the appointment when it was made, in words: approval, booking
 * notice and horizon, slot interval, and what the customer may still do online (cancel,
 * reschedule) up to how long before.
 */
import { useTranslation } from "react-i18next"
import { formatMinutes } from "../calendarFormat"
import type { AppointmentDetail } from "../calendarModel"
import styles from "./Details.module.css"

export const RulesSnapshot = ({ rules }: { readonly rules: AppointmentDetail["rulesSnapshot"] }) => {
  const { t, i18n } = useTranslation()
  const duration = (minutes: number) => formatMinutes(minutes, i18n.language)
  const selfService = (rule: { readonly enabled: boolean; readonly minNoticeMinutes: number }) =>
    rule.enabled
      ? rule.minNoticeMinutes === 0
        ? t("calendar.rules.untilStart")
        : t("calendar.rules.untilBefore", { notice: duration(rule.minNoticeMinutes) })
      : t("calendar.rules.notOnline")
  const rows: ReadonlyArray<readonly [string, string]> = [
    [
      t("calendar.rules.approval"),
      t(rules.approvalMode === "manual" ? "calendar.rules.approvalManual" : "calendar.rules.approvalAuto")
    ],
    [t("calendar.rules.bookingNotice"), duration(rules.minBookingNoticeMinutes)],
    [t("calendar.rules.maxAdvance"), duration(rules.maxAdvanceDays * 24 * 60)],
    [t("calendar.rules.slotInterval"), duration(rules.slotIntervalMinutes)],
    [t("calendar.rules.clientCancel"), selfService(rules.clientCancel)],
    [t("calendar.rules.clientReschedule"), selfService(rules.clientReschedule)],
    [
      t("calendar.rules.preferredStaff"),
      t(rules.preferredStaffSelection ? "calendar.rules.yes" : "calendar.rules.no")
    ],
    [
      t("calendar.rules.noShowThreshold"),
      rules.noShowApprovalThreshold === null
        ? t("calendar.rules.off")
        : t("calendar.rules.fromNoShows", { threshold: rules.noShowApprovalThreshold })
    ]
  ]
  return (
    <dl className={styles.definitions}>
      {rows.map(([term, value]) => (
        <div key={term}>
          <dt>{term}</dt>
          <dd>{value}</dd>
        </div>
      ))}
    </dl>
  )
}
