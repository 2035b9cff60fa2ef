/**
 * A modal confirmation for a destructive action (revoke a key, remove a resource): the native
 * `<dialog>` keeps focus inside and closes with Escape; the failure of the action shows in it.
 */
import { type ReactNode, useEffect, useId, useRef } from "react"
import { useTranslation } from "react-i18next"
import styles from "./BackOffice.module.css"
import { ProblemAlert } from "./ProblemAlert"

export interface ConfirmDialogProps {
  readonly open: boolean
  readonly title: string
  readonly children?: ReactNode
  readonly confirmLabel: string
  readonly onConfirm: () => void
  readonly onCancel: () => void
  readonly pending?: boolean
  readonly error?: unknown
  /** Shows the error itself (e.g. a refusal with its reasons) instead of the generic alert. */
  readonly renderError?: (error: unknown) => ReactNode
}

export const ConfirmDialog = ({
  open,
  title,
  children,
  confirmLabel,
  onConfirm,
  onCancel,
  pending = false,
  error,
  renderError
}: ConfirmDialogProps) => {
  const { t } = useTranslation()
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (open && !dialog.open) dialog.showModal()
    if (!open && dialog.open) dialog.close()
  }, [open])

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault()
        if (!pending) onCancel()
      }}
    >
      <h2 id={titleId} className={styles.dialogTitle}>
        {title}
      </h2>
      {children !== undefined && <div className={styles.dialogBody}>{children}</div>}
      {error !== undefined &&
        error !== null &&
        (renderError === undefined ? <ProblemAlert error={error} /> : renderError(error))}
      <div className={styles.dialogActions}>
        <button type="button" className="button" onClick={onCancel} disabled={pending}>
          {t("backOffice.cancel")}
        </button>
        <button type="button" className="button button-danger" onClick={onConfirm} disabled={pending}>
          {confirmLabel}
        </button>
      </div>
    </dialog>
  )
}
