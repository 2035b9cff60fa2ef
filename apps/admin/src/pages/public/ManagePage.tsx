/**
 * The customer's manage page (`/manage/:token`, from the link in every confirmation and reminder):
 * the appointment on the business's clock, and what the customer may do, each action enabled or
 * disabled with the reason the API gives (the business's notice period, approval, ...):
 * confirm when the business asked for it, move to another time offered for the same services and
 * staff member, or cancel after typing the booking's email address. Opening the page changes
 * nothing; each action is a button that POSTs. A cancelled, rejected or past appointment only
 * says so.
 */
import { useQuery } from "@tanstack/react-query"
import { type FormEvent, useState } from "react"
import { useTranslation } from "react-i18next"
import { useParams } from "react-router"
import { isApiError } from "../../api"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { formatDateTime } from "../../format"
import { AppointmentSummary } from "./AppointmentSummary"
import { Field } from "./Fields"
import { ActionError, bookAgainUrl, ConfirmAction, Reason } from "./LinkActions"
import { clientAvailability, manageKey, manageQuery, useCancel, useReschedule } from "./manage"
import styles from "./Public.module.css"
import { LinkFailure } from "./PublicNotice"
import { isSlotRefusal } from "./problems"
import { SlotPicker } from "./SlotPicker"
import { isFinal, shownStatus } from "./status"
import type { Allowance, ManagePageData, Slot } from "./types"
import { useBusinessLocale } from "./useBusinessLocale"

/** What the customer just did, announced above the appointment. */
type Done = { readonly kind: "confirmed" } | { readonly kind: "cancelled" } | { readonly kind: "moved" }

export const ManagePage = () => {
  const { t } = useTranslation()
  const { token = "" } = useParams()
  const page = useQuery(manageQuery(token))
  useBusinessLocale(page.data?.business.locale)

  if (page.data === undefined) {
    if (page.isPending) return <Loading />
    return <LinkFailure error={page.error} title={t("public.manage")} onRetry={() => void page.refetch()} />
  }
  return <Manage token={token} page={page.data} />
}

const Manage = ({ token, page }: { readonly token: string; readonly page: ManagePageData }) => {
  const { t } = useTranslation()
  const [done, setDone] = useState<Done | null>(null)
  const [open, setOpen] = useState<"cancel" | "reschedule" | null>(null)
  const { appointment, business, allowed } = page
  const status = shownStatus(appointment)
  const final = isFinal(appointment)

  const doneText =
    done === null
      ? null
      : done.kind === "confirmed"
        ? t("public.managePage.doneConfirmed")
        : done.kind === "cancelled"
          ? t("public.managePage.doneCancelled")
          : t("public.managePage.doneMoved")

  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <PageHeader title={t("public.manage")} />
        <p className={styles.business}>{business.name}</p>
      </div>

      {doneText !== null && (
        <div className="alert alert-success" role="status">
          <p className="alert-title">{doneText}</p>
        </div>
      )}

      <section className={styles.card} aria-label={t("public.managePage.appointment")}>
        <AppointmentSummary appointment={appointment} business={business} />
      </section>

      {final ? (
        <section className={styles.card} aria-labelledby="manage-final">
          <h2 id="manage-final">
            {t(`public.managePage.final.${status as "cancelled" | "rejected" | "completed"}`)}
          </h2>
          <p>{t("public.managePage.finalText")}</p>
          <p>
            <a className="button" href={bookAgainUrl(business)}>
              {t("public.managePage.bookAgain")}
            </a>
          </p>
        </section>
      ) : (
        <section className={styles.card} aria-labelledby="manage-actions">
          <h2 id="manage-actions">{t("public.managePage.actionsTitle")}</h2>
          <div className={styles.actions}>
            {status === "pending_client_confirmation" && (
              <ConfirmAction
                token={token}
                allowance={allowed.confirm}
                onDone={() => setDone({ kind: "confirmed" })}
              />
            )}
            <RescheduleAction
              token={token}
              page={page}
              open={open === "reschedule"}
              onOpen={(value) => setOpen(value ? "reschedule" : null)}
              onDone={() => {
                setOpen(null)
                setDone({ kind: "moved" })
              }}
            />
            <CancelAction
              token={token}
              allowance={allowed.cancel}
              open={open === "cancel"}
              onOpen={(value) => setOpen(value ? "cancel" : null)}
              onDone={() => {
                setOpen(null)
                setDone({ kind: "cancelled" })
              }}
            />
          </div>
        </section>
      )}
    </div>
  )
}

const RescheduleAction = ({
  token,
  page,
  open,
  onOpen,
  onDone
}: {
  readonly token: string
  readonly page: ManagePageData
  readonly open: boolean
  readonly onOpen: (open: boolean) => void
  readonly onDone: () => void
}) => {
  const { t, i18n } = useTranslation()
  const allowance = page.allowed.reschedule
  const reschedule = useReschedule(token)
  const [slot, setSlot] = useState<Slot | null>(null)
  const timeZone = page.business.timezone
  const when = (instant: string) =>
    formatDateTime(
      instant,
      { locale: i18n.language, timeZone },
      { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" }
    )
  const close = () => {
    setSlot(null)
    reschedule.reset()
    onOpen(false)
  }
  return (
    <div className={styles.action}>
      {!open && (
        <button
          type="button"
          className="button"
          disabled={!allowance.allowed}
          aria-describedby={allowance.allowed ? undefined : "reschedule-reason"}
          onClick={() => onOpen(true)}
        >
          {t("public.managePage.reschedule")}
        </button>
      )}
      <Reason id="reschedule-reason" allowance={allowance} />
      {open && (
        <div className={styles.panel}>
          <h3>{t("public.managePage.rescheduleTitle")}</h3>
          <p className="muted">{t("public.managePage.rescheduleHint")}</p>
          {reschedule.isError &&
            (isSlotRefusal(reschedule.error) ? (
              <div className="alert alert-warning" role="alert">
                <p className="alert-title">{t("public.bookingPage.slotTaken")}</p>
                <p>{t("public.bookingPage.slotPickAnother")}</p>
              </div>
            ) : (
              <ActionError error={reschedule.error} />
            ))}
          <SlotPicker
            queryKey={[...manageKey(token), "availability"]}
            load={(from, to) => clientAvailability(token, from, to)}
            timeZone={timeZone}
            selected={slot?.start ?? null}
            current={page.appointment.start}
            onSelect={(chosen) => {
              setSlot(chosen)
              reschedule.reset()
            }}
          />
          {slot !== null && (
            <p className={styles.chosen} role="status">
              {t("public.managePage.moveTo", { when: when(slot.start) })}
            </p>
          )}
          <div className={styles.buttons}>
            <button type="button" className="button" onClick={close} disabled={reschedule.isPending}>
              {t("public.managePage.keepTime")}
            </button>
            <button
              type="button"
              className="button button-primary"
              disabled={slot === null || reschedule.isPending}
              onClick={() => {
                if (slot === null) return
                reschedule.mutate(
                  { start: slot.start },
                  {
                    onSuccess: () => {
                      setSlot(null)
                      onDone()
                    },
                    onError: (error) => {
                      if (isSlotRefusal(error)) setSlot(null)
                    }
                  }
                )
              }}
            >
              {reschedule.isPending ? t("public.managePage.moving") : t("public.managePage.move")}
            </button>
          </div>
        </div>
      )}
    </div>
  )
}

const CancelAction = ({
  token,
  allowance,
  open,
  onOpen,
  onDone
}: {
  readonly token: string
  readonly allowance: Allowance
  readonly open: boolean
  readonly onOpen: (open: boolean) => void
  readonly onDone: () => void
}) => {
  const { t } = useTranslation()
  const cancel = useCancel(token)
  const [email, setEmail] = useState("")
  const [checked, setChecked] = useState(false)
  const mismatch =
    isApiError(cancel.error) &&
    cancel.error.code === "policy_violation" &&
    cancel.error.reason === "email_mismatch"
  const limited = isApiError(cancel.error) && cancel.error.status === 429
  const emailError =
    checked && email.trim() === ""
      ? t("public.form.problems.required")
      : mismatch
        ? t("public.reasons.email_mismatch")
        : undefined
  const close = () => {
    setEmail("")
    setChecked(false)
    cancel.reset()
    onOpen(false)
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setChecked(true)
    if (email.trim() === "") return
    cancel.mutate({ email: email.trim() }, { onSuccess: onDone })
  }
  return (
    <div className={styles.action}>
      {!open && (
        <button
          type="button"
          className="button"
          disabled={!allowance.allowed}
          aria-describedby={allowance.allowed ? undefined : "cancel-reason"}
          onClick={() => onOpen(true)}
        >
          {t("public.managePage.cancel")}
        </button>
      )}
      <Reason id="cancel-reason" allowance={allowance} />
      {open && (
        <form className={styles.panel} onSubmit={submit} noValidate>
          <h3>{t("public.managePage.cancelTitle")}</h3>
          <Field
            label={t("public.managePage.cancelEmail")}
            hint={t("public.managePage.cancelEmailHint")}
            error={emailError}
          >
            {(control) => (
              <input
                {...control}
                className="input"
                type="email"
                inputMode="email"
                autoComplete="email"
                maxLength={254}
                value={email}
                onChange={(e) => setEmail(e.target.value)}
              />
            )}
          </Field>
          {limited ? (
            <div className="alert alert-error" role="alert">
              <p className="alert-title">{t("public.managePage.tooManyAttempts")}</p>
              <p>{t("public.managePage.tooManyAttemptsText")}</p>
            </div>
          ) : (
            cancel.isError && !mismatch && <ActionError error={cancel.error} />
          )}
          <div className={styles.buttons}>
            <button type="button" className="button" onClick={close} disabled={cancel.isPending}>
              {t("public.managePage.keep")}
            </button>
            <button type="submit" className="button button-danger" disabled={cancel.isPending}>
              {cancel.isPending ? t("public.managePage.cancelling") : t("public.managePage.cancelSubmit")}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
