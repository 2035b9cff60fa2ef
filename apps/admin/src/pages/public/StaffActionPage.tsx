/**
 * A staff member's email link (`/staff-actions/:token?action=approve|reject`): the appointment and
 * its customer, the action the email's button named already chosen, and one click to approve or
 * reject it (with an optional reason for the customer). Opening the page changes nothing (mail
 * scanners open links); the decision is a POST. An appointment already decided, or no longer
 * active, says so.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, useState } from "react"
import { useTranslation } from "react-i18next"
import { useParams, useSearchParams } from "react-router"
import { api, unwrap } from "../../api"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { AppointmentSummary } from "./AppointmentSummary"
import { Field } from "./Fields"
import { useIdempotencyKey } from "./idempotency"
import { ActionError, reasonOf, useReasonText } from "./LinkActions"
import styles from "./Public.module.css"
import { LinkFailure } from "./PublicNotice"
import { type Decision, initialDecision, requestedAction } from "./staffAction"
import { shownStatus } from "./status"
import type { Allowance, StaffActionData, StaffLinkInput } from "./types"
import { useBusinessLocale } from "./useBusinessLocale"

const staffActionKey = (token: string) => ["public", "staff-actions", token] as const

export const StaffActionPage = () => {
  const { t } = useTranslation()
  const { token = "" } = useParams()
  const [search] = useSearchParams()
  const page = useQuery({
    queryKey: staffActionKey(token),
    queryFn: () => unwrap(api.v1.public["staff-actions"][":token"].$get({ param: { token } }))
  })
  useBusinessLocale(page.data?.business.locale)

  if (page.data === undefined) {
    if (page.isPending) return <Loading />
    return (
      <LinkFailure error={page.error} title={t("public.staffAction")} onRetry={() => void page.refetch()} />
    )
  }
  return <StaffAction token={token} page={page.data} requested={requestedAction(search.get("action"))} />
}

const StaffAction = ({
  token,
  page,
  requested
}: {
  readonly token: string
  readonly page: StaffActionData
  readonly requested: Decision | null
}) => {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const idempotencyKey = useIdempotencyKey()
  const reasonText = useReasonText()
  const { appointment, business, allowed } = page
  const status = shownStatus(appointment)
  const [decision, setDecision] = useState<Decision | null>(() => initialDecision(requested, allowed))
  const [reason, setReason] = useState("")
  const [done, setDone] = useState<Decision | null>(null)

  const act = useMutation({
    mutationFn: (input: StaffLinkInput) =>
      unwrap(
        api.v1.public["staff-actions"][":token"].$post(
          { param: { token }, json: input },
          { headers: idempotencyKey(input) }
        )
      ),
    onSuccess: (updated, input) => {
      queryClient.setQueryData(staffActionKey(token), updated)
      setDone(input.action)
    },
    // Decided meanwhile (by someone else, or in the back office): show what is possible now.
    onError: () => void queryClient.invalidateQueries({ queryKey: staffActionKey(token) })
  })

  const nothingToDo = !allowed.approve.allowed && !allowed.reject.allowed
  const statusName = t(`public.status.${status}`)
  /** Why an action is not possible: the current status when the lifecycle refuses it. */
  const why = (allowance: Allowance) =>
    reasonOf(allowance) === "invalid_transition"
      ? t("public.staffPage.notNow", { status: statusName })
      : reasonText(reasonOf(allowance))

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (decision === null) return
    const trimmed = reason.trim()
    act.mutate(
      decision === "reject" && trimmed !== "" ? { action: "reject", reason: trimmed } : { action: decision }
    )
  }

  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <PageHeader title={t("public.staffAction")} />
        <p className={styles.business}>{business.name}</p>
      </div>

      {done !== null && (
        <div className={styles.done} data-tone={done === "approve" ? "success" : "danger"} role="status">
          <h2>
            {done === "approve" ? t("public.staffPage.doneApproved") : t("public.staffPage.doneRejected")}
          </h2>
          <p>{t("public.staffPage.doneText")}</p>
        </div>
      )}

      <section className={styles.card} aria-label={t("public.managePage.appointment")}>
        <AppointmentSummary appointment={appointment} business={business} showCustomer />
      </section>

      {done === null && nothingToDo && (
        <section className={styles.card} aria-labelledby="staff-handled">
          <h2 id="staff-handled">{t("public.staffPage.handled")}</h2>
          <p>{t("public.staffPage.handledText", { status: statusName })}</p>
        </section>
      )}

      {done === null && !nothingToDo && (
        <form className={styles.card} onSubmit={submit} aria-labelledby="staff-decision">
          <h2 id="staff-decision">{t("public.staffPage.decision")}</h2>
          {requested !== null && !allowed[requested].allowed && (
            <p className="alert alert-warning">
              {t("public.staffPage.requestedNotPossible", {
                action:
                  requested === "approve" ? t("public.staffPage.approve") : t("public.staffPage.reject"),
                status: statusName
              })}
            </p>
          )}
          <fieldset className={styles.fieldset}>
            <legend className="visually-hidden">{t("public.staffPage.decision")}</legend>
            <div className={styles.choice}>
              {(["approve", "reject"] as const).map((choice) => (
                <label key={choice} className={styles.option}>
                  <input
                    type="radio"
                    name="decision"
                    value={choice}
                    checked={decision === choice}
                    disabled={!allowed[choice].allowed || act.isPending}
                    aria-describedby={allowed[choice].allowed ? undefined : `staff-${choice}-reason`}
                    onChange={() => setDecision(choice)}
                  />
                  <span className={styles.optionName}>
                    {choice === "approve" ? t("public.staffPage.approve") : t("public.staffPage.reject")}
                  </span>
                </label>
              ))}
            </div>
            {(["approve", "reject"] as const).map((choice) =>
              allowed[choice].allowed ? null : (
                <p key={choice} id={`staff-${choice}-reason`} className={styles.reason}>
                  {choice === "approve" ? t("public.staffPage.approve") : t("public.staffPage.reject")} —{" "}
                  {why(allowed[choice])}
                </p>
              )
            )}
          </fieldset>

          {decision === "reject" && (
            <Field label={t("public.staffPage.reason")} hint={t("public.staffPage.reasonHint")} optional>
              {(control) => (
                <textarea
                  {...control}
                  className="textarea"
                  rows={3}
                  maxLength={2000}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              )}
            </Field>
          )}

          {act.isError && <ActionError error={act.error} />}

          <div className={styles.buttons}>
            <span />
            <button
              type="submit"
              className={decision === "reject" ? "button button-danger" : "button button-primary"}
              disabled={act.isPending || decision === null || !allowed[decision].allowed}
            >
              {act.isPending
                ? t("public.staffPage.sending")
                : decision === "reject"
                  ? t("public.staffPage.rejectSubmit")
                  : decision === "approve"
                    ? t("public.staffPage.approveSubmit")
                    : t("public.staffPage.choose")}
            </button>
          </div>
        </form>
      )}
    </div>
  )
}
