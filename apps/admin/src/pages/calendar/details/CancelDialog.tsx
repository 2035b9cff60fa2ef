/** Cancel an appointment: a personal message for the customer, whom to tell, and for a series which occurrences. */
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { type ChangeResult, useAppointmentCommand } from "../appointmentCommands"
import { type AppointmentDetail, customerNameOf, unreachableReason } from "../calendarModel"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import { NotifyChoices, notifyBoth, type Scope, ScopeChoice } from "./Choices"
import { Modal } from "./Modal"
import { NoteField } from "./NoteField"

export interface ActionDialogProps {
  readonly appointment: AppointmentDetail
  readonly open: boolean
  readonly onClose: () => void
  readonly onDone: (result: ChangeResult) => void
}

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
  const unreachable = unreachableReason(appointment.customer)
  return (
    <ActionForm
      titleId={titleId}
      title={t("calendar.cancel.title")}
      summary={
        <AppointmentLine appointment={appointment} customerName={customerNameOf(appointment.customer)} />
      }
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
      <NoteField
        label={t("calendar.cancel.message")}
        hint={t("calendar.cancel.messageHint")}
        value={message}
        onChange={setMessage}
      />
      <NotifyChoices value={notify} onChange={setNotify} unreachable={unreachable} />
      {appointment.seriesId !== null && <ScopeChoice value={scope} onChange={setScope} />}
    </ActionForm>
  )
}
