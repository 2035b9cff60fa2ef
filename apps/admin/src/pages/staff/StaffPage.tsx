/**
 * One staff member, new or existing: name, email and phone (where their notifications go), whether
 * they take bookings, weekly working hours and date overrides in the business's time zone, and
 * time off. Owners and admins change them; a staff user reads the same page.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useState } from "react"
import { useTranslation } from "react-i18next"
import { Link, useLocation, useNavigate, useParams } from "react-router"
import { api, isApiError, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
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
import { mergePatchOf } from "../../components/mergePatch"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { isManager } from "../../navigation"
import { useSignedIn } from "../../session"
import { DayIntervals } from "./HoursEditor"
import { hoursAreValid, type Override, sortIntervals, type Week, weekdayNames, weekdays } from "./hours"
import page from "./StaffPage.module.css"
import { TimeOffCard } from "./TimeOffCard"

type Staff = InferResponseType<(typeof api.v1.staff)[":id"]["$get"], 200>

const standardWeek: Week = {
  mon: [{ start: "09:00", end: "17:00" }],
  tue: [{ start: "09:00", end: "17:00" }],
  wed: [{ start: "09:00", end: "17:00" }],
  thu: [{ start: "09:00", end: "17:00" }],
  fri: [{ start: "09:00", end: "17:00" }],
  sat: [],
  sun: []
}

export const StaffPage = () => {
  const { t } = useTranslation()
  const { id } = useParams()
  const location = useLocation()
  const created = (location.state as { created?: boolean } | null)?.created === true
  const member = useQuery({
    queryKey: ["staff", "detail", id],
    queryFn: () => unwrap(api.v1.staff[":id"].$get({ param: { id: id ?? "" } })),
    enabled: id !== undefined
  })
  if (id === undefined) return <NewStaff />
  if (member.isError) {
    return (
      <>
        <PageHeader title={t("staff.member")} />
        <ProblemAlert
          error={member.error}
          {...(!(isApiError(member.error) && member.error.status === 404) && {
            onRetry: () => void member.refetch()
          })}
        />
        <p style={{ marginTop: "var(--space-4)" }}>
          <Link to="/staff">{t("staff.backToList")}</Link>
        </p>
      </>
    )
  }
  if (member.data === undefined) return <Loading />
  const s = member.data
  return (
    <>
      <PageHeader
        title={s.name}
        actions={
          <>
            {!s.active && <span className={styles.badge}>{t("staff.inactive")}</span>}
            <Link className="button" to="/staff">
              {t("staff.backToList")}
            </Link>
          </>
        }
      />
      <ReadOnlyNote />
      <div className={page.layout}>
        <DetailsCard key={`details-${s.id}`} member={s} created={created} />
        <HoursCard key={`hours-${s.id}`} member={s} />
        <TimeOffCard member={s} />
      </div>
    </>
  )
}

const ReadOnlyNote = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  if (isManager(user.role)) return null
  return (
    <p className="alert alert-info" style={{ marginBottom: "var(--space-4)" }}>
      {t("backOffice.readOnly")}
    </p>
  )
}

interface Details {
  readonly name: string
  readonly email: string
  readonly phone: string
  readonly active: boolean
}

const detailsOf = (s: Staff): Details => ({
  name: s.name,
  email: s.email ?? "",
  phone: s.phone ?? "",
  active: s.active
})

const normalized = (d: Details) => ({
  name: d.name.trim(),
  email: d.email.trim() === "" ? null : d.email.trim(),
  phone: d.phone.trim() === "" ? null : d.phone.trim(),
  active: d.active
})

const DETAILS = ["name", "email", "phone", "active"]

const DetailsFields = ({
  details,
  onChange,
  error,
  disabled,
  showActive
}: {
  readonly details: Details
  readonly onChange: (change: Partial<Details>) => void
  readonly error: unknown
  readonly disabled: boolean
  readonly showActive: boolean
}) => {
  const { t } = useTranslation()
  return (
    <fieldset className={styles.fieldset} disabled={disabled}>
      <div className={styles.grid}>
        <Field label={t("staff.name")} errors={errorsAt(error, "name")} className={styles.wide}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={200}
              value={details.name}
              onChange={(event) => onChange({ name: event.target.value })}
            />
          )}
        </Field>
        <Field label={t("staff.email")} hint={t("staff.emailHint")} errors={errorsAt(error, "email")}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="email"
              value={details.email}
              onChange={(event) => onChange({ email: event.target.value })}
            />
          )}
        </Field>
        <Field label={t("staff.phone")} hint={t("staff.phoneHint")} errors={errorsAt(error, "phone")}>
          {(control) => (
            <input
              {...control}
              className="input"
              type="tel"
              value={details.phone}
              onChange={(event) => onChange({ phone: event.target.value })}
            />
          )}
        </Field>
      </div>
      {showActive && (
        <Checkbox
          label={t("staff.active")}
          hint={t("staff.activeHint")}
          checked={details.active}
          onChange={(active) => onChange({ active })}
          errors={errorsAt(error, "active")}
        />
      )}
    </fieldset>
  )
}

const DetailsCard = ({ member, created }: { readonly member: Staff; readonly created: boolean }) => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  const queryClient = useQueryClient()
  const [details, setDetails] = useState(() => detailsOf(member))
  const [status, setStatus] = useState<string | null>(created ? t("staff.created") : null)
  const patch = mergePatchOf(normalized(detailsOf(member)), normalized(details)) as
    | Partial<ReturnType<typeof normalized>>
    | undefined
  const save = useMutation({
    mutationFn: () => unwrap(api.v1.staff[":id"].$patch({ param: { id: member.id }, json: patch ?? {} })),
    onSuccess: (saved) => {
      queryClient.setQueryData(["staff", "detail", member.id], saved)
      void queryClient.invalidateQueries({ queryKey: ["staff"] })
      setDetails(detailsOf(saved))
      setStatus(t("backOffice.saved"))
    }
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (patch !== undefined) save.mutate()
  }
  return (
    <form className={`card ${page.card}`} onSubmit={submit} aria-labelledby="staff-details">
      <h2 id="staff-details" className={styles.sectionTitle}>
        {t("staff.details")}
      </h2>
      <DetailsFields
        details={details}
        onChange={(change) => {
          setStatus(null)
          setDetails((d) => ({ ...d, ...change }))
        }}
        error={save.error}
        disabled={!canEdit}
        showActive
      />
      {save.isError && <ProblemAlert error={unclaimed(save.error, DETAILS)} />}
      <FormStatus message={status} />
      {canEdit && (
        <div className={styles.actions}>
          <button
            type="submit"
            className="button button-primary"
            disabled={save.isPending || patch === undefined}
          >
            {save.isPending ? t("backOffice.saving") : t("backOffice.save")}
          </button>
        </div>
      )}
    </form>
  )
}

const WeekEditor = ({
  week,
  onChange,
  error,
  disabled
}: {
  readonly week: Week
  readonly onChange: (week: Week) => void
  readonly error: unknown
  readonly disabled: boolean
}) => {
  const { t, i18n } = useTranslation()
  const names = weekdayNames(i18n.language)
  return (
    <div className={page.week}>
      {weekdays.map((day, index) => (
        <div key={day} className={page.day}>
          <div className={page.dayName}>
            <span>{names[day]}</span>
            {!disabled && index > 0 && (
              <button
                type="button"
                className={styles.linkButton}
                aria-label={t("staff.sameAsBeforeFor", { day: names[day] })}
                onClick={() => onChange({ ...week, [day]: week[weekdays[index - 1] ?? "mon"] })}
              >
                {t("staff.sameAsBefore")}
              </button>
            )}
          </div>
          <DayIntervals
            label={names[day]}
            intervals={week[day]}
            onChange={(intervals) => onChange({ ...week, [day]: intervals })}
            error={error}
            path={`weekly.${day}`}
            disabled={disabled}
          />
        </div>
      ))}
    </div>
  )
}

const sortedWeek = (week: Week): Week =>
  Object.fromEntries(weekdays.map((d) => [d, sortIntervals(week[d])])) as unknown as Week

const HoursCard = ({ member }: { readonly member: Staff }) => {
  const { t, i18n } = useTranslation()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  const queryClient = useQueryClient()
  const [week, setWeek] = useState<Week>(member.workingHours.weekly)
  const [overrides, setOverrides] = useState<ReadonlyArray<Override>>(member.workingHours.overrides)
  const [status, setStatus] = useState<string | null>(null)
  const [checked, setChecked] = useState(false)
  const changed = mergePatchOf(member.workingHours, { weekly: week, overrides }) !== undefined
  const valid = hoursAreValid(week, overrides)
  const save = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1.staff[":id"]["working-hours"].$put({
          param: { id: member.id },
          json: {
            weekly: sortedWeek(week),
            overrides: [...overrides]
              .sort((a, b) => a.date.localeCompare(b.date))
              .map((o) => ({ ...o, intervals: sortIntervals(o.intervals) }))
          }
        })
      ),
    onSuccess: (saved) => {
      queryClient.setQueryData(["staff", "detail", member.id], saved)
      void queryClient.invalidateQueries({ queryKey: ["staff"] })
      void queryClient.invalidateQueries({ queryKey: ["availability"] })
      setWeek(saved.workingHours.weekly)
      setOverrides(saved.workingHours.overrides)
      setStatus(t("staff.hoursSaved"))
    }
  })
  const touch = () => setStatus(null)
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setChecked(true)
    if (valid && changed) save.mutate()
  }
  const dateFormat = new Intl.DateTimeFormat(i18n.language, { dateStyle: "full", timeZone: "UTC" })
  const dates = overrides.map((o) => o.date)

  return (
    <form className={`card ${page.card}`} onSubmit={submit} aria-labelledby="staff-hours">
      <div className={styles.sectionHeader}>
        <h2 id="staff-hours" className={styles.sectionTitle}>
          {t("staff.hours")}
        </h2>
        <p className="field-hint">{t("staff.hoursZone")}</p>
      </div>
      <WeekEditor
        week={week}
        onChange={(next) => {
          touch()
          setWeek(next)
        }}
        error={save.error}
        disabled={!canEdit}
      />
      <div className={styles.section}>
        <h3 className={page.subTitle}>{t("staff.overrides")}</h3>
        <p className="field-hint">{t("staff.overridesHint")}</p>
        {overrides.length === 0 && <p className="muted">{t("staff.noOverrides")}</p>}
        <ul className={page.overrides}>
          {overrides.map((o, index) => {
            const duplicate = o.date !== "" && dates.indexOf(o.date) !== index
            const label = o.date === "" ? t("staff.overrideNumber", { number: index + 1 }) : o.date
            return (
              // biome-ignore lint/suspicious/noArrayIndexKey: an override being typed has no date yet
              <li key={index} className={page.day}>
                <div className={page.dayName}>
                  <Field
                    label={t("staff.overrideDate")}
                    errors={[
                      ...(duplicate ? [t("staff.duplicateDate")] : []),
                      ...(checked && o.date === "" ? [t("staff.dateRequired")] : []),
                      ...errorsAt(save.error, `overrides.${index}.date`)
                    ]}
                    {...(o.date !== "" && { hint: dateFormat.format(Date.parse(`${o.date}T00:00:00Z`)) })}
                  >
                    {(control) => (
                      <input
                        {...control}
                        className="input"
                        type="date"
                        required
                        disabled={!canEdit}
                        value={o.date}
                        onChange={(event) => {
                          touch()
                          setOverrides(
                            overrides.map((x, n) => (n === index ? { ...x, date: event.target.value } : x))
                          )
                        }}
                      />
                    )}
                  </Field>
                  {canEdit && (
                    <button
                      type="button"
                      className="button button-small"
                      aria-label={t("staff.removeOverride", { date: label })}
                      onClick={() => {
                        touch()
                        setOverrides(overrides.filter((_, n) => n !== index))
                      }}
                    >
                      {t("backOffice.remove")}
                    </button>
                  )}
                </div>
                <DayIntervals
                  label={label}
                  intervals={o.intervals}
                  onChange={(intervals) => {
                    touch()
                    setOverrides(overrides.map((x, n) => (n === index ? { ...x, intervals } : x)))
                  }}
                  error={save.error}
                  path={`overrides.${index}.intervals`}
                  disabled={!canEdit}
                />
              </li>
            )
          })}
        </ul>
        {canEdit && (
          <div>
            <button
              type="button"
              className="button"
              onClick={() => {
                touch()
                setOverrides([...overrides, { date: "", intervals: [] }])
              }}
            >
              {t("staff.addOverride")}
            </button>
          </div>
        )}
      </div>
      {save.isError && <ProblemAlert error={unclaimed(save.error, ["weekly", "overrides"])} />}
      {checked && !valid && (
        <p className="alert alert-error" role="alert">
          {t("staff.fixHours")}
        </p>
      )}
      <FormStatus message={status} />
      {canEdit && (
        <div className={styles.actions}>
          <button type="submit" className="button button-primary" disabled={save.isPending || !changed}>
            {save.isPending ? t("backOffice.saving") : t("staff.saveHours")}
          </button>
          {changed && (
            <button
              type="button"
              className="button"
              onClick={() => {
                setWeek(member.workingHours.weekly)
                setOverrides(member.workingHours.overrides)
                setChecked(false)
              }}
            >
              {t("staff.discard")}
            </button>
          )}
        </div>
      )}
    </form>
  )
}

const NewStaff = () => {
  const { t } = useTranslation()
  const { user } = useSignedIn()
  const navigate = useNavigate()
  const queryClient = useQueryClient()
  const [details, setDetails] = useState<Details>({ name: "", email: "", phone: "", active: true })
  const [week, setWeek] = useState<Week>(standardWeek)
  const [checked, setChecked] = useState(false)
  const [key, setKey] = useState(newIdempotencyKey)
  const create = useMutation({
    mutationFn: () => {
      const { name, email, phone } = normalized(details)
      return unwrap(
        api.v1.staff.$post(
          {
            json: {
              name,
              ...(email !== null && { email }),
              ...(phone !== null && { phone }),
              weekly: sortedWeek(week)
            }
          },
          idempotent(key)
        )
      )
    },
    onSuccess: (created) => {
      void queryClient.invalidateQueries({ queryKey: ["staff"] })
      navigate(`/staff/${created.id}`, { replace: true, state: { created: true } })
    },
    onError: () => setKey(newIdempotencyKey())
  })
  const valid = hoursAreValid(week, [])
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setChecked(true)
    if (valid) create.mutate()
  }
  if (!isManager(user.role)) {
    return (
      <>
        <PageHeader title={t("staff.new")} />
        <p className="alert alert-info">{t("backOffice.readOnly")}</p>
      </>
    )
  }
  return (
    <>
      <PageHeader
        title={t("staff.new")}
        actions={
          <Link className="button" to="/staff">
            {t("staff.backToList")}
          </Link>
        }
      />
      <form className={page.layout} onSubmit={submit}>
        <section className={`card ${page.card}`} aria-labelledby="new-staff-details">
          <h2 id="new-staff-details" className={styles.sectionTitle}>
            {t("staff.details")}
          </h2>
          <DetailsFields
            details={details}
            onChange={(change) => setDetails((d) => ({ ...d, ...change }))}
            error={create.error}
            disabled={false}
            showActive={false}
          />
        </section>
        <section className={`card ${page.card}`} aria-labelledby="new-staff-hours">
          <div className={styles.sectionHeader}>
            <h2 id="new-staff-hours" className={styles.sectionTitle}>
              {t("staff.hours")}
            </h2>
            <p className="field-hint">{t("staff.hoursZone")}</p>
          </div>
          <WeekEditor week={week} onChange={setWeek} error={create.error} disabled={false} />
        </section>
        <div className={`card ${page.card}`}>
          {create.isError && <ProblemAlert error={unclaimed(create.error, [...DETAILS, "weekly"])} />}
          {checked && !valid && (
            <p className="alert alert-error" role="alert">
              {t("staff.fixHours")}
            </p>
          )}
          <div className={styles.actions}>
            <button type="submit" className="button button-primary" disabled={create.isPending}>
              {create.isPending ? t("backOffice.saving") : t("staff.create")}
            </button>
          </div>
        </div>
      </form>
    </>
  )
}
