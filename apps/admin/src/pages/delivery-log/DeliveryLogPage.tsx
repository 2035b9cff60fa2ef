/**
 * The delivery log: every message of the outbox (emails, SMS, webhook deliveries), newest first,
 * filtered by status (and channel), with its recipient, event, subject, attempts, last error and
 * when it is or was sent in the business's time zone; each opens on its text and links. The
 * filters live in the address (`?status=failed&appointmentId=…`) so a filtered log can be shared.
 */
import { useQuery } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { Fragment, useId, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useSearchParams } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { Loading } from "../../components/Loading"
import { ManagersOnly } from "../../components/ManagersOnly"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime } from "../../format"
import { isManager } from "../../navigation"
import { useBusiness, useSignedIn } from "../../session"
import page from "./DeliveryLogPage.module.css"

type Message = InferResponseType<typeof api.v1.outbox.$get, 200>["items"][number]

const statuses = ["pending", "sent", "failed", "dropped"] as const
type Status = (typeof statuses)[number]
const channels = ["email", "sms", "webhook"] as const

const isStatus = (value: string | null): value is Status => statuses.some((s) => s === value)

const statusClass: Record<Status, string | undefined> = {
  pending: styles.badgeInfo,
  sent: styles.badgeSuccess,
  failed: styles.badgeDanger,
  dropped: styles.badge
}

export const DeliveryLogPage = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  if (!isManager(user.role)) return <ManagersOnly title={t("deliveryLog.title")} />
  return <DeliveryLog />
}

const DeliveryLog = () => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const [params, setParams] = useSearchParams()
  const statusParam = params.get("status")
  const status = isStatus(statusParam) ? statusParam : undefined
  const channel = channels.find((c) => c === params.get("channel"))
  const appointmentId = params.get("appointmentId") ?? undefined
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set())
  const statusId = useId()
  const channelId = useId()
  const log = useQuery({
    queryKey: ["outbox", status ?? null, appointmentId ?? null],
    queryFn: () =>
      unwrap(
        api.v1.outbox.$get({
          query: {
            ...(status !== undefined && { status }),
            ...(appointmentId !== undefined && { appointmentId })
          }
        })
      ),
    refetchInterval: 30_000
  })
  const items = useMemo(
    () =>
      [...(log.data?.items ?? [])]
        .filter((m) => channel === undefined || m.channel === channel)
        .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt) || b.id.localeCompare(a.id)),
    [log.data, channel]
  )
  const zone = { locale: i18n.language, timeZone: business.timezone }
  const when = (instant: string) => formatDateTime(instant, zone, { dateStyle: "short", timeStyle: "short" })
  const setFilter = (key: string, value: string) => {
    const next = new URLSearchParams(params)
    if (value === "") next.delete(key)
    else next.set(key, value)
    setParams(next, { replace: true })
  }
  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current)
      if (next.has(id)) next.delete(id)
      else next.add(id)
      return next
    })

  return (
    <>
      <PageHeader
        title={t("deliveryLog.title")}
        actions={
          <button
            type="button"
            className="button"
            disabled={log.isFetching}
            onClick={() => void log.refetch()}
          >
            {log.isFetching ? t("deliveryLog.refreshing") : t("deliveryLog.refresh")}
          </button>
        }
      />
      <p className="muted" style={{ marginBottom: "var(--space-4)" }}>
        {t("deliveryLog.intro", { zone: business.timezone })}
      </p>
      <div className={styles.toolbar}>
        <div className="field">
          <label htmlFor={statusId}>{t("deliveryLog.status")}</label>
          <select
            id={statusId}
            className="select"
            value={status ?? ""}
            onChange={(event) => setFilter("status", event.target.value)}
          >
            <option value="">{t("deliveryLog.all")}</option>
            {statuses.map((s) => (
              <option key={s} value={s}>
                {t(`deliveryLog.statuses.${s}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={channelId}>{t("deliveryLog.channel")}</label>
          <select
            id={channelId}
            className="select"
            value={channel ?? ""}
            onChange={(event) => setFilter("channel", event.target.value)}
          >
            <option value="">{t("deliveryLog.all")}</option>
            {channels.map((c) => (
              <option key={c} value={c}>
                {t(`deliveryLog.channels.${c}`)}
              </option>
            ))}
          </select>
        </div>
        {appointmentId !== undefined && (
          <p className={page.appointmentFilter}>
            {t("deliveryLog.forAppointment")}{" "}
            <Link to={`/calendar?appointment=${encodeURIComponent(appointmentId)}`}>{appointmentId}</Link>{" "}
            <button
              type="button"
              className={styles.linkButton}
              onClick={() => setFilter("appointmentId", "")}
            >
              {t("deliveryLog.allAppointments")}
            </button>
          </p>
        )}
      </div>
      {log.isError ? (
        <ProblemAlert error={log.error} onRetry={() => void log.refetch()} />
      ) : log.data === undefined ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          {items.length === 0 ? (
            <p className={styles.empty}>{t("deliveryLog.none")}</p>
          ) : (
            <table className={`table ${page.table}`}>
              <thead>
                <tr>
                  <th scope="col">{t("deliveryLog.status")}</th>
                  <th scope="col">{t("deliveryLog.message")}</th>
                  <th scope="col">{t("deliveryLog.recipient")}</th>
                  <th scope="col">{t("deliveryLog.attempts")}</th>
                  <th scope="col">{t("deliveryLog.when")}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((m) => {
                  const expanded = open.has(m.id)
                  const detailId = `message-${m.id}`
                  return (
                    <Fragment key={m.id}>
                      <tr className={expanded ? page.openRow : undefined}>
                        <td>
                          <span className={statusClass[m.status]}>
                            {t(`deliveryLog.statuses.${m.status}`)}
                          </span>
                        </td>
                        <td className={page.messageCell}>
                          <button
                            type="button"
                            className={page.expand}
                            aria-expanded={expanded}
                            aria-controls={detailId}
                            onClick={() => toggle(m.id)}
                          >
                            <span aria-hidden="true" className={page.chevron}>
                              {expanded ? "▾" : "▸"}
                            </span>
                            <span className={page.subject}>
                              {m.subject === null
                                ? t("deliveryLog.notWritten")
                                : m.subject || t("deliveryLog.noSubject")}
                            </span>
                          </button>
                          <div className={page.meta}>
                            <span className={styles.badge}>{t(`deliveryLog.channels.${m.channel}`)}</span>
                            <span className={page.event}>
                              {!isNotificationEvent(m.event)
                                ? m.event
                                : m.recipientRole === "staff"
                                  ? t(`deliveryLog.staffEvents.${m.event}`)
                                  : t(`deliveryLog.events.${m.event}`)}
                            </span>
                          </div>
                          {m.lastError !== null && m.lastError !== "" && (
                            <p className={page.error}>
                              <span className="visually-hidden">{t("deliveryLog.lastError")}: </span>
                              {m.lastError}
                            </p>
                          )}
                        </td>
                        <td>
                          <div className={page.to}>{m.to}</div>
                          {m.recipientRole !== null && (
                            <div className="muted">{t(`deliveryLog.roles.${m.recipientRole}`)}</div>
                          )}
                        </td>
                        <td>{m.attempts}</td>
                        <td className={page.when}>
                          {m.sentAt !== null ? (
                            <>
                              <div>{t("deliveryLog.sentAt", { when: when(m.sentAt) })}</div>
                              {Date.parse(m.sendAfter) > Date.parse(m.createdAt) + 60_000 && (
                                <div className="muted">
                                  {t("deliveryLog.planned", { when: when(m.sendAfter) })}
                                </div>
                              )}
                            </>
                          ) : (
                            <div>
                              {m.status === "pending"
                                ? t("deliveryLog.sendAfter", { when: when(m.sendAfter) })
                                : t("deliveryLog.planned", { when: when(m.sendAfter) })}
                            </div>
                          )}
                        </td>
                      </tr>
                      {expanded && (
                        <tr className={page.detailRow}>
                          <td colSpan={5} id={detailId}>
                            <MessageDetail message={m} when={when} />
                          </td>
                        </tr>
                      )}
                    </Fragment>
                  )
                })}
              </tbody>
            </table>
          )}
        </div>
      )}
      {items.length >= 500 && <p className="field-hint">{t("deliveryLog.capped")}</p>}
    </>
  )
}

const notificationEvents = [
  "pending",
  "confirm_request",
  "confirmed",
  "cancelled",
  "rejected",
  "rescheduled",
  "reminder",
  "follow_up",
  "missed"
] as const
type NotificationEvent = (typeof notificationEvents)[number]

/** Notification events have a name; webhook events (`appointment.created`) show as sent. */
const isNotificationEvent = (event: string): event is NotificationEvent =>
  notificationEvents.some((e) => e === event)

const MessageDetail = ({
  message: m,
  when
}: {
  readonly message: Message
  readonly when: (i: string) => string
}) => {
  const { t } = useTranslation()
  const links = Object.entries(m.links)
  return (
    <div className={page.detail}>
      <dl className={page.facts}>
        <div>
          <dt>{t("deliveryLog.created")}</dt>
          <dd>{when(m.createdAt)}</dd>
        </div>
        {m.appointmentId !== null && (
          <div>
            <dt>{t("deliveryLog.appointment")}</dt>
            <dd>
              <Link to={`/calendar?appointment=${encodeURIComponent(m.appointmentId)}`}>
                {t("deliveryLog.openAppointment")}
              </Link>
            </dd>
          </div>
        )}
        {m.attachments.length > 0 && (
          <div>
            <dt>{t("deliveryLog.attachments")}</dt>
            <dd>{m.attachments.map((a) => a.filename).join(", ")}</dd>
          </div>
        )}
        <div>
          <dt>{t("deliveryLog.id")}</dt>
          <dd className={styles.mono}>{m.id}</dd>
        </div>
      </dl>
      <p className={page.previewTitle}>{t("deliveryLog.text")}</p>
      {m.text === null ? <p>{t("deliveryLog.notWrittenText")}</p> : <pre className={page.text}>{m.text}</pre>}
      {links.length > 0 && (
        <>
          <p className={page.previewTitle}>{t("deliveryLog.links")}</p>
          <ul className={page.links}>
            {links.map(([name, url]) => (
              <li key={name}>
                <span className={styles.badge}>{name}</span> <span className={styles.mono}>{url}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  )
}
