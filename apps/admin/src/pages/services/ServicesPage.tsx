/**
 * Services: what the business sells, with duration, price, buffers and who performs each one;
 * archived services on demand. Owners and admins add and edit them; staff users read.
 */
import { useQuery } from "@tanstack/react-query"
import { useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { useFormatDuration } from "../../components/DurationInput"
import { Checkbox } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatMoney } from "../../format"
import { isManager } from "../../navigation"
import { useSignedIn } from "../../session"

export const ServicesPage = () => {
  const { t, i18n } = useTranslation()
  const { user } = useSignedIn()
  const formatDuration = useFormatDuration()
  const [showArchived, setShowArchived] = useState(false)
  const services = useQuery({ queryKey: ["services"], queryFn: () => unwrap(api.v1.services.$get()) })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const names = useMemo(() => new Map((staff.data?.items ?? []).map((s) => [s.id, s.name])), [staff.data])
  const all = services.data?.items ?? []
  const archived = all.filter((s) => !s.active).length
  const items = [...all]
    .filter((s) => showArchived || s.active)
    .sort((a, b) => Number(b.active) - Number(a.active) || a.name.localeCompare(b.name, i18n.language))

  return (
    <>
      <PageHeader
        title={t("services.title")}
        actions={
          isManager(user.role) && (
            <Link className="button button-primary" to="/services/new">
              {t("services.new")}
            </Link>
          )
        }
      />
      {archived > 0 && (
        <div className={styles.toolbar}>
          <Checkbox
            label={t("services.showArchived", { number: archived })}
            checked={showArchived}
            onChange={setShowArchived}
          />
        </div>
      )}
      {services.isError ? (
        <ProblemAlert error={services.error} onRetry={() => void services.refetch()} />
      ) : services.data === undefined ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          {items.length === 0 ? (
            <p className={styles.empty}>{t("services.none")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("services.name")}</th>
                  <th scope="col">{t("services.duration")}</th>
                  <th scope="col">{t("services.price")}</th>
                  <th scope="col">{t("services.buffers")}</th>
                  <th scope="col">{t("services.staff")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((s) => (
                  <tr key={s.id}>
                    <td>
                      <Link to={`/services/${s.id}`}>{s.name}</Link>{" "}
                      {!s.active && <span className={styles.badge}>{t("services.archived")}</span>}
                      {s.rules !== null && <span className={styles.badgeInfo}>{t("services.ownRules")}</span>}
                    </td>
                    <td>{formatDuration(s.durationMinutes)}</td>
                    <td>{formatMoney(s.price, i18n.language)}</td>
                    <td>
                      {s.bufferBeforeMinutes === 0 && s.bufferAfterMinutes === 0 ? (
                        <span className="muted">—</span>
                      ) : (
                        [
                          s.bufferBeforeMinutes > 0 &&
                            t("services.bufferBeforeShort", { value: formatDuration(s.bufferBeforeMinutes) }),
                          s.bufferAfterMinutes > 0 &&
                            t("services.bufferAfterShort", { value: formatDuration(s.bufferAfterMinutes) })
                        ]
                          .filter((x) => x !== false)
                          .join(" · ")
                      )}
                    </td>
                    <td>
                      {s.staffIds.length === 0 ? (
                        <span className={styles.badgeWarning}>{t("services.nobody")}</span>
                      ) : (
                        s.staffIds.map((id) => names.get(id) ?? "…").join(", ")
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
    </>
  )
}
