/**
 * The business's settings, one section and one save each: the business (name, time zone,
 * language, currency), the booking rules every new appointment copies, notifications (reminders,
 * follow-up, missed-appointment email) and the booking page. Each save sends a merge patch of its
 * section only. Staff users read the settings without changing them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query"
import { type FormEvent, type ReactNode, useId, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { api, type BusinessSettings, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { DurationInput } from "../../components/DurationInput"
import { Checkbox, errorsAt, Field, FormStatus, unclaimed } from "../../components/forms"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { isManager } from "../../navigation"
import { businessKey, sessionKey, useBusiness, useSignedIn } from "../../session"
import { businessRule, type OverridableRule, overridableRules, type RuleValue } from "../services/serviceForm"
import {
  type BookingRules,
  type BusinessDetails,
  bookingPagePatch,
  detailsOf,
  detailsPatch,
  type Notifications,
  newReminder,
  notificationsPatch,
  type Reminder,
  rulesPatch,
  toggleIn
} from "./model"
import { RuleInput, ruleText } from "./RuleInput"
import page from "./SettingsPage.module.css"

export const SettingsPage = () => {
  const { t } = useTranslation()
  const business = useBusiness()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  return (
    <>
      <PageHeader title={t("settings.title")} />
      {!canEdit && (
        <p className="alert alert-info" style={{ marginBottom: "var(--space-4)" }}>
          {t("backOffice.readOnly")}
        </p>
      )}
      <nav className={page.toc} aria-label={t("settings.sections")}>
        <a href="#settings-business">{t("settings.business.title")}</a>
        <a href="#settings-rules">{t("settings.rules.title")}</a>
        <a href="#settings-notifications">{t("settings.notifications.title")}</a>
        <a href="#settings-booking-page">{t("settings.bookingPage.title")}</a>
      </nav>
      <div className={page.sections}>
        <BusinessSection key={`b-${business.id}`} business={business} canEdit={canEdit} />
        <RulesSection key={`r-${business.id}`} business={business} canEdit={canEdit} />
        <NotificationsSection key={`n-${business.id}`} business={business} canEdit={canEdit} />
        <BookingPageSection key={`p-${business.id}`} business={business} canEdit={canEdit} />
      </div>
    </>
  )
}

/** PATCH /v1/business with one section's changes; the business everywhere follows. */
const useSaveBusiness = (onSaved: (saved: BusinessSettings) => void) => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (patch: Record<string, unknown>) => unwrap(api.v1.business.$patch({ json: patch })),
    onSuccess: (saved) => {
      queryClient.setQueryData(businessKey, saved)
      void queryClient.invalidateQueries({ queryKey: sessionKey })
      onSaved(saved)
    }
  })
}

const Section = ({
  id,
  title,
  intro,
  canEdit,
  onSubmit,
  children,
  footer
}: {
  readonly id: string
  readonly title: string
  readonly intro?: string
  readonly canEdit: boolean
  readonly onSubmit: () => void
  readonly children: ReactNode
  readonly footer: ReactNode
}) => (
  <form
    id={id}
    className={`card ${page.section}`}
    aria-labelledby={`${id}-title`}
    onSubmit={(event: FormEvent<HTMLFormElement>) => {
      event.preventDefault()
      onSubmit()
    }}
  >
    <div>
      <h2 id={`${id}-title`} className={styles.sectionTitle}>
        {title}
      </h2>
      {intro !== undefined && <p className="field-hint">{intro}</p>}
    </div>
    <fieldset className={styles.fieldset} disabled={!canEdit}>
      {children}
    </fieldset>
    {footer}
  </form>
)

const SaveBar = ({
  canEdit,
  pending,
  changed,
  error,
  claimed,
  status,
  onDiscard
}: {
  readonly canEdit: boolean
  readonly pending: boolean
  readonly changed: boolean
  readonly error: unknown
  readonly claimed: ReadonlyArray<string>
  readonly status: string | null
  readonly onDiscard: () => void
}) => {
  const { t } = useTranslation()
  return (
    <>
      {error !== null && error !== undefined && <ProblemAlert error={unclaimed(error, claimed)} />}
      <FormStatus message={status} />
      {canEdit && (
        <div className={styles.actions}>
          <button type="submit" className="button button-primary" disabled={pending || !changed}>
            {pending ? t("backOffice.saving") : t("backOffice.save")}
          </button>
          {changed && (
            <button type="button" className="button" onClick={onDiscard}>
              {t("settings.discard")}
            </button>
          )}
        </div>
      )}
    </>
  )
}

/** Every IANA zone the browser knows, with the business's own first in case it is not listed. */
const timeZones = (current: string): ReadonlyArray<string> => {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : []
  return all.includes(current) ? all : [current, ...all]
}

const currencies = (current: string): ReadonlyArray<string> => {
  const all = typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("currency") : []
  return all.includes(current) ? all : [current, ...all]
}

const BusinessSection = ({
  business,
  canEdit
}: {
  readonly business: BusinessSettings
  readonly canEdit: boolean
}) => {
  const { t, i18n } = useTranslation()
  const [details, setDetails] = useState<BusinessDetails>(() => detailsOf(business))
  const [status, setStatus] = useState<string | null>(null)
  const save = useSaveBusiness((saved) => {
    setDetails(detailsOf(saved))
    setStatus(t("backOffice.saved"))
  })
  const patch = detailsPatch(business, details)
  const zones = useMemo(() => timeZones(details.timezone), [details.timezone])
  const codes = useMemo(() => currencies(details.currency), [details.currency])
  const currencyNames = useMemo(
    () => new Intl.DisplayNames([i18n.language], { type: "currency" }),
    [i18n.language]
  )
  const set = (change: Partial<BusinessDetails>) => {
    setStatus(null)
    setDetails((d) => ({ ...d, ...change }))
  }
  const error = save.error
  return (
    <Section
      id="settings-business"
      title={t("settings.business.title")}
      canEdit={canEdit}
      onSubmit={() => patch !== undefined && save.mutate(patch)}
      footer={
        <SaveBar
          canEdit={canEdit}
          pending={save.isPending}
          changed={patch !== undefined}
          error={save.error}
          claimed={["name", "timezone", "locale", "currency"]}
          status={status}
          onDiscard={() => setDetails(detailsOf(business))}
        />
      }
    >
      <div className={styles.grid}>
        <Field label={t("settings.business.name")} errors={errorsAt(error, "name")} className={styles.wide}>
          {(control) => (
            <input
              {...control}
              className="input"
              required
              maxLength={200}
              value={details.name}
              onChange={(event) => set({ name: event.target.value })}
            />
          )}
        </Field>
        <Field
          label={t("settings.business.timezone")}
          hint={t("settings.business.timezoneHint")}
          errors={errorsAt(error, "timezone")}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={details.timezone}
              onChange={(event) => set({ timezone: event.target.value })}
            >
              {zones.map((zone) => (
                <option key={zone} value={zone}>
                  {zone.replaceAll("_", " ")}
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field
          label={t("settings.business.locale")}
          hint={t("settings.business.localeHint")}
          errors={errorsAt(error, "locale")}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={details.locale}
              onChange={(event) => set({ locale: event.target.value === "en" ? "en" : "fr" })}
            >
              <option value="fr" lang="fr">
                {t("languages.fr")}
              </option>
              <option value="en" lang="en">
                {t("languages.en")}
              </option>
            </select>
          )}
        </Field>
        <Field
          label={t("settings.business.currency")}
          hint={t("settings.business.currencyHint")}
          errors={errorsAt(error, "currency")}
        >
          {(control) => (
            <select
              {...control}
              className="select"
              value={details.currency}
              onChange={(event) => set({ currency: event.target.value })}
            >
              {codes.map((code) => (
                <option key={code} value={code}>
                  {code} — {currencyNames.of(code) ?? code}
                </option>
              ))}
            </select>
          )}
        </Field>
      </div>
    </Section>
  )
}

/** Set one rule of the flat list in the nested rules. */
const withRule = (rules: BookingRules, rule: OverridableRule, value: RuleValue): BookingRules => {
  switch (rule) {
    case "clientCancel.enabled":
      return { ...rules, clientCancel: { ...rules.clientCancel, enabled: value === true } }
    case "clientCancel.minNoticeMinutes":
      return { ...rules, clientCancel: { ...rules.clientCancel, minNoticeMinutes: Number(value) } }
    case "clientReschedule.enabled":
      return { ...rules, clientReschedule: { ...rules.clientReschedule, enabled: value === true } }
    case "clientReschedule.minNoticeMinutes":
      return { ...rules, clientReschedule: { ...rules.clientReschedule, minNoticeMinutes: Number(value) } }
    case "approvalMode":
      return { ...rules, approvalMode: value === "manual" ? "manual" : "auto" }
    default:
      return { ...rules, [rule]: Number(value) }
  }
}

const RulesSection = ({
  business,
  canEdit
}: {
  readonly business: BusinessSettings
  readonly canEdit: boolean
}) => {
  const { t } = useTranslation()
  const [rules, setRules] = useState<BookingRules>(business.bookingRules)
  const [status, setStatus] = useState<string | null>(null)
  const save = useSaveBusiness((saved) => {
    setRules(saved.bookingRules)
    setStatus(t("settings.rules.saved"))
  })
  const patch = rulesPatch(business, rules)
  const set = (next: BookingRules) => {
    setStatus(null)
    setRules(next)
  }
  const error = save.error
  const threshold = rules.noShowApprovalThreshold
  // Notice periods only matter while the client may act online.
  const hidden = (rule: OverridableRule) =>
    (rule === "clientCancel.minNoticeMinutes" && !rules.clientCancel.enabled) ||
    (rule === "clientReschedule.minNoticeMinutes" && !rules.clientReschedule.enabled)
  return (
    <Section
      id="settings-rules"
      title={t("settings.rules.title")}
      intro={t("settings.rules.intro")}
      canEdit={canEdit}
      onSubmit={() => patch !== undefined && save.mutate(patch)}
      footer={
        <SaveBar
          canEdit={canEdit}
          pending={save.isPending}
          changed={patch !== undefined}
          error={save.error}
          claimed={["bookingRules"]}
          status={status}
          onDiscard={() => setRules(business.bookingRules)}
        />
      }
    >
      <div className={page.rules}>
        {overridableRules
          .filter((rule) => !hidden(rule))
          .map((rule) => (
            <Field
              key={rule}
              label={t(ruleText[rule].label)}
              hint={t(ruleText[rule].hint)}
              errors={errorsAt(error, `bookingRules.${rule}`)}
            >
              {(control) => (
                <RuleInput
                  {...control}
                  rule={rule}
                  value={businessRule(rules, rule)}
                  onChange={(value) => set(withRule(rules, rule, value))}
                />
              )}
            </Field>
          ))}
      </div>
      <Checkbox
        label={t("settings.rules.preferredStaff")}
        hint={t("settings.rules.preferredStaffHint")}
        checked={rules.preferredStaffSelection}
        onChange={(preferredStaffSelection) => set({ ...rules, preferredStaffSelection })}
        errors={errorsAt(error, "bookingRules.preferredStaffSelection")}
      />
      <div className={page.threshold}>
        <Checkbox
          label={t("settings.rules.noShowThreshold")}
          hint={t("settings.rules.noShowThresholdHint")}
          checked={threshold !== null}
          onChange={(on) => set({ ...rules, noShowApprovalThreshold: on ? (threshold ?? 2) : null })}
        />
        {threshold !== null && (
          <Field
            label={t("settings.rules.noShowCount")}
            errors={errorsAt(error, "bookingRules.noShowApprovalThreshold")}
            className={page.indented}
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
                value={Number.isNaN(threshold) ? "" : threshold}
                onChange={(event) =>
                  set({
                    ...rules,
                    noShowApprovalThreshold:
                      event.target.value === "" ? Number.NaN : Number(event.target.value)
                  })
                }
              />
            )}
          </Field>
        )}
      </div>
    </Section>
  )
}

const channels = ["email", "sms"] as const
const recipients = ["customer", "staff"] as const

const ReminderRow = ({
  reminder,
  index,
  onChange,
  onRemove,
  error,
  canEdit
}: {
  readonly reminder: Reminder
  readonly index: number
  readonly onChange: (reminder: Reminder) => void
  readonly onRemove: () => void
  readonly error: unknown
  readonly canEdit: boolean
}) => {
  const { t } = useTranslation()
  const number = index + 1
  const at = `notifications.reminders.${index}`
  const legendId = useId()
  return (
    <li className={page.reminder} aria-labelledby={legendId}>
      <p id={legendId} className={page.reminderTitle}>
        {t("settings.notifications.reminderNumber", { number })}
      </p>
      <Field
        label={t("settings.notifications.offset")}
        hint={t("settings.notifications.offsetHint")}
        errors={errorsAt(error, `${at}.offsetMinutes`)}
      >
        {(control) => (
          <DurationInput
            {...control}
            minutes={reminder.offsetMinutes}
            onChange={(offsetMinutes) => onChange({ ...reminder, offsetMinutes })}
          />
        )}
      </Field>
      <fieldset className={styles.fieldset}>
        <legend>{t("settings.notifications.channels")}</legend>
        <div className={styles.inline}>
          {channels.map((c) => (
            <Checkbox
              key={c}
              label={t(`settings.notifications.channel.${c}`)}
              checked={reminder.channels.includes(c)}
              onChange={(on) =>
                onChange({ ...reminder, channels: toggleIn(reminder.channels, c, on, channels) })
              }
            />
          ))}
        </div>
        {(reminder.channels.length === 0 || errorsAt(error, `${at}.channels`).length > 0) && (
          <p className="field-error">{t("settings.notifications.pickOne")}</p>
        )}
      </fieldset>
      <fieldset className={styles.fieldset}>
        <legend>{t("settings.notifications.recipients")}</legend>
        <div className={styles.inline}>
          {recipients.map((r) => (
            <Checkbox
              key={r}
              label={t(`settings.notifications.recipient.${r}`)}
              checked={reminder.recipients.includes(r)}
              onChange={(on) =>
                onChange({ ...reminder, recipients: toggleIn(reminder.recipients, r, on, recipients) })
              }
            />
          ))}
        </div>
        {(reminder.recipients.length === 0 || errorsAt(error, `${at}.recipients`).length > 0) && (
          <p className="field-error">{t("settings.notifications.pickOne")}</p>
        )}
      </fieldset>
      {canEdit && (
        <div>
          <button type="button" className="button button-small" onClick={onRemove}>
            {t("settings.notifications.removeReminder", { number })}
          </button>
        </div>
      )}
    </li>
  )
}

const NotificationsSection = ({
  business,
  canEdit
}: {
  readonly business: BusinessSettings
  readonly canEdit: boolean
}) => {
  const { t } = useTranslation()
  const [settings, setSettings] = useState<Notifications>(business.notifications)
  const [status, setStatus] = useState<string | null>(null)
  const save = useSaveBusiness((saved) => {
    setSettings(saved.notifications)
    setStatus(t("settings.notifications.saved"))
  })
  const patch = notificationsPatch(business, settings)
  const set = (next: Notifications) => {
    setStatus(null)
    setSettings(next)
  }
  const error = save.error
  const incomplete = settings.reminders.some((r) => r.channels.length === 0 || r.recipients.length === 0)
  return (
    <Section
      id="settings-notifications"
      title={t("settings.notifications.title")}
      intro={t("settings.notifications.intro")}
      canEdit={canEdit}
      onSubmit={() => patch !== undefined && !incomplete && save.mutate(patch)}
      footer={
        <SaveBar
          canEdit={canEdit}
          pending={save.isPending}
          changed={patch !== undefined}
          error={save.error}
          claimed={["notifications"]}
          status={status}
          onDiscard={() => setSettings(business.notifications)}
        />
      }
    >
      <div className={styles.section}>
        <h3 className={page.subTitle}>{t("settings.notifications.reminders")}</h3>
        <p className="field-hint">{t("settings.notifications.remindersHint")}</p>
        {settings.reminders.length === 0 && (
          <p className="muted">{t("settings.notifications.noReminders")}</p>
        )}
        <ul className={page.reminders}>
          {settings.reminders.map((reminder, index) => (
            <ReminderRow
              // biome-ignore lint/suspicious/noArrayIndexKey: reminders have no identity beyond their place
              key={index}
              reminder={reminder}
              index={index}
              error={error}
              canEdit={canEdit}
              onChange={(next) =>
                set({ ...settings, reminders: settings.reminders.map((r, i) => (i === index ? next : r)) })
              }
              onRemove={() =>
                set({ ...settings, reminders: settings.reminders.filter((_, i) => i !== index) })
              }
            />
          ))}
        </ul>
        {canEdit && (
          <div>
            <button
              type="button"
              className="button"
              disabled={settings.reminders.length >= 10}
              onClick={() => set({ ...settings, reminders: [...settings.reminders, newReminder()] })}
            >
              {t("settings.notifications.addReminder")}
            </button>
          </div>
        )}
      </div>
      <div className={styles.section}>
        <h3 className={page.subTitle}>{t("settings.notifications.afterVisit")}</h3>
        <Checkbox
          label={t("settings.notifications.followUp")}
          hint={t("settings.notifications.followUpHint")}
          checked={settings.followUp.enabled}
          onChange={(enabled) => set({ ...settings, followUp: { ...settings.followUp, enabled } })}
        />
        {settings.followUp.enabled && (
          <Field
            label={t("settings.notifications.followUpDelay")}
            hint={t("settings.notifications.followUpDelayHint")}
            errors={errorsAt(error, "notifications.followUp")}
            className={page.indented}
          >
            {(control) => (
              <DurationInput
                {...control}
                minutes={settings.followUp.delayMinutes}
                onChange={(delayMinutes) =>
                  set({ ...settings, followUp: { ...settings.followUp, delayMinutes } })
                }
              />
            )}
          </Field>
        )}
        <Checkbox
          label={t("settings.notifications.missed")}
          hint={t("settings.notifications.missedHint")}
          checked={settings.missedAppointmentEmail.enabled}
          onChange={(enabled) => set({ ...settings, missedAppointmentEmail: { enabled } })}
          errors={errorsAt(error, "notifications.missedAppointmentEmail")}
        />
      </div>
    </Section>
  )
}

const BookingPageSection = ({
  business,
  canEdit
}: {
  readonly business: BusinessSettings
  readonly canEdit: boolean
}) => {
  const { t } = useTranslation()
  const [url, setUrl] = useState(business.bookingPageUrl ?? "")
  const [status, setStatus] = useState<string | null>(null)
  const save = useSaveBusiness((saved) => {
    setUrl(saved.bookingPageUrl ?? "")
    setStatus(t("backOffice.saved"))
  })
  const patch = bookingPagePatch(business, url)
  const ownPage = `${window.location.origin}/book/${business.id}`
  return (
    <Section
      id="settings-booking-page"
      title={t("settings.bookingPage.title")}
      canEdit={canEdit}
      onSubmit={() => patch !== undefined && save.mutate(patch)}
      footer={
        <SaveBar
          canEdit={canEdit}
          pending={save.isPending}
          changed={patch !== undefined}
          error={save.error}
          claimed={["bookingPageUrl"]}
          status={status}
          onDiscard={() => setUrl(business.bookingPageUrl ?? "")}
        />
      }
    >
      <div className={page.bookingPage}>
        <p>{t("settings.bookingPage.ours")}</p>
        <p>
          <a href={ownPage} target="_blank" rel="noreferrer" className={styles.mono}>
            {ownPage}
          </a>
        </p>
      </div>
      <Field
        label={t("settings.bookingPage.url")}
        hint={t("settings.bookingPage.urlHint")}
        errors={errorsAt(save.error, "bookingPageUrl")}
      >
        {(control) => (
          <input
            {...control}
            className="input"
            type="url"
            maxLength={2000}
            placeholder="https://"
            value={url}
            onChange={(event) => {
              setStatus(null)
              setUrl(event.target.value)
            }}
          />
        )}
      </Field>
    </Section>
  )
}
