/**
 * The templates page's logic: templates grouped by event (in the order the API lists them), the
 * key of a template in the address, the appointment a preview starts with (one whose story fits
 * the event), and inserting a variable where the cursor is.
 */

export interface TemplateKey {
  readonly event: string
  readonly recipient: string
  readonly channel: string
}

/** `confirmed/customer/email`. */
export const keyId = (k: TemplateKey): string => `${k.event}/${k.recipient}/${k.channel}`

/** Templates grouped by event, events and templates in the order given. */
export const groupByEvent = <T extends TemplateKey>(
  templates: ReadonlyArray<T>
): ReadonlyArray<{ readonly event: string; readonly templates: ReadonlyArray<T> }> => {
  const groups = new Map<string, Array<T>>()
  for (const t of templates) groups.set(t.event, [...(groups.get(t.event) ?? []), t])
  return [...groups].map(([event, list]) => ({ event, templates: list }))
}

interface PreviewCandidate {
  readonly id: string
  readonly status: string
  readonly pendingReason: string | null
  readonly noShow: boolean
  readonly start: string
  readonly customerId: string | null
}

/** The statuses whose appointments read naturally in a message of `event`. */
const fitting: Readonly<Record<string, (a: PreviewCandidate) => boolean>> = {
  pending: (a) => a.status === "pending" && a.pendingReason === "staff_approval",
  confirm_request: (a) => a.status === "pending" && a.pendingReason === "client_confirmation",
  confirmed: (a) => a.status === "approved",
  cancelled: (a) => a.status === "cancelled",
  rejected: (a) => a.status === "rejected",
  rescheduled: (a) => a.status === "rescheduled",
  reminder: (a) => a.status === "approved" || a.status === "rescheduled",
  follow_up: (a) => a.status === "completed" && !a.noShow,
  missed: (a) => a.status === "completed" && a.noShow
}

/**
 * The appointment a preview of `event` starts with: one with a client whose status fits the
 * event, else any with a client, else any; the soonest after `now` first, then the latest before.
 */
export const suggestAppointment = <A extends PreviewCandidate>(
  event: string,
  appointments: ReadonlyArray<A>,
  now: number
): A | undefined => {
  const byCloseness = [...appointments].sort((a, b) => {
    const da = Date.parse(a.start) - now
    const db = Date.parse(b.start) - now
    if (da >= 0 && db >= 0) return da - db
    if (da < 0 && db < 0) return db - da
    return da >= 0 ? -1 : 1
  })
  const fits = fitting[event] ?? (() => true)
  return (
    byCloseness.find((a) => a.customerId !== null && fits(a)) ??
    byCloseness.find((a) => a.customerId !== null) ??
    byCloseness[0]
  )
}

/** What a template reads for a variable: `{{ client.firstName }}`; list items cannot stand alone. */
export const variableTag = (name: string): string | undefined =>
  name.includes("[]") ? undefined : `{{ ${name} }}`

/** `text` with `insert` put in place of the selection `[start, end)`, and where the cursor goes. */
export const insertAt = (
  text: string,
  insert: string,
  start: number,
  end: number
): { readonly text: string; readonly cursor: number } => ({
  text: `${text.slice(0, start)}${insert}${text.slice(end)}`,
  cursor: start + insert.length
})
