/** Mints new identifiers (prefixed by kind) and secrets (at least 128 bits, for signing keys). */
import { Context, type Effect } from "effect"
import type { IdKind } from "../domain/Ids.js"

export class Ids extends Context.Service<
  Ids,
  {
    readonly make: (kind: IdKind) => Effect.Effect<string>
    /** A fresh random secret, URL-safe. */
    readonly secret: Effect.Effect<string>
  }
>()("@creneau/core/ports/Ids") {}
