/**
 * The dialog that books an appointment from the calendar: services, time, customer, notes,
 * payment, confirmation and repetition, sent to POST /v1/appointments. A native modal `<dialog>`:
 * the rest of the page is inert while it is open (focus stays inside), Escape closes it, and
 * focus goes back to where it was. Each opening starts a fresh form with its own idempotency key.
 */
import { useEffect, useId, useRef } from "react"
import styles from "./CreateAppointmentDialog.module.css"
import { AppointmentForm } from "./create/AppointmentForm"

export interface CreateAppointmentDialogProps {
  readonly open: boolean
  /** `start`: an ISO instant; `staffId`: the staff member whose calendar it was opened from. */
  readonly initial: { readonly start?: string; readonly staffId?: string }
  readonly onClose: () => void
  /** Called once the appointment exists and the user has seen anything they must act on. */
  readonly onCreated: (appointmentId: string) => void
}

export const CreateAppointmentDialog = ({
  open,
  initial,
  onClose,
  onCreated
}: CreateAppointmentDialogProps) => {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const closeRef = useRef<() => void>(onClose)

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null || !open) return
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null
    if (!dialog.open) dialog.showModal()
    return () => {
      if (dialog.open) dialog.close()
      if (returnTo?.isConnected) returnTo.focus()
    }
  }, [open])

  // The first service picker takes focus once the form is there (the catalogue may still load).
  useEffect(() => {
    if (!open) return
    const dialog = ref.current
    if (dialog === null) return
    const focusFirst = () => {
      const target = dialog.querySelector<HTMLElement>("[data-autofocus]")
      if (target === null) return false
      // Unless the user is already in a field.
      const active = document.activeElement
      const typing =
        active instanceof HTMLInputElement ||
        active instanceof HTMLSelectElement ||
        active instanceof HTMLTextAreaElement
      if (!typing) target.focus()
      return true
    }
    if (focusFirst()) return
    const observer = new MutationObserver(() => {
      if (focusFirst()) observer.disconnect()
    })
    observer.observe(dialog, { childList: true, subtree: true })
    return () => observer.disconnect()
  }, [open])

  return (
    <dialog
      ref={ref}
      className={styles.dialog}
      aria-labelledby={titleId}
      onCancel={(event) => {
        // Escape: the form decides (nothing while sending; after booking, the outcome is seen).
        event.preventDefault()
        closeRef.current()
      }}
    >
      {/* Mounted only while open: every opening starts a fresh form and idempotency key. */}
      {open && (
        <AppointmentForm
          initial={initial}
          titleId={titleId}
          onCancel={onClose}
          onCreated={onCreated}
          closeRef={closeRef}
        />
      )}
    </dialog>
  )
}
