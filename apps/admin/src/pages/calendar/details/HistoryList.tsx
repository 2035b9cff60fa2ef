/**
 * What happened to an appointment, newest first: when (in the business's zone), who (a user, the
 * customer through a link, a staff member through an email link, or the system), what, and the
 * details of the change (new time, message, reason, whom it was told to).
 */
import { useTranslation } from "react-i18next"
import { useBusiness } from "../../../session"
import { formatLongDateTime, formatTimeRange } from "../calendarFormat"
import type { AppointmentDetail } from "../calendarModel"
import styles from "./Details.module.css"

type Entry = AppointmentDetail["history"][number]

const knownTypes = [
  "created",
  "approved",
  "rejected",
  "cancelled",
  "rescheduled",
  "confirmed",
  "completed",
  "no_show",
  "details_changed"
] as const
type KnownType = (typeof knownTypes)[number]
const isKnownType = (type: string): type is KnownType => (knownTypes as ReadonlyArray<string>).includes(type)

const text = (value: unknown): string | null =>
  typeof value === "string" && value.trim() !== "" ? value : null

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

export const ActorName = ({ actor }: { readonly actor: Entry["actor"] }) => {
  const { t } = useTranslation()
  return (
    <>
      {actor.kind === "system" ? t("calendar.actor.system") : actor.name}
      {actor.kind === "customer" && ` (${t("calendar.actor.customer")})`}
      {actor.kind === "staff_link" && ` (${t("calendar.actor.staffLink")})`}
    </>
  )
}

const EntryDetails = ({ entry }: { readonly entry: Entry }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const zoned = { locale: i18n.language, timeZone: business.timezone }
  // The history's data is free-form JSON; each field is checked before use.
  const data = entry.data as Record<string, unknown>
  const lines: string[] = []
  const previousStart = text(data.previousStart)
  const previousEnd = text(data.previousEnd)
  const start = text(data.start)
  const end = text(data.end)
  if (
    entry.type === "rescheduled" &&
    previousStart !== null &&
    previousEnd !== null &&
    start !== null &&
    end !== null
  ) {
    lines.push(
      t("calendar.history.moved", {
        from: formatTimeRange(previousStart, previousEnd, zoned),
        to: formatTimeRange(start, end, zoned)
      })
    )
  }
  const message = text(data.message)
  if (message !== null) lines.push(t("calendar.history.message", { message }))
  const reason = text(data.reason)
  if (reason !== null) lines.push(t("calendar.history.reason", { reason }))
  if (entry.type === "no_show" && typeof data.noShow === "boolean") {
    lines.push(t(data.noShow ? "calendar.history.noShowMarked" : "calendar.history.noShowUnmarked"))
  }
  if (Array.isArray(data.fields) && data.fields.length > 0) {
    lines.push(
      t("calendar.history.fields", {
        fields: data.fields.filter((f): f is string => typeof f === "string").join(", ")
      })
    )
  }
  if (isRecord(data.notify)) {
    const customer = data.notify.customer === true
    const staff = data.notify.staff === true
    lines.push(
      t(
        customer && staff
          ? "calendar.history.notifiedBoth"
          : customer
            ? "calendar.history.notifiedCustomer"
            : staff
              ? "calendar.history.notifiedStaff"
              : "calendar.history.notifiedNobody"
      )
    )
  }
  if (lines.length === 0) return null
  return (
    <ul className={styles.historyDetails}>
      {lines.map((line) => (
        <li key={line}>{line}</li>
      ))}
    </ul>
  )
}

export const HistoryList = ({ history }: { readonly history: AppointmentDetail["history"] }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const entries = [...history].reverse()
  return (
    <ol className={styles.history}>
      {entries.map((entry) => (
        <li key={`${entry.at}-${entry.type}-${entry.actor.kind}-${entry.actor.name}`}>
          <p>
            <strong>
              {isKnownType(entry.type) ? t(`calendar.history.types.${entry.type}`) : entry.type}
            </strong>
            {" · "}
            <ActorName actor={entry.actor} />
          </p>
          <p className="muted">
            <time dateTime={entry.at}>
              {formatLongDateTime(entry.at, { locale: i18n.language, timeZone: business.timezone })}
            </time>
          </p>
          <EntryDetails entry={entry} />
        </li>
      ))}
    </ol>
  )
}
