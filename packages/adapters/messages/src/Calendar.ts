/**
 * iCalendar files (RFC 5545) with ical-generator: one event per appointment, its UID
 * `<appointmentId>@creneau` and its SEQUENCE the appointment's version, so that a calendar that
 * received the invitation of a confirmation (METHOD:REQUEST) updates that very entry when the
 * appointment moves (REQUEST again, higher sequence) and removes it when it is cancelled
 * (METHOD:CANCEL). Times are written in UTC. Used for the attachments of emails, the appointment's
 * download and the staff members' subscription feeds.
 */
import {
  type Appointment,
  type AppointmentStatus,
  type Attachment,
  type Business,
  type Customer,
  customerName,
  isCalledOffStatus,
  type StaffMember
} from "@creneau/core"
import { DateTime } from "effect"
import ical, { ICalCalendarMethod, ICalEventStatus } from "ical-generator"

export type CalendarMethod = "REQUEST" | "CANCEL" | "PUBLISH"

/** One entry of a calendar. */
export interface CalendarEvent {
  readonly appointmentId: string
  /** The appointment's version: a later change has a higher sequence. */
  readonly sequence: number
  readonly status: AppointmentStatus
  readonly start: DateTime.Utc
  readonly end: DateTime.Utc
  /** When the appointment last changed (DTSTAMP). */
  readonly stamp: DateTime.Utc
  readonly summary: string
  readonly description?: string | null
  readonly url?: string | null
}

/** A mailbox: `Name <address>` or a bare address. */
export interface Mailbox {
  readonly name: string
  readonly email: string
}

export interface CalendarInput {
  /** The calendar's name (X-WR-CALNAME), e.g. the business's. */
  readonly name: string
  readonly method?: CalendarMethod
  readonly events: ReadonlyArray<CalendarEvent>
  readonly organizer?: Mailbox | null
  /** Who the invitation is for (an email recipient). */
  readonly attendee?: Mailbox | null
  /** How often a subscribed calendar should be read again, in seconds. */
  readonly refreshSeconds?: number
}

/** The UID of an appointment's entry in every calendar. */
export const calendarUid = (appointmentId: string): string => `${appointmentId}@creneau`

const methods: Record<CalendarMethod, ICalCalendarMethod> = {
  REQUEST: ICalCalendarMethod.REQUEST,
  CANCEL: ICalCalendarMethod.CANCEL,
  PUBLISH: ICalCalendarMethod.PUBLISH
}

const statusOf = (status: AppointmentStatus, method: CalendarMethod | undefined): ICalEventStatus =>
  method === "CANCEL" || isCalledOffStatus(status)
    ? ICalEventStatus.CANCELLED
    : status === "pending"
      ? ICalEventStatus.TENTATIVE
      : ICalEventStatus.CONFIRMED

const toDate = (t: DateTime.DateTime): Date => new Date(t.epochMilliseconds)

/** An iCalendar file of `events`. */
export const calendarIcs = (input: CalendarInput): string => {
  const calendar = ical({
    name: input.name,
    prodId: { company: "Creneau", product: "Creneau", language: "EN" },
    ...(input.method !== undefined && { method: methods[input.method] }),
    ...(input.refreshSeconds !== undefined && { ttl: input.refreshSeconds })
  })
  for (const e of input.events) {
    calendar.createEvent({
      id: calendarUid(e.appointmentId),
      sequence: e.sequence,
      start: toDate(e.start),
      end: toDate(e.end),
      stamp: toDate(e.stamp),
      status: statusOf(e.status, input.method),
      summary: e.summary,
      description: e.description ?? null,
      url: e.url ?? null,
      ...(input.organizer != null && {
        organizer: { name: input.organizer.name, email: input.organizer.email }
      }),
      ...(input.attendee != null && {
        attendees: [{ name: input.attendee.name, email: input.attendee.email, rsvp: false }]
      })
    })
  }
  return calendar.toString()
}

/** The entry of one appointment (times, status, sequence and stamp from the appointment). */
export const appointmentEvent = (
  a: Appointment,
  details: { readonly summary: string; readonly description?: string | null; readonly url?: string | null }
): CalendarEvent => ({
  appointmentId: a.id,
  sequence: a.version,
  status: a.status,
  start: a.start,
  end: a.end,
  stamp: a.updatedAt,
  ...details
})

/**
 * The entries of a series' confirmation: the first occurrence's, repeated at each start with the
 * same duration, each under its own appointment's UID.
 */
export const seriesEvents = (
  first: CalendarEvent,
  occurrences: ReadonlyArray<{ readonly appointmentId: string; readonly start: DateTime.Utc }>
): ReadonlyArray<CalendarEvent> => {
  const minutes = Math.round((first.end.epochMilliseconds - first.start.epochMilliseconds) / 60_000)
  return occurrences.map((o) => ({
    ...first,
    appointmentId: o.appointmentId,
    start: o.start,
    end: DateTime.add(o.start, { minutes })
  }))
}

/** `Name <address>` or `address` -> the address; null when there is none. */
export const addressOf = (mailbox: string): string | null => {
  const address = (/<([^<>\s]+@[^<>\s]+)>/.exec(mailbox)?.[1] ?? mailbox).trim()
  return /^[^\s@<>]+@[^\s@<>]+$/.test(address) ? address : null
}

/** An email attachment of a calendar file (base64, as the outbox carries every attachment). */
export const calendarAttachment = (ics: string, method: CalendarMethod): Attachment => ({
  filename: method === "CANCEL" ? "cancel.ics" : "invite.ics",
  contentType: `text/calendar; charset=utf-8; method=${method}`,
  content: Buffer.from(ics, "utf8").toString("base64")
})

/** The appointment as a file to download (no method: a calendar imports it as it is). */
export const appointmentIcs = (
  a: Appointment,
  details: { readonly calendarName: string; readonly summary: string; readonly description?: string | null }
): string =>
  calendarIcs({
    name: details.calendarName,
    events: [appointmentEvent(a, { summary: details.summary, description: details.description ?? null })]
  })

/** How often a subscribed calendar should read a staff member's feed again (15 minutes). */
const FEED_REFRESH_SECONDS = 15 * 60

/**
 * A staff member's subscription feed: one entry per appointment, covering their own items (from
 * the start of their first to the end of their last), named after those services and the client.
 */
export const staffFeedIcs = (feed: {
  readonly business: Business
  readonly staff: StaffMember
  readonly appointments: ReadonlyArray<Appointment>
  readonly customers: ReadonlyArray<Customer>
}): string => {
  const clients = new Map(feed.customers.map((c) => [c.id as string, customerName(c)]))
  const events = feed.appointments.flatMap((a): ReadonlyArray<CalendarEvent> => {
    const mine = a.items.filter((i) => i.staffId === feed.staff.id)
    const first = mine[0]
    const last = mine[mine.length - 1]
    if (first === undefined || last === undefined) return []
    const client = a.customerId === null ? undefined : clients.get(a.customerId)
    return [
      {
        appointmentId: a.id,
        sequence: a.version,
        status: a.status,
        start: first.start,
        end: last.end,
        stamp: a.updatedAt,
        summary: `${mine.map((i) => i.serviceName).join(", ")}${client === undefined ? "" : ` — ${client}`}`,
        description: a.customerRequest
      }
    ]
  })
  return calendarIcs({
    name: `${feed.staff.name} — ${feed.business.name}`,
    method: "PUBLISH",
    events,
    refreshSeconds: FEED_REFRESH_SECONDS
  })
}
