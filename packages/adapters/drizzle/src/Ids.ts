/** Ids minted from the system's random source: a kind prefix and 128 random bits (`apt_…`). */
import { randomBytes } from "node:crypto"
import { IdPrefix, Ids } from "@creneau/core"
import { Effect, Layer } from "effect"

/** `apt_` + 16 random bytes in base64url; secrets are 32 random bytes in base64url. */
export const layerRandomIds = Layer.succeed(
  Ids,
  Ids.of({
    make: (kind) => Effect.sync(() => `${IdPrefix[kind]}_${randomBytes(16).toString("base64url")}`),
    secret: Effect.sync(() => randomBytes(32).toString("base64url"))
  })
)
