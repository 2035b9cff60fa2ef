/**
 * The last step of online booking: the customer's name, email and phone, "I asked for this
 * person" when the business offers it, a request for the business (it appears in the
 * confirmation), and the questions of the chosen services. Problems show next to their field,
 * found before sending or returned by the API; the first one gets the focus.
 */
import { type FormEvent, useEffect, useRef } from "react"
import { useTranslation } from "react-i18next"
import { isApiError } from "../../api"
import { ProblemAlert } from "../../components/ProblemAlert"
import {
  type Answer,
  type CustomerDetails,
  type DetailProblem,
  detailProblems,
  problemOfPath
} from "./booking"
import { Field } from "./Fields"
import styles from "./Public.module.css"
import { fieldMessages, isExplainedReason, isSlotRefusal, otherFieldMessages } from "./problems"
import type { PublicBusiness, PublicService, Question } from "./types"

export interface DetailsState {
  readonly customer: CustomerDetails
  readonly requestedByClient: boolean
  readonly customerRequest: string
  readonly answers: Readonly<Record<string, Answer>>
  /** Whether the customer tried to send: problems show from then on, updated as they type. */
  readonly checked: boolean
}

export const emptyDetails: DetailsState = {
  customer: { firstName: "", lastName: "", email: "", phone: "" },
  requestedByClient: true,
  customerRequest: "",
  answers: {},
  checked: false
}

export interface BookingDetailsProps {
  readonly business: PublicBusiness
  readonly questionGroups: ReadonlyArray<{
    readonly service: PublicService
    readonly questions: ReadonlyArray<Question>
  }>
  readonly offerRequested: boolean
  readonly staffName: string
  readonly state: DetailsState
  readonly onChange: (update: (state: DetailsState) => DetailsState) => void
  readonly error: unknown
  readonly pending: boolean
  readonly onBack: () => void
  readonly onSubmit: () => void
}

const customerFields = ["customer.firstName", "customer.lastName", "customer.email", "customer.phone"]

export const BookingDetails = ({
  business,
  questionGroups,
  offerRequested,
  staffName,
  state,
  onChange,
  error,
  pending,
  onBack,
  onSubmit
}: BookingDetailsProps) => {
  const { t } = useTranslation()
  const form = useRef<HTMLFormElement>(null)
  const questions = questionGroups.flatMap((g) => g.questions)
  const problems = state.checked ? detailProblems(state.customer, questions, state.answers) : {}
  // A time refusal sends the customer back to the times; it is not this step's to show.
  const apiError = isSlotRefusal(error) ? null : error
  const apiFields = fieldMessages(apiError)
  const shownPaths = [...customerFields, ...questions.map((q) => `answers.${q.id}`)]

  const problemText = (problem: DetailProblem) => t(`public.form.problems.${problem}`)
  const errorOf = (path: string): string | undefined => {
    const own = problems[path]
    if (own !== undefined) return problemText(own)
    const message = apiFields[path]
    if (message === undefined) return undefined
    const known = problemOfPath(path)
    return known === undefined ? message : problemText(known)
  }

  // After a refused attempt, the first field with a problem takes the focus.
  const focusFirstProblem = () =>
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  useEffect(() => {
    if (apiError === null || apiError === undefined) return
    requestAnimationFrame(() => form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus())
  }, [apiError])

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    onSubmit()
    focusFirstProblem()
  }

  const setCustomer = (field: keyof CustomerDetails, value: string) =>
    onChange((s) => ({ ...s, customer: { ...s.customer, [field]: value } }))
  const setAnswer = (id: string, value: Answer) =>
    onChange((s) => ({ ...s, answers: { ...s.answers, [id]: value } }))

  const refusal =
    isApiError(apiError) && apiError.code === "policy_violation" && isExplainedReason(apiError.reason)
      ? t(`public.reasons.${apiError.reason}`)
      : undefined
  const leftOver = otherFieldMessages(apiError, shownPaths)

  return (
    <form ref={form} className="form" onSubmit={submit} noValidate>
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>{t("public.bookingPage.aboutYou")}</legend>
        <div className={styles.twoColumns}>
          <Field label={t("public.form.firstName")} error={errorOf("customer.firstName")}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="given-name"
                maxLength={100}
                value={state.customer.firstName}
                onChange={(e) => setCustomer("firstName", e.target.value)}
              />
            )}
          </Field>
          <Field label={t("public.form.lastName")} error={errorOf("customer.lastName")}>
            {(control) => (
              <input
                {...control}
                className="input"
                autoComplete="family-name"
                maxLength={100}
                value={state.customer.lastName}
                onChange={(e) => setCustomer("lastName", e.target.value)}
              />
            )}
          </Field>
        </div>
        <Field
          label={t("public.form.email")}
          hint={t("public.bookingPage.emailHint")}
          error={errorOf("customer.email")}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              inputMode="email"
              autoComplete="email"
              maxLength={254}
              value={state.customer.email}
              onChange={(e) => setCustomer("email", e.target.value)}
            />
          )}
        </Field>
        <Field label={t("public.form.phone")} optional error={errorOf("customer.phone")}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              maxLength={20}
              value={state.customer.phone}
              onChange={(e) => setCustomer("phone", e.target.value)}
            />
          )}
        </Field>
      </fieldset>

      {offerRequested && (
        <label className={styles.check}>
          <input
            type="checkbox"
            checked={state.requestedByClient}
            onChange={(e) => onChange((s) => ({ ...s, requestedByClient: e.target.checked }))}
          />
          <span>{t("public.bookingPage.requested", { name: staffName })}</span>
        </label>
      )}

      {questionGroups.map(({ service, questions }) => (
        <fieldset key={service.id} className={styles.fieldset}>
          <legend className={styles.legend}>
            {t("public.bookingPage.questionsFor", { service: service.name })}
          </legend>
          {questions.map((question) => (
            <QuestionField
              key={question.id}
              question={question}
              value={state.answers[question.id]}
              error={errorOf(`answers.${question.id}`)}
              onChange={(value) => setAnswer(question.id, value)}
            />
          ))}
        </fieldset>
      ))}

      <Field
        label={t("public.bookingPage.requestLabel", { business: business.name })}
        hint={t("public.bookingPage.requestHint")}
        optional
        error={errorOf("customerRequest")}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={3}
            maxLength={2000}
            value={state.customerRequest}
            onChange={(e) => onChange((s) => ({ ...s, customerRequest: e.target.value }))}
          />
        )}
      </Field>

      {apiError !== null &&
        apiError !== undefined &&
        (refusal !== undefined ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t("public.bookingPage.refused")}</p>
            <p>{refusal}</p>
          </div>
        ) : isApiError(apiError) && apiError.code === "validation_failed" ? (
          <div className="alert alert-error" role="alert">
            <p className="alert-title">{t("public.form.checkFields")}</p>
            {leftOver.length > 0 && (
              <ul>
                {leftOver.map((message) => (
                  <li key={message}>{message}</li>
                ))}
              </ul>
            )}
          </div>
        ) : (
          <ProblemAlert error={apiError} />
        ))}

      <div className={styles.buttons}>
        <button type="button" className="button" onClick={onBack} disabled={pending}>
          {t("public.form.back")}
        </button>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? t("public.bookingPage.booking") : t("public.bookingPage.book")}
        </button>
      </div>
    </form>
  )
}

const QuestionField = ({
  question,
  value,
  error,
  onChange
}: {
  readonly question: Question
  readonly value: Answer | undefined
  readonly error: string | undefined
  readonly onChange: (value: Answer) => void
}) => {
  const { t } = useTranslation()
  if (question.kind === "boolean") {
    // Yes and no as two choices, so that "not answered" stays possible for a required question.
    return (
      <fieldset className={styles.fieldset}>
        <legend className={styles.legend}>
          {question.label}
          {!question.required && <span className={styles.optional}> {t("public.form.optional")}</span>}
        </legend>
        <div className={styles.radios}>
          {([true, false] as const).map((answer) => (
            <label key={String(answer)}>
              <input
                type="radio"
                name={`question-${question.id}`}
                checked={value === answer}
                aria-invalid={error !== undefined}
                onChange={() => onChange(answer)}
              />
              {answer ? t("public.form.yes") : t("public.form.no")}
            </label>
          ))}
        </div>
        {error !== undefined && <p className="field-error">{error}</p>}
      </fieldset>
    )
  }
  return (
    <Field label={question.label} optional={!question.required} error={error}>
      {(control) =>
        question.kind === "choice" ? (
          <select
            {...control}
            className="select"
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value)}
          >
            <option value="">{t("public.form.choose")}</option>
            {question.options.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
        ) : (
          <textarea
            {...control}
            className="textarea"
            rows={2}
            maxLength={2000}
            value={typeof value === "string" ? value : ""}
            onChange={(e) => onChange(e.target.value)}
          />
        )
      }
    </Field>
  )
}
