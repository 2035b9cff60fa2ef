/** Mints new identifiers (prefixed by kind). */
import { Context, type Effect } from "effect"
import type { IdKind } from "../domain/Ids.js"

export class Ids extends Context.Service<
  Ids,
  {
    readonly make: (kind: IdKind) => Effect.Effect<string>
  }
>()("@creneau/core/ports/Ids") {}
