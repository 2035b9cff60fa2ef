/**
 * Building blocks of the back office's forms: a labelled field that shows, next to itself, the
 * messages a `validation_failed` problem gives for its path (`errors[]`), a checkbox, the polite
 * success line, and the Idempotency-Key of creating requests.
 */
import { type ReactNode, useId } from "react"
import { ApiError, isApiError } from "../api"
import styles from "./BackOffice.module.css"

/**
 * A fresh Idempotency-Key. `crypto.randomUUID` needs a secure context; an address such as
 * http://192.168.1.20 falls back to random bytes.
 */
export const newIdempotencyKey = (): string => {
  const c = globalThis.crypto
  if (typeof c.randomUUID === "function") return c.randomUUID()
  return Array.from(c.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, "0")).join("")
}

/** The request options that send `key` as the Idempotency-Key header. */
export const idempotent = (key: string) => ({ headers: { "Idempotency-Key": key } })

const under = (path: string, prefix: string) => path === prefix || path.startsWith(`${prefix}.`)

/**
 * The messages of a validation problem about `paths` or anything under them (`price` takes
 * `price.amount`); none for any other failure.
 */
export const errorsAt = (error: unknown, ...paths: ReadonlyArray<string>): ReadonlyArray<string> =>
  isApiError(error) && error.errors !== undefined
    ? error.errors.filter((e) => paths.some((p) => under(e.path, p))).map((e) => e.message)
    : []

/**
 * The failure without the messages that fields show beside themselves, for the form's alert:
 * `<ProblemAlert error={unclaimed(mutation.error, ["name", "price"])} />`.
 */
export const unclaimed = (error: unknown, claimed: ReadonlyArray<string>): unknown => {
  if (!isApiError(error) || error.errors === undefined) return error
  const rest = error.errors.filter((e) => !claimed.some((p) => under(e.path, p)))
  const { status, code, title, detail, reason, requestId } = error
  return new ApiError({
    status,
    code,
    title,
    detail,
    errors: rest,
    ...(reason !== undefined && { reason }),
    ...(requestId !== undefined && { requestId })
  })
}

/** What a field hands to its control: the id its label points to, and its hint and errors. */
export interface ControlProps {
  readonly id: string
  readonly "aria-describedby"?: string | undefined
  readonly "aria-invalid"?: true | undefined
}

export interface FieldProps {
  readonly label: ReactNode
  readonly hint?: ReactNode
  readonly errors?: ReadonlyArray<string>
  readonly className?: string | undefined
  readonly children: (control: ControlProps) => ReactNode
}

/** A label, its control, a hint and the API's messages for it. */
export const Field = ({ label, hint, errors = [], className, children }: FieldProps) => {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy =
    [hint !== undefined ? hintId : "", errors.length > 0 ? errorId : ""].filter((x) => x !== "").join(" ") ||
    undefined
  return (
    <div className={className === undefined ? "field" : `field ${className}`}>
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        "aria-describedby": describedBy,
        "aria-invalid": errors.length > 0 ? true : undefined
      })}
      {hint !== undefined && (
        <p id={hintId} className="field-hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={errorId} className="field-error">
          {errors.join(" ")}
        </p>
      )}
    </div>
  )
}

export interface CheckboxProps {
  readonly label: ReactNode
  readonly checked: boolean
  readonly onChange: (checked: boolean) => void
  readonly disabled?: boolean
  readonly hint?: ReactNode
  readonly errors?: ReadonlyArray<string>
}

/** A checkbox with its label beside it, an optional hint and the API's messages for it. */
export const Checkbox = ({ label, checked, onChange, disabled, hint, errors = [] }: CheckboxProps) => {
  const id = useId()
  const describedBy =
    [hint !== undefined ? `${id}-hint` : "", errors.length > 0 ? `${id}-error` : ""]
      .filter((x) => x !== "")
      .join(" ") || undefined
  return (
    <div className={styles.checkbox}>
      <input
        id={id}
        type="checkbox"
        checked={checked}
        disabled={disabled}
        aria-describedby={describedBy}
        aria-invalid={errors.length > 0 ? true : undefined}
        onChange={(event) => onChange(event.target.checked)}
      />
      <div>
        <label htmlFor={id}>{label}</label>
        {hint !== undefined && (
          <p id={`${id}-hint`} className="field-hint">
            {hint}
          </p>
        )}
        {errors.length > 0 && (
          <p id={`${id}-error`} className="field-error">
            {errors.join(" ")}
          </p>
        )}
      </div>
    </div>
  )
}

/**
 * The polite announcement of a success ("Saved"). The region is always there, so that screen
 * readers announce the message when it appears.
 */
export const FormStatus = ({ message }: { readonly message: string | null | undefined }) => (
  <p role="status" aria-live="polite" className={message ? styles.status : styles.statusEmpty}>
    {message}
  </p>
)
