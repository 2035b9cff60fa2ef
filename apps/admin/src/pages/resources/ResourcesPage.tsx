/**
 * Resources: the rooms and equipment services need, each usable `capacity` times at once, with
 * the services that need it. Owners and admins add, rename, resize and remove them; a resource an
 * active service still needs cannot be removed, and the refusal says which services.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { api, isApiError, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { ConfirmDialog } from "../../components/ConfirmDialog"
import { errorsAt, Field, FormStatus, idempotent, newIdempotencyKey, unclaimed } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { mergePatchOf } from "../../components/mergePatch"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { isManager } from "../../navigation"
import { useSignedIn } from "../../session"
import page from "./ResourcesPage.module.css"

type Resource = InferResponseType<typeof api.v1.resources.$get, 200>["items"][number]

export const ResourcesPage = () => {
  const { t, i18n } = useTranslation()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  const queryClient = useQueryClient()
  const [status, setStatus] = useState<string | null>(null)
  const [editing, setEditing] = useState<string | null>(null)
  const [removing, setRemoving] = useState<Resource | null>(null)
  const resources = useQuery({ queryKey: ["resources"], queryFn: () => unwrap(api.v1.resources.$get()) })
  const services = useQuery({ queryKey: ["services"], queryFn: () => unwrap(api.v1.services.$get()) })
  const usedBy = useMemo(() => {
    const map = new Map<string, Array<{ id: string; name: string }>>()
    for (const s of services.data?.items ?? []) {
      if (!s.active) continue
      for (const r of s.resourceIds) map.set(r, [...(map.get(r) ?? []), { id: s.id, name: s.name }])
    }
    return map
  }, [services.data])
  const remove = useMutation({
    mutationFn: (resource: Resource) =>
      unwrap(api.v1.resources[":id"].$delete({ param: { id: resource.id } })),
    onSuccess: (_, resource) => {
      setRemoving(null)
      setStatus(t("resources.removed", { name: resource.name }))
      void queryClient.invalidateQueries({ queryKey: ["resources"] })
    }
  })
  const items = [...(resources.data?.items ?? [])].sort((a, b) => a.name.localeCompare(b.name, i18n.language))

  return (
    <>
      <PageHeader title={t("resources.title")} />
      <p className="muted" style={{ marginBottom: "var(--space-4)" }}>
        {t("resources.intro")}
      </p>
      {canEdit && <NewResource onCreated={(name) => setStatus(t("resources.created", { name }))} />}
      <FormStatus message={status} />
      {resources.isError ? (
        <ProblemAlert error={resources.error} onRetry={() => void resources.refetch()} />
      ) : resources.data === undefined ? (
        <Loading />
      ) : (
        <div className={styles.tableWrap}>
          {items.length === 0 ? (
            <p className={styles.empty}>{t("resources.none")}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th scope="col">{t("resources.name")}</th>
                  <th scope="col">{t("resources.capacity")}</th>
                  <th scope="col">{t("resources.neededBy")}</th>
                  {canEdit && (
                    <th scope="col">
                      <span className="visually-hidden">{t("resources.actions")}</span>
                    </th>
                  )}
                </tr>
              </thead>
              <tbody>
                {items.map((r) =>
                  editing === r.id ? (
                    <EditRow
                      key={r.id}
                      resource={r}
                      onDone={(message) => {
                        setEditing(null)
                        if (message !== null) setStatus(message)
                      }}
                    />
                  ) : (
                    <tr key={r.id}>
                      <td>{r.name}</td>
                      <td>{r.capacity}</td>
                      <td>
                        {(usedBy.get(r.id) ?? []).length === 0 ? (
                          <span className="muted">—</span>
                        ) : (
                          (usedBy.get(r.id) ?? []).map((s, i) => (
                            <span key={s.id}>
                              {i > 0 && ", "}
                              <Link to={`/services/${s.id}`}>{s.name}</Link>
                            </span>
                          ))
                        )}
                      </td>
                      {canEdit && (
                        <td className={page.rowActions}>
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={t("resources.editNamed", { name: r.name })}
                            onClick={() => {
                              setStatus(null)
                              setEditing(r.id)
                            }}
                          >
                            {t("backOffice.edit")}
                          </button>
                          <button
                            type="button"
                            className="button button-small"
                            aria-label={t("resources.removeNamed", { name: r.name })}
                            onClick={() => {
                              remove.reset()
                              setStatus(null)
                              setRemoving(r)
                            }}
                          >
                            {t("backOffice.remove")}
                          </button>
                        </td>
                      )}
                    </tr>
                  )
                )}
              </tbody>
            </table>
          )}
        </div>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("resources.removeTitle", { name: removing?.name ?? "" })}
        confirmLabel={t("backOffice.remove")}
        onConfirm={() => removing !== null && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
        pending={remove.isPending}
        error={remove.error}
        renderError={(error) => <RemoveRefusal error={error} />}
      >
        <p>{t("resources.removeText")}</p>
      </ConfirmDialog>
    </>
  )
}

/** Why a resource could not be removed: the API's explanation and the services that need it. */
const RemoveRefusal = ({ error }: { readonly error: unknown }) => {
  const { t } = useTranslation()
  if (!isApiError(error) || error.code !== "validation_failed") return <ProblemAlert error={error} />
  return (
    <div className="alert alert-error" role="alert">
      <p className="alert-title">{t("resources.stillNeeded")}</p>
      <p>{error.detail}</p>
      {error.errors !== undefined && error.errors.length > 0 && (
        <ul>
          {error.errors.map((e) => (
            <li key={e.message}>{e.message}</li>
          ))}
        </ul>
      )}
      <p>{t("resources.stillNeededHint")}</p>
    </div>
  )
}

const NewResource = ({ onCreated }: { readonly onCreated: (name: string) => void }) => {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState("")
  const [capacity, setCapacity] = useState("1")
  const [key, setKey] = useState(newIdempotencyKey)
  const create = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1.resources.$post({ json: { name: name.trim(), capacity: Number(capacity) } }, idempotent(key))
      ),
    onSuccess: (created) => {
      setKey(newIdempotencyKey())
      setName("")
      setCapacity("1")
      onCreated(created.name)
      void queryClient.invalidateQueries({ queryKey: ["resources"] })
    },
    onError: () => setKey(newIdempotencyKey())
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    create.mutate()
  }
  return (
    <form className={`card form ${page.create}`} onSubmit={submit} aria-labelledby="new-resource">
      <h2 id="new-resource" className={styles.sectionTitle}>
        {t("resources.new")}
      </h2>
      <div className={page.createFields}>
        <Field label={t("resources.name")} errors={errorsAt(create.error, "name")}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={200}
              placeholder={t("resources.namePlaceholder")}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
        <Field
          label={t("resources.capacity")}
          hint={t("resources.capacityHint")}
          errors={errorsAt(create.error, "capacity")}
        >
          {(control) => (
            <input
              {...control}
              className="input"
              type="number"
              required
              min={1}
              max={1000}
              step={1}
              value={capacity}
              onChange={(event) => setCapacity(event.target.value)}
            />
          )}
        </Field>
        <div className={page.createButton}>
          <button type="submit" className="button button-primary" disabled={create.isPending}>
            {create.isPending ? t("backOffice.saving") : t("resources.add")}
          </button>
        </div>
      </div>
      {create.isError && <ProblemAlert error={unclaimed(create.error, ["name", "capacity"])} />}
    </form>
  )
}

const EditRow = ({
  resource,
  onDone
}: {
  readonly resource: Resource
  readonly onDone: (message: string | null) => void
}) => {
  const { t } = useTranslation()
  const queryClient = useQueryClient()
  const [name, setName] = useState(resource.name)
  const [capacity, setCapacity] = useState(String(resource.capacity))
  const patch = mergePatchOf(
    { name: resource.name, capacity: resource.capacity },
    { name: name.trim(), capacity: Number(capacity) }
  ) as { name?: string; capacity?: number } | undefined
  const save = useMutation({
    mutationFn: () =>
      unwrap(api.v1.resources[":id"].$patch({ param: { id: resource.id }, json: patch ?? {} })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: ["resources"] })
      onDone(t("resources.saved", { name: saved.name }))
    }
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (patch === undefined) onDone(null)
    else save.mutate()
  }
  const formId = `edit-${resource.id}`
  return (
    <tr className={page.editing}>
      <td>
        <form id={formId} onSubmit={submit} />
        <Field label={t("resources.name")} errors={errorsAt(save.error, "name")}>
          {(control) => (
            <input
              {...control}
              form={formId}
              className="input"
              required
              maxLength={200}
              value={name}
              onChange={(event) => setName(event.target.value)}
            />
          )}
        </Field>
      </td>
      <td>
        <Field label={t("resources.capacity")} errors={errorsAt(save.error, "capacity")}>
          {(control) => (
            <input
              {...control}
              form={formId}
              className="input"
              type="number"
              required
              min={1}
              max={1000}
              step={1}
              value={capacity}
              onChange={(event) => setCapacity(event.target.value)}
            />
          )}
        </Field>
      </td>
      <td>{save.isError && <ProblemAlert error={unclaimed(save.error, ["name", "capacity"])} />}</td>
      <td className={page.rowActions}>
        <button
          type="submit"
          form={formId}
          className="button button-small button-primary"
          disabled={save.isPending}
        >
          {save.isPending ? t("backOffice.saving") : t("backOffice.save")}
        </button>
        <button type="button" className="button button-small" onClick={() => onDone(null)}>
          {t("backOffice.cancel")}
        </button>
      </td>
    </tr>
  )
}
