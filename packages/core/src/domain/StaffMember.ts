/**
 * A bookable person: weekly working hours in the business time zone, date-specific overrides
 * (a different day, or a day off with no intervals), and time off as instant ranges.
 */
import { Schema } from "effect"
import { BusinessId, StaffId, TimeOffId } from "./Ids.js"
import { LocalDate, LocalTimeOfDay, minutesOfTime } from "./LocalTime.js"

export const TimeInterval = Schema.Struct({ start: LocalTimeOfDay, end: LocalTimeOfDay })
  .check(
    Schema.makeFilter((i) => minutesOfTime(i.start) < minutesOfTime(i.end) || "start must be before end")
  )
  .annotate({ identifier: "TimeInterval", description: "From `start` to `end` (`HH:mm`), start before end." })
export type TimeInterval = typeof TimeInterval.Type

const DayIntervals = Schema.Array(TimeInterval).check(Schema.isMaxLength(12))

export const WeeklyHours = Schema.Struct({
  mon: DayIntervals,
  tue: DayIntervals,
  wed: DayIntervals,
  thu: DayIntervals,
  fri: DayIntervals,
  sat: DayIntervals,
  sun: DayIntervals
}).annotate({ identifier: "WeeklyHours", description: "Each weekday's working intervals." })
export type WeeklyHours = typeof WeeklyHours.Type

export const HoursOverride = Schema.Struct({ date: LocalDate, intervals: DayIntervals })
export type HoursOverride = typeof HoursOverride.Type

export const WorkingHours = Schema.Struct({
  weekly: WeeklyHours,
  overrides: Schema.Array(HoursOverride)
})
export type WorkingHours = typeof WorkingHours.Type

export const TimeOff = Schema.Struct({
  id: TimeOffId,
  start: Schema.DateTimeUtc,
  end: Schema.DateTimeUtc,
  reason: Schema.NullOr(Schema.String)
})
export type TimeOff = typeof TimeOff.Type

export const StaffMember = Schema.Struct({
  id: StaffId,
  businessId: BusinessId,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  email: Schema.NullOr(Schema.String),
  phone: Schema.NullOr(Schema.String),
  active: Schema.Boolean,
  workingHours: WorkingHours,
  timeOff: Schema.Array(TimeOff)
})
export type StaffMember = typeof StaffMember.Type

export const emptyWeek: WeeklyHours = { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] }
