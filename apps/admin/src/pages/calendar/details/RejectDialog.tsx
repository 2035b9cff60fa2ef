/** Reject an appointment: the reason given to the customer, and whom to tell. */
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useAppointmentCommand } from "../appointmentCommands"
import { unreachableReason } from "../calendarModel"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import type { ActionDialogProps } from "./CancelDialog"
import { NotifyChoices, notifyBoth } from "./Choices"
import styles from "./Details.module.css"
import { Modal } from "./Modal"

export const RejectDialog = (props: ActionDialogProps) => {
  const titleId = useId()
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy={titleId}>
      <RejectForm {...props} titleId={titleId} />
    </Modal>
  )
}

const RejectForm = ({
  appointment,
  onClose,
  onDone,
  titleId
}: ActionDialogProps & { readonly titleId: string }) => {
  const { t } = useTranslation()
  const command = useAppointmentCommand()
  const [reason, setReason] = useState("")
  const [notify, setNotify] = useState(notifyBoth)
  const reasonId = useId()
  const unreachable = unreachableReason(appointment.customer)
  const customer = appointment.customer
  return (
    <ActionForm
      titleId={titleId}
      title={t("calendar.reject.title")}
      summary={
        <AppointmentLine
          appointment={appointment}
          customerName={customer === null ? null : `${customer.firstName} ${customer.lastName}`}
        />
      }
      submitLabel={t("calendar.reject.submit")}
      tone="danger"
      pending={command.isPending}
      error={command.error}
      onClose={onClose}
      onSubmit={() =>
        command.send(
          appointment.id,
          {
            kind: "reject",
            body: {
              ...(reason.trim() !== "" && { reason: reason.trim() }),
              notifyCustomer: notify.notifyCustomer && unreachable === null,
              notifyStaff: notify.notifyStaff
            }
          },
          { onSuccess: onDone }
        )
      }
    >
      <div className="field">
        <label htmlFor={reasonId}>{t("calendar.reject.reason")}</label>
        <textarea
          id={reasonId}
          className={`textarea ${styles.textarea}`}
          value={reason}
          maxLength={2000}
          rows={3}
          aria-describedby={`${reasonId}-hint`}
          onChange={(event) => setReason(event.target.value)}
        />
        <p className="field-hint" id={`${reasonId}-hint`}>
          {t("calendar.reject.reasonHint")}
        </p>
      </div>
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
    </ActionForm>
  )
}
