/**
 * Staff members (with working hours and time off), resources and services: create, change
 * (JSON Merge Patch, re-validated against the whole entity and its references), remove.
 */
import { Effect, Schema } from "effect"
import { BookingRulesOverride } from "../domain/BookingRules.js"
import { Email, Phone } from "../domain/Customer.js"
import { NotFound, ValidationFailed } from "../domain/Errors.js"
import type { BusinessId, ResourceId, ServiceId, StaffId, TimeOffId } from "../domain/Ids.js"
import { ResourceId as ResourceIdSchema, StaffId as StaffIdSchema } from "../domain/Ids.js"
import { Instant } from "../domain/LocalTime.js"
import { Money } from "../domain/Money.js"
import { Resource } from "../domain/Resource.js"
import { Question, Service } from "../domain/Service.js"
import { emptyWeek, HoursOverride, StaffMember, WeeklyHours } from "../domain/StaffMember.js"
import { Ids } from "../ports/Ids.js"
import {
  BusinessRepository,
  ResourceRepository,
  ServiceRepository,
  StaffRepository
} from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { entityPatcher } from "./MergePatch.js"

// ---- staff -------------------------------------------------------------------------------

export const CreateStaffInput = Schema.Struct({
  name: StaffMember.fields.name,
  email: Schema.optionalKey(Email),
  phone: Schema.optionalKey(Phone),
  active: Schema.optionalKey(Schema.Boolean),
  weekly: Schema.optionalKey(WeeklyHours)
})
export type CreateStaffInput = typeof CreateStaffInput.Type

export const createStaff = Effect.fn("createStaff")(function* (businessId: string, input: CreateStaffInput) {
  const staff: StaffMember = {
    id: (yield* (yield* Ids).make("staff")) as StaffId,
    businessId: businessId as BusinessId,
    name: input.name.trim(),
    email: input.email ?? null,
    phone: input.phone ?? null,
    active: input.active ?? true,
    workingHours: { weekly: input.weekly ?? emptyWeek, overrides: [] },
    timeOff: []
  }
  yield* (yield* StaffRepository).insert(staff)
  return staff
})

/** A patch changes a staff member's details; hours and time off have their own routes. */
const patchStaff = entityPatcher(StaffMember, ["name", "email", "phone", "active"])

export const updateStaff = Effect.fn("updateStaff")(function* (
  businessId: string,
  id: string,
  patch: unknown
) {
  const repo = yield* StaffRepository
  const current = yield* repo.get(businessId, id)
  const next = yield* patchStaff(current, patch)
  yield* repo.update(next)
  return next
})

export const SetWorkingHoursInput = Schema.Struct({
  weekly: WeeklyHours,
  overrides: Schema.optionalKey(Schema.Array(HoursOverride).check(Schema.isMaxLength(400)))
})
export type SetWorkingHoursInput = typeof SetWorkingHoursInput.Type

export const setWorkingHours = Effect.fn("setWorkingHours")(function* (
  businessId: string,
  id: string,
  input: SetWorkingHoursInput
) {
  const repo = yield* StaffRepository
  const current = yield* repo.get(businessId, id)
  const next: StaffMember = {
    ...current,
    workingHours: { weekly: input.weekly, overrides: input.overrides ?? current.workingHours.overrides }
  }
  yield* repo.update(next)
  return next
})

export const TimeOffInput = Schema.Struct({
  start: Instant,
  end: Instant,
  reason: Schema.optionalKey(Schema.String.check(Schema.isMaxLength(500)))
})
export type TimeOffInput = typeof TimeOffInput.Type

export const addTimeOff = Effect.fn("addTimeOff")(function* (
  businessId: string,
  id: string,
  input: TimeOffInput
) {
  if (input.end.epochMilliseconds <= input.start.epochMilliseconds) {
    return yield* new ValidationFailed({
      message: "Time off must end after it starts.",
      errors: [{ path: "end", message: "Must be after start" }]
    })
  }
  const repo = yield* StaffRepository
  const current = yield* repo.get(businessId, id)
  const entry = {
    id: (yield* (yield* Ids).make("timeOff")) as TimeOffId,
    start: input.start,
    end: input.end,
    reason: input.reason ?? null
  }
  yield* repo.update({ ...current, timeOff: [...current.timeOff, entry] })
  return entry
})

export const removeTimeOff = Effect.fn("removeTimeOff")(function* (
  businessId: string,
  id: string,
  timeOffId: string
) {
  const repo = yield* StaffRepository
  const current = yield* repo.get(businessId, id)
  if (!current.timeOff.some((t) => t.id === timeOffId)) {
    return yield* new NotFound({ entity: "time off", id: timeOffId })
  }
  yield* repo.update({ ...current, timeOff: current.timeOff.filter((t) => t.id !== timeOffId) })
})

/**
 * Removing a staff member archives them (inactive): their past and booked appointments keep
 * their name, and they are offered for nothing new.
 */
export const archiveStaff = Effect.fn("archiveStaff")(function* (businessId: string, id: string) {
  const repo = yield* StaffRepository
  const current = yield* repo.get(businessId, id)
  yield* repo.update({ ...current, active: false })
})

// ---- resources ---------------------------------------------------------------------------

export const CreateResourceInput = Schema.Struct({
  name: Resource.fields.name,
  capacity: Schema.optionalKey(Resource.fields.capacity)
})
export type CreateResourceInput = typeof CreateResourceInput.Type

export const createResource = Effect.fn("createResource")(function* (
  businessId: string,
  input: CreateResourceInput
) {
  const resource: Resource = {
    id: (yield* (yield* Ids).make("resource")) as ResourceId,
    businessId: businessId as BusinessId,
    name: input.name.trim(),
    capacity: input.capacity ?? 1
  }
  yield* (yield* ResourceRepository).insert(resource)
  return resource
})

const patchResource = entityPatcher(Resource, ["name", "capacity"])

export const updateResource = Effect.fn("updateResource")(function* (
  businessId: string,
  id: string,
  patch: unknown
) {
  const repo = yield* ResourceRepository
  const current = yield* repo.get(businessId, id)
  const next = yield* patchResource(current, patch)
  yield* repo.update(next)
  return next
})

/** A resource still needed by a service cannot be removed (the service would become unbookable). */
export const removeResource = Effect.fn("removeResource")(function* (businessId: string, id: string) {
  yield* (yield* ResourceRepository).get(businessId, id)
  const users = (yield* (yield* ServiceRepository).list(businessId)).filter(
    (s) => s.active && s.resourceIds.includes(id as ResourceId)
  )
  if (users.length > 0) {
    return yield* new ValidationFailed({
      message: "This resource is still needed by some services.",
      errors: users.map((s) => ({ path: "id", message: `Used by ${s.name}` }))
    })
  }
  yield* (yield* ResourceRepository).remove(businessId, id)
})

// ---- services ----------------------------------------------------------------------------

export const CreateServiceInput = Schema.Struct({
  name: Service.fields.name,
  durationMinutes: Service.fields.durationMinutes,
  price: Money,
  bufferBeforeMinutes: Schema.optionalKey(Service.fields.bufferBeforeMinutes),
  bufferAfterMinutes: Schema.optionalKey(Service.fields.bufferAfterMinutes),
  staffIds: Schema.Array(StaffIdSchema),
  resourceIds: Schema.optionalKey(Schema.Array(ResourceIdSchema)),
  questionnaire: Schema.optionalKey(Schema.Array(Question).check(Schema.isMaxLength(50))),
  rules: Schema.optionalKey(BookingRulesOverride),
  active: Schema.optionalKey(Schema.Boolean)
})
export type CreateServiceInput = typeof CreateServiceInput.Type

/** Every staff member and resource a service names must exist in the business. */
const checkReferences = Effect.fnUntraced(function* (service: Service) {
  const staff = new Set((yield* (yield* StaffRepository).list(service.businessId)).map((s) => s.id as string))
  const resources = new Set(
    (yield* (yield* ResourceRepository).list(service.businessId)).map((r) => r.id as string)
  )
  const business = yield* (yield* BusinessRepository).get(service.businessId)
  const errors = [
    ...service.staffIds.flatMap((id, i) =>
      staff.has(id) ? [] : [{ path: `staffIds.${i}`, message: `Unknown staff member ${id}` }]
    ),
    ...service.resourceIds.flatMap((id, i) =>
      resources.has(id) ? [] : [{ path: `resourceIds.${i}`, message: `Unknown resource ${id}` }]
    ),
    ...(service.price.currency === business.currency
      ? []
      : [{ path: "price.currency", message: `Prices are in ${business.currency}` }])
  ]
  if (errors.length > 0) {
    return yield* new ValidationFailed({ message: "The service refers to unknown entries.", errors })
  }
})

export const createService = Effect.fn("createService")(function* (
  businessId: string,
  input: CreateServiceInput
) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(
    Effect.gen(function* () {
      const service: Service = {
        id: (yield* (yield* Ids).make("service")) as ServiceId,
        businessId: businessId as BusinessId,
        name: input.name.trim(),
        durationMinutes: input.durationMinutes,
        price: input.price,
        bufferBeforeMinutes: input.bufferBeforeMinutes ?? 0,
        bufferAfterMinutes: input.bufferAfterMinutes ?? 0,
        staffIds: [...new Set(input.staffIds)],
        resourceIds: [...new Set(input.resourceIds ?? [])],
        questionnaire: input.questionnaire ?? [],
        rules: input.rules ?? null,
        active: input.active ?? true
      }
      yield* checkReferences(service)
      yield* (yield* ServiceRepository).insert(service)
      return service
    })
  )
})

const patchService = entityPatcher(Service, [
  "name",
  "durationMinutes",
  "price",
  "bufferBeforeMinutes",
  "bufferAfterMinutes",
  "staffIds",
  "resourceIds",
  "questionnaire",
  "rules",
  "active"
])

export const updateService = Effect.fn("updateService")(function* (
  businessId: string,
  id: string,
  patch: unknown
) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(
    Effect.gen(function* () {
      const repo = yield* ServiceRepository
      const current = yield* repo.get(businessId, id)
      const next = yield* patchService(current, patch)
      yield* checkReferences(next)
      yield* repo.update(next)
      return next
    })
  )
})

/** Removing a service archives it: existing appointments keep it, nobody can book it any more. */
export const archiveService = Effect.fn("archiveService")(function* (businessId: string, id: string) {
  const repo = yield* ServiceRepository
  const current = yield* repo.get(businessId, id)
  yield* repo.update({ ...current, active: false })
})
