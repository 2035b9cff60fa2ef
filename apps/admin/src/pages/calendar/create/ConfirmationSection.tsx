/**
 * What the client is told: the three confirmation options of a booking by the business, each
 * with what it does, as one radio group.
 */
import type { ConfirmationOption } from "@creneau/core"
import { useTranslation } from "react-i18next"
import { type ErrorAt, FieldError } from "./fields"
import styles from "./sections.module.css"

const OPTIONS: ReadonlyArray<ConfirmationOption> = ["approve", "request_client_confirmation", "no_message"]

export interface ConfirmationSectionProps {
  readonly value: ConfirmationOption
  readonly onChange: (value: ConfirmationOption) => void
  readonly errorAt: ErrorAt
}

export const ConfirmationSection = ({ value, onChange, errorAt }: ConfirmationSectionProps) => {
  const { t } = useTranslation()
  return (
    <section className={styles.section}>
      <fieldset className={styles.plain}>
        <legend className={styles.title}>{t("create.confirmation.title")}</legend>
        <div className={styles.options}>
          {OPTIONS.map((option) => (
            <div key={option} className={styles.option} data-checked={value === option}>
              <input
                id={`create-confirmation-${option}`}
                type="radio"
                name="create-confirmation"
                value={option}
                checked={value === option}
                aria-describedby={`create-confirmation-${option}-hint`}
                onChange={() => onChange(option)}
              />
              <div>
                <label htmlFor={`create-confirmation-${option}`}>
                  {t(`create.confirmation.${option}.label`)}
                </label>
                <p id={`create-confirmation-${option}-hint`} className="field-hint">
                  {t(`create.confirmation.${option}.hint`)}
                </p>
              </div>
            </div>
          ))}
        </div>
      </fieldset>
      <FieldError path="confirmation" errorAt={errorAt} />
    </section>
  )
}
