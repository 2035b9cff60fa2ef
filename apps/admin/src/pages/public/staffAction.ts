/**
 * The staff email link's choice: the action its button named (`?action=approve|reject`), chosen
 * beforehand when it is still possible. When it is not (the appointment was decided meanwhile),
 * nothing is chosen for the staff member: the page says why and leaves the other action to them.
 */
export type Decision = "approve" | "reject"

/** The action asked for in the link, if it is one. */
export const requestedAction = (value: string | null): Decision | null =>
  value === "approve" || value === "reject" ? value : null

/** The decision chosen when the page opens, or null when the one asked for is no longer possible. */
export const initialDecision = (
  requested: Decision | null,
  allowed: Readonly<Record<Decision, { readonly allowed: boolean }>>
): Decision | null => {
  if (requested !== null) return allowed[requested].allowed ? requested : null
  if (allowed.approve.allowed) return "approve"
  return allowed.reject.allowed ? "reject" : null
}
