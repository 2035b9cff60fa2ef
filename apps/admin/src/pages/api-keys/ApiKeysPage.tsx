/**
 * API keys: the business's keys with their role and date, creating one (its secret shown this
 * once, with a copy button and a warning) and revoking one after confirmation. Owners and admins
 * only; an admin cannot create an owner key.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { ConfirmDialog } from "../../components/ConfirmDialog"
import { errorsAt, Field, FormStatus, idempotent, newIdempotencyKey, unclaimed } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { ManagersOnly } from "../../components/ManagersOnly"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime } from "../../format"
import { isManager } from "../../navigation"
import { useBusiness, useSignedIn } from "../../session"
import page from "./ApiKeysPage.module.css"

type ApiKey = InferResponseType<(typeof api.v1)["api-keys"]["$get"], 200>["items"][number]
type Created = InferResponseType<(typeof api.v1)["api-keys"]["$post"], 201>
type Role = ApiKey["role"]

export const ApiKeysPage = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  if (!isManager(user.role)) return <ManagersOnly title={t("apiKeys.title")} />
  return <ApiKeys />
}

const ApiKeys = () => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const queryClient = useQueryClient()
  const [creating, setCreating] = useState(false)
  const [created, setCreated] = useState<Created | null>(null)
  const [revoking, setRevoking] = useState<ApiKey | null>(null)
  const [status, setStatus] = useState<string | null>(null)
  const [showRevoked, setShowRevoked] = useState(false)
  const keys = useQuery({ queryKey: ["api-keys"], queryFn: () => unwrap(api.v1["api-keys"].$get()) })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const names = useMemo(() => new Map((staff.data?.items ?? []).map((s) => [s.id, s.name])), [staff.data])
  const revoke = useMutation({
    mutationFn: (key: ApiKey) => unwrap(api.v1["api-keys"][":id"].$delete({ param: { id: key.id } })),
    onSuccess: (_, key) => {
      setRevoking(null)
      setStatus(t("apiKeys.revoked", { name: key.name }))
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] })
    }
  })
  const all = [...(keys.data?.items ?? [])].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
  const revokedCount = all.filter((k) => k.revokedAt !== null).length
  const items = all.filter((k) => showRevoked || k.revokedAt === null)
  const when = (instant: string) =>
    formatDateTime(instant, { locale: i18n.language, timeZone: business.timezone }, { dateStyle: "medium" })

  return (
    <>
      <PageHeader
        title={t("apiKeys.title")}
        actions={
          !creating &&
          created === null && (
            <button
              type="button"
              className="button button-primary"
              onClick={() => {
                setStatus(null)
                setCreating(true)
              }}
            >
              {t("apiKeys.new")}
            </button>
          )
        }
      />
      <p className="muted" style={{ marginBottom: "var(--space-4)" }}>
        {t("apiKeys.intro")}
      </p>
      {created !== null ? (
        <Secret
          created={created}
          onDone={() => {
            setCreated(null)
            setStatus(t("apiKeys.created", { name: created.name }))
          }}
        />
      ) : (
        creating && (
          <NewKey
            onCancel={() => setCreating(false)}
            onCreated={(key) => {
              setCreating(false)
              setCreated(key)
            }}
          />
        )
      )}
      <FormStatus message={status} />
      {revokedCount > 0 && (
        <div className={styles.toolbar}>
          <label className={styles.checkbox}>
            <input
              type="checkbox"
              checked={showRevoked}
              onChange={(event) => setShowRevoked(event.target.checked)}
            />
            {t("apiKeys.showRevoked", { number: revokedCount })}
          </label>
        </div>
      )}
      {keys.isError ? (
        <ProblemAlert error={keys.error} onRetry={() => void keys.refetch()} />
      ) : keys.data === undefined ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          {items.length === 0 ? (
            <p className={styles.empty}>{t("apiKeys.none")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("apiKeys.name")}</th>
                  <th scope="col">{t("apiKeys.role")}</th>
                  <th scope="col">{t("apiKeys.createdAt")}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t("apiKeys.actions")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {items.map((k) => (
                  <tr key={k.id} className={k.revokedAt !== null ? page.revoked : undefined}>
                    <td>
                      {k.name}
                      <div className={`${styles.mono} muted`}>{k.id}</div>
                    </td>
                    <td>
                      {t(`roles.${k.role}`)}
                      {k.staffId !== null && <div className="muted">{names.get(k.staffId) ?? k.staffId}</div>}
                    </td>
                    <td>{when(k.createdAt)}</td>
                    <td className={page.actions}>
                      {k.revokedAt !== null ? (
                        <span className={styles.badge}>
                          {t("apiKeys.revokedOn", { when: when(k.revokedAt) })}
                        </span>
                      ) : (
                        <button
                          type="button"
                          className="button button-small"
                          aria-label={t("apiKeys.revokeNamed", { name: k.name })}
                          onClick={() => {
                            revoke.reset()
                            setStatus(null)
                            setRevoking(k)
                          }}
                        >
                          {t("apiKeys.revoke")}
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </div>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={t("apiKeys.revokeTitle", { name: revoking?.name ?? "" })}
        confirmLabel={t("apiKeys.revoke")}
        onConfirm={() => revoking !== null && revoke.mutate(revoking)}
        onCancel={() => setRevoking(null)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        <p>{t("apiKeys.revokeText")}</p>
      </ConfirmDialog>
    </>
  )
}

const NewKey = ({
  onCancel,
  onCreated
}: {
  readonly onCancel: () => void
  readonly onCreated: (key: Created) => void
}) => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const queryClient = useQueryClient()
  const [name, setName] = useState("")
  const [role, setRole] = useState<Role>("admin")
  const [staffId, setStaffId] = useState("")
  const [key, setKey] = useState(newIdempotencyKey)
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const roles: ReadonlyArray<Role> = user.role === "owner" ? ["owner", "admin", "staff"] : ["admin", "staff"]
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1["api-keys"].$post(
          {
            json: {
              name: name.trim(),
              role,
              ...(role === "staff" && staffId !== "" && { staffId })
            }
          },
          idempotent(key)
        )
      ),
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ["api-keys"] })
      onCreated(created)
    },
    onError: () => setKey(newIdempotencyKey())
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    create.mutate()
  }
  return (
    <form className="card form" style={{ marginBottom: "var(--space-4)" }} onSubmit={submit}>
      <h2 className={styles.sectionTitle}>{t("apiKeys.new")}</h2>
      <div className={styles.grid}>
        <Field label={t("apiKeys.name")} hint={t("apiKeys.nameHint")} errors={errorsAt(create.error, "name")}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("apiKeys.role")}
          hint={t(`apiKeys.roleHint.${role}`)}
          errors={errorsAt(create.error, "role")}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={role}
              onChange={(event) => setRole(roles.find((r) => r === event.target.value) ?? "admin")}
            >
              {roles.map((r) => (
                <option key={r} value={r}>
                  {t(`roles.${r}`)}
                </option>
              ))}
            </select>
          )}
        </Field>
        {role === "staff" && (
          <Field label={t("apiKeys.staffMember")} errors={errorsAt(create.error, "staffId")}>
            {(control) => (
              <select
                {...control}
                className="select"
                required
                value={staffId}
                onChange={(event) => setStaffId(event.target.value)}
              >
                <option value="">{t("apiKeys.chooseStaff")}</option>
                {(staff.data?.items ?? [])
                  .filter((s) => s.active)
                  .map((s) => (
                    <option key={s.id} value={s.id}>
                      {s.name}
                    </option>
                  ))}
              </select>
            )}
          </Field>
        )}
      </div>
      {create.isError && <ProblemAlert error={unclaimed(create.error, ["name", "role", "staffId"])} />}
      <div className={styles.actions}>
        <button type="submit" className="button button-primary" disabled={create.isPending}>
          {create.isPending ? t("apiKeys.creating") : t("apiKeys.create")}
        </button>
        <button type="button" className="button" onClick={onCancel}>
          {t("backOffice.cancel")}
        </button>
      </div>
    </form>
  )
}

/** The new key's secret, this once: a warning, the key, a copy button and "done". */
const Secret = ({ created, onDone }: { readonly created: Created; readonly onDone: () => void }) => {
  const { t } = useTranslation()
  const [copied, setCopied] = useState<"yes" | "no" | null>(null)
  const field = useRef<HTMLInputElement>(null)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(created.apiKey)
      setCopied("yes")
    } catch {
      // No clipboard (an insecure address, a refusal): select the key for a manual copy.
      field.current?.select()
      setCopied("no")
    }
  }
  return (
    <section className={`card ${page.secret}`} aria-labelledby="api-key-secret">
      <h2 id="api-key-secret" className={styles.sectionTitle}>
        {t("apiKeys.secretTitle", { name: created.name })}
      </h2>
      <div className="alert alert-warning" role="alert">
        <p className="alert-title">{t("apiKeys.onceTitle")}</p>
        <p>{t("apiKeys.onceText")}</p>
      </div>
      <div className={page.keyRow}>
        <label htmlFor="api-key-value" className="visually-hidden">
          {t("apiKeys.secretLabel")}
        </label>
        <input
          id="api-key-value"
          ref={field}
          className={`input ${styles.mono}`}
          readOnly
          value={created.apiKey}
          onFocus={(event) => event.target.select()}
        />
        <button type="button" className="button button-primary" onClick={() => void copy()}>
          {t("apiKeys.copy")}
        </button>
      </div>
      <p role="status" aria-live="polite" className="field-hint">
        {copied === "yes" ? t("apiKeys.copied") : copied === "no" ? t("apiKeys.copyManually") : ""}
      </p>
      <p className="field-hint">{t("apiKeys.usage")}</p>
      <div>
        <button type="button" className="button" onClick={onDone}>
          {t("apiKeys.done")}
        </button>
      </div>
    </section>
  )
}
