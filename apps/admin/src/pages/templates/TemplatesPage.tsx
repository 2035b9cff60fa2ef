/**
 * Notification templates: every message the business sends, grouped by event, each marked as
 * the default or customized; an editor for the chosen one (subject, text and, for emails, HTML)
 * with the variables it may read, a live preview on one of the business's appointments, save and
 * reset to the default. Owners and admins only.
 */
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, type RefObject, useEffect, useId, useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { ConfirmDialog } from "../../components/ConfirmDialog"
import { errorsAt, Field, FormStatus, unclaimed } from "../../components/forms"
import { Loading } from "../../components/Loading"
import { ManagersOnly } from "../../components/ManagersOnly"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { useDebouncedValue } from "../../components/useDebouncedValue"
import { formatDateTime } from "../../format"
import { isManager } from "../../navigation"
import { useBusiness, useSignedIn } from "../../session"
import { localOfInstant } from "../staff/zonedTime"
import { groupByEvent, insertAt, keyId, suggestAppointment, variableTag } from "./model"
import page from "./TemplatesPage.module.css"

type Template = InferResponseType<(typeof api.v1)["notification-templates"]["$get"], 200>["items"][number]

const templatesKey = ["notification-templates"] as const

const knownEvents = [
  "pending",
  "confirm_request",
  "confirmed",
  "cancelled",
  "rejected",
  "rescheduled",
  "reminder",
  "follow_up",
  "missed"
] as const
type KnownEvent = (typeof knownEvents)[number]
const isKnownEvent = (event: string): event is KnownEvent => knownEvents.some((e) => e === event)

/** The event's name and when its messages go, in the language shown. */
const useEventText = () => {
  const { t } = useTranslation()
  return (event: string) =>
    isKnownEvent(event)
      ? { name: t(`templates.events.${event}.name`), when: t(`templates.events.${event}.when`) }
      : { name: event, when: "" }
}

export const TemplatesPage = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  if (!isManager(user.role)) return <ManagersOnly title={t("templates.title")} />
  return <Templates />
}

const Templates = () => {
  const { t } = useTranslation()
  const eventText = useEventText()
  const [params, setParams] = useSearchParams()
  const [dirty, setDirty] = useState(false)
  const [switchTo, setSwitchTo] = useState<string | null>(null)
  const [previewFor, setPreviewFor] = useState<string | null>(null)
  const templates = useQuery({
    queryKey: templatesKey,
    queryFn: () => unwrap(api.v1["notification-templates"].$get())
  })
  const items = templates.data?.items ?? []
  const groups = useMemo(() => groupByEvent(items), [items])
  const wanted = params.get("template")
  const selected = items.find((x) => keyId(x) === wanted) ?? items[0]

  const open = (id: string) => {
    setDirty(false)
    setSwitchTo(null)
    const next = new URLSearchParams(params)
    next.set("template", id)
    setParams(next, { replace: true })
  }
  const choose = (id: string) => {
    if (selected !== undefined && id === keyId(selected)) return
    if (dirty) setSwitchTo(id)
    else open(id)
  }

  return (
    <>
      <PageHeader title={t("templates.title")} />
      <p className="muted" style={{ marginBottom: "var(--space-4)" }}>
        {t("templates.intro")}
      </p>
      {templates.isError ? (
        <ProblemAlert error={templates.error} onRetry={() => void templates.refetch()} />
      ) : templates.data === undefined ? (
        <Loading />
      ) : (
        <div className={page.layout}>
          <nav className={`card ${page.list}`} aria-label={t("templates.listLabel")}>
            {groups.map((group) => (
              <div key={group.event} className={page.group}>
                <h2 className={page.groupTitle}>{eventText(group.event).name}</h2>
                <ul>
                  {group.templates.map((x) => {
                    const id = keyId(x)
                    const current = selected !== undefined && id === keyId(selected)
                    return (
                      <li key={id}>
                        <button
                          type="button"
                          className={page.item}
                          aria-current={current ? "true" : undefined}
                          onClick={() => choose(id)}
                        >
                          <span>
                            {t(`templates.recipients.${x.recipient === "staff" ? "staff" : "customer"}`)} ·{" "}
                            {t(`templates.channels.${x.channel === "sms" ? "sms" : "email"}`)}
                          </span>
                          <span className={x.isDefault ? styles.badge : styles.badgeInfo}>
                            {x.isDefault ? t("templates.default") : t("templates.customized")}
                          </span>
                        </button>
                      </li>
                    )
                  })}
                </ul>
              </div>
            ))}
          </nav>
          {selected !== undefined && (
            <Editor
              key={keyId(selected)}
              template={selected}
              onDirty={setDirty}
              previewFor={previewFor}
              onPreviewFor={setPreviewFor}
            />
          )}
        </div>
      )}
      <ConfirmDialog
        open={switchTo !== null}
        title={t("templates.unsavedTitle")}
        confirmLabel={t("templates.discardAndOpen")}
        onConfirm={() => switchTo !== null && open(switchTo)}
        onCancel={() => setSwitchTo(null)}
      >
        <p>{t("templates.unsavedText")}</p>
      </ConfirmDialog>
    </>
  )
}

type Part = "subject" | "text" | "html"

interface Draft {
  readonly subject: string
  readonly text: string
  readonly html: string
}

const draftOf = (x: Template): Draft => ({ subject: x.subject, text: x.text, html: x.html ?? "" })

/** What PUT and preview send: an SMS has no HTML part; an email without HTML is plain text. */
const inputOf = (x: Template, d: Draft) => ({
  subject: d.subject,
  text: d.text,
  html: x.channel === "email" && d.html.trim() !== "" ? d.html : null
})

const Editor = ({
  template,
  onDirty,
  previewFor,
  onPreviewFor
}: {
  readonly template: Template
  readonly onDirty: (dirty: boolean) => void
  /** The appointment picked for previews, kept from one template to the next. */
  readonly previewFor: string | null
  readonly onPreviewFor: (id: string) => void
}) => {
  const { t } = useTranslation()
  const eventText = useEventText()
  const queryClient = useQueryClient()
  const [draft, setDraft] = useState<Draft>(() => draftOf(template))
  const [status, setStatus] = useState<string | null>(null)
  const [confirmReset, setConfirmReset] = useState(false)
  const [focused, setFocused] = useState<Part>("text")
  const subjectRef = useRef<HTMLInputElement>(null)
  const textRef = useRef<HTMLTextAreaElement>(null)
  const htmlRef = useRef<HTMLTextAreaElement>(null)
  const email = template.channel === "email"
  const base = draftOf(template)
  const dirty = draft.subject !== base.subject || draft.text !== base.text || draft.html !== base.html
  const key = { event: template.event, recipient: template.recipient, channel: template.channel }

  useEffect(() => onDirty(dirty), [dirty, onDirty])

  const saved = (result: Template, message: string) => {
    queryClient.setQueryData(templatesKey, (old: { items: Array<Template> } | undefined) =>
      old === undefined ? old : { items: old.items.map((x) => (keyId(x) === keyId(result) ? result : x)) }
    )
    void queryClient.invalidateQueries({ queryKey: templatesKey })
    setDraft(draftOf(result))
    setStatus(message)
  }
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1["notification-templates"][":event"][":recipient"][":channel"].$put({
          param: key,
          json: inputOf(template, draft)
        })
      ),
    onSuccess: (result) => saved(result, t("templates.saved"))
  })
  const reset = useMutation({
    mutationFn: () =>
      unwrap(api.v1["notification-templates"][":event"][":recipient"][":channel"].$delete({ param: key })),
    onSuccess: (result) => {
      setConfirmReset(false)
      saved(result, t("templates.resetDone"))
    }
  })

  const refs: Record<Part, RefObject<HTMLInputElement | HTMLTextAreaElement | null>> = {
    subject: subjectRef,
    text: textRef,
    html: htmlRef
  }
  const insert = (tag: string) => {
    const part = !email && focused !== "text" ? "text" : focused
    const element = refs[part].current
    const value = draft[part]
    const start = element?.selectionStart ?? value.length
    const end = element?.selectionEnd ?? value.length
    const next = insertAt(value, tag, start, end)
    setStatus(null)
    setDraft((d) => ({ ...d, [part]: next.text }))
    // Put the cursor after the inserted variable once the new text is shown.
    requestAnimationFrame(() => {
      element?.focus()
      element?.setSelectionRange(next.cursor, next.cursor)
    })
  }
  const set = (part: Part, value: string) => {
    setStatus(null)
    setDraft((d) => ({ ...d, [part]: value }))
  }
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (dirty) save.mutate()
  }

  const preview = usePreview(template, draft, previewFor, onPreviewFor)
  const problem = save.error ?? (preview.error === null ? undefined : preview.error)
  const info = eventText(template.event)
  const recipient = t(`templates.recipients.${template.recipient === "staff" ? "staff" : "customer"}`)
  const channel = t(`templates.channels.${email ? "email" : "sms"}`)

  return (
    <div className={page.editor}>
      <form className={`card ${page.form}`} onSubmit={submit} aria-labelledby="template-title">
        <div>
          <div className={styles.sectionHeader}>
            <h2 id="template-title" className={styles.sectionTitle}>
              {info.name} — {recipient} · {channel}
            </h2>
            <span className={template.isDefault ? styles.badge : styles.badgeInfo}>
              {template.isDefault ? t("templates.default") : t("templates.customized")}
            </span>
          </div>
          {info.when !== "" && <p className="field-hint">{info.when}</p>}
        </div>
        {email && (
          <Field label={t("templates.subject")} errors={errorsAt(problem, "subject")}>
            {(control) => (
              <input
                {...control}
                ref={subjectRef}
                className={`input ${page.code}`}
                maxLength={500}
                value={draft.subject}
                onFocus={() => setFocused("subject")}
                onChange={(event) => set("subject", event.target.value)}
              />
            )}
          </Field>
        )}
        <Field
          label={email ? t("templates.text") : t("templates.sms")}
          hint={email ? t("templates.textHint") : t("templates.smsHint")}
          errors={errorsAt(problem, "text")}
        >
          {(control) => (
            <textarea
              {...control}
              ref={textRef}
              className={`textarea ${page.code}`}
              rows={email ? 10 : 4}
              maxLength={20000}
              value={draft.text}
              onFocus={() => setFocused("text")}
              onChange={(event) => set("text", event.target.value)}
            />
          )}
        </Field>
        {email && (
          <Field
            label={t("templates.html")}
            hint={t("templates.htmlHint")}
            errors={errorsAt(problem, "html")}
          >
            {(control) => (
              <textarea
                {...control}
                ref={htmlRef}
                className={`textarea ${page.code}`}
                rows={10}
                maxLength={100000}
                value={draft.html}
                onFocus={() => setFocused("html")}
                onChange={(event) => set("html", event.target.value)}
              />
            )}
          </Field>
        )}
        {save.isError && <ProblemAlert error={unclaimed(save.error, ["subject", "text", "html"])} />}
        <FormStatus message={status} />
        <div className={styles.actions}>
          <button type="submit" className="button button-primary" disabled={save.isPending || !dirty}>
            {save.isPending ? t("backOffice.saving") : t("backOffice.save")}
          </button>
          {dirty && (
            <button type="button" className="button" onClick={() => setDraft(base)}>
              {t("templates.discard")}
            </button>
          )}
          {!template.isDefault && (
            <button
              type="button"
              className="button"
              disabled={reset.isPending}
              onClick={() => {
                reset.reset()
                setConfirmReset(true)
              }}
            >
              {t("templates.reset")}
            </button>
          )}
        </div>
        <Variables variables={template.variables} onInsert={insert} focused={email ? focused : "text"} />
      </form>
      <PreviewPane template={template} preview={preview} />
      <ConfirmDialog
        open={confirmReset}
        title={t("templates.resetTitle")}
        confirmLabel={t("templates.reset")}
        onConfirm={() => reset.mutate()}
        onCancel={() => setConfirmReset(false)}
        pending={reset.isPending}
        error={reset.error}
      >
        <p>{t("templates.resetText")}</p>
      </ConfirmDialog>
    </div>
  )
}

const liquidExamples = [
  "{% if customerRequest %}…{% endif %}",
  "{% for s in services %}{{ s.name }} {% endfor %}",
  '{{ client.name | default: "…" }}'
].join("\n")

const Variables = ({
  variables,
  onInsert,
  focused
}: {
  readonly variables: Template["variables"]
  readonly onInsert: (tag: string) => void
  readonly focused: Part
}) => {
  const { t } = useTranslation()
  return (
    <details className={page.variables} open>
      <summary>{t("templates.variables")}</summary>
      <p className="field-hint">{t("templates.variablesHint", { field: t(`templates.parts.${focused}`) })}</p>
      <dl>
        {variables.map((v) => {
          const tag = variableTag(v.name)
          return (
            <div key={v.name} className={page.variable}>
              <dt>
                {tag === undefined ? (
                  <code>{v.name}</code>
                ) : (
                  <button
                    type="button"
                    className={page.insert}
                    title={t("templates.insert", { tag })}
                    aria-label={t("templates.insert", { tag })}
                    onClick={() => onInsert(tag)}
                  >
                    <code>{v.name}</code>
                  </button>
                )}
              </dt>
              <dd>{v.description}</dd>
            </div>
          )
        })}
      </dl>
      <p className="field-hint">{t("templates.liquidHint")}</p>
      <pre className={page.liquid}>{liquidExamples}</pre>
    </details>
  )
}

type Preview = ReturnType<typeof usePreview>

/**
 * The appointments a preview may use (two months either side of today), the one in use (the
 * one picked, else one that fits the event) and the draft rendered on it, a moment after typing.
 */
const usePreview = (
  template: Template,
  draft: Draft,
  chosen: string | null,
  setChosen: (id: string) => void
) => {
  const business = useBusiness()
  const zone = business.timezone
  const from = localOfInstant(Date.now() - 60 * 86_400_000, zone).slice(0, 10)
  const to = localOfInstant(Date.now() + 60 * 86_400_000, zone).slice(0, 10)
  const appointments = useQuery({
    queryKey: ["appointments", "recent", from, to],
    queryFn: () => unwrap(api.v1.appointments.$get({ query: { from, to } })),
    staleTime: 60_000
  })
  const list = useMemo(
    () => [...(appointments.data?.items ?? [])].sort((a, b) => Date.parse(b.start) - Date.parse(a.start)),
    [appointments.data]
  )
  const suggested = suggestAppointment(template.event, list, Date.now())
  const appointmentId = chosen !== null && list.some((a) => a.id === chosen) ? chosen : suggested?.id
  const input = useDebouncedValue(inputOf(template, draft), 400)
  const rendered = useQuery({
    queryKey: ["notification-templates", "preview", keyId(template), appointmentId ?? null, input],
    queryFn: () =>
      unwrap(
        api.v1["notification-templates"][":event"][":recipient"][":channel"].preview.$post({
          param: { event: template.event, recipient: template.recipient, channel: template.channel },
          json: { appointmentId: appointmentId ?? "", ...input }
        })
      ),
    enabled: appointmentId !== undefined,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Number.POSITIVE_INFINITY
  })
  return {
    appointments: list,
    appointmentsLoading: appointments.isPending,
    appointmentId,
    choose: setChosen,
    rendered,
    error: rendered.isError ? rendered.error : null
  }
}

const PreviewPane = ({ template, preview }: { readonly template: Template; readonly preview: Preview }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const pickId = useId()
  const customers = useQuery({
    queryKey: ["customers", "search", ""],
    queryFn: () => unwrap(api.v1.customers.$get({ query: { q: "" } }))
  })
  const names = useMemo(
    () => new Map((customers.data?.items ?? []).map((c) => [c.id, `${c.firstName} ${c.lastName}`.trim()])),
    [customers.data]
  )
  const { rendered } = preview
  const email = template.channel === "email"
  const label = (a: Preview["appointments"][number]) =>
    [
      formatDateTime(
        a.start,
        { locale: i18n.language, timeZone: business.timezone },
        {
          dateStyle: "medium",
          timeStyle: "short"
        }
      ),
      a.customerId === null ? t("templates.noCustomer") : (names.get(a.customerId) ?? "…"),
      a.items.map((i) => i.serviceName).join(" + "),
      a.status === "completed" && a.noShow
        ? t("backOffice.status.noShow")
        : t(`backOffice.status.${a.status}`)
    ].join(" · ")

  return (
    <section
      className={`card ${page.preview}`}
      aria-labelledby="template-preview"
      aria-busy={rendered.isFetching}
    >
      <h2 id="template-preview" className={styles.sectionTitle}>
        {t("templates.preview")}
      </h2>
      <div className="field">
        <label htmlFor={pickId}>{t("templates.previewFor")}</label>
        <select
          id={pickId}
          className="select"
          value={preview.appointmentId ?? ""}
          disabled={preview.appointments.length === 0}
          onChange={(event) => preview.choose(event.target.value)}
        >
          {preview.appointments.length === 0 && (
            <option value="">
              {preview.appointmentsLoading ? t("app.loading") : t("templates.noAppointments")}
            </option>
          )}
          {preview.appointments.map((a) => (
            <option key={a.id} value={a.id}>
              {label(a)}
            </option>
          ))}
        </select>
        <p className="field-hint">{t("templates.previewHint")}</p>
      </div>
      {preview.error !== null && (
        <div className="alert alert-warning" role="alert">
          <p className="alert-title">{t("templates.previewFailed")}</p>
          <p>{preview.error instanceof Error ? preview.error.message : ""}</p>
        </div>
      )}
      {rendered.data !== undefined && (
        <div className={preview.error !== null ? page.stale : undefined}>
          {email && (
            <p className={page.previewSubject}>
              <span className="muted">{t("templates.subject")}: </span>
              {rendered.data.subject}
            </p>
          )}
          {email && rendered.data.html !== null ? (
            <>
              <iframe
                className={page.frame}
                title={t("templates.htmlPreview")}
                sandbox=""
                srcDoc={rendered.data.html}
              />
              <details className={page.plain}>
                <summary>{t("templates.plainText")}</summary>
                <pre className={page.textPreview}>{rendered.data.text}</pre>
              </details>
            </>
          ) : (
            <pre className={`${page.textPreview} ${email ? "" : page.sms}`}>{rendered.data.text}</pre>
          )}
          {!email && (
            <p className="field-hint">{t("templates.smsLength", { number: rendered.data.text.length })}</p>
          )}
          {rendered.data.attachments.length > 0 && (
            <p className="field-hint">
              {t("templates.attachments", {
                files: rendered.data.attachments.map((a) => a.filename).join(", ")
              })}
            </p>
          )}
        </div>
      )}
      {rendered.data === undefined && rendered.isFetching && <Loading />}
    </section>
  )
}
