/**
 * Turning a booking request into appointment items: services back to back from the start, each
 * with a staff member who performs it and, when the service needs one, a resource with free
 * capacity. Used when the business books or moves an appointment; the online path checks the
 * same start against the availability engine first.
 */
import { Array as Arr, DateTime, Result } from "effect"
import type { AppointmentItem } from "./Appointment.js"
import { MAX_ITEMS } from "./Appointment.js"
import {
  type BookedAppointment,
  findConflicts,
  isWithinWorkingHours,
  type SlotRefusal
} from "./Availability.js"
import { PolicyViolation, SlotUnavailable, ValidationFailed } from "./Errors.js"
import type { Money } from "./Money.js"
import type { Resource } from "./Resource.js"
import type { Service } from "./Service.js"
import type { StaffMember } from "./StaffMember.js"

export interface ItemRequest {
  readonly staffId?: string | undefined
  readonly resourceId?: string | undefined
  readonly durationMinutes?: number | undefined
  readonly price?: Money | undefined
}

export interface DraftInput {
  readonly timezone: string
  readonly start: DateTime.Utc
  /** The services, aligned with `requests`. */
  readonly services: ReadonlyArray<Service>
  readonly requests: ReadonlyArray<ItemRequest>
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  /** The active appointments around the start (full appointments fit). */
  readonly appointments: ReadonlyArray<BookedAppointment>
  /** The business may book outside working hours (a walk-in, a late entry) by saying so. */
  readonly allowOutsideHours: boolean
  /** The appointment being moved: its own current items do not block it. */
  readonly excludeAppointmentId?: string
}

const MINUTE = 60_000

const violation = (reason: PolicyViolation["reason"], message: string) =>
  Result.fail(new PolicyViolation({ reason, message }))

const unavailable = (start: DateTime.Utc, end: DateTime.Utc, message: string) =>
  Result.fail(new SlotUnavailable({ message, conflicts: [{ start, end }] }))

/**
 * Build the items of an appointment, or say why not: `too_many_items`, `service_inactive`,
 * `staff_not_assigned`, `staff_inactive`, `resource_not_allowed`, `outside_working_hours`
 * (422), or SlotUnavailable (409) when every candidate is taken.
 */
export const draftItems = (
  input: DraftInput
): Result.Result<
  Arr.NonEmptyReadonlyArray<AppointmentItem>,
  PolicyViolation | SlotUnavailable | ValidationFailed
> => {
  if (input.requests.length > MAX_ITEMS) {
    return violation("too_many_items", `An appointment has at most ${MAX_ITEMS} services.`)
  }
  const staffById = new Map(input.staff.map((s) => [s.id as string, s]))
  const items: Array<AppointmentItem> = []
  let cursor = input.start.epochMilliseconds
  for (const [index, service] of input.services.entries()) {
    const request = input.requests[index] ?? {}
    if (!service.active) return violation("service_inactive", `${service.name} is not offered any more.`)
    const start = DateTime.makeUnsafe(cursor)
    const end = DateTime.makeUnsafe(cursor + (request.durationMinutes ?? service.durationMinutes) * MINUTE)
    cursor = end.epochMilliseconds

    let candidates: ReadonlyArray<StaffMember>
    if (request.staffId !== undefined) {
      const member = staffById.get(request.staffId)
      if (member === undefined || !service.staffIds.includes(member.id)) {
        return violation("staff_not_assigned", `This staff member does not perform ${service.name}.`)
      }
      if (!member.active) return violation("staff_inactive", `${member.name} is not taking appointments.`)
      candidates = [member]
    } else {
      // Prefer whoever already performs the previous items, so one person does the visit.
      const previous = new Set(items.map((i) => i.staffId as string))
      candidates = service.staffIds
        .map((id) => staffById.get(id))
        .filter((s): s is StaffMember => s?.active === true)
        .sort((a, b) => Number(previous.has(b.id)) - Number(previous.has(a.id)))
      if (candidates.length === 0) {
        return violation("staff_not_assigned", `Nobody performs ${service.name}.`)
      }
    }
    if (request.resourceId !== undefined && !service.resourceIds.includes(request.resourceId as never)) {
      return violation("resource_not_allowed", `${service.name} cannot use this resource.`)
    }
    const resourceCandidates: ReadonlyArray<string | null> =
      request.resourceId !== undefined
        ? [request.resourceId]
        : service.resourceIds.length > 0
          ? service.resourceIds
          : [null]

    let outsideHours = 0
    let chosen: AppointmentItem | undefined
    search: for (const member of candidates) {
      if (!input.allowOutsideHours && !isWithinWorkingHours(member, input.timezone, start, end)) {
        outsideHours++
        continue
      }
      for (const resourceId of resourceCandidates) {
        const item: AppointmentItem = {
          serviceId: service.id,
          serviceName: service.name,
          staffId: member.id,
          resourceId: resourceId as AppointmentItem["resourceId"],
          start,
          end,
          price: request.price ?? service.price,
          bufferBeforeMinutes: service.bufferBeforeMinutes,
          bufferAfterMinutes: service.bufferAfterMinutes
        }
        const conflicts = findConflicts(
          [item],
          input.appointments,
          input.resources,
          input.excludeAppointmentId
        )
        if (conflicts.length === 0) {
          chosen = item
          break search
        }
      }
    }
    if (chosen === undefined) {
      if (outsideHours === candidates.length) {
        return violation(
          "outside_working_hours",
          "This time is outside working hours; book it anyway by allowing times outside working hours."
        )
      }
      return unavailable(start, end, `No staff member or resource is free for ${service.name} at this time.`)
    }
    items.push(chosen)
  }
  return Arr.isReadonlyArrayNonEmpty(items)
    ? Result.succeed(items)
    : Result.fail(
        new ValidationFailed({
          message: "An appointment has at least one service.",
          errors: [{ path: "items", message: "At least one service is required." }]
        })
      )
}

/**
 * The error a customer sees when the availability engine refuses a start: 409 when the time is
 * taken, 422 with the engine's reason otherwise.
 */
export const slotRefusalError = (refusal: SlotRefusal): PolicyViolation | SlotUnavailable =>
  refusal.reason === "slot_unavailable"
    ? new SlotUnavailable({ message: "This time is no longer available.", conflicts: [] })
    : new PolicyViolation({ reason: refusal.reason, message: refusal.message })
