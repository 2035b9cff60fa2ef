/** Mark an appointment as a no-show (optionally sending the missed-appointment email), or take the mark back. */
import { useId, useState } from "react"
import { useTranslation } from "react-i18next"
import { useAppointmentCommand } from "../appointmentCommands"
import { customerNameOf, unreachableReason } from "../calendarModel"
import { ActionForm } from "./ActionForm"
import { AppointmentLine } from "./AppointmentLine"
import type { ActionDialogProps } from "./CancelDialog"
import styles from "./Details.module.css"
import { Modal } from "./Modal"

export const NoShowDialog = (props: ActionDialogProps & { readonly noShow: boolean }) => {
  const titleId = useId()
  return (
    <Modal open={props.open} onClose={props.onClose} labelledBy={titleId}>
      <NoShowForm {...props} titleId={titleId} />
    </Modal>
  )
}

const NoShowForm = ({
  appointment,
  noShow,
  onClose,
  onDone,
  titleId
}: ActionDialogProps & { readonly noShow: boolean; readonly titleId: string }) => {
  const { t } = useTranslation()
  const command = useAppointmentCommand()
  const unreachable = unreachableReason(appointment.customer)
  const [sendMissedEmail, setSendMissedEmail] = useState(unreachable === null)
  const checkId = useId()
  const customer = appointment.customer
  return (
    <ActionForm
      titleId={titleId}
      title={t(noShow ? "calendar.noShow.markTitle" : "calendar.noShow.unmarkTitle")}
      summary={<AppointmentLine appointment={appointment} customerName={customerNameOf(customer)} />}
      submitLabel={t(noShow ? "calendar.noShow.mark" : "calendar.noShow.unmark")}
      pending={command.isPending}
      error={command.error}
      onClose={onClose}
      onSubmit={() =>
        command.send(
          appointment.id,
          { kind: "noShow", body: noShow ? { noShow, sendMissedEmail } : { noShow } },
          { onSuccess: onDone }
        )
      }
    >
      {noShow ? (
        <>
          <p className="muted">{t("calendar.noShow.explain")}</p>
          <label className={styles.check} htmlFor={checkId}>
            <input
              id={checkId}
              type="checkbox"
              checked={sendMissedEmail}
              disabled={unreachable !== null}
              onChange={(event) => setSendMissedEmail(event.target.checked)}
            />
            {t("calendar.noShow.sendMissedEmail")}
          </label>
          <p className="field-hint">
            {unreachable === null
              ? t("calendar.noShow.sendMissedEmailHint")
              : t(`calendar.unreachable.${unreachable}`)}
          </p>
        </>
      ) : (
        <p className="muted">{t("calendar.noShow.unmarkExplain")}</p>
      )}
    </ActionForm>
  )
}
