/**
 * Tokens on `action_tokens`: a token is 32 random bytes (256 bits) in base64url; only its SHA-256
 * is stored, so a leaked database holds no usable link. Any number of tokens is issued by one
 * prepared statement; the tokens of outbox messages' links are stored with them (Outbox.ts).
 */
import { createHash } from "node:crypto"
import { ActionToken, type IssuedToken, NotFound, Tokens } from "@creneau/core"
import { eq, sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { randomBase64url } from "./Random.js"
import { decoder, jsonInsert } from "./Rows.js"
import { actionTokens } from "./schema.js"

/** The stored form of a token (hex SHA-256). */
export const hashToken = (raw: string): string => createHash("sha256").update(raw, "utf8").digest("hex")

const decodeToken = decoder(ActionToken)

const TOKEN_BYTES = 32

/** Inserts of tokens through the JSON placeholder `tokens` (see Rows.ts `jsonInsert`). */
export const tokenInsert = jsonInsert(
  actionTokens,
  ["tokenHash", "businessId", "appointmentId", "purpose", "staffId"],
  "tokens"
)

/** The rows of issued tokens: the raw token hashed, with what it is bound to. */
export const tokenRows = (issued: ReadonlyArray<IssuedToken>) =>
  issued.map(({ raw, token }) => ({
    tokenHash: hashToken(raw),
    businessId: token.businessId,
    appointmentId: token.appointmentId,
    purpose: token.purpose,
    staffId: token.staffId
  }))

export const layerTokens = Layer.effect(
  Tokens,
  Effect.gen(function* () {
    const db = yield* Database
    const write = db.prepareSql("tokens.issue", tokenInsert.sql)
    const select = db.prepare("tokens.resolve", (q) =>
      q
        .select()
        .from(actionTokens)
        .where(eq(actionTokens.tokenHash, sql.placeholder("tokenHash")))
    )

    const issueMany = (tokens: ReadonlyArray<ActionToken>) =>
      Effect.suspend(() => {
        if (tokens.length === 0) return Effect.succeed([])
        const issued = tokens.map((token) => ({ raw: randomBase64url(TOKEN_BYTES), token }))
        return Effect.as(
          write({ tokens: tokenInsert.json(tokenRows(issued)) }),
          issued.map((i) => i.raw)
        )
      })

    return Tokens.of({
      issue: (token) => Effect.map(issueMany([token]), (raw) => raw[0]!),
      issueMany,
      resolve: Effect.fnUntraced(function* (raw) {
        const [row] = yield* select({ tokenHash: hashToken(raw) })
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
