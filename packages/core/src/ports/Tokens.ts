/**
 * Action links: unguessable tokens (at least 128 bits) bound to one appointment and one purpose.
 * Stored hashed by the database adapter; the raw token only ever travels in the link.
 */
import { Context, type Effect, Layer, Schema } from "effect"
import type { NotFound } from "../domain/Errors.js"
import type { PersistenceError } from "./Repositories.js"

export const TokenPurpose = Schema.Literals(["manage", "confirm", "approve", "reject", "staff_action"])
export type TokenPurpose = typeof TokenPurpose.Type

export const ActionToken = Schema.Struct({
  businessId: Schema.String,
  appointmentId: Schema.String,
  /** `manage` and `confirm` are the customer's; `approve`/`reject` a staff member's. */
  purpose: TokenPurpose,
  staffId: Schema.NullOr(Schema.String)
})
export type ActionToken = typeof ActionToken.Type

/** A token minted for a link (the raw value travels in the link) and what it is bound to. */
export interface IssuedToken {
  readonly raw: string
  readonly token: ActionToken
}

export class Tokens extends Context.Service<
  Tokens,
  {
    readonly issue: (token: ActionToken) => Effect.Effect<string, PersistenceError>
    /**
     * Issue a token for each of `tokens` at once (one write for a database adapter): the raw
     * tokens, in the same order.
     */
    readonly issueMany: (
      tokens: ReadonlyArray<ActionToken>
    ) => Effect.Effect<ReadonlyArray<string>, PersistenceError>
    readonly resolve: (raw: string) => Effect.Effect<ActionToken, NotFound | PersistenceError>
  }
>()("@creneau/core/ports/Tokens") {}

/** Where links point: absolute URLs under the product's public URL. */
export class Links extends Context.Service<
  Links,
  {
    /** The page a link opens, its last path segment being the token. */
    readonly action: (purpose: TokenPurpose, token: string) => string
    /** The business's online booking page. */
    readonly booking: (business: { readonly id: string; readonly bookingPageUrl: string | null }) => string
    /** A staff member's calendar subscription feed. */
    readonly calendarFeed: (token: string) => string
  }
>()("@creneau/core/ports/Links") {
  /** Links under `publicUrl` (the product's public base URL): `/manage/<token>`, `/confirm/<token>`, `/staff-actions/<token>`, `/book/<businessId>`, `/ics/staff/<token>.ics`. */
  static readonly layer = (publicUrl: string) => {
    const base = publicUrl.replace(/\/+$/, "")
    const paths: Record<TokenPurpose, string> = {
      manage: "manage",
      confirm: "confirm",
      approve: "staff-actions",
      reject: "staff-actions",
      staff_action: "staff-actions"
    }
    return Layer.succeed(
      Links,
      Links.of({
        action: (purpose, token) => `${base}/${paths[purpose]}/${token}`,
        booking: (business) => business.bookingPageUrl ?? `${base}/book/${business.id}`,
        calendarFeed: (token) => `${base}/ics/staff/${token}.ics`
      })
    )
  }
}
