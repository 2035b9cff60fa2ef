/**
 * A customer's profile: the no-show count up front, contact details and profile notes (saved as
 * a merge patch of what changed), and every appointment they had or have, newest first.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useLocation, useParams } from "react-router"
import { api, isApiError, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { FormStatus, unclaimed } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime, formatMoney } from "../../format"
import { useBusiness } from "../../session"
import page from "./CustomerPage.module.css"
import { CustomerFields } from "./CustomersPage"
import { type CustomerDraft, customerDraftOf, customerPatch } from "./model"

type Customer = InferResponseType<(typeof api.v1.customers)[":id"]["$get"], 200>
type Appointment = InferResponseType<typeof api.v1.appointments.$get, 200>["items"][number]

export const CustomerPage = () => {
  const { t } = useTranslation()
  const { id = "" } = useParams()
  const location = useLocation()
  const created = (location.state as { created?: boolean } | null)?.created === true
  const customer = useQuery({
    queryKey: ["customers", "detail", id],
    queryFn: () => unwrap(api.v1.customers[":id"].$get({ param: { id } }))
  })

  if (customer.isError) {
    return (
      <>
        <PageHeader title={t("customers.profile")} />
        <ProblemAlert
          error={customer.error}
          {...(!(isApiError(customer.error) && customer.error.status === 404) && {
            onRetry: () => void customer.refetch()
          })}
        />
        <p style={{ marginTop: "var(--space-4)" }}>
          <Link to="/customers">{t("customers.backToList")}</Link>
        </p>
      </>
    )
  }
  if (customer.data === undefined) return <Loading />
  const c = customer.data
  const name = `${c.firstName} ${c.lastName}`.trim() || t("customers.unnamed")
  return (
    <>
      <PageHeader title={name} actions={<Link to="/customers">{t("customers.backToList")}</Link>} />
      <div className={page.layout}>
        <div className={page.main}>
          <NoShows count={c.noShowCount} />
          <CustomerForm key={c.id} customer={c} created={created} />
        </div>
        <History customerId={c.id} />
      </div>
    </>
  )
}

const NoShows = ({ count }: { readonly count: number }) => {
  const { t } = useTranslation()
  return (
    <div className={count > 0 ? `${page.noShows} ${page.noShowsAlert}` : page.noShows}>
      <span className={page.noShowsCount}>{count}</span>
      <div>
        <p className={page.noShowsLabel}>{t("customers.noShowsTitle")}</p>
        <p className="field-hint">{count > 0 ? t("customers.noShowsSome") : t("customers.noShowsNone")}</p>
      </div>
    </div>
  )
}

const FIELDS = ["firstName", "lastName", "email", "phone", "notes"] as const

const CustomerForm = ({ customer, created }: { readonly customer: Customer; readonly created: boolean }) => {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<CustomerDraft>(() => customerDraftOf(customer))
  const [status, setStatus] = useState<string | null>(created ? t("customers.created") : null)
  const patch = customerPatch(customer, draft)
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.v1.customers[":id"].$patch({ param: { id: customer.id }, json: patch ?? {} })),
    onSuccess: (saved) => {
      queryClient.setQueryData(["customers", "detail", customer.id], saved)
      setDraft(customerDraftOf(saved))
      setStatus(t("backOffice.saved"))
      void queryClient.invalidateQueries({ queryKey: ["customers", "search"] })
    }
  })
  const set = (field: keyof CustomerDraft) => (value: string) => {
    setStatus(null)
    setDraft((d) => ({ ...d, [field]: value }))
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (patch === undefined) return
    save.mutate()
  }

  return (
    <form className="card form" onSubmit={submit} aria-labelledby="customer-details-title">
      <h2 id="customer-details-title" className={styles.sectionTitle}>
        {t("customers.details")}
      </h2>
      <CustomerFields draft={draft} set={set} error={save.error} />
      {save.isError && <ProblemAlert error={unclaimed(save.error, FIELDS)} />}
      <FormStatus message={status} />
      <div className={styles.actions}>
        <button
          type="submit"
          className="button button-primary"
          disabled={save.isPending || patch === undefined}
        >
          {save.isPending ? t("backOffice.saving") : t("backOffice.save")}
        </button>
        {patch !== undefined && (
          <button type="button" className="button" onClick={() => setDraft(customerDraftOf(customer))}>
            {t("customers.discard")}
          </button>
        )}
      </div>
    </form>
  )
}

const statusClass = (a: Appointment) =>
  a.status === "completed" && a.noShow
    ? styles.badgeDanger
    : a.status === "pending"
      ? styles.badgeWarning
      : a.status === "approved" || a.status === "rescheduled"
        ? styles.badgeInfo
        : a.status === "completed"
          ? styles.badgeSuccess
          : styles.badge

const History = ({ customerId }: { readonly customerId: string }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const appointments = useQuery({
    queryKey: ["appointments", "customer", customerId],
    queryFn: () => unwrap(api.v1.appointments.$get({ query: { customerId } }))
  })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const names = useMemo(() => new Map((staff.data?.items ?? []).map((s) => [s.id, s.name])), [staff.data])
  const items = useMemo(
    () => [...(appointments.data?.items ?? [])].sort((a, b) => Date.parse(b.start) - Date.parse(a.start)),
    [appointments.data]
  )
  const zone = { locale: i18n.language, timeZone: business.timezone }
  const upcoming = items.filter(
    (a) => Date.parse(a.start) > Date.now() && ["pending", "approved", "rescheduled"].includes(a.status)
  ).length
  const visits = items.filter((a) => a.status === "completed" && !a.noShow).length

  return (
    <section className={`card ${page.history}`} aria-labelledby="customer-history-title">
      <div className={styles.sectionHeader}>
        <h2 id="customer-history-title" className={styles.sectionTitle}>
          {t("customers.history")}
        </h2>
        {appointments.data !== undefined && (
          <p className="muted">{t("customers.historySummary", { visits, upcoming })}</p>
        )}
      </div>
      {appointments.isError ? (
        <ProblemAlert error={appointments.error} onRetry={() => void appointments.refetch()} />
      ) : appointments.data === undefined ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className={styles.empty}>{t("customers.noHistory")}</p>
      ) : (
        <ul className={page.timeline}>
          {items.map((a) => (
            <li key={a.id} className={page.visit}>
              <div className={page.visitHead}>
                <Link to={`/calendar?appointment=${encodeURIComponent(a.id)}`}>
                  {formatDateTime(a.start, zone, {
                    weekday: "short",
                    day: "numeric",
                    month: "short",
                    year: "numeric",
                    hour: "numeric",
                    minute: "2-digit"
                  })}
                </Link>
                <span className={statusClass(a)}>
                  {a.status === "completed" && a.noShow
                    ? t("backOffice.status.noShow")
                    : t(`backOffice.status.${a.status}`)}
                </span>
              </div>
              <p>
                {a.items.map((item) => item.serviceName).join(" + ")}
                <span className="muted">
                  {" · "}
                  {[...new Set(a.items.map((item) => names.get(item.staffId) ?? "…"))].join(", ")}
                  {" · "}
                  {formatMoney(
                    {
                      amount: a.items.reduce((sum, item) => sum + item.price.amount, 0),
                      currency: a.items[0]?.price.currency ?? business.currency
                    },
                    i18n.language
                  )}
                </span>
              </p>
              {a.customerRequest !== null && a.customerRequest !== "" && (
                <p className="field-hint">“{a.customerRequest}”</p>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
