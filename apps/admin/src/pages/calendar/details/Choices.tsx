/**
 * The choices every change dialog shares: whom to tell (customer, staff member), which
 * occurrences of a series the change applies to, and how a refused change is explained.
 */
import type { PolicyReason } from "@creneau/core"
import { useId } from "react"
import { useTranslation } from "react-i18next"
import { isApiError } from "../../../api"
import { ProblemAlert } from "../../../components/ProblemAlert"
import type { TranslationKey } from "../../../i18n"
import styles from "./Details.module.css"

export interface Notify {
  readonly notifyCustomer: boolean
  readonly notifyStaff: boolean
}

export const notifyBoth: Notify = { notifyCustomer: true, notifyStaff: true }

export const NotifyChoices = ({
  value,
  onChange,
  unreachable
}: {
  readonly value: Notify
  readonly onChange: (value: Notify) => void
  /** Why the customer cannot be told, if they cannot. */
  readonly unreachable: "no_customer" | "no_email" | null
}) => {
  const { t } = useTranslation()
  const id = useId()
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t("calendar.notify.legend")}</legend>
      <label className={styles.check} htmlFor={`${id}-customer`}>
        <input
          id={`${id}-customer`}
          type="checkbox"
          checked={value.notifyCustomer && unreachable === null}
          disabled={unreachable !== null}
          onChange={(event) => onChange({ ...value, notifyCustomer: event.target.checked })}
        />
        {t("calendar.notify.customer")}
      </label>
      {unreachable !== null && <p className="field-hint">{t(`calendar.unreachable.${unreachable}`)}</p>}
      <label className={styles.check} htmlFor={`${id}-staff`}>
        <input
          id={`${id}-staff`}
          type="checkbox"
          checked={value.notifyStaff}
          onChange={(event) => onChange({ ...value, notifyStaff: event.target.checked })}
        />
        {t("calendar.notify.staff")}
      </label>
    </fieldset>
  )
}

export type Scope = "this" | "following" | "series"
const scopes: ReadonlyArray<Scope> = ["this", "following", "series"]

/** Which occurrences of a series a change applies to; shown only for an occurrence of a series. */
export const ScopeChoice = ({
  value,
  onChange
}: {
  readonly value: Scope
  readonly onChange: (s: Scope) => void
}) => {
  const { t } = useTranslation()
  const name = useId()
  return (
    <fieldset className={styles.fieldset}>
      <legend>{t("calendar.scope.legend")}</legend>
      {scopes.map((scope) => (
        <label key={scope} className={styles.check} htmlFor={`${name}-${scope}`}>
          <input
            id={`${name}-${scope}`}
            type="radio"
            name={name}
            value={scope}
            checked={value === scope}
            onChange={() => onChange(scope)}
          />
          {t(`calendar.scope.${scope}`)}
        </label>
      ))}
    </fieldset>
  )
}

const explainedReasons = [
  "outside_working_hours",
  "past_start",
  "staff_not_assigned",
  "off_interval",
  "not_started"
] as const satisfies ReadonlyArray<PolicyReason>

/**
 * A refused change: a taken slot and the common rule refusals in plain words with what to do,
 * anything else as the API's problem.
 */
export const CommandError = ({ error }: { readonly error: unknown }) => {
  const { t } = useTranslation()
  if (isApiError(error)) {
    let key: TranslationKey | undefined
    if (error.code === "slot_unavailable") key = "calendar.errors.slot_unavailable"
    else if (error.code === "invalid_transition") key = "calendar.errors.invalid_transition"
    else if (error.code === "policy_violation") {
      const reason = explainedReasons.find((r) => r === error.reason)
      if (reason !== undefined) key = `calendar.errors.${reason}`
    }
    if (key !== undefined) {
      return (
        <div className="alert alert-error" role="alert">
          <p className="alert-title">{t(key)}</p>
          {error.detail !== "" && <p>{error.detail}</p>}
        </div>
      )
    }
  }
  return <ProblemAlert error={error} />
}
