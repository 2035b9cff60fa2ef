/**
 * The confirm link (`/confirm/:token`) of an appointment the business booked with "ask the client
 * to confirm": the appointment and one button, "Confirm my appointment" (a POST; opening the page
 * changes nothing), then the result. An appointment already confirmed, awaiting the business, or
 * over says so.
 */
import { useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useParams } from "react-router"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { AppointmentSummary } from "./AppointmentSummary"
import { bookAgainUrl, ConfirmAction } from "./LinkActions"
import { manageQuery } from "./manage"
import styles from "./Public.module.css"
import { LinkFailure } from "./PublicNotice"
import { isFinal, shownStatus } from "./status"
import type { ManagePageData } from "./types"
import { useBusinessLocale } from "./useBusinessLocale"

export const ConfirmPage = () => {
  const { t } = useTranslation()
  const { token = "" } = useParams()
  const page = useQuery(manageQuery(token))
  useBusinessLocale(page.data?.business.locale)

  if (page.data === undefined) {
    if (page.isPending) return <Loading />
    return <LinkFailure error={page.error} title={t("public.confirm")} onRetry={() => void page.refetch()} />
  }
  return <Confirm token={token} page={page.data} />
}

const Confirm = ({ token, page }: { readonly token: string; readonly page: ManagePageData }) => {
  const { t } = useTranslation()
  const [confirmed, setConfirmed] = useState(false)
  const { appointment, business, allowed } = page
  const status = shownStatus(appointment)
  const final = isFinal(appointment)

  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <PageHeader title={t("public.confirm")} />
        <p className={styles.business}>{business.name}</p>
      </div>

      {confirmed && (
        <div className={styles.done} data-tone="success" role="status">
          <h2>{t("public.confirmPage.done")}</h2>
          <p>{t("public.confirmPage.doneText", { business: business.name })}</p>
        </div>
      )}

      {status === "pending_client_confirmation" && (
        <section className={styles.card} aria-labelledby="confirm-ask">
          <div className={styles.sectionHeading}>
            <h2 id="confirm-ask">{t("public.confirmPage.ask")}</h2>
            <p className="muted">{t("public.confirmPage.askText", { business: business.name })}</p>
          </div>
          <ConfirmAction token={token} allowance={allowed.confirm} onDone={() => setConfirmed(true)} />
        </section>
      )}

      <section className={styles.card} aria-label={t("public.managePage.appointment")}>
        <AppointmentSummary appointment={appointment} business={business} />
      </section>

      {!confirmed && status !== "pending_client_confirmation" && (
        <section className={styles.card}>
          <p>
            {final
              ? t("public.managePage.finalText")
              : status === "pending_staff_approval"
                ? t("public.confirmPage.awaitingBusiness", { business: business.name })
                : t("public.confirmPage.already")}
          </p>
          {final && (
            <p>
              <a className="button" href={bookAgainUrl(business)}>
                {t("public.managePage.bookAgain")}
              </a>
            </p>
          )}
        </section>
      )}

      {!final && (
        <p>
          <Link to={`/manage/${encodeURIComponent(token)}`}>{t("public.confirmPage.manage")}</Link>
        </p>
      )}
    </div>
  )
}
