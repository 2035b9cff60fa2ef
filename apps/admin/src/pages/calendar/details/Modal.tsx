/**
 * A modal dialog on the native `<dialog>`: while open the rest of the page is inert (focus stays
 * inside), Escape closes it, and focus goes back to what had it before (or, when that is gone, to
 * the heading of a dialog still open beneath, else to `returnFocus`). `variant="panel"` slides it
 * in at the side of the screen.
 */
import { type ReactNode, useCallback, useEffect, useRef } from "react"
import styles from "./Details.module.css"

export interface ModalProps {
  readonly open: boolean
  readonly onClose: () => void
  /** The id of the element naming the dialog (its heading). */
  readonly labelledBy: string
  readonly variant?: "dialog" | "panel"
  /** Where focus goes on close when the element that had it is no longer on the page. */
  readonly returnFocus?: () => HTMLElement | null
  readonly children: ReactNode
}

export const Modal = ({
  open,
  onClose,
  labelledBy,
  variant = "dialog",
  returnFocus,
  children
}: ModalProps) => {
  const ref = useRef<HTMLDialogElement>(null)
  const opener = useRef<HTMLElement | null>(null)
  const fallback = useRef(returnFocus)
  fallback.current = returnFocus

  const restore = useCallback(() => {
    const target = opener.current
    opener.current = null
    // After the dialog has left the top layer, so that the focus is not taken back. When the
    // opener is gone (an action button that no longer applies), the dialog still open beneath
    // (the details panel) or the page's own fallback takes it.
    requestAnimationFrame(() => {
      const next =
        target?.isConnected === true
          ? target
          : (document.querySelector<HTMLElement>("dialog[open] [data-autofocus]") ??
            fallback.current?.() ??
            null)
      next?.focus()
    })
  }, [])

  useEffect(() => {
    const dialog = ref.current
    if (dialog === null) return
    if (open && !dialog.open) {
      opener.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
      dialog.showModal()
      // The element marked data-autofocus takes focus first (the heading, or the first field).
      dialog.querySelector<HTMLElement>("[data-autofocus]")?.focus()
    } else if (!open && dialog.open) {
      dialog.close()
    }
  }, [open])

  // Closing by unmounting: give focus back all the same.
  useEffect(() => {
    const dialog = ref.current
    return () => {
      if (dialog?.open === true) restore()
    }
  }, [restore])

  return (
    <dialog
      ref={ref}
      aria-labelledby={labelledBy}
      className={variant === "panel" ? styles.panel : styles.dialog}
      onClose={(event) => {
        // React passes a nested dialog's close up the tree: only this dialog's own counts.
        if (event.target !== event.currentTarget) return
        restore()
        onClose()
      }}
    >
      {open && children}
    </dialog>
  )
}
