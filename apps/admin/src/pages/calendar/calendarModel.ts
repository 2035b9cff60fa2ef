/**
 * What the calendar shows and what a user may do, as pure functions over the API's answers:
 * appointments as events in staff columns (one per run of consecutive items of one staff
 * member, so a multi-staff appointment shows in each column), the period a view covers, the
 * working hours behind the grid, the move a drag asks for and its optimistic result, and the
 * actions the appointment's status allows now.
 */
import type { InferResponseType } from "hono/client"
import type { api } from "../../api"
import {
  addLocalDays,
  epochOfCalendarDate,
  formatInstant,
  isLocalDate,
  localDateOfCalendarDate,
  minutesOfCalendarDate,
  toCalendarDate,
  weekdayOfLocalDate
} from "./zonedTime"

export type Appointment = InferResponseType<typeof api.v1.appointments.$get, 200>["items"][number]
export type AppointmentDetail = InferResponseType<(typeof api.v1.appointments)[":id"]["$get"], 200>
export type StaffMember = InferResponseType<typeof api.v1.staff.$get, 200>["items"][number]
export type AppointmentStatus = Appointment["status"]

/** The status as the calendar tells it apart: a completed no-show is its own case. */
export type DisplayStatus = AppointmentStatus | "no_show"

export const displayStatuses: ReadonlyArray<DisplayStatus> = [
  "pending",
  "approved",
  "rescheduled",
  "completed",
  "no_show",
  "cancelled",
  "rejected"
]

/** Statuses the calendar hides until asked: they hold no time any more. */
export const hiddenByDefault: ReadonlyArray<DisplayStatus> = ["cancelled", "rejected"]

export const displayStatusOf = (a: Pick<Appointment, "status" | "noShow">): DisplayStatus =>
  a.status === "completed" && a.noShow ? "no_show" : a.status

export const isActive = (status: AppointmentStatus): boolean =>
  status === "pending" || status === "approved" || status === "rescheduled"

/** Who is looking: their role and, for a staff user, their staff member. */
export interface Viewer {
  readonly role: "owner" | "admin" | "staff"
  readonly staffId: string | null
}

/** Owners and admins act on everything; a staff user on the appointments assigned to them. */
export const mayActOn = (a: Pick<Appointment, "items">, viewer: Viewer): boolean =>
  viewer.role !== "staff" || (viewer.staffId !== null && a.items.some((i) => i.staffId === viewer.staffId))

// ---- events ---------------------------------------------------------------------------------

export interface CalendarEvent {
  /** `appointmentId#n`: the n-th run of items of one staff member. */
  readonly id: string
  readonly appointmentId: string
  readonly staffId: string
  /** Calendar dates: the business's wall-clock time (see zonedTime). */
  readonly start: Date
  readonly end: Date
  /** The run's first item start, as the API sent it. */
  readonly startInstant: string
  readonly status: DisplayStatus
  readonly pendingReason: Appointment["pendingReason"]
  /** Null when the appointment has no customer; undefined while the customer's name loads. */
  readonly customerName: string | null | undefined
  readonly services: ReadonlyArray<string>
  readonly inSeries: boolean
  /** Whether dragging it may move the appointment. */
  readonly movable: boolean
  readonly appointment: Appointment
}

export interface EventOptions {
  readonly timeZone: string
  /** Customer names by id, as far as known. */
  readonly customerNames: ReadonlyMap<string, string>
  readonly hidden: ReadonlySet<DisplayStatus>
  /** The staff columns shown; every staff member when undefined. */
  readonly staffIds?: ReadonlySet<string> | undefined
  readonly viewer: Viewer
}

/** The events of a list of appointments, in the business's wall-clock time. */
export const eventsOf = (
  appointments: ReadonlyArray<Appointment>,
  options: EventOptions
): CalendarEvent[] => {
  const events: CalendarEvent[] = []
  for (const a of appointments) {
    const status = displayStatusOf(a)
    if (options.hidden.has(status)) continue
    const customerName = a.customerId === null ? null : options.customerNames.get(a.customerId)
    const movable = isActive(a.status) && mayActOn(a, options.viewer)
    let run = 0
    for (let i = 0; i < a.items.length; ) {
      const first = a.items[i]!
      let j = i
      while (j + 1 < a.items.length && a.items[j + 1]!.staffId === first.staffId) j++
      const last = a.items[j]!
      if (options.staffIds === undefined || options.staffIds.has(first.staffId)) {
        events.push({
          id: `${a.id}#${run}`,
          appointmentId: a.id,
          staffId: first.staffId,
          start: toCalendarDate(first.start, options.timeZone),
          end: toCalendarDate(last.end, options.timeZone),
          startInstant: first.start,
          status,
          pendingReason: a.pendingReason,
          customerName,
          services: a.items.slice(i, j + 1).map((item) => item.serviceName),
          inSeries: a.seriesId !== null,
          movable,
          appointment: a
        })
      }
      run++
      i = j + 1
    }
  }
  return events
}

// ---- periods --------------------------------------------------------------------------------

export type CalendarView = "day" | "week"

/** Weeks start on Monday, the working week of the businesses the product serves. */
export const WEEK_STARTS_ON = 1

/** The first day of the week of a local date. */
export const weekStartOf = (date: string): string =>
  addLocalDays(date, -((weekdayOfLocalDate(date) - WEEK_STARTS_ON + 7) % 7))

/** The days a view shows, as local dates (both included). */
export const rangeOf = (view: CalendarView, date: string): { readonly from: string; readonly to: string } => {
  if (view === "day") return { from: date, to: date }
  const from = weekStartOf(date)
  return { from, to: addLocalDays(from, 6) }
}

/** The date the previous or next period starts on. */
export const stepDate = (view: CalendarView, date: string, direction: 1 | -1): string =>
  addLocalDays(date, (view === "day" ? 1 : 7) * direction)

export interface CalendarParams {
  readonly view: CalendarView
  readonly date: string
  /** The appointment whose details are open. */
  readonly appointmentId: string | null
  /** Staff columns chosen; undefined shows everyone. */
  readonly staffIds: ReadonlyArray<string> | undefined
}

/** The calendar's state from its address: `?view=day&date=2026-03-02&appointment=apt_1&staff=a,b`. */
export const readParams = (search: URLSearchParams, today: string): CalendarParams => {
  const view = search.get("view") === "day" ? "day" : "week"
  const date = search.get("date") ?? ""
  const staff = search.get("staff")
  const appointmentId = search.get("appointment")
  return {
    view,
    date: isLocalDate(date) ? date : today,
    appointmentId: appointmentId === null || appointmentId === "" ? null : appointmentId,
    staffIds: staff === null ? undefined : staff.split(",").filter((id) => id !== "")
  }
}

// ---- working hours --------------------------------------------------------------------------

const WEEKDAY_KEYS = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"] as const

const minutesOf = (time: string): number => {
  const [h, m] = time.split(":").map(Number)
  return (h ?? 0) * 60 + (m ?? 0)
}

/** The staff member's working intervals on a local date, in minutes past midnight. */
export const workingIntervalsOn = (
  staff: Pick<StaffMember, "workingHours">,
  date: string
): ReadonlyArray<readonly [number, number]> => {
  const override = staff.workingHours.overrides.find((o) => o.date === date)
  const intervals = override?.intervals ?? staff.workingHours.weekly[WEEKDAY_KEYS[weekdayOfLocalDate(date)]!]
  return intervals.map((i) => [minutesOf(i.start), minutesOf(i.end)] as const)
}

/**
 * A test of whether a staff member works at a calendar date, for shading the grid: inside
 * their working intervals of that day and outside their time off.
 */
export const workingTimeTest = (
  staff: Pick<StaffMember, "workingHours" | "timeOff">,
  timeZone: string
): ((at: Date) => boolean) => {
  const timeOff = staff.timeOff.map((off) => ({
    start: toCalendarDate(off.start, timeZone).getTime(),
    end: toCalendarDate(off.end, timeZone).getTime()
  }))
  const byDate = new Map<string, ReadonlyArray<readonly [number, number]>>()
  return (at) => {
    const date = localDateOfCalendarDate(at)
    let intervals = byDate.get(date)
    if (intervals === undefined) {
      intervals = workingIntervalsOn(staff, date)
      byDate.set(date, intervals)
    }
    const minutes = minutesOfCalendarDate(at)
    if (!intervals.some(([start, end]) => minutes >= start && minutes < end)) return false
    const t = at.getTime()
    return !timeOff.some((off) => t >= off.start && t < off.end)
  }
}

/**
 * The hours the grid shows: from the earliest start to the latest end of the staff members'
 * weekly hours and of the events, whole hours, 08:00-19:00 when nothing says otherwise.
 */
export const visibleHours = (
  staff: ReadonlyArray<Pick<StaffMember, "workingHours">>,
  events: ReadonlyArray<Pick<CalendarEvent, "start" | "end">>
): { readonly min: number; readonly max: number } => {
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (const member of staff) {
    for (const day of WEEKDAY_KEYS) {
      for (const i of member.workingHours.weekly[day]) {
        min = Math.min(min, minutesOf(i.start))
        max = Math.max(max, minutesOf(i.end))
      }
    }
  }
  for (const e of events) {
    const start = minutesOfCalendarDate(e.start)
    const sameDay = localDateOfCalendarDate(e.start) === localDateOfCalendarDate(e.end)
    min = Math.min(min, start)
    max = Math.max(max, sameDay ? minutesOfCalendarDate(e.end) : 24 * 60)
  }
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { min: 8 * 60, max: 19 * 60 }
  return { min: Math.floor(min / 60) * 60, max: Math.min(24 * 60, Math.ceil(max / 60) * 60) }
}

// ---- moving ---------------------------------------------------------------------------------

export interface Move {
  readonly appointmentId: string
  /** The appointment's new start (RFC 3339, business offset). */
  readonly start: string
  /** The new staff member of every item, when the drop changed column. */
  readonly staffId: string | undefined
  /** How far the appointment moves, in milliseconds. */
  readonly shiftMs: number
}

/**
 * The move a drop asks for: the dragged run lands at `drop.start` (a calendar date) in the column
 * of `drop.staffId`; the appointment's other items keep their place relative to it.
 */
export const moveOf = (
  event: Pick<CalendarEvent, "appointmentId" | "startInstant" | "staffId" | "appointment">,
  drop: { readonly start: Date; readonly staffId: string | undefined },
  timeZone: string
): Move => {
  const shiftMs = epochOfCalendarDate(drop.start, timeZone) - Date.parse(event.startInstant)
  const staffId = drop.staffId !== undefined && drop.staffId !== event.staffId ? drop.staffId : undefined
  return {
    appointmentId: event.appointmentId,
    start: formatInstant(Date.parse(event.appointment.start) + shiftMs, timeZone),
    staffId,
    shiftMs
  }
}

/** Whether a move changes anything. */
export const movesAnything = (move: Move): boolean => move.shiftMs !== 0 || move.staffId !== undefined

/** Whether a move puts the items of several staff members on one (the API moves every item). */
export const mergesStaff = (a: Pick<Appointment, "items">, move: Move): boolean =>
  move.staffId !== undefined && new Set(a.items.map((i) => i.staffId)).size > 1

/** The appointment as it will be once moved: what the calendar shows until the API answers. */
export const movedAppointment = <A extends Appointment>(a: A, move: Move, timeZone: string): A => {
  const shift = (instant: string) => formatInstant(Date.parse(instant) + move.shiftMs, timeZone)
  return {
    ...a,
    status: "rescheduled",
    pendingReason: null,
    start: shift(a.start),
    end: shift(a.end),
    items: a.items.map((item) => ({
      ...item,
      start: shift(item.start),
      end: shift(item.end),
      ...(move.staffId !== undefined && { staffId: move.staffId })
    }))
  }
}

/** A person's name as shown: first and last name; null for no one (a walk-in). */
export const customerNameOf = (
  person: { readonly firstName: string; readonly lastName: string } | null
): string | null => (person === null ? null : `${person.firstName} ${person.lastName}`.trim())

/** Why the customer cannot be told by email, or null when they can. */
export const unreachableReason = (
  customer: { readonly email: string | null } | null
): "no_customer" | "no_email" | null =>
  customer === null ? "no_customer" : customer.email === null || customer.email === "" ? "no_email" : null

/** Minutes split for display: whole days, then hours, then minutes. */
export const splitMinutes = (total: number): { days: number; hours: number; minutes: number } => ({
  days: Math.floor(total / 1440),
  hours: Math.floor((total % 1440) / 60),
  minutes: total % 60
})
