/**
 * Pieces shared by the pages of a customer link (manage, confirm): the reason under a refused
 * action, the error of an action in the business's words, the confirm button, and the link to
 * book again.
 */
import { useTranslation } from "react-i18next"
import { isApiError } from "../../api"
import { ProblemAlert } from "../../components/ProblemAlert"
import { useConfirm } from "./manage"
import styles from "./Public.module.css"
import { isExplainedReason } from "./problems"
import type { Allowance, ManagePageData } from "./types"

/** The sentence for a refused action: the business's reason in the page's words. */
export const useReasonText = () => {
  const { t } = useTranslation()
  return (reason: string | undefined) =>
    isExplainedReason(reason) ? t(`public.reasons.${reason}`) : t("public.reasons.other")
}

/** A link to book again: the business's own booking page, or this app's. */
export const bookAgainUrl = (business: ManagePageData["business"]): string =>
  business.bookingPageUrl ?? `/book/${encodeURIComponent(business.id)}`

/** The reason an action is refused, if it is. */
export const reasonOf = (allowance: Allowance): string | undefined =>
  "reason" in allowance ? allowance.reason : undefined

/** The reason under a disabled action, tied to its button. */
export const Reason = ({ id, allowance }: { readonly id: string; readonly allowance: Allowance }) => {
  const reasonText = useReasonText()
  if (allowance.allowed) return null
  return (
    <p id={id} className={styles.reason}>
      {reasonText(reasonOf(allowance))}
    </p>
  )
}

/** The error of an action: a refusal in the business's words, else the problem as is. */
export const ActionError = ({ error }: { readonly error: unknown }) => {
  const { t } = useTranslation()
  const reasonText = useReasonText()
  if (isApiError(error) && error.code === "policy_violation") {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">{t("public.managePage.refused")}</p>
        <p>{reasonText(error.reason)}</p>
      </div>
    )
  }
  if (isApiError(error) && error.code === "invalid_transition") {
    return (
      <div className="alert alert-error" role="alert">
        <p className="alert-title">{t("public.managePage.refused")}</p>
        <p>{t("public.reasons.invalid_transition")}</p>
      </div>
    )
  }
  return <ProblemAlert error={error} />
}

export const ConfirmAction = ({
  token,
  allowance,
  onDone
}: {
  readonly token: string
  readonly allowance: Allowance
  readonly onDone: () => void
}) => {
  const { t } = useTranslation()
  const confirm = useConfirm(token)
  return (
    <div className={styles.action}>
      <button
        type="button"
        className="button button-primary"
        disabled={!allowance.allowed || confirm.isPending}
        aria-describedby={allowance.allowed ? undefined : "confirm-reason"}
        onClick={() => confirm.mutate(undefined, { onSuccess: onDone })}
      >
        {confirm.isPending ? t("public.managePage.confirming") : t("public.managePage.confirm")}
      </button>
      <Reason id="confirm-reason" allowance={allowance} />
      {confirm.isError && <ActionError error={confirm.error} />}
    </div>
  )
}
