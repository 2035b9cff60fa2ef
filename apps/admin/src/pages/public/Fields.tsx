/**
 * Form fields of the customer pages: a label, the control, a hint and the field's error, tied
 * together for assistive technology (`aria-describedby`, `aria-invalid`).
 */
import { type ReactNode, useId } from "react"
import { useTranslation } from "react-i18next"
import styles from "./Public.module.css"

export interface FieldProps {
  readonly label: string
  readonly error?: string | undefined
  readonly hint?: string | undefined
  readonly optional?: boolean
  /** The control, given its id and its description ids. */
  readonly children: (control: {
    readonly id: string
    readonly "aria-describedby": string | undefined
    readonly "aria-invalid": boolean
  }) => ReactNode
}

export const Field = ({ label, error, hint, optional = false, children }: FieldProps) => {
  const { t } = useTranslation()
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint !== undefined ? hintId : null, error !== undefined ? errorId : null]
    .filter((x) => x !== null)
    .join(" ")
  return (
    <div className="field">
      <label htmlFor={id}>
        {label}
        {optional && <span className={styles.optional}> {t("public.form.optional")}</span>}
      </label>
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {children({
        id,
        "aria-describedby": describedBy === "" ? undefined : describedBy,
        "aria-invalid": error !== undefined
      })}
      {error !== undefined && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </div>
  )
}
