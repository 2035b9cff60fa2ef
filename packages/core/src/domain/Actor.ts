/**
 * Who is acting: a signed-in user (owner, admin or staff), a customer holding an action link,
 * a staff member holding an email action link, or the system (auto-complete, reminders).
 */
import { Schema } from "effect"
import { CustomerId, StaffId, UserId } from "./Ids.js"

export const Role = Schema.Literals(["owner", "admin", "staff"])
export type Role = typeof Role.Type

export const UserActor = Schema.TaggedStruct("user", {
  id: UserId,
  name: Schema.String,
  role: Role,
  staffId: Schema.NullOr(StaffId)
})
export type UserActor = typeof UserActor.Type

export const CustomerActor = Schema.TaggedStruct("customer", {
  customerId: Schema.NullOr(CustomerId),
  name: Schema.String
})
export type CustomerActor = typeof CustomerActor.Type

export const StaffLinkActor = Schema.TaggedStruct("staff_link", {
  staffId: StaffId,
  name: Schema.String
})
export type StaffLinkActor = typeof StaffLinkActor.Type

export const SystemActor = Schema.TaggedStruct("system", {})
export type SystemActor = typeof SystemActor.Type

export const Actor = Schema.Union([UserActor, CustomerActor, StaffLinkActor, SystemActor])
export type Actor = typeof Actor.Type

export const system: SystemActor = { _tag: "system" }

/** How an actor is recorded on an appointment and in its history. */
export const ActorRef = Schema.Struct({
  kind: Schema.Literals(["user", "customer", "staff_link", "system"]),
  id: Schema.NullOr(Schema.String),
  name: Schema.String
})
export type ActorRef = typeof ActorRef.Type

export const actorRef = (actor: Actor): ActorRef => {
  switch (actor._tag) {
    case "user":
      return { kind: "user", id: actor.id, name: actor.name }
    case "customer":
      return { kind: "customer", id: actor.customerId, name: actor.name }
    case "staff_link":
      return { kind: "staff_link", id: actor.staffId, name: actor.name }
    case "system":
      return { kind: "system", id: null, name: "Créneau" }
  }
}
