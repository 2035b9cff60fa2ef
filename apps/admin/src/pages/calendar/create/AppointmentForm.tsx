/**
 * The content of the create-appointment dialog: the form (services, time, repetition, customer,
 * details, payment, confirmation), its sending to POST /v1/appointments with the opening's
 * idempotency key, the API's refusals shown at their fields, and the outcome when the client was
 * not told or dates of a series were skipped.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type RefObject, useEffect, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { type ApiError, api, isApiError, unwrap } from "../../../api"
import { Loading } from "../../../components/Loading"
import { ProblemAlert } from "../../../components/ProblemAlert"
import { formatDateTime, formatMoney } from "../../../format"
import { useBusiness, useSignedIn } from "../../../session"
import styles from "../CreateAppointmentDialog.module.css"
import { ConfirmationSection } from "./ConfirmationSection"
import { CustomerSection } from "./CustomerSection"
import { DetailsSection } from "./DetailsSection"
import type { ErrorAt } from "./fields"
import {
  buildCreateBody,
  buildPreviewBody,
  type CreateAppointmentBody,
  type CreateAppointmentResult,
  type FormContext,
  type FormState,
  fieldOfRefusal,
  fieldPaths,
  initialForm,
  placeMessages,
  questionsOf,
  totals
} from "./form"
import { ItemsSection } from "./ItemsSection"
import { newIdempotencyKey } from "./idempotency"
import { PaymentSection } from "./PaymentSection"
import { RepeatSection } from "./RepeatSection"
import { useCatalog } from "./useCatalog"
import { useDuration } from "./useDuration"
import { WhenSection } from "./WhenSection"
import { instantToWallClock, wallClockToEpochMillis } from "./zonedTime"

export interface AppointmentFormProps {
  readonly initial: { readonly start?: string; readonly staffId?: string }
  readonly titleId: string
  readonly onCancel: () => void
  readonly onCreated: (appointmentId: string) => void
  /** Set by the form: what closing the dialog (Escape, the close button) does right now. */
  readonly closeRef: RefObject<() => void>
}

const QUARTER = 15 * 60_000

/** The start shown first: the one given, else the next quarter hour. */
const initialClock = (start: string | undefined, timeZone: string) =>
  (start === undefined ? undefined : instantToWallClock(start, timeZone)) ??
  instantToWallClock(new Date(Math.ceil(Date.now() / QUARTER) * QUARTER).toISOString(), timeZone) ?? {
    date: "",
    time: ""
  }

type Message = { readonly path: string; readonly message: string }

export const AppointmentForm = ({
  initial,
  titleId,
  onCancel,
  onCreated,
  closeRef
}: AppointmentFormProps) => {
  const { t, i18n } = useTranslation()
  const duration = useDuration()
  const business = useBusiness()
  const { user } = useSignedIn()
  const queryClient = useQueryClient()
  const catalog = useCatalog()
  const timeZone = business.timezone
  const locale = i18n.language
  const onlyStaffId = user.role === "staff" ? user.staffId : null

  const [form, setForm] = useState<FormState>(() =>
    initialForm(initialClock(initial.start, timeZone), onlyStaffId ?? initial.staffId ?? "")
  )
  // One key for this opening of the dialog: a second click or a retry cannot book twice.
  const [idempotencyKey] = useState(newIdempotencyKey)
  const [attempted, setAttempted] = useState(false)
  const [done, setDone] = useState<CreateAppointmentResult | null>(null)
  const summary = useRef<HTMLDivElement>(null)
  const doneButton = useRef<HTMLButtonElement>(null)

  const ctx: FormContext = {
    timeZone,
    currency: business.currency,
    locale,
    preferredStaffSelection: business.bookingRules.preferredStaffSelection,
    services: catalog.services
  }
  const built = buildCreateBody(form, ctx)
  const previewBody = buildPreviewBody(form, ctx)
  const sum = totals(form.items, catalog.services, business.currency)
  const startMs = wallClockToEpochMillis({ date: form.date, time: form.time }, timeZone)

  const create = useMutation({
    mutationFn: (body: CreateAppointmentBody) =>
      unwrap(api.v1.appointments.$post({ json: body }, { headers: { "Idempotency-Key": idempotencyKey } })),
    onSuccess: (result) => {
      void queryClient.invalidateQueries({ queryKey: ["appointments"] })
      if (form.customerMode === "new") void queryClient.invalidateQueries({ queryKey: ["customers"] })
      if (result.customerNotified && (result.series?.skipped.length ?? 0) === 0)
        onCreated(result.appointment.id)
      else setDone(result)
    }
  })

  closeRef.current = create.isPending
    ? () => {}
    : done !== null
      ? () => onCreated(done.appointment.id)
      : onCancel

  // A refused submission takes focus to the summary of what to fix; the outcome to its button.
  useEffect(() => {
    if (create.isError) summary.current?.focus()
  }, [create.isError])
  useEffect(() => {
    if (done !== null) doneButton.current?.focus()
  }, [done])

  const error = isApiError(create.error) ? create.error : undefined
  const reasonText = (code: string): string | undefined => {
    const key = `create.reasons.${code}`
    return i18n.exists(key) ? t(key as "create.reasons.slot_unavailable") : undefined
  }
  const messages: ReadonlyArray<Message> = [
    ...(attempted && !built.ok
      ? built.problems.map((p) => ({ path: p.path, message: t(`create.errors.${p.key}`) }))
      : []),
    ...(error === undefined ? [] : serverMessages(error, reasonText))
  ]
  const placed = placeMessages(messages, fieldPaths(form, ctx))
  const errorAt: ErrorAt = (path) => {
    const at = placed.at.get(path)
    return at === undefined ? undefined : at.map((m) => m.message).join(" ")
  }

  const submit = () => {
    setAttempted(true)
    create.reset()
    if (!built.ok) {
      requestAnimationFrame(() => summary.current?.focus())
      return
    }
    create.mutate(built.body)
  }

  const update = (change: Partial<FormState>) => setForm((f) => ({ ...f, ...change }))

  if (done !== null)
    return (
      <Outcome
        result={done}
        titleId={titleId}
        buttonRef={doneButton}
        onDone={() => onCreated(done.appointment.id)}
      />
    )

  return (
    <>
      <div className={styles.header}>
        <h2 id={titleId} className={styles.heading}>
          {t("create.title")}
        </h2>
        <button type="button" className="button button-small button-quiet" onClick={() => closeRef.current()}>
          <span aria-hidden="true">✕</span>
          <span className="visually-hidden">{t("create.close")}</span>
        </button>
      </div>
      <div className={styles.body}>
        <div ref={summary} tabIndex={-1} className={styles.summary}>
          {attempted && !built.ok && create.error === null && (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t("create.fixFields", { count: built.problems.length })}</p>
            </div>
          )}
          {error !== undefined && (
            <SubmitError error={error} unplaced={placed.unplaced} repeating={form.repeat.enabled} />
          )}
          {create.error !== null && error === undefined && <ProblemAlert error={create.error} />}
        </div>
        {catalog.pending ? (
          <Loading />
        ) : catalog.error !== null ? (
          <ProblemAlert error={catalog.error} onRetry={catalog.retry} />
        ) : (
          <div className={styles.columns}>
            <div className={styles.column}>
              <ItemsSection
                items={form.items}
                onChange={(items) => update({ items })}
                services={catalog.services}
                staff={catalog.staff}
                resources={catalog.resources}
                preferredStaffId={initial.staffId}
                onlyStaffId={onlyStaffId}
                startMs={startMs}
                timeZone={timeZone}
                currency={business.currency}
                totals={sum}
                errorAt={errorAt}
              />
              <WhenSection
                date={form.date}
                time={form.time}
                allowOutsideHours={form.allowOutsideHours}
                onChange={(change) => setForm((f) => ({ ...f, ...change }))}
                startMs={startMs}
                durationMinutes={sum.durationMinutes}
                timeZone={timeZone}
                errorAt={errorAt}
              />
              <RepeatSection
                repeat={form.repeat}
                onChange={(repeat) => update({ repeat })}
                date={form.date}
                preview={previewBody}
                timeZone={timeZone}
                errorAt={errorAt}
              />
            </div>
            <div className={styles.column}>
              <CustomerSection
                mode={form.customerMode}
                customer={form.customer}
                newCustomer={form.newCustomer}
                onChange={(change) =>
                  setForm((f) => ({
                    ...f,
                    ...(change.mode !== undefined && { customerMode: change.mode }),
                    ...(change.customer !== undefined && { customer: change.customer }),
                    ...(change.newCustomer !== undefined && { newCustomer: change.newCustomer })
                  }))
                }
                errorAt={errorAt}
              />
              <DetailsSection
                preferredStaffSelection={ctx.preferredStaffSelection}
                requestedByClient={form.requestedByClient}
                customerRequest={form.customerRequest}
                quickNote={form.quickNote}
                appointmentNotes={form.appointmentNotes}
                questions={questionsOf(form.items, catalog.services)}
                answers={form.answers}
                onChange={(change) => setForm((f) => ({ ...f, ...change }))}
                errorAt={errorAt}
              />
              <PaymentSection
                payment={form.payment}
                currency={business.currency}
                repeating={form.repeat.enabled}
                onChange={(payment) => update({ payment })}
                errorAt={errorAt}
              />
              <ConfirmationSection
                value={form.confirmation}
                onChange={(confirmation) => update({ confirmation })}
                errorAt={errorAt}
              />
            </div>
          </div>
        )}
      </div>
      <div className={styles.footer}>
        <p className={styles.footerSummary}>
          {sum.count === 0 ? (
            <span className="muted">{t("create.footer.noService")}</span>
          ) : (
            <>
              {t("create.footer.services", { count: sum.count })}
              {" · "}
              <strong>{duration(sum.durationMinutes)}</strong>
              {" · "}
              <strong>
                {sum.price === undefined ? t("create.items.priceUnknown") : formatMoney(sum.price, locale)}
              </strong>
              {startMs !== undefined && (
                <span className="muted">
                  {" · "}
                  {formatDateTime(
                    new Date(startMs).toISOString(),
                    { locale, timeZone },
                    {
                      dateStyle: "medium",
                      timeStyle: "short"
                    }
                  )}
                </span>
              )}
            </>
          )}
        </p>
        <div className={styles.actions}>
          <button
            type="button"
            className="button"
            onClick={() => closeRef.current()}
            disabled={create.isPending}
          >
            {t("create.cancel")}
          </button>
          <button
            type="button"
            className="button button-primary"
            onClick={submit}
            disabled={create.isPending || catalog.pending}
          >
            {create.isPending
              ? t("create.submitting")
              : form.repeat.enabled
                ? t("create.submitSeries")
                : t("create.submit")}
          </button>
        </div>
      </div>
    </>
  )
}

/** The API's refusal as messages at the form's fields: per-field errors and the refusal's reason. */
const serverMessages = (
  error: ApiError,
  reasonText: (code: string) => string | undefined
): ReadonlyArray<Message> => {
  const fields = (error.errors ?? []).map((e) => ({ path: e.path, message: e.message }))
  const field = fieldOfRefusal(error.code, error.reason)
  if (field === undefined) return fields
  return [...fields, { path: field, message: reasonText(error.reason ?? error.code) ?? error.detail }]
}

/** What went wrong with the submission, above the form. */
const SubmitError = ({
  error,
  unplaced,
  repeating
}: {
  readonly error: ApiError
  readonly unplaced: ReadonlyArray<Message>
  readonly repeating: boolean
}) => {
  const { t, i18n } = useTranslation()
  if (error.code === "validation_failed") {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">{t("create.invalid")}</p>
        {unplaced.length > 0 && (
          <ul>
            {unplaced.map((m) => (
              <li key={`${m.path}:${m.message}`}>{m.path === "" ? m.message : `${m.path}: ${m.message}`}</li>
            ))}
          </ul>
        )}
      </div>
    )
  }
  if (error.code === "slot_unavailable") {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">{t("create.slotUnavailable")}</p>
        <p>{error.detail}</p>
        <p>{repeating ? t("create.slotUnavailableSeries") : t("create.slotUnavailableHint")}</p>
      </div>
    )
  }
  if (error.code === "policy_violation") {
    const key = `create.reasons.${error.reason ?? ""}`
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">{t("problems.policy_violation")}</p>
        <p>{i18n.exists(key) ? t(key as "create.reasons.slot_unavailable") : error.detail}</p>
      </div>
    )
  }
  return <ProblemAlert error={error} />
}

/** The booking is made: what the user must know (client not told, dates skipped). */
const Outcome = ({
  result,
  titleId,
  buttonRef,
  onDone
}: {
  readonly result: CreateAppointmentResult
  readonly titleId: string
  readonly buttonRef: RefObject<HTMLButtonElement | null>
  readonly onDone: () => void
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const zone = { locale: i18n.language, timeZone: business.timezone }
  const series = result.series
  const reasonKey = `create.outcome.notNotified.${result.reason ?? "unknown"}`
  return (
    <>
      <div className={styles.header}>
        <h2 id={titleId} className={styles.heading}>
          {series === undefined ? t("create.outcome.title") : t("create.outcome.titleSeries")}
        </h2>
      </div>
      <div className={styles.body}>
        <div className={styles.outcome}>
          <div className="alert alert-success" role="status">
            <p className="alert-title">
              {series === undefined
                ? t("create.outcome.booked", { start: formatDateTime(result.appointment.start, zone) })
                : t("create.outcome.bookedSeries", { count: series.appointments.length })}
            </p>
          </div>
          {!result.customerNotified && (
            <div className="alert alert-warning" role="alert">
              <p className="alert-title">{t("create.outcome.notNotifiedTitle")}</p>
              <p>
                {i18n.exists(reasonKey)
                  ? t(reasonKey as "create.outcome.notNotified.no_email")
                  : t("create.outcome.notNotified.unknown")}
              </p>
            </div>
          )}
          {series !== undefined && series.skipped.length > 0 && (
            <div className="alert alert-warning">
              <p className="alert-title">{t("create.outcome.skipped", { count: series.skipped.length })}</p>
              <ul>
                {series.skipped.map((o) => (
                  <li key={o.start}>{formatDateTime(o.start, zone)}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
      <div className={styles.footer}>
        <span />
        <div className={styles.actions}>
          <button ref={buttonRef} type="button" className="button button-primary" onClick={onDone}>
            {t("create.outcome.done")}
          </button>
        </div>
      </div>
    </>
  )
}
