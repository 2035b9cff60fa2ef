/**
 * One service, new or existing: name, duration, price in the business's currency, buffers, the
 * staff who perform it and the resources it needs, its questionnaire, and the booking rules it
 * sets for itself instead of the business's. Archiving keeps it on past appointments; a staff
 * user reads the same page without changing it.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useLocation, useNavigate, useParams } from "react-router"
import { api, isApiError, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { ConfirmDialog } from "../../components/ConfirmDialog"
import { DurationInput } from "../../components/DurationInput"
import {
  Checkbox,
  errorsAt,
  Field,
  FormStatus,
  idempotent,
  newIdempotencyKey,
  unclaimed
} from "../../components/forms"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { isManager } from "../../navigation"
import { useBusiness, useSignedIn } from "../../session"
import { RuleInput, ruleText, useDescribeRule } from "../settings/RuleInput"
import { amountText, currencyDecimals, parseAmount } from "./money"
import { QuestionnaireEditor } from "./QuestionnaireEditor"
import page from "./ServicePage.module.css"
import {
  businessRule,
  emptyServiceDraft,
  newServiceInput,
  overridableRules,
  type ServiceDraft,
  serviceDraftOf,
  servicePatches
} from "./serviceForm"

type Service = InferResponseType<(typeof api.v1.services)[":id"]["$get"], 200>

export const ServicePage = () => {
  const { t, i18n } = useTranslation()
  const { id } = useParams()
  const location = useLocation()
  const created = (location.state as { created?: boolean } | null)?.created === true
  const service = useQuery({
    queryKey: ["services", "detail", id],
    queryFn: () => unwrap(api.v1.services[":id"].$get({ param: { id: id ?? "" } })),
    enabled: id !== undefined
  })
  if (id === undefined) return <ServiceForm key="new" service={null} created={false} />
  if (service.isError) {
    return (
      <>
        <PageHeader title={t("services.service")} />
        <ProblemAlert
          error={service.error}
          {...(!(isApiError(service.error) && service.error.status === 404) && {
            onRetry: () => void service.refetch()
          })}
        />
        <p style={{ marginTop: "var(--space-4)" }}>
          <Link to="/services">{t("services.backToList")}</Link>
        </p>
      </>
    )
  }
  if (service.data === undefined) return <Loading />
  return <ServiceForm key={`${service.data.id}-${i18n.language}`} service={service.data} created={created} />
}

const BASICS = ["name", "durationMinutes", "price", "bufferBeforeMinutes", "bufferAfterMinutes"]
const CLAIMED = [...BASICS, "staffIds", "resourceIds", "questionnaire", "rules"]

const ServiceForm = ({
  service,
  created
}: {
  readonly service: Service | null
  readonly created: boolean
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const describeRule = useDescribeRule()
  const [draft, setDraft] = useState<ServiceDraft>(() =>
    service === null ? emptyServiceDraft() : serviceDraftOf(service, i18n.language)
  )
  const [status, setStatus] = useState<string | null>(created ? t("services.created") : null)
  const [priceError, setPriceError] = useState(false)
  const [key, setKey] = useState(newIdempotencyKey)
  const [confirmArchive, setConfirmArchive] = useState(false)
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const resources = useQuery({ queryKey: ["resources"], queryFn: () => unwrap(api.v1.resources.$get()) })
  // Prices are in the business's currency; a service priced before a change of currency moves to it.
  const currency = business.currency
  const patches = service === null ? [] : servicePatches(service, draft, currency)

  const saved = (result: Service, message: string) => {
    queryClient.setQueryData(["services", "detail", result.id], result)
    void queryClient.invalidateQueries({ queryKey: ["services"] })
    setDraft(serviceDraftOf(result, i18n.language))
    setStatus(message)
  }

  const save = useMutation({
    mutationFn: async (): Promise<Service> => {
      if (service === null) {
        return unwrap(api.v1.services.$post({ json: newServiceInput(draft, currency) }, idempotent(key)))
      }
      let result = service
      for (const patch of patches) {
        result = await unwrap(api.v1.services[":id"].$patch({ param: { id: service.id }, json: patch }))
      }
      return result
    },
    onSuccess: (result) => {
      if (service === null) {
        void queryClient.invalidateQueries({ queryKey: ["services"] })
        navigate(`/services/${result.id}`, { replace: true, state: { created: true } })
        return
      }
      saved(result, t("backOffice.saved"))
    },
    onError: () => {
      if (service === null) setKey(newIdempotencyKey())
    }
  })

  const archive = useMutation({
    mutationFn: async (active: boolean): Promise<Service> => {
      const id = service?.id ?? ""
      if (!active) {
        await unwrap(api.v1.services[":id"].$delete({ param: { id } }))
        return unwrap(api.v1.services[":id"].$get({ param: { id } }))
      }
      return unwrap(api.v1.services[":id"].$patch({ param: { id }, json: { active: true } }))
    },
    onSuccess: (result) => {
      setConfirmArchive(false)
      saved(result, result.active ? t("services.restored") : t("services.archivedDone"))
    }
  })

  const update = (change: Partial<ServiceDraft>) => {
    setStatus(null)
    setDraft((d) => ({ ...d, ...change }))
  }
  const toggle = (list: ReadonlyArray<string>, id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id)

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (parseAmount(draft.price, currency) === undefined) {
      setPriceError(true)
      return
    }
    setPriceError(false)
    if (service !== null && patches.length === 0) return
    save.mutate()
  }

  const error = save.error
  const title = service === null ? t("services.new") : service.name
  const activeStaff = (staff.data?.items ?? []).filter((s) => s.active || draft.staffIds.includes(s.id))
  const decimals = currencyDecimals(currency)

  return (
    <>
      <PageHeader
        title={title}
        actions={
          <>
            {service !== null && !service.active && (
              <span className={styles.badge}>{t("services.archived")}</span>
            )}
            <Link className="button" to="/services">
              {t("services.backToList")}
            </Link>
            {canEdit && service !== null && (
              <button
                type="button"
                className="button"
                disabled={archive.isPending}
                onClick={() => (service.active ? setConfirmArchive(true) : archive.mutate(true))}
              >
                {service.active ? t("services.archive") : t("services.restore")}
              </button>
            )}
          </>
        }
      />
      {!canEdit && (
        <p className="alert alert-info" style={{ marginBottom: "var(--space-4)" }}>
          {t("backOffice.readOnly")}
        </p>
      )}
      {archive.isError && !confirmArchive && <ProblemAlert error={archive.error} />}
      <form className={page.form} onSubmit={submit}>
        <fieldset className={page.fieldset} disabled={!canEdit}>
          <section className="card" aria-labelledby="service-basics">
            <h2 id="service-basics" className={styles.sectionTitle}>
              {t("services.basics")}
            </h2>
            <div className={styles.grid}>
              <Field label={t("services.name")} errors={errorsAt(error, "name")} className={styles.wide}>
                {(control) => (
                  <input
                    {...control}
                    className="input"
                    required
                    maxLength={200}
                    value={draft.name}
                    onChange={(event) => update({ name: event.target.value })}
                  />
                )}
              </Field>
              <Field
                label={t("services.duration")}
                hint={t("services.durationHint")}
                errors={errorsAt(error, "durationMinutes")}
              >
                {(control) => (
                  <DurationInput
                    {...control}
                    units={["minutes", "hours"]}
                    minutes={draft.durationMinutes}
                    onChange={(durationMinutes) => update({ durationMinutes })}
                  />
                )}
              </Field>
              <Field
                label={t("services.priceIn", { currency })}
                hint={t("services.priceHint", {
                  example: amountText(45 * 10 ** decimals, currency, i18n.language)
                })}
                errors={[...(priceError ? [t("services.priceInvalid")] : []), ...errorsAt(error, "price")]}
              >
                {(control) => (
                  <div className={page.money}>
                    <input
                      {...control}
                      className="input"
                      inputMode="decimal"
                      required
                      value={draft.price}
                      onChange={(event) => update({ price: event.target.value })}
                    />
                    <span className="muted">{currency}</span>
                  </div>
                )}
              </Field>
              {service !== null && service.price.currency !== currency && (
                <p className={`alert alert-warning ${styles.wide}`}>
                  {t("services.otherCurrency", { from: service.price.currency, to: currency })}
                </p>
              )}
              <Field
                label={t("services.bufferBefore")}
                hint={t("services.bufferBeforeHint")}
                errors={errorsAt(error, "bufferBeforeMinutes")}
              >
                {(control) => (
                  <DurationInput
                    {...control}
                    units={["minutes", "hours"]}
                    minutes={draft.bufferBeforeMinutes}
                    onChange={(bufferBeforeMinutes) => update({ bufferBeforeMinutes })}
                  />
                )}
              </Field>
              <Field
                label={t("services.bufferAfter")}
                hint={t("services.bufferAfterHint")}
                errors={errorsAt(error, "bufferAfterMinutes")}
              >
                {(control) => (
                  <DurationInput
                    {...control}
                    units={["minutes", "hours"]}
                    minutes={draft.bufferAfterMinutes}
                    onChange={(bufferAfterMinutes) => update({ bufferAfterMinutes })}
                  />
                )}
              </Field>
            </div>
          </section>

          <section className="card" aria-labelledby="service-who">
            <h2 id="service-who" className={styles.sectionTitle}>
              {t("services.whoAndWhat")}
            </h2>
            <div className={styles.grid}>
              <fieldset className={styles.fieldset}>
                <legend>{t("services.staffWho")}</legend>
                {activeStaff.length === 0 ? (
                  <p className="muted">{t("services.noStaff")}</p>
                ) : (
                  activeStaff.map((s) => (
                    <Checkbox
                      key={s.id}
                      label={s.active ? s.name : `${s.name} (${t("services.inactive")})`}
                      checked={draft.staffIds.includes(s.id)}
                      onChange={(on) => update({ staffIds: toggle(draft.staffIds, s.id, on) })}
                    />
                  ))
                )}
                {errorsAt(error, "staffIds").length > 0 && (
                  <p className="field-error">{errorsAt(error, "staffIds").join(" ")}</p>
                )}
                {draft.staffIds.length === 0 && <p className="field-hint">{t("services.nobodyHint")}</p>}
              </fieldset>
              <fieldset className={styles.fieldset}>
                <legend>{t("services.resources")}</legend>
                {(resources.data?.items ?? []).length === 0 ? (
                  <p className="muted">{t("services.noResources")}</p>
                ) : (
                  (resources.data?.items ?? []).map((r) => (
                    <Checkbox
                      key={r.id}
                      label={`${r.name} (${t("services.capacity", { number: r.capacity })})`}
                      checked={draft.resourceIds.includes(r.id)}
                      onChange={(on) => update({ resourceIds: toggle(draft.resourceIds, r.id, on) })}
                    />
                  ))
                )}
                <p className="field-hint">{t("services.resourcesHint")}</p>
                {errorsAt(error, "resourceIds").length > 0 && (
                  <p className="field-error">{errorsAt(error, "resourceIds").join(" ")}</p>
                )}
              </fieldset>
            </div>
          </section>

          <section className="card" aria-labelledby="service-questions">
            <h2 id="service-questions" className={styles.sectionTitle}>
              {t("services.questionnaire")}
            </h2>
            <p className="field-hint">{t("services.questionnaireHint")}</p>
            <QuestionnaireEditor
              questions={draft.questionnaire}
              onChange={(questionnaire) => update({ questionnaire })}
              error={error}
            />
          </section>

          <section className="card" aria-labelledby="service-rules">
            <h2 id="service-rules" className={styles.sectionTitle}>
              {t("services.rules")}
            </h2>
            <p className="field-hint">{t("services.rulesHint")}</p>
            <div className={page.rules}>
              {overridableRules.map((rule) => {
                const own = draft.rules[rule]
                const fallback = businessRule(business.bookingRules, rule)
                return (
                  <div key={rule} className={page.rule}>
                    <Checkbox
                      label={t(ruleText[rule].label)}
                      hint={
                        own === undefined
                          ? t("services.usesBusiness", { value: describeRule(rule, fallback) })
                          : t(ruleText[rule].hint)
                      }
                      checked={own !== undefined}
                      onChange={(on) => {
                        const { [rule]: _, ...rest } = draft.rules
                        update({ rules: on ? { ...rest, [rule]: fallback } : rest })
                      }}
                    />
                    {own !== undefined && (
                      <Field
                        label={t("services.ownValue")}
                        errors={errorsAt(error, `rules.${rule}`)}
                        className={page.ruleValue}
                      >
                        {(control) => (
                          <RuleInput
                            {...control}
                            rule={rule}
                            value={own}
                            onChange={(value) => update({ rules: { ...draft.rules, [rule]: value } })}
                          />
                        )}
                      </Field>
                    )}
                  </div>
                )
              })}
            </div>
          </section>
        </fieldset>

        {canEdit && (
          <div className={`card ${page.footer}`}>
            {save.isError && <ProblemAlert error={unclaimed(error, CLAIMED)} />}
            <FormStatus message={status} />
            <div className={styles.actions}>
              <button
                type="submit"
                className="button button-primary"
                disabled={save.isPending || (service !== null && patches.length === 0)}
              >
                {save.isPending
                  ? t("backOffice.saving")
                  : service === null
                    ? t("services.create")
                    : t("backOffice.save")}
              </button>
              {service !== null && patches.length > 0 && (
                <button
                  type="button"
                  className="button"
                  onClick={() => setDraft(serviceDraftOf(service, i18n.language))}
                >
                  {t("services.discard")}
                </button>
              )}
            </div>
          </div>
        )}
      </form>
      <ConfirmDialog
        open={confirmArchive}
        title={t("services.archiveTitle", { name: service?.name ?? "" })}
        confirmLabel={t("services.archive")}
        onConfirm={() => archive.mutate(false)}
        onCancel={() => setConfirmArchive(false)}
        pending={archive.isPending}
        error={archive.error}
      >
        <p>{t("services.archiveText")}</p>
      </ConfirmDialog>
    </>
  )
}
