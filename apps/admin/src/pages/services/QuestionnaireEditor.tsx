/**
 * The questions a service asks when it is booked: each with its label, kind (free text, one of
 * several choices, yes or no) and whether an answer is required; added, removed and reordered.
 */
import { useTranslation } from "react-i18next"
import styles from "../../components/BackOffice.module.css"
import { Checkbox, errorsAt, Field } from "../../components/forms"
import page from "./ServicePage.module.css"
import { newQuestionId, type QuestionDraft } from "./serviceForm"

const MAX_QUESTIONS = 50

export const QuestionnaireEditor = ({
  questions,
  onChange,
  error
}: {
  readonly questions: ReadonlyArray<QuestionDraft>
  readonly onChange: (questions: ReadonlyArray<QuestionDraft>) => void
  readonly error: unknown
}) => {
  const { t } = useTranslation()
  const change = (index: number, patch: Partial<QuestionDraft>) =>
    onChange(questions.map((q, i) => (i === index ? { ...q, ...patch } : q)))
  const move = (index: number, by: -1 | 1) => {
    const next = [...questions]
    const [moved] = next.splice(index, 1)
    if (moved === undefined) return
    next.splice(index + by, 0, moved)
    onChange(next)
  }

  return (
    <div className={page.questions}>
      {questions.length === 0 && <p className="muted">{t("services.noQuestions")}</p>}
      <ol className={page.questionList}>
        {questions.map((q, index) => {
          const at = `questionnaire.${index}`
          const number = index + 1
          return (
            <li key={q.id} className={page.question}>
              <div className={page.questionHead}>
                <span className={page.questionNumber}>{t("services.questionNumber", { number })}</span>
                <div className={styles.actions}>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={index === 0}
                    aria-label={t("services.moveUp", { number })}
                    onClick={() => move(index, -1)}
                  >
                    ↑
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    disabled={index === questions.length - 1}
                    aria-label={t("services.moveDown", { number })}
                    onClick={() => move(index, 1)}
                  >
                    ↓
                  </button>
                  <button
                    type="button"
                    className="button button-small"
                    onClick={() => onChange(questions.filter((_, i) => i !== index))}
                  >
                    {t("services.removeQuestion", { number })}
                  </button>
                </div>
              </div>
              <div className={styles.grid}>
                <Field
                  label={t("services.questionLabel")}
                  errors={errorsAt(error, `${at}.label`)}
                  className={styles.wide}
                >
                  {(control) => (
                    <input
                      {...control}
                      className="input"
                      required
                      maxLength={500}
                      value={q.label}
                      onChange={(event) => change(index, { label: event.target.value })}
                    />
                  )}
                </Field>
                <Field label={t("services.questionKind")} errors={errorsAt(error, `${at}.kind`)}>
                  {(control) => (
                    <select
                      {...control}
                      className="select"
                      value={q.kind}
                      onChange={(event) =>
                        change(index, { kind: event.target.value as QuestionDraft["kind"] })
                      }
                    >
                      <option value="text">{t("services.kind.text")}</option>
                      <option value="choice">{t("services.kind.choice")}</option>
                      <option value="boolean">{t("services.kind.boolean")}</option>
                    </select>
                  )}
                </Field>
                <div className={page.requiredBox}>
                  <Checkbox
                    label={t("services.questionRequired")}
                    checked={q.required}
                    onChange={(required) => change(index, { required })}
                  />
                </div>
                {q.kind === "choice" && (
                  <Field
                    label={t("services.questionOptions")}
                    hint={t("services.questionOptionsHint")}
                    errors={errorsAt(error, `${at}.options`)}
                    className={styles.wide}
                  >
                    {(control) => (
                      <textarea
                        {...control}
                        className="textarea"
                        rows={3}
                        required
                        value={q.options}
                        onChange={(event) => change(index, { options: event.target.value })}
                      />
                    )}
                  </Field>
                )}
              </div>
            </li>
          )
        })}
      </ol>
      <div>
        <button
          type="button"
          className="button"
          disabled={questions.length >= MAX_QUESTIONS}
          onClick={() =>
            onChange([
              ...questions,
              { id: newQuestionId(), label: "", kind: "text", required: false, options: "" }
            ])
          }
        >
          {t("services.addQuestion")}
        </button>
      </div>
    </div>
  )
}
