/**
 * The frame of a change dialog: its heading (focused on open), what it is about, the fields, the
 * error of the last attempt, and the two buttons (go back, confirm).
 */
import type { FormEvent, ReactNode } from "react"
import { useTranslation } from "react-i18next"
import { CommandError } from "./Choices"
import styles from "./Details.module.css"

export interface ActionFormProps {
  readonly titleId: string
  readonly title: string
  /** One line saying which appointment (customer, services, time). */
  readonly summary: ReactNode
  readonly submitLabel: string
  readonly tone?: "primary" | "danger"
  readonly pending: boolean
  readonly error: unknown
  readonly onSubmit: () => void
  readonly onClose: () => void
  readonly children?: ReactNode
}

export const ActionForm = ({
  titleId,
  title,
  summary,
  submitLabel,
  tone = "primary",
  pending,
  error,
  onSubmit,
  onClose,
  children
}: ActionFormProps) => {
  const { t } = useTranslation()
  return (
    <form
      className={styles.actionForm}
      onSubmit={(event: FormEvent) => {
        event.preventDefault()
        if (!pending) onSubmit()
      }}
    >
      <h2 id={titleId} tabIndex={-1} data-autofocus>
        {title}
      </h2>
      <div className={styles.summary}>{summary}</div>
      {children}
      {error !== null && error !== undefined && <CommandError error={error} />}
      <div className={styles.formActions}>
        <button type="button" className="button" onClick={onClose}>
          {t("calendar.actions.back")}
        </button>
        <button
          type="submit"
          className={`button ${tone === "danger" ? "button-danger" : "button-primary"}`}
          disabled={pending}
          aria-busy={pending}
        >
          {pending ? t("calendar.actions.sending") : submitLabel}
        </button>
      </div>
    </form>
  )
}
