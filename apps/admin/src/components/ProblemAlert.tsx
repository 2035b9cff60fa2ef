/**
 * Shows a failed call to the user: the problem's code as a translated headline, the API's
 * detail, the per-field messages of a validation failure, and a retry button when given.
 */
import { useTranslation } from "react-i18next"
import { isApiError } from "../api"

export interface ProblemAlertProps {
  readonly error: unknown
  /** Show the API's own explanation under the headline (default true). */
  readonly detail?: boolean
  readonly onRetry?: () => void
}

export const ProblemAlert = ({ error, detail = true, onRetry }: ProblemAlertProps) => {
  const { t, i18n } = useTranslation()
  const api = isApiError(error) ? error : undefined
  const key = api === undefined ? "problems.internal_error" : (`problems.${api.code}` as const)
  // Any code the API may send: typed as one known string key (the translations also hold objects).
  const title = i18n.exists(key)
    ? t(key as "problems.internal_error")
    : (api?.title ?? t("problems.internal_error"))
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{title}</p>
      {detail && api !== undefined && api.detail !== title && <p>{api.detail}</p>}
      {api?.errors !== undefined && api.errors.length > 0 && (
        <ul>
          {api.errors.map((e) => (
            <li key={`${e.path}:${e.message}`}>{e.path === "" ? e.message : `${e.path}: ${e.message}`}</li>
          ))}
        </ul>
      )}
      {onRetry !== undefined && (
        <button type="button" className="button button-small" onClick={onRetry}>
          {t("app.retry")}
        </button>
      )}
    </div>
  )
}
