/**
 * A staff member's time off: the ranges in the business's time zone, newest last, each removable,
 * and a form to add one (start and end typed as the business's wall-clock times).
 */
import { useMutation, useQueryClient } from "@tanstack/react-query"
import type { InferResponseType } from "hono/client"
import { type FormEvent, useState } from "react"
import { useTranslation } from "react-i18next"
import { api, unwrap } from "../../api"
import styles from "../../components/BackOffice.module.css"
import { ConfirmDialog } from "../../components/ConfirmDialog"
import { errorsAt, Field, FormStatus, idempotent, newIdempotencyKey, unclaimed } from "../../components/forms"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime } from "../../format"
import { isManager } from "../../navigation"
import { useBusiness, useSignedIn } from "../../session"
import page from "./StaffPage.module.css"
import { instantOfLocal, localOfInstant } from "./zonedTime"

type Staff = InferResponseType<(typeof api.v1.staff)[":id"]["$get"], 200>
type TimeOff = Staff["timeOff"][number]

/** Tomorrow at `hour`:00 in the business's zone, for the form's first values. */
const tomorrowAt = (hour: number, timeZone: string) =>
  `${localOfInstant(Date.now() + 86_400_000, timeZone).slice(0, 10)}T${String(hour).padStart(2, "0")}:00`

export const TimeOffCard = ({ member }: { readonly member: Staff }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const { user } = useSignedIn()
  const canEdit = isManager(user.role)
  const queryClient = useQueryClient()
  const zone = business.timezone
  const [start, setStart] = useState(() => tomorrowAt(9, zone))
  const [end, setEnd] = useState(() => tomorrowAt(18, zone))
  const [reason, setReason] = useState("")
  const [key, setKey] = useState(newIdempotencyKey)
  const [status, setStatus] = useState<string | null>(null)
  const [removing, setRemoving] = useState<TimeOff | null>(null)
  const refresh = () => {
    void queryClient.invalidateQueries({ queryKey: ["staff"] })
    void queryClient.invalidateQueries({ queryKey: ["availability"] })
  }

  const add = useMutation({
    mutationFn: () =>
      unwrap(
        api.v1.staff[":id"]["time-off"].$post(
          {
            param: { id: member.id },
            json: {
              start: instantOfLocal(start, zone) ?? start,
              end: instantOfLocal(end, zone) ?? end,
              ...(reason.trim() !== "" && { reason: reason.trim() })
            }
          },
          idempotent(key)
        )
      ),
    onSuccess: () => {
      setKey(newIdempotencyKey())
      setReason("")
      setStatus(t("staff.timeOffAdded"))
      refresh()
    },
    onError: () => setKey(newIdempotencyKey())
  })
  const remove = useMutation({
    mutationFn: (entry: TimeOff) =>
      unwrap(api.v1.staff[":id"]["time-off"][":tid"].$delete({ param: { id: member.id, tid: entry.id } })),
    onSuccess: () => {
      setRemoving(null)
      setStatus(t("staff.timeOffRemoved"))
      refresh()
    }
  })
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    setStatus(null)
    add.mutate()
  }
  const show = (instant: string) =>
    formatDateTime(
      instant,
      { locale: i18n.language, timeZone: zone },
      { dateStyle: "medium", timeStyle: "short" }
    )
  const entries = [...member.timeOff].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
  const now = Date.now()

  return (
    <section className={`card ${page.card}`} aria-labelledby="staff-time-off">
      <div className={styles.sectionHeader}>
        <h2 id="staff-time-off" className={styles.sectionTitle}>
          {t("staff.timeOff")}
        </h2>
        <p className="field-hint">{t("staff.timeOffZone", { zone })}</p>
      </div>
      {entries.length === 0 ? (
        <p className="muted">{t("staff.noTimeOff")}</p>
      ) : (
        <ul className={page.timeOff}>
          {entries.map((entry) => (
            <li key={entry.id} className={Date.parse(entry.end) < now ? page.past : undefined}>
              <div>
                <p>
                  {t("staff.timeOffRange", { start: show(entry.start), end: show(entry.end) })}
                  {Date.parse(entry.end) < now && <span className={styles.badge}>{t("staff.past")}</span>}
                </p>
                {entry.reason !== null && entry.reason !== "" && <p className="muted">{entry.reason}</p>}
              </div>
              {canEdit && (
                <button
                  type="button"
                  className="button button-small"
                  aria-label={t("staff.removeTimeOff", { start: show(entry.start) })}
                  onClick={() => {
                    remove.reset()
                    setRemoving(entry)
                  }}
                >
                  {t("backOffice.remove")}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      <FormStatus message={status} />
      {canEdit && (
        <form className={`form ${page.addTimeOff}`} onSubmit={submit} aria-labelledby="staff-add-time-off">
          <h3 id="staff-add-time-off" className={page.subTitle}>
            {t("staff.addTimeOff")}
          </h3>
          <div className={styles.grid}>
            <Field label={t("staff.timeOffStart")} errors={errorsAt(add.error, "start")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="datetime-local"
                  required
                  value={start}
                  onChange={(event) => {
                    const next = event.target.value
                    setStart(next)
                    // Keep the range the right way round while the start moves forward.
                    if (next !== "" && next >= end) setEnd(`${next.slice(0, 10)}T23:59`)
                  }}
                />
              )}
            </Field>
            <Field label={t("staff.timeOffEnd")} errors={errorsAt(add.error, "end")}>
              {(control) => (
                <input
                  {...control}
                  className="input"
                  type="datetime-local"
                  required
                  min={start}
                  value={end}
                  onChange={(event) => setEnd(event.target.value)}
                />
              )}
            </Field>
            <Field
              label={t("staff.timeOffReason")}
              hint={t("backOffice.optional")}
              errors={errorsAt(add.error, "reason")}
            >
              {(control) => (
                <input
                  {...control}
                  className="input"
                  maxLength={500}
                  value={reason}
                  onChange={(event) => setReason(event.target.value)}
                />
              )}
            </Field>
          </div>
          {add.isError && <ProblemAlert error={unclaimed(add.error, ["start", "end", "reason"])} />}
          <div className={styles.actions}>
            <button type="submit" className="button button-primary" disabled={add.isPending}>
              {add.isPending ? t("backOffice.saving") : t("staff.addTimeOffButton")}
            </button>
          </div>
        </form>
      )}
      <ConfirmDialog
        open={removing !== null}
        title={t("staff.removeTimeOffTitle")}
        confirmLabel={t("backOffice.remove")}
        onConfirm={() => removing !== null && remove.mutate(removing)}
        onCancel={() => setRemoving(null)}
        pending={remove.isPending}
        error={remove.error}
      >
        {removing !== null && (
          <p>{t("staff.timeOffRange", { start: show(removing.start), end: show(removing.end) })}</p>
        )}
      </ConfirmDialog>
    </section>
  )
}
