/**
 * Turns a planned notification into the words a person reads: subject, plain text, HTML and
 * attachments (the .ics), in the business's locale and time zone, from its templates.
 */
import { Context, type Effect } from "effect"
import type { Appointment } from "../domain/Appointment.js"
import type { Business } from "../domain/Business.js"
import type { Customer } from "../domain/Customer.js"
import type { NotificationIntent } from "../domain/NotificationPlan.js"
import type { StaffMember } from "../domain/StaffMember.js"
import type { Attachment } from "./Outbox.js"
import type { PersistenceError } from "./Repositories.js"

export interface RenderInput {
  readonly intent: NotificationIntent
  readonly business: Business
  readonly appointment: Appointment
  readonly customer: Customer | null
  readonly staff: ReadonlyArray<StaffMember>
  /** Absolute URLs of the intent's links, by link key. */
  readonly links: Readonly<Record<string, string>>
}

export interface RenderedMessage {
  readonly subject: string
  readonly text: string
  readonly html: string | null
  readonly attachments: ReadonlyArray<Attachment>
}

export class MessageRenderer extends Context.Service<
  MessageRenderer,
  {
    /** Render one notification; it fails only when the business's templates cannot be read. */
    readonly render: (input: RenderInput) => Effect.Effect<RenderedMessage, PersistenceError>
  }
>()("@creneau/core/ports/MessageRenderer") {}
