/** The needs-attention queue: pending appointments, the longest-waiting first. */

interface Pending {
  readonly id: string
  readonly start: string
  readonly createdAt: string
}

/**
 * Oldest first: by start (a request whose time has passed comes before any future one), then by
 * when it was made.
 */
export const sortPending = <A extends Pending>(items: ReadonlyArray<A>): ReadonlyArray<A> =>
  [...items].sort(
    (a, b) =>
      Date.parse(a.start) - Date.parse(b.start) ||
      Date.parse(a.createdAt) - Date.parse(b.createdAt) ||
      a.id.localeCompare(b.id)
  )

/** Whether the appointment's start has passed at `now` (epoch milliseconds). */
export const hasStarted = (appointment: { readonly start: string }, now: number): boolean =>
  Date.parse(appointment.start) <= now
