/**
 * A page that can only explain: a link that is not (or no longer) valid, a booking page that does
 * not exist, or a failure to load. Says what happened and what the visitor can do instead.
 */
import type { ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { isApiError } from "../../api"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import styles from "./Public.module.css"

export interface PublicNoticeProps {
  readonly title: string
  readonly children: ReactNode
}

export const PublicNotice = ({ title, children }: PublicNoticeProps) => (
  <div className={styles.page}>
    <PageHeader title={title} />
    <div className={styles.card}>{children}</div>
  </div>
)

/**
 * The page of a link that failed to load: unknown or malformed links read as invalid (the API
 * answers 404 for both), anything else as a failure with a retry.
 */
export const LinkFailure = ({
  error,
  title,
  onRetry,
  unknown
}: {
  readonly error: unknown
  readonly title: string
  readonly onRetry: () => void
  /** What to say when the address is unknown (default: an email link that is not valid). */
  readonly unknown?: { readonly title: string; readonly text: string; readonly hint: string }
}) => {
  const { t } = useTranslation()
  if (isApiError(error) && error.status === 404) {
    const notFound = unknown ?? {
      title: t("public.link.invalidTitle"),
      text: t("public.link.invalid"),
      hint: t("public.link.invalidHint")
    }
    return (
      <PublicNotice title={notFound.title}>
        <p>{notFound.text}</p>
        <p className="muted">{notFound.hint}</p>
      </PublicNotice>
    )
  }
  return (
    <PublicNotice title={title}>
      <ProblemAlert error={error} onRetry={onRetry} />
    </PublicNotice>
  )
}
