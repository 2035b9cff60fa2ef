/**
 * The calendar the front desk runs its day on: a day or week grid with one column per staff
 * member, appointments at their time in the business's zone (whatever the browser's), coloured
 * and marked by status, working hours shaded. A click on a free slot books there; a drag moves
 * an appointment (after a confirmation, shown at once and undone if refused); a click opens its
 * details. The view, the day, the staff shown and the open appointment live in the address.
 */
import { format, getDay, parse, startOfWeek } from "date-fns"
import { enUS, fr } from "date-fns/locale"
import "react-big-calendar/lib/css/react-big-calendar.css"
import "react-big-calendar/lib/addons/dragAndDrop/styles.css"
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { type CSSProperties, useCallback, useEffect, useMemo, useRef, useState } from "react"
import { Calendar, dateFnsLocalizer, type Formats, type SlotInfo } from "react-big-calendar"
import dragAndDropAddon, { type EventInteractionArgs } from "react-big-calendar/lib/addons/dragAndDrop"
import { useTranslation } from "react-i18next"
import { useSearchParams } from "react-router"
import { PageHeader } from "../../components/PageHeader"
import { ProblemAlert } from "../../components/ProblemAlert"
import { useBusiness, useSignedIn } from "../../session"
import { AppointmentDetails } from "./AppointmentDetails"
import {
  type ChangeResult,
  type RescheduleBody,
  sendCommand,
  useIdempotencyKeys
} from "./appointmentCommands"
import { CalendarEventContent } from "./CalendarEventContent"
import styles from "./CalendarPage.module.css"
import { CalendarToolbar } from "./CalendarToolbar"
import { CreateAppointmentDialog } from "./CreateAppointmentDialog"
import { formatTimeRange } from "./calendarFormat"
import {
  type Appointment,
  type CalendarEvent,
  type CalendarView,
  type DisplayStatus,
  eventsOf,
  hiddenByDefault,
  movedAppointment,
  moveOf,
  movesAnything,
  rangeOf,
  readParams,
  type StaffMember,
  stepDate,
  visibleHours,
  WEEK_STARTS_ON,
  workingTimeTest
} from "./calendarModel"
import {
  appointmentListQuery,
  appointmentQuery,
  appointmentsKey,
  staffListQuery,
  useCustomerNames
} from "./calendarQueries"
import { CommandError } from "./details/Choices"
import { MoveConfirmDialog, type PendingMove } from "./MoveConfirmDialog"
import {
  calendarDateOfLocalDate,
  instantOfCalendarDate,
  localDateOf,
  localDateOfCalendarDate,
  toCalendarDate
} from "./zonedTime"

const localizer = dateFnsLocalizer({
  format,
  parse,
  startOfWeek: (date: Date) => startOfWeek(date, { weekStartsOn: WEEK_STARTS_ON }),
  getDay,
  locales: { fr, en: enUS }
})

// The drag-and-drop addon ships as CommonJS only: depending on the bundler's interop, its default
// export arrives as the function or wrapped in the module object.
const withDragAndDrop: typeof dragAndDropAddon =
  typeof dragAndDropAddon === "function"
    ? dragAndDropAddon
    : (dragAndDropAddon as unknown as { readonly default: typeof dragAndDropAddon }).default

const DragAndDropCalendar = withDragAndDrop<CalendarEvent, StaffMember>(Calendar)

const timeRange = (
  { start, end }: { start: Date; end: Date },
  culture: string | undefined,
  local: { format: (d: Date, f: string, c?: string) => string } | undefined
) => (local === undefined ? "" : `${local.format(start, "p", culture)} – ${local.format(end, "p", culture)}`)

const dayFormats: Formats = {
  timeGutterFormat: "p",
  dayFormat: "EEE d",
  dayHeaderFormat: "EEEE d MMMM",
  eventTimeRangeFormat: timeRange,
  selectRangeFormat: timeRange
}

/** In the narrow columns of the week, an appointment shows its start only. */
const weekFormats: Formats = {
  ...dayFormats,
  eventTimeRangeFormat: ({ start }, culture, local) => local?.format(start, "p", culture) ?? ""
}

/** Appointments this short (minutes) show the customer's name alone. */
const COMPACT_MINUTES = 20

const views = { day: true, week: true } as const

/** The CSS class of each status (react-big-calendar passes on only a class and a style). */
const statusClass: Record<DisplayStatus, string | undefined> = {
  pending: styles.pending,
  approved: styles.approved,
  rescheduled: styles.rescheduled,
  completed: styles.completed,
  no_show: styles.noShow,
  cancelled: styles.cancelled,
  rejected: styles.rejected
}

type ListBody = Awaited<ReturnType<NonNullable<ReturnType<typeof appointmentListQuery>["queryFn"]>>>

interface MoveOutcome {
  readonly pending: PendingMove
  readonly result?: ChangeResult
  readonly error?: unknown
}

export const CalendarPage = () => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const { user } = useSignedIn()
  const queryClient = useQueryClient()
  const timeZone = business.timezone
  const today = localDateOf(Date.now(), timeZone)
  const [search, setSearch] = useSearchParams()
  const searchText = search.toString()
  // biome-ignore lint/correctness/useExhaustiveDependencies: the address's text stands for `search`
  const params = useMemo(() => readParams(search, today), [searchText, today])
  const range = rangeOf(params.view, params.date)
  const culture = i18n.language === "fr" ? "fr" : "en"

  const [hidden, setHidden] = useState<ReadonlySet<DisplayStatus>>(() => new Set(hiddenByDefault))
  const [create, setCreate] = useState<{ readonly start?: string; readonly staffId?: string } | null>(null)
  const [pendingMove, setPendingMove] = useState<PendingMove | null>(null)
  const [moveOutcome, setMoveOutcome] = useState<MoveOutcome | null>(null)
  const calendarRef = useRef<HTMLElement>(null)

  const update = useCallback(
    (change: Record<string, string | null>) =>
      setSearch(
        (current) => {
          const next = new URLSearchParams(current)
          for (const [key, value] of Object.entries(change)) {
            if (value === null) next.delete(key)
            else next.set(key, value)
          }
          return next
        },
        { replace: true }
      ),
    [setSearch]
  )

  // A link to an appointment without a day opens the calendar on the appointment's day.
  const linked = useQuery({
    ...appointmentQuery(params.appointmentId ?? ""),
    enabled: params.appointmentId !== null && !search.has("date")
  })
  useEffect(() => {
    if (linked.data !== undefined && !search.has("date"))
      update({ date: localDateOf(linked.data.start, timeZone) })
  }, [linked.data, search, update, timeZone])

  const staffQuery = useQuery(staffListQuery)
  const list = useQuery({ ...appointmentListQuery(range), placeholderData: (previous) => previous })
  const appointments = useMemo(() => list.data?.items ?? [], [list.data])
  // The active staff, and an archived member who still has appointments in the period.
  const activeStaff = useMemo(() => {
    const booked = new Set(appointments.flatMap((a) => a.items.map((i) => i.staffId)))
    return (staffQuery.data?.items ?? []).filter((s) => s.active || booked.has(s.id))
  }, [staffQuery.data, appointments])
  const shownStaffIds = useMemo(
    () => new Set(params.staffIds?.filter((id) => activeStaff.some((s) => s.id === id)) ?? []),
    [params.staffIds, activeStaff]
  )
  const columns = useMemo(
    () => (shownStaffIds.size === 0 ? activeStaff : activeStaff.filter((s) => shownStaffIds.has(s.id))),
    [activeStaff, shownStaffIds]
  )
  const columnIds = useMemo(() => new Set(columns.map((s) => s.id)), [columns])

  const customerIds = useMemo(
    () => appointments.flatMap((a) => (a.customerId === null ? [] : [a.customerId])),
    [appointments]
  )
  const customerNames = useCustomerNames(customerIds)
  const events = useMemo(
    () =>
      eventsOf(appointments, {
        timeZone,
        customerNames,
        hidden,
        staffIds: columnIds,
        viewer: { role: user.role, staffId: user.staffId }
      }),
    [appointments, timeZone, customerNames, hidden, columnIds, user.role, user.staffId]
  )

  const hours = visibleHours(columns, events)
  const minTime = calendarDateOfLocalDate(params.date, hours.min)
  const maxTime = calendarDateOfLocalDate(params.date, Math.min(hours.max, 24 * 60 - 1))

  const works = useMemo(
    () => new Map(activeStaff.map((s) => [s.id, workingTimeTest(s, timeZone)] as const)),
    [activeStaff, timeZone]
  )
  const staffName = useCallback(
    (id: string) =>
      activeStaff.find((s) => s.id === id)?.name ??
      staffQuery.data?.items.find((s) => s.id === id)?.name ??
      id,
    [activeStaff, staffQuery.data]
  )

  // ---- moving: optimistic, rolled back when the API refuses --------------------------------
  const moveKeys = useIdempotencyKeys()
  const listKey = [...appointmentsKey, "list"]
  const moveMutation = useMutation({
    mutationFn: (input: {
      readonly pending: PendingMove
      readonly body: RescheduleBody
      readonly key: string
    }) =>
      sendCommand({
        appointmentId: input.pending.move.appointmentId,
        command: { kind: "reschedule", body: input.body },
        idempotencyKey: input.key
      }),
    onMutate: async ({ pending }) => {
      await queryClient.cancelQueries({ queryKey: listKey })
      const previous = queryClient.getQueriesData<ListBody>({ queryKey: listKey })
      queryClient.setQueriesData<ListBody>({ queryKey: listKey }, (data) =>
        data === undefined
          ? data
          : {
              ...data,
              items: data.items.map((a: Appointment) =>
                a.id === pending.move.appointmentId ? movedAppointment(a, pending.move, timeZone) : a
              )
            }
      )
      return { previous }
    },
    onError: (error, { pending }, context) => {
      for (const [key, data] of context?.previous ?? []) queryClient.setQueryData(key, data)
      setMoveOutcome({ pending, error })
    },
    onSuccess: (result, { pending }) => {
      moveKeys.forget()
      setMoveOutcome({ pending, result })
    },
    onSettled: () => queryClient.invalidateQueries({ queryKey: appointmentsKey })
  })

  const confirmMove = (pending: PendingMove, body: RescheduleBody) => {
    setPendingMove(null)
    setMoveOutcome(null)
    moveMutation.mutate({
      pending,
      body,
      key: moveKeys.keyFor(pending.move.appointmentId, { kind: "reschedule", body })
    })
  }

  const onEventDrop = ({ event, start, resourceId }: EventInteractionArgs<CalendarEvent>) => {
    if (!event.movable) return
    const move = moveOf(
      event,
      {
        start: start instanceof Date ? start : new Date(start),
        staffId: resourceId === undefined ? undefined : String(resourceId)
      },
      timeZone
    )
    if (movesAnything(move)) setPendingMove({ event, move })
  }

  // ---- opening and booking ---------------------------------------------------------------
  const openAppointment = (id: string, start?: string) =>
    update({ appointment: id, ...(start !== undefined && { date: localDateOf(start, timeZone) }) })

  const onSelectSlot = (slot: SlotInfo) => {
    const staffId = slot.resourceId === undefined ? undefined : String(slot.resourceId)
    setCreate({
      start: instantOfCalendarDate(slot.start, timeZone),
      ...(staffId !== undefined && { staffId })
    })
  }

  const title = useMemo(() => {
    const utc = (d: string) => {
      const [y, m, day] = d.split("-").map(Number)
      return new Date(Date.UTC(y ?? 1970, (m ?? 1) - 1, day ?? 1, 12))
    }
    const formatter = new Intl.DateTimeFormat(i18n.language, {
      timeZone: "UTC",
      day: "numeric",
      month: "long",
      year: "numeric",
      ...(params.view === "day" && { weekday: "long" })
    })
    return params.view === "day"
      ? formatter.format(utc(range.from))
      : formatter.formatRange(utc(range.from), utc(range.to))
  }, [i18n.language, params.view, range.from, range.to])

  const columnWidth = params.view === "day" ? "10rem" : "6.5rem"

  return (
    <div className={styles.page}>
      <PageHeader
        title={t("calendar.title")}
        actions={
          <button type="button" className="button button-primary" onClick={() => setCreate({})}>
            {t("calendar.newAppointment")}
          </button>
        }
      />
      <CalendarToolbar
        title={title}
        view={params.view}
        onView={(view: CalendarView) => update({ view })}
        onToday={() => update({ date: today })}
        onStep={(direction) => update({ date: stepDate(params.view, params.date, direction) })}
        staff={activeStaff}
        shownStaff={columnIds}
        onStaff={(ids) => update({ staff: ids === undefined ? null : ids.join(",") })}
        hidden={hidden}
        onToggleStatus={(status, shown) =>
          setHidden((current) => {
            const next = new Set(current)
            if (shown) next.delete(status)
            else next.add(status)
            return next
          })
        }
      />

      <div aria-live="polite" className={styles.feedback}>
        {moveMutation.isPending && <p className="muted">{t("calendar.move.sending")}</p>}
        {moveOutcome?.result !== undefined && (
          <div className={`alert ${moveOutcome.result.customerNotified ? "alert-success" : "alert-warning"}`}>
            <p className="alert-title">
              {t("calendar.move.done", {
                name:
                  moveOutcome.pending.event.customerName === null
                    ? t("calendar.event.noCustomer")
                    : (moveOutcome.pending.event.customerName ?? "…"),
                time: formatTimeRange(
                  moveOutcome.result.appointment.start,
                  moveOutcome.result.appointment.end,
                  {
                    locale: i18n.language,
                    timeZone
                  }
                )
              })}
            </p>
            <p>
              {moveOutcome.result.customerNotified
                ? t("calendar.notified.yes")
                : t(
                    `calendar.notified.${moveOutcome.result.reason === "no_customer" || moveOutcome.result.reason === "no_email" ? moveOutcome.result.reason : "not_requested"}`
                  )}
            </p>
            <button type="button" className="button button-small" onClick={() => setMoveOutcome(null)}>
              {t("calendar.move.dismiss")}
            </button>
          </div>
        )}
      </div>
      {moveOutcome?.error !== undefined && (
        <div className={styles.feedback}>
          <p className={styles.moveFailed}>
            {t("calendar.move.failed", {
              name:
                moveOutcome.pending.event.customerName === null
                  ? t("calendar.event.noCustomer")
                  : (moveOutcome.pending.event.customerName ?? "…")
            })}
          </p>
          <CommandError error={moveOutcome.error} />
          <div className={styles.feedbackActions}>
            <button
              type="button"
              className="button button-small"
              onClick={() => {
                setPendingMove(moveOutcome.pending)
                setMoveOutcome(null)
              }}
            >
              {t("calendar.move.retry")}
            </button>
            <button type="button" className="button button-small" onClick={() => setMoveOutcome(null)}>
              {t("calendar.move.dismiss")}
            </button>
          </div>
        </div>
      )}
      {list.isError && <ProblemAlert error={list.error} onRetry={() => void list.refetch()} />}
      {staffQuery.isError && (
        <ProblemAlert error={staffQuery.error} onRetry={() => void staffQuery.refetch()} />
      )}
      {list.isFetching && list.data === undefined && (
        <p className="muted" role="status">
          {t("app.loading")}
        </p>
      )}

      <section
        ref={calendarRef}
        className={styles.calendar}
        data-view={params.view}
        style={{ "--column-min-width": columnWidth } as CSSProperties}
        tabIndex={-1}
        aria-label={t("calendar.gridLabel", { period: title })}
      >
        {activeStaff.length === 0 && staffQuery.isSuccess ? (
          <p className="card muted">{t("calendar.noStaff")}</p>
        ) : (
          <DragAndDropCalendar
            localizer={localizer}
            culture={culture}
            formats={params.view === "week" ? weekFormats : dayFormats}
            events={events}
            date={calendarDateOfLocalDate(params.date)}
            onNavigate={(date: Date) => update({ date: localDateOfCalendarDate(date) })}
            view={params.view}
            onView={(view) => update({ view: view === "day" ? "day" : "week" })}
            views={views}
            toolbar={false}
            getNow={() => toCalendarDate(Date.now(), timeZone)}
            resources={columns}
            resourceIdAccessor={(s: StaffMember) => s.id}
            resourceTitleAccessor={(s: StaffMember) => s.name}
            resourceAccessor={(e: CalendarEvent) => e.staffId}
            resourceGroupingLayout={params.view === "week" && columns.length > 1}
            min={minTime}
            max={maxTime}
            step={15}
            timeslots={4}
            dayLayoutAlgorithm="no-overlap"
            selectable
            longPressThreshold={300}
            onSelectSlot={onSelectSlot}
            onSelectEvent={(event: CalendarEvent) => openAppointment(event.appointmentId)}
            onKeyPressEvent={(event: CalendarEvent, e) => {
              // The event blocks are buttons: Enter or Space opens the appointment.
              const key = "key" in e ? e.key : undefined
              if (key === "Enter" || key === " ") {
                e.preventDefault()
                openAppointment(event.appointmentId)
              }
            }}
            draggableAccessor={(event: CalendarEvent) => event.movable}
            resizable={false}
            onEventDrop={onEventDrop}
            tooltipAccessor={(e: CalendarEvent) =>
              [
                e.customerName === null ? t("calendar.event.noCustomer") : (e.customerName ?? "…"),
                e.services.join(", "),
                t(`calendar.status.${e.status}`)
              ].join(" · ")
            }
            titleAccessor={(e: CalendarEvent) =>
              e.customerName === null ? t("calendar.event.noCustomer") : (e.customerName ?? "…")
            }
            eventPropGetter={(e: CalendarEvent) => ({
              className: [
                styles.event,
                statusClass[e.status],
                e.movable ? styles.movable : "",
                e.end.getTime() - e.start.getTime() <= COMPACT_MINUTES * 60_000 ? styles.compact : ""
              ].join(" ")
            })}
            dayPropGetter={(_date: Date, resourceId?: number | string) =>
              params.view === "week" && columns.length > 1 && resourceId === columns[0]?.id
                ? { className: styles.dayStart }
                : {}
            }
            slotPropGetter={(date: Date, resourceId?: number | string) => {
              const test = resourceId === undefined ? undefined : works.get(String(resourceId))
              return test === undefined || test(date) ? {} : { className: styles.offHours }
            }}
            components={{ event: CalendarEventContent }}
            messages={{ noEventsInRange: t("calendar.empty") }}
            scrollToTime={minTime}
          />
        )}
      </section>

      <AppointmentDetails
        appointmentId={params.appointmentId}
        onClose={() => update({ appointment: null })}
        onOpenAppointment={(id, start) => openAppointment(id, start)}
        returnFocus={() => calendarRef.current}
      />
      <MoveConfirmDialog
        pending={pendingMove}
        staffName={staffName}
        onCancel={() => setPendingMove(null)}
        onConfirm={confirmMove}
      />
      <CreateAppointmentDialog
        open={create !== null}
        initial={create ?? {}}
        onClose={() => setCreate(null)}
        onCreated={(appointmentId) => {
          setCreate(null)
          void queryClient.invalidateQueries({ queryKey: appointmentsKey })
          openAppointment(appointmentId)
        }}
      />
    </div>
  )
}
