/**
 * The back office's sections, in the order of the navigation. `managerOnly` sections are for
 * owners and admins (the API refuses their changes to staff users).
 */
import type { TranslationKey } from "./i18n"

export interface Section {
  readonly path: string
  readonly label: TranslationKey
  readonly managerOnly?: boolean
}

export const sections: ReadonlyArray<Section> = [
  { path: "/calendar", label: "nav.calendar" },
  { path: "/needs-attention", label: "nav.needsAttention" },
  { path: "/customers", label: "nav.customers" },
  { path: "/services", label: "nav.services" },
  { path: "/staff", label: "nav.staff" },
  { path: "/resources", label: "nav.resources" },
  { path: "/settings", label: "nav.settings", managerOnly: true },
  { path: "/templates", label: "nav.templates", managerOnly: true },
  { path: "/delivery-log", label: "nav.deliveryLog", managerOnly: true },
  { path: "/api-keys", label: "nav.apiKeys", managerOnly: true }
]

export const isManager = (role: string): boolean => role === "owner" || role === "admin"

/** The sections a user with `role` sees. */
export const sectionsFor = (role: string): ReadonlyArray<Section> =>
  sections.filter((section) => section.managerOnly !== true || isManager(role))
