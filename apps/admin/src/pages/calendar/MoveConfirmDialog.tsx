/**
 * The confirmation after dragging an appointment: where it was and where it goes (time in the
 * business's zone, staff member), whom to tell, for a series which occurrences, and whether a
 * time outside the working hours is meant. Nothing moves until it is confirmed.
 */
import { useQuery } from "@tanstack/react-query"
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useBusiness } from "../../session"
import type { RescheduleBody } from "./appointmentCommands"
import { formatTimeRange } from "./calendarFormat"
import { type CalendarEvent, type Move, mergesStaff, unreachableReason } from "./calendarModel"
import { customerQuery } from "./calendarQueries"
import { NotifyChoices, notifyBoth, type Scope, ScopeChoice } from "./details/Choices"
import detailStyles from "./details/Details.module.css"
import { Modal } from "./details/Modal"
import { formatInstant } from "./zonedTime"

export interface PendingMove {
  readonly event: CalendarEvent
  readonly move: Move
  /** Ticked again when a refused move is tried anew. */
  readonly allowOutsideHours?: boolean
}

export interface MoveConfirmDialogProps {
  readonly pending: PendingMove | null
  readonly staffName: (id: string) => string
  readonly onCancel: () => void
  readonly onConfirm: (pending: PendingMove, body: RescheduleBody) => void
}

export const MoveConfirmDialog = ({ pending, staffName, onCancel, onConfirm }: MoveConfirmDialogProps) => {
  const titleId = useId()
  return (
    <Modal open={pending !== null} onClose={onCancel} labelledBy={titleId}>
      {pending !== null && (
        <MoveForm
          pending={pending}
          titleId={titleId}
          staffName={staffName}
          onCancel={onCancel}
          onConfirm={onConfirm}
        />
      )}
    </Modal>
  )
}

const MoveForm = ({
  pending,
  titleId,
  staffName,
  onCancel,
  onConfirm
}: Omit<MoveConfirmDialogProps, "pending"> & { readonly pending: PendingMove; readonly titleId: string }) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const { event, move } = pending
  const a = event.appointment
  const customer = useQuery({ ...customerQuery(a.customerId ?? ""), enabled: a.customerId !== null })
  const [notify, setNotify] = useState(notifyBoth)
  const [scope, setScope] = useState<Scope>("this")
  const [outsideHours, setOutsideHours] = useState(pending.allowOutsideHours === true)
  const id = useId()
  const zoned = { locale: i18n.language, timeZone: business.timezone }
  const shift = (instant: string) => formatInstant(Date.parse(instant) + move.shiftMs, business.timezone)
  const staffOf = (ids: ReadonlyArray<string>) => [...new Set(ids)].map(staffName).join(", ")
  const before = staffOf(a.items.map((i) => i.staffId))
  const after = move.staffId === undefined ? before : staffName(move.staffId)
  // Without the customer's record yet, assume they can be told; the API says afterwards.
  const unreachable =
    a.customerId === null
      ? "no_customer"
      : customer.data === undefined
        ? null
        : unreachableReason(customer.data)
  return (
    <form
      className={detailStyles.actionForm}
      onSubmit={(e) => {
        e.preventDefault()
        onConfirm(pending, {
          start: move.start,
          ...(move.staffId !== undefined && { staffId: move.staffId }),
          notifyCustomer: notify.notifyCustomer && unreachable === null,
          notifyStaff: notify.notifyStaff,
          ...(a.seriesId !== null && { scope }),
          ...(outsideHours && { allowOutsideHours: true })
        })
      }}
    >
      <h2 id={titleId} tabIndex={-1} data-autofocus>
        {t("calendar.move.title")}
      </h2>
      <div className={detailStyles.summary}>
        <p>
          <strong>
            {event.customerName === null ? t("calendar.event.noCustomer") : (event.customerName ?? "…")}
          </strong>
          {" · "}
          {a.items.map((i) => i.serviceName).join(", ")}
        </p>
      </div>
      <dl className={detailStyles.moveTable}>
        <div>
          <dt>{t("calendar.move.from")}</dt>
          <dd>
            {formatTimeRange(a.start, a.end, zoned)}
            <br />
            <span className="muted">{before}</span>
          </dd>
        </div>
        <div>
          <dt>{t("calendar.move.to")}</dt>
          <dd>
            <strong>{formatTimeRange(shift(a.start), shift(a.end), zoned)}</strong>
            <br />
            <span className={move.staffId === undefined ? "muted" : undefined}>{after}</span>
          </dd>
        </div>
      </dl>
      {mergesStaff(a, move) && (
        <p className="alert alert-warning">{t("calendar.move.mergesStaff", { name: after })}</p>
      )}
      <label className={detailStyles.check} htmlFor={`${id}-outside`}>
        <input
          id={`${id}-outside`}
          type="checkbox"
          checked={outsideHours}
          onChange={(e) => setOutsideHours(e.target.checked)}
        />
        {t("calendar.reschedule.allowOutsideHours")}
      </label>
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
      {a.seriesId !== null && <ScopeChoice value={scope} onChange={setScope} />}
      <div className={detailStyles.formActions}>
        <button type="button" className="button" onClick={onCancel}>
          {t("calendar.move.keep")}
        </button>
        <button type="submit" className="button button-primary">
          {t("calendar.move.confirm")}
        </button>
      </div>
    </form>
  )
}
