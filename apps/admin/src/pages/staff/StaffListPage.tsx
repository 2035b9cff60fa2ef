/**
 * The team: every staff member with their contact details, working days and weekly hours, and
 * whether they take bookings. Owners and admins add members; staff users read.
 */
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { isManager } from "../../navigation"
import { useSignedIn } from "../../session"
import { weekdayNames, weekdays, weekSummary } from "./hours"

export const StaffListPage = () => {
  const { t, i18n } = useTranslation()
  const { user } = useSignedIn()
  const hoursFormat = new Intl.NumberFormat(i18n.language, { maximumFractionDigits: 2 })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const dayNames = weekdayNames(i18n.language, "short")
  const items = [...(staff.data?.items ?? [])].sort(
    (a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, i18n.language)
  )

  return (
    <>
      <PageHeader
        title={t("staff.title")}
        actions={
          isManager(user.role) && (
            <Link className="button button-primary" to="/staff/new">
              {t("staff.new")}
            </Link>
          )
        }
      />
      {staff.isError ? (
        <ProblemAlert error={staff.error} onRetry={() => void staff.refetch()} />
      ) : staff.data === undefined ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          {items.length === 0 ? (
            <p className={styles.empty}>{t("staff.none")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("staff.name")}</th>
                  <th scope="col">{t("staff.contact")}</th>
                  <th scope="col">{t("staff.workingDays")}</th>
                  <th scope="col">{t("staff.weeklyHours")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => {
                  const summary = weekSummary(s.workingHours.weekly)
                  return (
                    <tr key={s.id}>
                      <td>
                        <Link to={`/staff/${s.id}`}>{s.name}</Link>{" "}
                        {!s.active && <span className={styles.badge}>{t("staff.inactive")}</span>}
                        {s.id === user.staffId && <span className={styles.badgeInfo}>{t("staff.you")}</span>}
                      </td>
                      <td>
                        {s.email ?? <span className="muted">{t("staff.noEmail")}</span>}
                        {s.phone !== null && <div className="muted">{s.phone}</div>}
                      </td>
                      <td>
                        {summary.days === 0 ? (
                          <span className={styles.badgeWarning}>{t("staff.noHours")}</span>
                        ) : (
                          weekdays
                            .filter((d) => s.workingHours.weekly[d].length > 0)
                            .map((d) => dayNames[d])
                            .join(", ")
                        )}
                      </td>
                      <td>
                        {summary.minutes > 0
                          ? t("staff.hoursValue", { value: hoursFormat.format(summary.minutes / 60) })
                          : "—"}
                      </td>
                    </tr>
                  )
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  )
}
