/**
 * Needs attention: every pending appointment (an online request awaiting approval, or a booking
 * awaiting the client's confirmation), oldest first, each approved or rejected in place or opened
 * in the calendar. A staff user sees their own appointments.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { Checkbox, Field, FormStatus, idempotent, newIdempotencyKey } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime, formatMoney } from "../../format"
import { useBusiness, useSignedIn } from "../../session"
import { hasStarted, sortPending } from "./model"
import page from "./NeedsAttentionPage.module.css"

type Appointment = InferResponseType<typeof api.v1.appointments.$get, 200>["items"][number]
type Change = InferResponseType<(typeof api.v1.appointments)[":id"]["approve"]["$post"], 200>

export const NeedsAttentionPage = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const [status, setStatus] = useState<string | null>(null)
  // A staff user acts on their own appointments only.
  const staffId = user.role === "staff" ? (user.staffId ?? undefined) : undefined
  const pending = useQuery({
    queryKey: ["appointments", "pending", staffId ?? null],
    queryFn: () =>
      unwrap(
        api.v1.appointments.$get({
          query: { status: "pending", ...(staffId !== undefined && { staffId }) }
        })
      )
  })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const staffNames = useMemo(
    () => new Map((staff.data?.items ?? []).map((s) => [s.id, s.name] as const)),
    [staff.data]
  )
  const items = useMemo(() => sortPending(pending.data?.items ?? []), [pending.data])

  return (
    <>
      <PageHeader title={t("needsAttention.title")} />
      <p className="muted" style={{ marginBottom: "var(--space-4)" }}>
        {t("needsAttention.intro")}
      </p>
      <FormStatus message={status} />
      {pending.isError ? (
        <ProblemAlert error={pending.error} onRetry={() => void pending.refetch()} />
      ) : pending.data === undefined ? (
        <Loading />
      ) : items.length === 0 ? (
        <div className="card">
          <p className={styles.empty}>{t("needsAttention.empty")}</p>
        </div>
      ) : (
        <ul className={page.list} aria-label={t("needsAttention.listLabel")}>
          {items.map((a) => (
            <PendingCard key={a.id} appointment={a} staffNames={staffNames} onDone={setStatus} />
          ))}
        </ul>
      )}
    </>
  )
}

const notNotifiedReasons = new Set(["no_customer", "no_email"])

const PendingCard = ({
  appointment: a,
  staffNames,
  onDone
}: {
  readonly appointment: Appointment
  readonly staffNames: ReadonlyMap<string, string>
  readonly onDone: (message: string) => void
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const queryClient = useQueryClient()
  const [rejecting, setRejecting] = useState(false)
  const [reason, setReason] = useState("")
  const [notifyCustomer, setNotifyCustomer] = useState(true)
  const [notifyStaff, setNotifyStaff] = useState(true)
  const [rejectKey, setRejectKey] = useState(newIdempotencyKey)
  const customerId = a.customerId
  const customer = useQuery({
    queryKey: ["customers", "detail", customerId],
    queryFn: () => unwrap(api.v1.customers[":id"].$get({ param: { id: customerId ?? "" } })),
    enabled: customerId !== null
  })

  const zone = { locale: i18n.language, timeZone: business.timezone }
  const when = formatDateTime(a.start, zone, {
    weekday: "long",
    day: "numeric",
    month: "long",
    hour: "numeric",
    minute: "2-digit"
  })
  const who =
    customerId === null
      ? t("needsAttention.noCustomer")
      : customer.data === undefined
        ? "…"
        : `${customer.data.firstName} ${customer.data.lastName}`.trim()

  const done = (verb: "approved" | "rejected", result: Change) => {
    const told =
      !result.customerNotified && result.reason !== undefined && notNotifiedReasons.has(result.reason)
        ? ` ${t("needsAttention.tellClient")}`
        : ""
    onDone(`${t(`needsAttention.${verb}`, { who, when })}${told}`)
    void queryClient.invalidateQueries({ queryKey: ["appointments"] })
  }

  const approve = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1.appointments[":id"].approve.$post(
          { param: { id: a.id } },
          // One approval per version: a double click replays instead of failing.
          idempotent(`approve-${a.id}-v${a.version}`)
        )
      ),
    onSuccess: (result) => done("approved", result)
  })
  const reject = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1.appointments[":id"].reject.$post(
          {
            param: { id: a.id },
            json: { ...(reason.trim() !== "" && { reason: reason.trim() }), notifyCustomer, notifyStaff }
          },
          idempotent(rejectKey)
        )
      ),
    onSuccess: (result) => done("rejected", result),
    onError: () => setRejectKey(newIdempotencyKey())
  })
  const busy = approve.isPending || reject.isPending
  const overdue = hasStarted(a, Date.now())
  const total = a.items.reduce((sum, item) => sum + item.price.amount, 0)
  const staffList = [...new Set(a.items.map((item) => staffNames.get(item.staffId) ?? "…"))].join(", ")

  const submitReject = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    reject.mutate()
  }

  return (
    <li className={`card ${page.item}`}>
      <div className={page.when}>
        <p className={page.date}>{when}</p>
        <div className={styles.actions}>
          <span
            className={a.pendingReason === "client_confirmation" ? styles.badgeInfo : styles.badgeWarning}
          >
            {t(
              a.pendingReason === "client_confirmation"
                ? "needsAttention.awaitingClient"
                : "needsAttention.awaitingApproval"
            )}
          </span>
          {overdue && <span className={styles.badgeDanger}>{t("needsAttention.overdue")}</span>}
        </div>
      </div>
      <div className={page.details}>
        <p className={page.customer}>
          {customerId === null ? who : <Link to={`/customers/${customerId}`}>{who}</Link>}
          {customer.data !== undefined && customer.data.noShowCount > 0 && (
            <span className={styles.badgeDanger}>
              {t("needsAttention.noShows", { number: customer.data.noShowCount })}
            </span>
          )}
        </p>
        <p>
          {a.items.map((item) => item.serviceName).join(" + ")}
          <span className="muted">
            {" "}
            · {staffList} ·{" "}
            {formatMoney(
              { amount: total, currency: a.items[0]?.price.currency ?? business.currency },
              i18n.language
            )}
          </span>
        </p>
        {a.customerRequest !== null && a.customerRequest !== "" && (
          <p className={page.request}>“{a.customerRequest}”</p>
        )}
        <p className="muted">
          {t("needsAttention.requested", {
            when: formatDateTime(a.createdAt, zone),
            by: a.createdBy.name || t(`needsAttention.actor.${a.createdBy.kind}`)
          })}
        </p>
      </div>
      <div className={page.buttons}>
        <button
          type="button"
          className="button button-primary"
          disabled={busy}
          onClick={() => approve.mutate()}
        >
          {approve.isPending ? t("needsAttention.approving") : t("needsAttention.approve")}
        </button>
        <button
          type="button"
          className="button"
          aria-expanded={rejecting}
          disabled={busy}
          onClick={() => setRejecting((open) => !open)}
        >
          {t("needsAttention.reject")}
        </button>
        <Link className="button button-quiet" to={`/calendar?appointment=${encodeURIComponent(a.id)}`}>
          {t("needsAttention.openInCalendar")}
        </Link>
      </div>
      {approve.isError && (
        <div className={page.wide}>
          <ProblemAlert error={approve.error} />
        </div>
      )}
      {rejecting && (
        <form className={`form ${page.wide} ${page.rejectForm}`} onSubmit={submitReject}>
          <Field label={t("needsAttention.rejectReason")} hint={t("needsAttention.rejectReasonHint")}>
            {(control) => (
              <textarea
                {...control}
                className="textarea"
                rows={2}
                maxLength={2000}
                value={reason}
                onChange={(event) => setReason(event.target.value)}
              />
            )}
          </Field>
          <div className={styles.inline}>
            <Checkbox
              label={t("needsAttention.notifyCustomer")}
              checked={notifyCustomer}
              onChange={setNotifyCustomer}
            />
            <Checkbox
              label={t("needsAttention.notifyStaff")}
              checked={notifyStaff}
              onChange={setNotifyStaff}
            />
          </div>
          {reject.isError && <ProblemAlert error={reject.error} />}
          <div className={styles.actions}>
            <button type="submit" className="button button-danger" disabled={busy}>
              {reject.isPending ? t("needsAttention.rejecting") : t("needsAttention.confirmReject")}
            </button>
            <button type="button" className="button" disabled={busy} onClick={() => setRejecting(false)}>
              {t("backOffice.cancel")}
            </button>
          </div>
        </form>
      )}
    </li>
  )
}
