/**
 * Pick a start time from open slots, day by day on the business's clock: a week of days (each
 * with how many times it has), previous and next week, a jump to the next free time, and the
 * chosen day's times grouped into morning, afternoon and evening. The time zone is named, and a
 * note says so when the device shows another time. Used by the online booking page and by the
 * manage page's reschedule; the caller says where the slots come from (`load`).
 */
import { keepPreviousData, useQuery } from "@tanstack/react-query"
import { useEffect, useId, useMemo, useState } from "react"
import { useTranslation } from "react-i18next"
import { ProblemAlert } from "../../components/ProblemAlert"
import { formatDateTime } from "../../format"
import styles from "./SlotPicker.module.css"
import {
  addDays,
  dateAtNoon,
  datesFrom,
  daysBetween,
  deviceZoneDiffers,
  firstDayWithSlots,
  groupByPeriod,
  groupSlotsByDay,
  localDateOf,
  sameInstant,
  zoneName
} from "./slots"
import type { Availability, Slot } from "./types"

const WEEK = 7
/** How far "next free time" looks ahead, in days (the API answers at most 93 days at once). */
const SEARCH_DAYS = 90

export interface SlotPickerProps {
  /** Identifies the slots' source in the query cache (services, staff, link); dates are added. */
  readonly queryKey: ReadonlyArray<unknown>
  /** Slots between two local dates of the business, both included. */
  readonly load: (from: string, to: string) => Promise<Availability>
  readonly timeZone: string
  /** The chosen slot's start, if any. */
  readonly selected: string | null
  readonly onSelect: (slot: Slot) => void
  /** The appointment's current start (when moving it): shown, not selectable. */
  readonly current?: string | undefined
}

export const SlotPicker = ({ queryKey, load, timeZone, selected, onSelect, current }: SlotPickerProps) => {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const headingId = useId()
  const [now] = useState(() => new Date())
  const today = localDateOf(now, timeZone)
  // The first week shown starts today, or on the chosen slot's day when there is one.
  const [weekStart, setWeekStart] = useState(() => {
    const first = selected !== null ? localDateOf(selected, timeZone) : today
    return daysBetween(today, first) > 0 ? first : today
  })
  const [day, setDay] = useState<string | null>(selected === null ? null : localDateOf(selected, timeZone))
  const weekEnd = addDays(weekStart, WEEK - 1)
  const dates = useMemo(() => datesFrom(weekStart, WEEK), [weekStart])

  const week = useQuery({
    queryKey: [...queryKey, weekStart, weekEnd],
    queryFn: () => load(weekStart, weekEnd),
    placeholderData: keepPreviousData,
    staleTime: 15_000
  })
  const showing = week.data !== undefined && !week.isPlaceholderData
  const byDay = useMemo(
    () => groupSlotsByDay(showing ? week.data.slots : [], timeZone),
    [showing, week.data, timeZone]
  )

  // The day shown: the one picked if it is in this week and has times, else the week's first with times.
  const shownDay =
    day !== null && dates.includes(day) && (byDay.get(day)?.length ?? 0) > 0
      ? day
      : firstDayWithSlots(dates, byDay)

  const [searching, setSearching] = useState(false)
  const search = useQuery({
    queryKey: [...queryKey, "next", addDays(weekEnd, 1)],
    queryFn: () => load(addDays(weekEnd, 1), addDays(weekEnd, SEARCH_DAYS)),
    enabled: searching
  })
  // Once the search answers, go to the week of the first free time found.
  useEffect(() => {
    if (!searching || search.data === undefined) return
    setSearching(false)
    const first = search.data.slots.reduce<string | undefined>(
      (min, s) => (min === undefined || Date.parse(s.start) < Date.parse(min) ? s.start : min),
      undefined
    )
    if (first === undefined) return
    const date = localDateOf(first, timeZone)
    setWeekStart(date)
    setDay(date)
  }, [searching, search.data, timeZone])
  const searchedNothing =
    !searching && search.data !== undefined && search.data.slots.length === 0 && showing && byDay.size === 0

  const goToWeek = (start: string) => {
    setWeekStart(daysBetween(today, start) < 0 ? today : start)
    setDay(null)
  }

  const dayLabel = (date: string, style: Intl.DateTimeFormatOptions) =>
    formatDateTime(dateAtNoon(date).toISOString(), { locale, timeZone: "UTC" }, style)
  const timeLabel = (instant: string) => formatDateTime(instant, { locale, timeZone }, { timeStyle: "short" })
  const zone = zoneName(timeZone, locale, now)
  const deviceZone = Intl.DateTimeFormat().resolvedOptions().timeZone

  const shownSlots = shownDay === undefined ? [] : (byDay.get(shownDay) ?? [])

  return (
    <section className={styles.picker} aria-labelledby={headingId}>
      <h2 id={headingId} className="visually-hidden">
        {t("public.slots.title")}
      </h2>
      <p className={styles.zone}>
        {t("public.slots.zone", { zone, timeZone })}
        {deviceZoneDiffers(timeZone, deviceZone, now) && (
          <span className={styles.zoneNote}> {t("public.slots.deviceZone")}</span>
        )}
      </p>

      <div className={styles.weekNav}>
        <button
          type="button"
          className="button button-small"
          onClick={() => goToWeek(addDays(weekStart, -WEEK))}
          disabled={daysBetween(today, weekStart) <= 0}
        >
          <span aria-hidden="true">←</span> {t("public.slots.previousWeek")}
        </button>
        <p className={styles.weekLabel} aria-live="polite">
          {t("public.slots.week", {
            from: dayLabel(weekStart, { day: "numeric", month: "short" }),
            to: dayLabel(weekEnd, { day: "numeric", month: "short" })
          })}
        </p>
        <button
          type="button"
          className="button button-small"
          onClick={() => goToWeek(addDays(weekStart, WEEK))}
        >
          {t("public.slots.nextWeek")} <span aria-hidden="true">→</span>
        </button>
      </div>

      <fieldset className={styles.days}>
        <legend className="visually-hidden">{t("public.slots.days")}</legend>
        {dates.map((date) => {
          const count = byDay.get(date)?.length ?? 0
          const pressed = date === shownDay
          return (
            <button
              key={date}
              type="button"
              className={styles.day}
              aria-pressed={pressed}
              disabled={!showing || count === 0}
              onClick={() => setDay(date)}
              aria-label={`${dayLabel(date, { weekday: "long", day: "numeric", month: "long" })}: ${
                count === 0 ? t("public.slots.dayNone") : t("public.slots.dayCount", { number: count })
              }`}
            >
              <span className={styles.dayName}>{dayLabel(date, { weekday: "short" })}</span>
              <span className={styles.dayNumber}>{dayLabel(date, { day: "numeric" })}</span>
              <span className={styles.dayCount} aria-hidden="true">
                {showing ? (count === 0 ? "–" : count) : "…"}
              </span>
            </button>
          )
        })}
      </fieldset>

      {week.isError && !showing ? (
        <ProblemAlert error={week.error} onRetry={() => void week.refetch()} />
      ) : !showing ? (
        <p className="muted" role="status">
          {t("public.slots.loading")}
        </p>
      ) : shownDay === undefined ? (
        <div className={styles.empty} role="status">
          <p>{t("public.slots.noneThisWeek")}</p>
          {searchedNothing ? (
            <p className="muted">{t("public.slots.noneAhead")}</p>
          ) : (
            <button
              type="button"
              className="button"
              onClick={() => setSearching(true)}
              disabled={searching && search.isFetching}
            >
              {searching && search.isFetching ? t("public.slots.searching") : t("public.slots.findNext")}
            </button>
          )}
          {search.isError && <ProblemAlert error={search.error} />}
        </div>
      ) : (
        <div className={styles.times}>
          <h3 className={styles.dayHeading}>
            {dayLabel(shownDay, { weekday: "long", day: "numeric", month: "long", year: "numeric" })}
          </h3>
          {groupByPeriod(shownSlots, timeZone).map(({ period, slots }) => (
            <fieldset key={period} className={styles.period}>
              <legend className={styles.periodName}>{t(`public.slots.${period}`)}</legend>
              <ul className={styles.grid}>
                {slots.map((slot) => {
                  const isCurrent = current !== undefined && sameInstant(slot.start, current)
                  const isSelected = selected !== null && sameInstant(slot.start, selected)
                  return (
                    <li key={slot.start}>
                      <button
                        type="button"
                        className={styles.time}
                        aria-pressed={isSelected}
                        disabled={isCurrent}
                        onClick={() => onSelect(slot)}
                      >
                        <span>{timeLabel(slot.start)}</span>
                        {isCurrent && <span className={styles.timeNote}>{t("public.slots.current")}</span>}
                      </button>
                    </li>
                  )
                })}
              </ul>
            </fieldset>
          ))}
          {week.isFetching && (
            <p className="muted" role="status">
              {t("public.slots.refreshing")}
            </p>
          )}
        </div>
      )}
    </section>
  )
}
