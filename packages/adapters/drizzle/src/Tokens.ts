/**
 * Tokens on `action_tokens`: a token is 32 random bytes (256 bits) in base64url; only its SHA-256
 * is stored, so a leaked database holds no usable link.
 */
import { createHash, randomBytes } from "node:crypto"
import { ActionToken, NotFound, Tokens } from "@creneau/core"
import { eq } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { decoder } from "./Rows.js"
import { actionTokens } from "./schema.js"

/** The stored form of a token (hex SHA-256). */
export const hashToken = (raw: string): string => createHash("sha256").update(raw, "utf8").digest("hex")

const decodeToken = decoder(ActionToken)

export const layerTokens = Layer.effect(
  Tokens,
  Effect.gen(function* () {
    const db = yield* Database
    return Tokens.of({
      issue: Effect.fnUntraced(function* (token) {
        const raw = randomBytes(32).toString("base64url")
        yield* db.query("tokens.issue", (q) =>
          q.insert(actionTokens).values({
            tokenHash: hashToken(raw),
            businessId: token.businessId,
            appointmentId: token.appointmentId,
            purpose: token.purpose,
            staffId: token.staffId
          })
        )
        return raw
      }),
      resolve: Effect.fnUntraced(function* (raw) {
        const [row] = yield* db.query("tokens.resolve", (q) =>
          q
            .select()
            .from(actionTokens)
            .where(eq(actionTokens.tokenHash, hashToken(raw)))
        )
        if (row === undefined) return yield* new NotFound({ entity: "link", id: "token" })
        return yield* decodeToken("tokens.resolve", {
          businessId: row.businessId,
          appointmentId: row.appointmentId,
          purpose: row.purpose,
          staffId: row.staffId
        })
      })
    })
  })
)
