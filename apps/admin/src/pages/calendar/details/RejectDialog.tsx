/** Reject an appointment: the reason given to the customer, and whom to tell. */
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useAppointmentCommand } from "../appointmentCommands"
import { customerNameOf, unreachableReason } from "../calendarModel"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import type { ActionDialogProps } from "./CancelDialog"
import { NotifyChoices, notifyBoth } from "./Choices"
import { Modal } from "./Modal"
import { NoteField } from "./NoteField"

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
  const unreachable = unreachableReason(appointment.customer)
  return (
    <ActionForm
      titleId={titleId}
      title={t("calendar.reject.title")}
      summary={
        <AppointmentLine appointment={appointment} customerName={customerNameOf(appointment.customer)} />
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
      <NoteField
        label={t("calendar.reject.reason")}
        hint={t("calendar.reject.reasonHint")}
        value={reason}
        onChange={setReason}
      />
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
    </ActionForm>
  )
}
