/**
 * A small salon to test against: Europe/Paris, two stylists working Monday to Saturday
 * 09:00–18:00, a haircut (30 min, 10 min cleaning after), a colour (90 min), a massage that needs
 * the one treatment room, and two customers (one without an email address).
 */
import { Effect } from "effect"
import { createBusiness, updateBusiness } from "../application/ManageBusiness.js"
import { createResource, createService, createStaff } from "../application/ManageCatalog.js"
import { createCustomer } from "../application/ManageCustomers.js"
import type { Actor, UserActor } from "../domain/Actor.js"
import type { UserId } from "../domain/Ids.js"
import type { WeeklyHours } from "../domain/StaffMember.js"

const day = [{ start: "09:00", end: "18:00" }]
export const salonWeek: WeeklyHours = { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] }

export const owner: UserActor = {
  _tag: "user",
  id: "usr_owner" as UserId,
  name: "Olivia Owner",
  role: "owner",
  staffId: null
}

export const seedSalon = Effect.fn("seedSalon")(function* (options?: { readonly timezone?: string }) {
  const business = yield* createBusiness({
    name: "Salon Lumière",
    timezone: options?.timezone ?? "Europe/Paris",
    locale: "fr",
    currency: "EUR"
  })
  const anna = yield* createStaff(business.id, {
    name: "Anna",
    email: "anna@salon.test",
    phone: "+33600000001",
    weekly: salonWeek
  })
  const ben = yield* createStaff(business.id, { name: "Ben", email: "ben@salon.test", weekly: salonWeek })
  const room = yield* createResource(business.id, { name: "Treatment room", capacity: 1 })
  const haircut = yield* createService(business.id, {
    name: "Haircut",
    durationMinutes: 30,
    price: { amount: 3500, currency: "EUR" },
    bufferAfterMinutes: 10,
    staffIds: [anna.id, ben.id]
  })
  const colour = yield* createService(business.id, {
    name: "Colour",
    durationMinutes: 90,
    price: { amount: 8000, currency: "EUR" },
    staffIds: [anna.id]
  })
  const massage = yield* createService(business.id, {
    name: "Massage",
    durationMinutes: 60,
    price: { amount: 6000, currency: "EUR" },
    staffIds: [anna.id, ben.id],
    resourceIds: [room.id]
  })
  const alice = yield* createCustomer(business.id, {
    firstName: "Alice",
    lastName: "Martin",
    email: "alice@example.test",
    phone: "+33611111111"
  })
  const bob = yield* createCustomer(business.id, {
    firstName: "Bob",
    lastName: "Durand",
    phone: "+33622222222"
  })
  const staffUser = (staffId: string): Actor => ({
    _tag: "user",
    id: `usr_${staffId}` as UserId,
    name: staffId === anna.id ? "Anna" : "Ben",
    role: "staff",
    staffId: staffId as never
  })
  return { business, anna, ben, room, haircut, colour, massage, alice, bob, owner, staffUser }
})

/** Set some booking rules of the business (a JSON merge patch of `bookingRules`). */
export const setRules = (businessId: string, rules: Record<string, unknown>) =>
  updateBusiness(businessId, { bookingRules: rules })
