/**
 * @creneau/core — the appointment-scheduling domain as pure Effect programs over ports.
 */
export * from "./domain/Actor.js"
export * from "./domain/Appointment.js"
export * from "./domain/BookingRules.js"
export * from "./domain/Business.js"
export * from "./domain/Customer.js"
export * from "./domain/DomainEvent.js"
export * from "./domain/Errors.js"
export * from "./domain/Ids.js"
export * from "./domain/Lifecycle.js"
export * from "./domain/LocalTime.js"
export * from "./domain/Money.js"
export * from "./domain/NotificationSettings.js"
export * from "./domain/Policies.js"
export * from "./domain/Resource.js"
export * from "./domain/Service.js"
export * from "./domain/StaffMember.js"
