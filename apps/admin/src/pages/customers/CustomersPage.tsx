/**
 * Customers: search by name, email or phone as one types, the matching customers with their
 * no-shows, and filing a new customer (then on to their profile).
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useNavigate } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { errorsAt, Field, idempotent, newIdempotencyKey, unclaimed } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { useDebouncedValue } from "../../components/useDebouncedValue"
import { type CustomerDraft, emptyCustomerDraft, newCustomerInput } from "./model"

export const CustomersPage = () => {
  const { t } = useTranslation()
  const [query, setQuery] = useState("")
  const [creating, setCreating] = useState(false)
  const q = useDebouncedValue(query.trim(), 300)
  const searchId = useId()
  const customers = useQuery({
    queryKey: ["customers", "search", q],
    queryFn: () => unwrap(api.v1.customers.$get({ query: { q } })),
    placeholderData: keepPreviousData
  })
  const items = customers.data?.items ?? []

  return (
    <>
      <PageHeader
        title={t("customers.title")}
        actions={
          <button
            type="button"
            className="button button-primary"
            aria-expanded={creating}
            onClick={() => setCreating((open) => !open)}
          >
            {t("customers.new")}
          </button>
        }
      />
      {creating && <NewCustomer onCancel={() => setCreating(false)} />}
      <search className={styles.toolbar}>
        <div className="field" style={{ flex: "1 1 20rem" }}>
          <label htmlFor={searchId}>{t("customers.search")}</label>
          <input
            id={searchId}
            className="input"
            type="search"
            autoComplete="off"
            placeholder={t("customers.searchPlaceholder")}
            value={query}
            onChange={(event) => setQuery(event.target.value)}
          />
        </div>
      </search>
      {customers.isError ? (
        <ProblemAlert error={customers.error} onRetry={() => void customers.refetch()} />
      ) : customers.data === undefined ? (
        <Loading />
      ) : (
        <>
          <p className="visually-hidden" role="status" aria-live="polite">
            {customers.isFetching ? "" : t("customers.found", { number: items.length })}
          </p>
          <div className={styles.tableWrap} aria-busy={customers.isFetching}>
            {items.length === 0 ? (
              <p className={styles.empty}>{q === "" ? t("customers.none") : t("customers.noMatch", { q })}</p>
            ) : (
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t("customers.name")}</th>
                    <th scope="col">{t("customers.email")}</th>
                    <th scope="col">{t("customers.phone")}</th>
                    <th scope="col">{t("customers.noShows")}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((c) => (
                    <tr key={c.id}>
                      <td>
                        <Link to={`/customers/${c.id}`}>
                          {`${c.firstName} ${c.lastName}`.trim() || t("customers.unnamed")}
                        </Link>
                      </td>
                      <td>{c.email ?? <span className="muted">—</span>}</td>
                      <td>{c.phone ?? <span className="muted">—</span>}</td>
                      <td>
                        {c.noShowCount > 0 ? (
                          <span className={styles.badgeDanger}>{c.noShowCount}</span>
                        ) : (
                          <span className="muted">0</span>
                        )}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </div>
          {items.length >= 100 && <p className="field-hint">{t("customers.refine")}</p>}
        </>
      )}
    </>
  )
}

const FIELDS = ["firstName", "lastName", "email", "phone", "notes"] as const

const NewCustomer = ({ onCancel }: { readonly onCancel: () => void }) => {
  const { t } = useTranslation()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<CustomerDraft>(emptyCustomerDraft)
  const [key, setKey] = useState(newIdempotencyKey)
  const create = useMutation({
    mutationFn: (input: CustomerDraft) =>
      unwrap(api.v1.customers.$post({ json: newCustomerInput(input) }, idempotent(key))),
    onSuccess: (customer) => {
      void queryClient.invalidateQueries({ queryKey: ["customers"] })
      navigate(`/customers/${customer.id}`, { state: { created: true } })
    },
    // A refused request used the key: the corrected one needs a new key.
    onError: () => setKey(newIdempotencyKey())
  })
  const set = (field: keyof CustomerDraft) => (value: string) => setDraft((d) => ({ ...d, [field]: value }))
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    create.mutate(draft)
  }

  return (
    <form className="card form" style={{ marginBottom: "var(--space-5)" }} onSubmit={submit}>
      <h2 className={styles.sectionTitle}>{t("customers.new")}</h2>
      <CustomerFields draft={draft} set={set} error={create.error} />
      {create.isError && <ProblemAlert error={unclaimed(create.error, FIELDS)} />}
      <div className={styles.actions}>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t("backOffice.saving") : t("customers.create")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("backOffice.cancel")}
        </button>
      </div>
    </form>
  )
}

/** The fields of a customer, for filing one and for the profile. */
export const CustomerFields = ({
  draft,
  set,
  error
}: {
  readonly draft: CustomerDraft
  readonly set: (field: keyof CustomerDraft) => (value: string) => void
  readonly error: unknown
}) => {
  const { t } = useTranslation()
  return (
    <div className={styles.grid}>
      <Field label={t("customers.firstName")} errors={errorsAt(error, "firstName")}>
        {(control) => (
          <input
            {...control}
            className="input"
            required
            maxLength={100}
            autoComplete="off"
            value={draft.firstName}
            onChange={(event) => set("firstName")(event.target.value)}
          />
        )}
      </Field>
      <Field label={t("customers.lastName")} errors={errorsAt(error, "lastName")}>
        {(control) => (
          <input
            {...control}
            className="input"
            maxLength={100}
            autoComplete="off"
            value={draft.lastName}
            onChange={(event) => set("lastName")(event.target.value)}
          />
        )}
      </Field>
      <Field label={t("customers.email")} hint={t("customers.emailHint")} errors={errorsAt(error, "email")}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="email"
            autoComplete="off"
            value={draft.email}
            onChange={(event) => set("email")(event.target.value)}
          />
        )}
      </Field>
      <Field label={t("customers.phone")} errors={errorsAt(error, "phone")}>
        {(control) => (
          <input
            {...control}
            className="input"
            type="tel"
            autoComplete="off"
            value={draft.phone}
            onChange={(event) => set("phone")(event.target.value)}
          />
        )}
      </Field>
      <Field
        label={t("customers.notes")}
        hint={t("customers.notesHint")}
        errors={errorsAt(error, "notes")}
        className={styles.wide}
      >
        {(control) => (
          <textarea
            {...control}
            className="textarea"
            rows={4}
            maxLength={20000}
            value={draft.notes}
            onChange={(event) => set("notes")(event.target.value)}
          />
        )}
      </Field>
    </div>
  )
}
