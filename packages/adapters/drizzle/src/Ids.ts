/** Ids minted from the system's random source: a kind prefix and 128 random bits (`apt_…`). */
import { IdPrefix, Ids } from "@creneau/core"
import { Effect, Layer } from "effect"
import { randomBase64url } from "./Random.js"

/** `apt_` + 16 random bytes in base64url; secrets are 32 random bytes in base64url. */
export const layerRandomIds = Layer.succeed(
  Ids,
  Ids.of({
    make: (kind) => Effect.sync(() => `${IdPrefix[kind]}_${randomBase64url(16)}`),
    secret: Effect.sync(() => randomBase64url(32))
  })
)
