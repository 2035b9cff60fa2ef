/**
 * Who the appointment is for: an existing customer found by name, email or phone
 * (GET /v1/customers?q=, debounced), a new one typed here (filed by the API with the booking),
 * or nobody (then nothing can be sent to a client).
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useState } from "react"
import { useTranslation } from "react-i18next"
import { api, unwrap } from "../../../api"
import { ProblemAlert } from "../../../components/ProblemAlert"
import { customerNameOf } from "../calendarModel"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import type { Customer, CustomerMode, NewCustomerDraft } from "./form"
import styles from "./sections.module.css"
import { useDebounced } from "./useDebounced"

export interface CustomerSectionProps {
  readonly mode: CustomerMode
  readonly customer: Customer | null
  readonly newCustomer: NewCustomerDraft
  readonly onChange: (change: {
    mode?: CustomerMode
    customer?: Customer | null
    newCustomer?: NewCustomerDraft
  }) => void
  readonly errorAt: ErrorAt
}

const MODES: ReadonlyArray<CustomerMode> = ["existing", "new", "none"]
const SHOWN = 8

const nameOf = (c: { readonly firstName: string; readonly lastName: string }) => customerNameOf(c) ?? ""

export const CustomerSection = (props: CustomerSectionProps) => {
  const { t } = useTranslation()
  const { mode, customer, newCustomer, onChange, errorAt } = props
  const [query, setQuery] = useState("")
  const q = useDebounced(query.trim(), 300)
  const search = useQuery({
    queryKey: ["customers", "search", q],
    queryFn: () => unwrap(api.v1.customers.$get({ query: { q } })),
    enabled: mode === "existing" && customer === null && q !== "",
    placeholderData: keepPreviousData
  })
  const found = q === "" ? [] : (search.data?.items ?? [])

  const setNew = (change: Partial<NewCustomerDraft>) =>
    onChange({ newCustomer: { ...newCustomer, ...change } })

  // "No match: create" starts the new customer from what was searched.
  const createFromQuery = () => {
    const text = query.trim()
    const isEmail = text.includes("@")
    const isPhone = /^[+\d][\d\s().-]{4,}$/.test(text)
    const [first = "", ...rest] = isEmail || isPhone ? [] : text.split(/\s+/)
    onChange({
      mode: "new",
      newCustomer: {
        firstName: newCustomer.firstName || first,
        lastName: newCustomer.lastName || rest.join(" "),
        email: newCustomer.email || (isEmail ? text : ""),
        phone: newCustomer.phone || (isPhone ? text : "")
      }
    })
  }

  return (
    <section className={styles.section} aria-labelledby="create-customer-title">
      <h3 id="create-customer-title" className={styles.title}>
        {t("create.customer.title")}
      </h3>
      <fieldset className={styles.plain}>
        <legend className="visually-hidden">{t("create.customer.modeLegend")}</legend>
        <div className={styles.segmented}>
          {MODES.map((m) => (
            <label key={m} className={styles.segment} data-checked={mode === m}>
              <input
                type="radio"
                name="create-customer-mode"
                value={m}
                checked={mode === m}
                onChange={() => onChange({ mode: m })}
              />
              {t(`create.customer.modes.${m}`)}
            </label>
          ))}
        </div>
      </fieldset>

      {mode === "existing" && customer !== null && (
        <div className={styles.chosen}>
          <div>
            <p className={styles.strong}>{nameOf(customer)}</p>
            <p className="muted">
              {[customer.email, customer.phone].filter((v) => v !== null && v !== "").join(" · ") ||
                t("create.customer.noContact")}
            </p>
            {customer.email === null && <p className="field-hint">{t("create.customer.noEmailHint")}</p>}
            {customer.noShowCount > 0 && (
              <p className="field-hint">{t("create.customer.noShows", { count: customer.noShowCount })}</p>
            )}
          </div>
          <button
            type="button"
            className="button button-small"
            onClick={() => {
              onChange({ customer: null })
              setQuery("")
            }}
          >
            {t("create.customer.change")}
          </button>
        </div>
      )}

      {mode === "existing" && customer === null && (
        <div className="field">
          <label htmlFor="create-customer-search">{t("create.customer.search")}</label>
          <input
            id="create-customer-search"
            className="input"
            type="search"
            autoComplete="off"
            value={query}
            placeholder={t("create.customer.searchPlaceholder")}
            {...describedBy("customerId", errorAt, "create-customer-status")}
            onChange={(e) => setQuery(e.target.value)}
            onKeyDown={(e) => {
              // Enter picks the only match instead of doing nothing.
              if (e.key === "Enter" && found.length === 1 && found[0] !== undefined) {
                e.preventDefault()
                onChange({ customer: found[0] })
              }
            }}
          />
          <FieldError path="customerId" errorAt={errorAt} />
          <p id="create-customer-status" className="field-hint" role="status">
            {q === ""
              ? t("create.customer.searchHint")
              : search.isFetching && search.data === undefined
                ? t("create.customer.searching")
                : t("create.customer.results", { count: found.length })}
          </p>
          {search.isError && <ProblemAlert error={search.error} onRetry={() => void search.refetch()} />}
          {found.length > 0 && (
            <ul className={styles.results} aria-label={t("create.customer.resultsLabel")}>
              {found.slice(0, SHOWN).map((c) => (
                <li key={c.id}>
                  <button type="button" className={styles.result} onClick={() => onChange({ customer: c })}>
                    <span className={styles.strong}>{nameOf(c)}</span>
                    <span className="muted">
                      {[c.email, c.phone].filter((v) => v !== null && v !== "").join(" · ")}
                    </span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {q !== "" && !search.isFetching && (
            <button type="button" className="button button-small" onClick={createFromQuery}>
              {t("create.customer.createFromSearch")}
            </button>
          )}
        </div>
      )}

      {mode === "new" && (
        <div className={styles.grid}>
          <div className="field">
            <label htmlFor="create-customer-first">
              {t("create.customer.firstName")} <span aria-hidden="true">*</span>
            </label>
            <input
              id="create-customer-first"
              className="input"
              autoComplete="off"
              required
              value={newCustomer.firstName}
              {...describedBy("customer.firstName", errorAt)}
              onChange={(e) => setNew({ firstName: e.target.value })}
            />
            <FieldError path="customer.firstName" errorAt={errorAt} />
          </div>
          <div className="field">
            <label htmlFor="create-customer-last">{t("create.customer.lastName")}</label>
            <input
              id="create-customer-last"
              className="input"
              autoComplete="off"
              value={newCustomer.lastName}
              {...describedBy("customer.lastName", errorAt)}
              onChange={(e) => setNew({ lastName: e.target.value })}
            />
            <FieldError path="customer.lastName" errorAt={errorAt} />
          </div>
          <div className="field">
            <label htmlFor="create-customer-email">{t("create.customer.email")}</label>
            <input
              id="create-customer-email"
              className="input"
              type="email"
              autoComplete="off"
              value={newCustomer.email}
              {...describedBy("customer.email", errorAt, "create-customer-email-hint")}
              onChange={(e) => setNew({ email: e.target.value })}
            />
            <p id="create-customer-email-hint" className="field-hint">
              {t("create.customer.emailHint")}
            </p>
            <FieldError path="customer.email" errorAt={errorAt} />
          </div>
          <div className="field">
            <label htmlFor="create-customer-phone">{t("create.customer.phone")}</label>
            <input
              id="create-customer-phone"
              className="input"
              type="tel"
              autoComplete="off"
              value={newCustomer.phone}
              {...describedBy("customer.phone", errorAt)}
              onChange={(e) => setNew({ phone: e.target.value })}
            />
            <FieldError path="customer.phone" errorAt={errorAt} />
          </div>
        </div>
      )}

      {mode === "none" && <p className="field-hint">{t("create.customer.noneHint")}</p>}
      <FieldError path="customer" errorAt={errorAt} />
    </section>
  )
}
