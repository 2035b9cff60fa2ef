/**
 * What goes with the appointment besides its time: the "requested by the client" star (when the
 * business lets clients choose their staff member), the client's request (shown to the client),
 * the team's quick note (never shown), notes filed on the customer's profile, and the answers to
 * the chosen services' questions, required ones marked.
 */
import { useTranslation } from "react-i18next"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import type { Question, Service } from "./form"
import styles from "./sections.module.css"

export interface DetailsSectionProps {
  readonly preferredStaffSelection: boolean
  readonly requestedByClient: boolean
  readonly customerRequest: string
  readonly quickNote: string
  readonly appointmentNotes: string
  readonly questions: ReadonlyArray<{ readonly question: Question; readonly service: Service }>
  readonly answers: Readonly<Record<string, string | boolean>>
  readonly onChange: (change: {
    requestedByClient?: boolean
    customerRequest?: string
    quickNote?: string
    appointmentNotes?: string
    answers?: Readonly<Record<string, string | boolean>>
  }) => void
  readonly errorAt: ErrorAt
}

export const DetailsSection = (props: DetailsSectionProps) => {
  const { t } = useTranslation()
  const { onChange, errorAt, answers } = props
  const answer = (id: string, value: string | boolean) => onChange({ answers: { ...answers, [id]: value } })

  return (
    <section className={styles.section} aria-labelledby="create-details-title">
      <h3 id="create-details-title" className={styles.title}>
        {t("create.details.title")}
      </h3>
      {props.preferredStaffSelection && (
        <div className={styles.check}>
          <input
            id="create-requested"
            type="checkbox"
            checked={props.requestedByClient}
            {...describedBy("requestedByClient", errorAt, "create-requested-hint")}
            onChange={(e) => onChange({ requestedByClient: e.target.checked })}
          />
          <div>
            <label htmlFor="create-requested">
              <span className={styles.star} aria-hidden="true">
                {props.requestedByClient ? "★" : "☆"}
              </span>{" "}
              {t("create.details.requestedByClient")}
            </label>
            <p id="create-requested-hint" className="field-hint">
              {t("create.details.requestedByClientHint")}
            </p>
            <FieldError path="requestedByClient" errorAt={errorAt} />
          </div>
        </div>
      )}
      <div className="field">
        <label htmlFor="create-request">{t("create.details.customerRequest")}</label>
        <textarea
          id="create-request"
          className="textarea"
          rows={2}
          maxLength={2000}
          value={props.customerRequest}
          {...describedBy("customerRequest", errorAt, "create-request-hint")}
          onChange={(e) => onChange({ customerRequest: e.target.value })}
        />
        <p id="create-request-hint" className="field-hint">
          {t("create.details.customerRequestHint")}
        </p>
        <FieldError path="customerRequest" errorAt={errorAt} />
      </div>
      <div className="field">
        <label htmlFor="create-quick-note">{t("create.details.quickNote")}</label>
        <input
          id="create-quick-note"
          className="input"
          maxLength={2000}
          value={props.quickNote}
          {...describedBy("quickNote", errorAt, "create-quick-note-hint")}
          onChange={(e) => onChange({ quickNote: e.target.value })}
        />
        <p id="create-quick-note-hint" className="field-hint">
          {t("create.details.quickNoteHint")}
        </p>
        <FieldError path="quickNote" errorAt={errorAt} />
      </div>
      <div className="field">
        <label htmlFor="create-notes">{t("create.details.appointmentNotes")}</label>
        <textarea
          id="create-notes"
          className="textarea"
          rows={2}
          maxLength={5000}
          value={props.appointmentNotes}
          {...describedBy("appointmentNotes", errorAt, "create-notes-hint")}
          onChange={(e) => onChange({ appointmentNotes: e.target.value })}
        />
        <p id="create-notes-hint" className="field-hint">
          {t("create.details.appointmentNotesHint")}
        </p>
        <FieldError path="appointmentNotes" errorAt={errorAt} />
      </div>

      {props.questions.length > 0 && (
        <fieldset className={styles.group}>
          <legend>{t("create.details.questions")}</legend>
          {props.questions.some(({ question }) => question.required) && (
            <p className="field-hint">{t("create.details.requiredLegend")}</p>
          )}
          {props.questions.map(({ question, service }) => {
            const id = `create-answer-${question.id}`
            const path = `answers.${question.id}`
            const value = answers[question.id]
            const label = (
              <>
                {question.label}
                {question.required && (
                  <>
                    {" "}
                    <span aria-hidden="true">*</span>
                    <span className="visually-hidden">{t("create.details.required")}</span>
                  </>
                )}{" "}
                <span className="muted">({service.name})</span>
              </>
            )
            if (question.kind === "boolean") {
              return (
                <div key={question.id} className={styles.check}>
                  <input
                    id={id}
                    type="checkbox"
                    checked={value === true}
                    {...describedBy(path, errorAt)}
                    onChange={(e) => answer(question.id, e.target.checked)}
                  />
                  <div>
                    <label htmlFor={id}>{label}</label>
                    <FieldError path={path} errorAt={errorAt} />
                  </div>
                </div>
              )
            }
            return (
              <div key={question.id} className="field">
                <label htmlFor={id}>{label}</label>
                {question.kind === "choice" ? (
                  <select
                    id={id}
                    className="select"
                    value={typeof value === "string" ? value : ""}
                    {...describedBy(path, errorAt)}
                    onChange={(e) => answer(question.id, e.target.value)}
                  >
                    <option value="">{t("create.details.noAnswer")}</option>
                    {question.options.map((option) => (
                      <option key={option} value={option}>
                        {option}
                      </option>
                    ))}
                  </select>
                ) : (
                  <input
                    id={id}
                    className="input"
                    value={typeof value === "string" ? value : ""}
                    {...describedBy(path, errorAt)}
                    onChange={(e) => answer(question.id, e.target.value)}
                  />
                )}
                <FieldError path={path} errorAt={errorAt} />
              </div>
            )
          })}
          <FieldError path="answers" errorAt={errorAt} />
        </fieldset>
      )}
    </section>
  )
}
