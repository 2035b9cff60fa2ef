/**
 * Move an appointment to another day, time or staff member (date and time in the business's
 * zone), choosing whom to tell, for a series which occurrences, and whether a time outside the
 * working hours is meant.
 */
import { useQuery } from "@tanstack/react-query"
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useBusiness } from "../../../session"
import { useAppointmentCommand } from "../appointmentCommands"
import { formatLongDateTime } from "../calendarFormat"
import { customerNameOf, unreachableReason } from "../calendarModel"
import { staffListQuery } from "../calendarQueries"
import { epochOfWallClock, formatInstant, isLocalDate, wallClockOf } from "../zonedTime"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import type { ActionDialogProps } from "./CancelDialog"
import { NotifyChoices, notifyBoth, type Scope, ScopeChoice } from "./Choices"
import styles from "./Details.module.css"
import { Modal } from "./Modal"

export const RescheduleDialog = (props: ActionDialogProps) => {
  const titleId = useId()
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy={titleId}>
      <RescheduleForm {...props} titleId={titleId} />
    </Modal>
  )
}

const pad = (n: number) => String(n).padStart(2, "0")

/** The instant of a local date and time `HH:MM` in the zone, or null while either is incomplete. */
const instantOf = (date: string, time: string, timeZone: string): string | null => {
  const match = /^(\d{2}):(\d{2})$/.exec(time)
  if (!isLocalDate(date) || match === null) return null
  const [year, month, day] = date.split("-").map(Number)
  const wall = {
    year: year!,
    month: month!,
    day: day!,
    hour: Number(match[1]),
    minute: Number(match[2]),
    second: 0
  }
  return formatInstant(epochOfWallClock(wall, timeZone), timeZone)
}

const RescheduleForm = ({
  appointment,
  onClose,
  onDone,
  titleId
}: ActionDialogProps & { readonly titleId: string }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const staff = useQuery(staffListQuery)
  const command = useAppointmentCommand()
  const wall = wallClockOf(appointment.start, business.timezone)
  const [date, setDate] = useState(`${wall.year}-${pad(wall.month)}-${pad(wall.day)}`)
  const [time, setTime] = useState(`${pad(wall.hour)}:${pad(wall.minute)}`)
  const [staffId, setStaffId] = useState("")
  const [notify, setNotify] = useState(notifyBoth)
  const [scope, setScope] = useState<Scope>("this")
  const [outsideHours, setOutsideHours] = useState(false)
  const [incomplete, setIncomplete] = useState(false)
  const id = useId()
  const unreachable = unreachableReason(appointment.customer)
  const start = instantOf(date, time, business.timezone)
  const currentStaff = [...new Set(appointment.items.map((i) => i.staffId))]
  const nameOf = (sid: string) => staff.data?.items.find((s) => s.id === sid)?.name ?? sid
  const customer = appointment.customer
  return (
    <ActionForm
      titleId={titleId}
      title={t("calendar.reschedule.title")}
      summary={<AppointmentLine appointment={appointment} customerName={customerNameOf(customer)} />}
      submitLabel={t("calendar.reschedule.submit")}
      pending={command.isPending}
      error={command.error}
      onClose={onClose}
      onSubmit={() => {
        if (start === null) {
          setIncomplete(true)
          return
        }
        command.send(
          appointment.id,
          {
            kind: "reschedule",
            body: {
              start,
              ...(staffId !== "" && { staffId }),
              notifyCustomer: notify.notifyCustomer && unreachable === null,
              notifyStaff: notify.notifyStaff,
              ...(appointment.seriesId !== null && { scope }),
              ...(outsideHours && { allowOutsideHours: true })
            }
          },
          { onSuccess: onDone }
        )
      }}
    >
      <div className={styles.fieldRow}>
        <div className="field">
          <label htmlFor={`${id}-date`}>{t("calendar.reschedule.date")}</label>
          <input
            id={`${id}-date`}
            type="date"
            className="input"
            required
            value={date}
            aria-invalid={incomplete && !isLocalDate(date)}
            onChange={(event) => setDate(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-time`}>{t("calendar.reschedule.time")}</label>
          <input
            id={`${id}-time`}
            type="time"
            className="input"
            required
            step={60 * appointment.rulesSnapshot.slotIntervalMinutes}
            value={time}
            aria-invalid={incomplete && start === null}
            onChange={(event) => setTime(event.target.value)}
          />
        </div>
      </div>
      <p className="field-hint" role="status">
        {start === null
          ? t("calendar.reschedule.incomplete")
          : t("calendar.reschedule.newTime", {
              time: formatLongDateTime(start, { locale: i18n.language, timeZone: business.timezone }),
              zone: business.timezone
            })}
      </p>
      <div className="field">
        <label htmlFor={`${id}-staff`}>{t("calendar.reschedule.staff")}</label>
        <select
          id={`${id}-staff`}
          className="select"
          value={staffId}
          aria-describedby={`${id}-staff-hint`}
          onChange={(event) => setStaffId(event.target.value)}
        >
          <option value="">
            {currentStaff.length === 1
              ? t("calendar.reschedule.keepStaff", { name: nameOf(currentStaff[0]!) })
              : t("calendar.reschedule.keepEachStaff")}
          </option>
          {(staff.data?.items ?? [])
            .filter((s) => s.active && !(currentStaff.length === 1 && s.id === currentStaff[0]))
            .map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
        </select>
        <p className="field-hint" id={`${id}-staff-hint`}>
          {t("calendar.reschedule.staffHint")}
        </p>
      </div>
      <label className={styles.check} htmlFor={`${id}-outside`}>
        <input
          id={`${id}-outside`}
          type="checkbox"
          checked={outsideHours}
          onChange={(event) => setOutsideHours(event.target.checked)}
        />
        {t("calendar.reschedule.allowOutsideHours")}
      </label>
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
      {appointment.seriesId !== null && <ScopeChoice value={scope} onChange={setScope} />}
    </ActionForm>
  )
}
