/**
 * The details of one appointment, in a side panel over the calendar: status (and what a pending
 * one waits for), customer, services with staff, times and prices, the actions its status allows
 * now (approve, reject, reschedule, cancel, no-show), series navigation, payment, notes,
 * questionnaire answers, the booking rules it was made under, and its history. After a change it
 * says whether the customer was told, and warns when they cannot be.
 */
import { useQuery } from "@tanstack/react-query"
import { type ReactNode, useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { isApiError } from "../../api"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatMoney } from "../../format"
import type { TranslationKey } from "../../i18n"
import { useBusiness } from "../../session"
import { type ChangeResult, useAppointmentCommand } from "./appointmentCommands"
import {
  formatLongDateTime,
  formatMinutes,
  formatTime,
  formatTimeRange,
  minutesBetween
} from "./calendarFormat"
import { type AppointmentDetail, customerNameOf, unreachableReason } from "./calendarModel"
import { appointmentQuery, resourceListQuery, serviceListQuery, staffListQuery } from "./calendarQueries"
import { CancelDialog } from "./details/CancelDialog"
import { CommandError } from "./details/Choices"
import styles from "./details/Details.module.css"
import { ActorName, HistoryList } from "./details/HistoryList"
import { Modal } from "./details/Modal"
import { NoShowDialog } from "./details/NoShowDialog"
import { RejectDialog } from "./details/RejectDialog"
import { RescheduleDialog } from "./details/RescheduleDialog"
import { RulesSnapshot } from "./details/RulesSnapshot"
import { SeriesNavigation } from "./details/SeriesNavigation"
import { StatusBadge } from "./details/StatusBadge"

export interface AppointmentDetailsProps {
  /** The appointment shown; the panel is closed when null. */
  readonly appointmentId: string | null
  readonly onClose: () => void
  /** Show another appointment (an occurrence of the same series), starting at `start`. */
  readonly onOpenAppointment: (id: string, start: string) => void
  /** Where focus goes on close when the element that opened the panel is gone. */
  readonly returnFocus?: () => HTMLElement | null
}

export const AppointmentDetails = ({
  appointmentId,
  onClose,
  onOpenAppointment,
  returnFocus
}: AppointmentDetailsProps) => {
  const titleId = useId()
  return (
    <Modal
      open={appointmentId !== null}
      onClose={onClose}
      labelledBy={titleId}
      variant="panel"
      {...(returnFocus !== undefined && { returnFocus })}
    >
      {appointmentId !== null && (
        <DetailsContent
          key={appointmentId}
          appointmentId={appointmentId}
          titleId={titleId}
          onClose={onClose}
          onOpenAppointment={onOpenAppointment}
        />
      )}
    </Modal>
  )
}

type Action = "approve" | "reject" | "cancel" | "reschedule" | "markNoShow" | "unmarkNoShow"
type DialogAction = Exclude<Action, "approve">

const doneKeys: Record<Action, TranslationKey> = {
  approve: "calendar.done.approve",
  reject: "calendar.done.reject",
  cancel: "calendar.done.cancel",
  reschedule: "calendar.done.reschedule",
  markNoShow: "calendar.done.markNoShow",
  unmarkNoShow: "calendar.done.unmarkNoShow"
}

const Section = ({ title, children }: { readonly title: string; readonly children: ReactNode }) => {
  const id = useId()
  return (
    <section className={styles.section} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
    </section>
  )
}

const DetailsContent = ({
  appointmentId,
  titleId,
  onClose,
  onOpenAppointment
}: {
  readonly appointmentId: string
  readonly titleId: string
  readonly onClose: () => void
  readonly onOpenAppointment: (id: string, start: string) => void
}) => {
  const { t } = useTranslation()
  const query = useQuery(appointmentQuery(appointmentId))
  const header = (title: string) => (
    <div className={styles.panelHeader}>
      <h2 id={titleId} tabIndex={-1} data-autofocus>
        {title}
      </h2>
      <button type="button" className="button button-small" onClick={onClose}>
        {t("calendar.details.close")}
      </button>
    </div>
  )
  if (query.data === undefined) {
    return (
      <>
        {header(t("calendar.details.title"))}
        {query.isError ? (
          isApiError(query.error) && query.error.code === "not_found" ? (
            <p className="alert alert-warning" role="alert">
              {t("calendar.details.notFound")}
            </p>
          ) : (
            <ProblemAlert error={query.error} onRetry={() => void query.refetch()} />
          )
        ) : (
          <p className="muted" role="status">
            {t("app.loading")}
          </p>
        )}
      </>
    )
  }
  const a = query.data
  const customerName = customerNameOf(a.customer)
  return (
    <>
      {header(customerName ?? t("calendar.details.noCustomerTitle"))}
      <Details appointment={a} onOpenAppointment={onOpenAppointment} />
    </>
  )
}

const Details = ({
  appointment: a,
  onOpenAppointment
}: {
  readonly appointment: AppointmentDetail
  readonly onOpenAppointment: (id: string, start: string) => void
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const staff = useQuery(staffListQuery)
  const resources = useQuery(resourceListQuery)
  const services = useQuery(serviceListQuery)
  const approve = useAppointmentCommand()
  const [dialog, setDialog] = useState<DialogAction | null>(null)
  const [outcome, setOutcome] = useState<{ readonly action: Action; readonly result: ChangeResult } | null>(
    null
  )

  const zoned = { locale: i18n.language, timeZone: business.timezone }
  const locale = i18n.language
  // Decided by the API for this user at read time (the detail is read again each minute).
  const allowed = a.allowedActions
  const unreachable = unreachableReason(a.customer)
  const staffName = (id: string) => staff.data?.items.find((s) => s.id === id)?.name ?? id
  const resourceName = (id: string) => resources.data?.items.find((r) => r.id === id)?.name ?? id
  const questions = new Map(
    (services.data?.items ?? []).flatMap((s) => s.questionnaire.map((q) => [q.id, q.label] as const))
  )
  const total = a.items.reduce((sum, item) => sum + item.price.amount, 0)
  const currency = a.items[0]?.price.currency ?? business.currency
  const answers = Object.entries(a.answers)
  const done = (action: Action) => (result: ChangeResult) => {
    setDialog(null)
    setOutcome({ action, result })
  }
  const notes: ReadonlyArray<readonly [TranslationKey, string | null]> = [
    ["calendar.details.customerRequest", a.customerRequest],
    ["calendar.details.quickNote", a.quickNote],
    ["calendar.details.appointmentNotes", a.appointmentNotes],
    ["calendar.details.cancellationMessage", a.cancellationMessage],
    ["calendar.details.rejectionReason", a.rejectionReason]
  ]
  const shownNotes = notes.filter(([, value]) => value !== null && value.trim() !== "")
  const customerName = customerNameOf(a.customer)
  const anyAction = Object.values(allowed).some(Boolean)

  return (
    <div className={styles.panelBody}>
      <div className={styles.lead}>
        <StatusBadge appointment={a} />
        <p className={styles.when}>{formatTimeRange(a.start, a.end, zoned)}</p>
        {a.requestedByClient && <p className="muted">{t("calendar.details.requestedByClient")}</p>}
      </div>

      <div aria-live="polite">
        {outcome !== null && (
          <div className={`alert ${outcome.result.customerNotified ? "alert-success" : "alert-warning"}`}>
            <p className="alert-title">{t(doneKeys[outcome.action])}</p>
            <p>
              {outcome.result.customerNotified
                ? t("calendar.notified.yes")
                : t(
                    `calendar.notified.${outcome.result.reason === "no_customer" || outcome.result.reason === "no_email" ? outcome.result.reason : "not_requested"}`
                  )}
            </p>
            {outcome.result.changed.length > 1 && (
              <p>{t("calendar.done.others", { others: outcome.result.changed.length - 1 })}</p>
            )}
          </div>
        )}
      </div>

      {unreachable !== null &&
        (a.status === "pending" || a.status === "approved" || a.status === "rescheduled") && (
          <p className="alert alert-warning">{t(`calendar.unreachable.${unreachable}`)}</p>
        )}

      {anyAction && (
        <div className={styles.actions}>
          {allowed.approve && (
            <button
              type="button"
              className="button button-primary"
              disabled={approve.isPending}
              aria-busy={approve.isPending}
              onClick={() => approve.send(a.id, { kind: "approve" }, { onSuccess: done("approve") })}
            >
              {approve.isPending ? t("calendar.actions.sending") : t("calendar.actions.approve")}
            </button>
          )}
          {allowed.reschedule && (
            <button type="button" className="button" onClick={() => setDialog("reschedule")}>
              {t("calendar.actions.reschedule")}
            </button>
          )}
          {allowed.markNoShow && (
            <button type="button" className="button" onClick={() => setDialog("markNoShow")}>
              {t("calendar.actions.markNoShow")}
            </button>
          )}
          {allowed.unmarkNoShow && (
            <button type="button" className="button" onClick={() => setDialog("unmarkNoShow")}>
              {t("calendar.actions.unmarkNoShow")}
            </button>
          )}
          {allowed.reject && (
            <button type="button" className="button" onClick={() => setDialog("reject")}>
              {t("calendar.actions.reject")}
            </button>
          )}
          {allowed.cancel && (
            <button type="button" className="button" onClick={() => setDialog("cancel")}>
              {t("calendar.actions.cancel")}
            </button>
          )}
        </div>
      )}
      {approve.error !== null && <CommandError error={approve.error} />}

      {a.seriesId !== null && (
        <Section title={t("calendar.details.series")}>
          <SeriesNavigation seriesId={a.seriesId} appointmentId={a.id} onOpen={onOpenAppointment} />
        </Section>
      )}

      <Section title={t("calendar.details.customer")}>
        {a.customer === null ? (
          <p className="muted">{t("calendar.details.noCustomer")}</p>
        ) : (
          <dl className={styles.definitions}>
            <div>
              <dt>{t("calendar.details.name")}</dt>
              <dd>
                <Link to={`/customers/${a.customer.id}`}>{customerName}</Link>
              </dd>
            </div>
            <div>
              <dt>{t("calendar.details.email")}</dt>
              <dd>
                {a.customer.email === null ? (
                  <span className="muted">{t("calendar.details.none")}</span>
                ) : (
                  <a href={`mailto:${a.customer.email}`}>{a.customer.email}</a>
                )}
              </dd>
            </div>
            <div>
              <dt>{t("calendar.details.phone")}</dt>
              <dd>
                {a.customer.phone === null ? (
                  <span className="muted">{t("calendar.details.none")}</span>
                ) : (
                  <a href={`tel:${a.customer.phone.replace(/[^\d+]/g, "")}`}>{a.customer.phone}</a>
                )}
              </dd>
            </div>
            {a.customer.noShowCount > 0 && (
              <div>
                <dt>{t("calendar.details.noShows")}</dt>
                <dd>{a.customer.noShowCount}</dd>
              </div>
            )}
            {a.customer.notes.trim() !== "" && (
              <div>
                <dt>{t("calendar.details.profileNotes")}</dt>
                <dd className={styles.prewrap}>{a.customer.notes}</dd>
              </div>
            )}
          </dl>
        )}
      </Section>

      <Section title={t("calendar.details.services")}>
        <div className={styles.tableWrap}>
          <table className={`table ${styles.itemsTable}`}>
            <thead>
              <tr>
                <th scope="col">{t("calendar.details.service")}</th>
                <th scope="col">{t("calendar.details.staff")}</th>
                <th scope="col">{t("calendar.details.time")}</th>
                <th scope="col">{t("calendar.details.duration")}</th>
                <th scope="col" className={styles.number}>
                  {t("calendar.details.price")}
                </th>
              </tr>
            </thead>
            <tbody>
              {a.items.map((item) => (
                <tr key={`${item.serviceId}-${item.start}`}>
                  <td>
                    {item.serviceName}
                    {item.resourceId !== null && <div className="muted">{resourceName(item.resourceId)}</div>}
                  </td>
                  <td>{staffName(item.staffId)}</td>
                  <td>
                    {formatTime(item.start, zoned)}–{formatTime(item.end, zoned)}
                  </td>
                  <td>{formatMinutes(minutesBetween(item.start, item.end), locale)}</td>
                  <td className={styles.number}>{formatMoney(item.price, locale)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={3}>
                  {t("calendar.details.total")}
                </th>
                <td>{formatMinutes(minutesBetween(a.start, a.end), locale)}</td>
                <td className={styles.number}>{formatMoney({ amount: total, currency }, locale)}</td>
              </tr>
            </tfoot>
          </table>
        </div>
      </Section>

      <Section title={t("calendar.details.payment")}>
        <dl className={styles.definitions}>
          <div>
            <dt>{t("calendar.details.paymentMethod")}</dt>
            <dd>{t(`calendar.payment.method.${a.payment.method}`)}</dd>
          </div>
          <div>
            <dt>{t("calendar.details.paymentStatus")}</dt>
            <dd>{t(`calendar.payment.status.${a.payment.status}`)}</dd>
          </div>
          {a.payment.amountRequested !== null && (
            <div>
              <dt>{t("calendar.details.amountRequested")}</dt>
              <dd>{formatMoney(a.payment.amountRequested, locale)}</dd>
            </div>
          )}
          {a.payment.instrument !== null && (
            <div>
              <dt>{t(`calendar.payment.instrument.${a.payment.instrument.kind}`)}</dt>
              <dd>{a.payment.instrument.reference}</dd>
            </div>
          )}
        </dl>
      </Section>

      {shownNotes.length > 0 && (
        <Section title={t("calendar.details.notes")}>
          <dl className={styles.definitions}>
            {shownNotes.map(([key, value]) => (
              <div key={key}>
                <dt>{t(key)}</dt>
                <dd className={styles.prewrap}>{value}</dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      {answers.length > 0 && (
        <Section title={t("calendar.details.answers")}>
          <dl className={styles.definitions}>
            {answers.map(([questionId, answer]) => (
              <div key={questionId}>
                <dt>{questions.get(questionId) ?? questionId}</dt>
                <dd className={styles.prewrap}>
                  {typeof answer === "boolean"
                    ? t(answer ? "calendar.rules.yes" : "calendar.rules.no")
                    : answer}
                </dd>
              </div>
            ))}
          </dl>
        </Section>
      )}

      <Section title={t("calendar.details.rules")}>
        <p className="muted">{t("calendar.details.rulesExplain")}</p>
        <RulesSnapshot rules={a.rulesSnapshot} />
      </Section>

      <Section title={t("calendar.details.history")}>
        <dl className={styles.definitions}>
          <div>
            <dt>{t("calendar.details.createdBy")}</dt>
            <dd>
              <ActorName actor={a.createdBy} /> · {formatLongDateTime(a.createdAt, zoned)}
              {a.source === "online" && ` · ${t("calendar.details.online")}`}
            </dd>
          </div>
          <div>
            <dt>{t("calendar.details.updatedBy")}</dt>
            <dd>
              <ActorName actor={a.updatedBy} /> · {formatLongDateTime(a.updatedAt, zoned)}
            </dd>
          </div>
        </dl>
        <HistoryList history={a.history} />
      </Section>

      <p>
        <a href={`/v1/appointments/${encodeURIComponent(a.id)}/ics`} download>
          {t("calendar.details.ics")}
        </a>
      </p>

      <RejectDialog
        appointment={a}
        open={dialog === "reject"}
        onClose={() => setDialog(null)}
        onDone={done("reject")}
      />
      <CancelDialog
        appointment={a}
        open={dialog === "cancel"}
        onClose={() => setDialog(null)}
        onDone={done("cancel")}
      />
      <RescheduleDialog
        appointment={a}
        open={dialog === "reschedule"}
        onClose={() => setDialog(null)}
        onDone={done("reschedule")}
      />
      <NoShowDialog
        appointment={a}
        noShow={dialog !== "unmarkNoShow"}
        open={dialog === "markNoShow" || dialog === "unmarkNoShow"}
        onClose={() => setDialog(null)}
        onDone={done(dialog === "unmarkNoShow" ? "unmarkNoShow" : "markNoShow")}
      />
    </div>
  )
}
