/** A free-text note for the customer (a cancellation's message, a rejection's reason), with its hint. */
import { useId } from "react"
import styles from "./Details.module.css"

export const NoteField = (props: {
  readonly label: string
  readonly hint: string
  readonly value: string
  readonly onChange: (value: string) => void
}) => {
  const id = useId()
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      <textarea
        id={id}
        className={`textarea ${styles.textarea}`}
        value={props.value}
        maxLength={2000}
        rows={3}
        aria-describedby={`${id}-hint`}
        onChange={(event) => props.onChange(event.target.value)}
      />
      <p className="field-hint" id={`${id}-hint`}>
        {props.hint}
      </p>
    </div>
  )
}
