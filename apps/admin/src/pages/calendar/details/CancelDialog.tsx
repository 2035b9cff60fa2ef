/** Cancel an appointment: a personal message for the customer, whom to tell, and for a series which occurrences. */
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { type ChangeResult, useAppointmentCommand } from "../appointmentCommands"
import { type AppointmentDetail, unreachableReason } from "../calendarModel"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import { NotifyChoices, notifyBoth, type Scope, ScopeChoice } from "./Choices"
import styles from "./Details.module.css"
import { Modal } from "./Modal"

export interface ActionDialogProps {
  readonly appointment: AppointmentDetail
  readonly open: boolean
  readonly onClose: () => void
  readonly onDone: (result: ChangeResult) => void
}

const customerNameOf = (a: AppointmentDetail) =>
  a.customer === null ? null : `${a.customer.firstName} ${a.customer.lastName}`.trim()

export const CancelDialog = (props: ActionDialogProps) => {
  const titleId = useId()
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy={titleId}>
      <CancelForm {...props} titleId={titleId} />
    </Modal>
  )
}

const CancelForm = ({
  appointment,
  onClose,
  onDone,
  titleId
}: ActionDialogProps & { readonly titleId: string }) => {
  const { t } = useTranslation()
  const command = useAppointmentCommand()
  const [message, setMessage] = useState("")
  const [notify, setNotify] = useState(notifyBoth)
  const [scope, setScope] = useState<Scope>("this")
  const messageId = useId()
  const unreachable = unreachableReason(appointment.customer)
  return (
    <ActionForm
      titleId={titleId}
      title={t("calendar.cancel.title")}
      summary={<AppointmentLine appointment={appointment} customerName={customerNameOf(appointment)} />}
      submitLabel={t("calendar.cancel.submit")}
      tone="danger"
      pending={command.isPending}
      error={command.error}
      onClose={onClose}
      onSubmit={() =>
        command.send(
          appointment.id,
          {
            kind: "cancel",
            body: {
              ...(message.trim() !== "" && { message: message.trim() }),
              notifyCustomer: notify.notifyCustomer && unreachable === null,
              notifyStaff: notify.notifyStaff,
              ...(appointment.seriesId !== null && { scope })
            }
          },
          { onSuccess: onDone }
        )
      }
    >
      <div className="field">
        <label htmlFor={messageId}>{t("calendar.cancel.message")}</label>
        <textarea
          id={messageId}
          className={`textarea ${styles.textarea}`}
          value={message}
          maxLength={2000}
          rows={3}
          aria-describedby={`${messageId}-hint`}
          onChange={(event) => setMessage(event.target.value)}
        />
        <p className="field-hint" id={`${messageId}-hint`}>
          {t("calendar.cancel.messageHint")}
        </p>
      </div>
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
      {appointment.seriesId !== null && <ScopeChoice value={scope} onChange={setScope} />}
    </ActionForm>
  )
}
