/**
 * Credentials for tests and demos: SHA-256 (Web Crypto) for tokens, and a fast salted SHA-256
 * for passwords — quick to compute, so never for production, where the HTTP adapter's slow hash
 * is used.
 */
import { Effect, Layer } from "effect"
import { Credentials } from "../ports/Accounts.js"

const sha256 = (text: string) =>
  Effect.promise(async () => {
    const digest = await globalThis.crypto.subtle.digest("SHA-256", new TextEncoder().encode(text))
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("")
  })

export const layerTestCredentials = Layer.succeed(
  Credentials,
  Credentials.of({
    hashToken: sha256,
    hashPassword: (password) => sha256(`test-salt:${password}`).pipe(Effect.map((h) => `test$${h}`)),
    verifyPassword: (password, hash) =>
      sha256(`test-salt:${password}`).pipe(Effect.map((h) => hash === `test$${h}`))
  })
)
