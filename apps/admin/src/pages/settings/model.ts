/**
 * The settings forms' values and the merge patches they send to PATCH /v1/business: each section
 * sends only what changed in it, so saving one section never undoes a change made elsewhere.
 */
import type { BusinessSettings } from "../../api"
import { mergePatchOf } from "../../components/mergePatch"

export type BookingRules = BusinessSettings["bookingRules"]
export type Notifications = BusinessSettings["notifications"]
export type Reminder = Notifications["reminders"][number]

export interface BusinessDetails {
  readonly name: string
  readonly timezone: string
  readonly locale: BusinessSettings["locale"]
  readonly currency: string
}

export const detailsOf = (b: BusinessSettings): BusinessDetails => ({
  name: b.name,
  timezone: b.timezone,
  locale: b.locale,
  currency: b.currency
})

/** The patch of the business's name, time zone, language and currency; undefined when unchanged. */
export const detailsPatch = (b: BusinessSettings, d: BusinessDetails) =>
  mergePatchOf(detailsOf(b), { ...d, name: d.name.trim() }) as Partial<BusinessDetails> | undefined

/** The patch of the booking rules (nested objects merged key by key); undefined when unchanged. */
export const rulesPatch = (b: BusinessSettings, rules: BookingRules) => {
  const patch = mergePatchOf(b.bookingRules, rules)
  return patch === undefined ? undefined : { bookingRules: patch as Partial<BookingRules> }
}

/** The patch of the notification settings (reminders replaced whole); undefined when unchanged. */
export const notificationsPatch = (b: BusinessSettings, n: Notifications) => {
  const patch = mergePatchOf(b.notifications, n)
  return patch === undefined ? undefined : { notifications: patch as Partial<Notifications> }
}

/** The patch of the booking page address (empty removes it); undefined when unchanged. */
export const bookingPagePatch = (b: BusinessSettings, url: string) => {
  const next = url.trim() === "" ? null : url.trim()
  return next === b.bookingPageUrl ? undefined : { bookingPageUrl: next }
}

/** A new reminder: the day before, by email, to the client. */
export const newReminder = (): Reminder => ({
  offsetMinutes: 1440,
  channels: ["email"],
  recipients: ["customer"]
})

/** Reminders from the earliest before the start to the latest. */
export const sortReminders = (reminders: ReadonlyArray<Reminder>): Array<Reminder> =>
  [...reminders].sort((a, b) => b.offsetMinutes - a.offsetMinutes)

/** Add or remove one value of a set kept as a list, in the order of `all`. */
export const toggleIn = <A extends string>(
  list: ReadonlyArray<A>,
  value: A,
  on: boolean,
  all: ReadonlyArray<A>
): Array<A> => all.filter((x) => (x === value ? on : list.includes(x)))
