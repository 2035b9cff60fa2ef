/**
 * The core's Credentials port on node:crypto: passwords with scrypt (a random salt per password,
 * the cost parameters kept in the stored string so they can be raised later), compared in
 * constant time; API keys and session tokens as SHA-256 (they are long random secrets already).
 *
 * Stored format: `scrypt$<log2 N>$<r>$<p>$<salt, base64url>$<hash, base64url>`.
 */
import { createHash, randomBytes, type ScryptOptions, scrypt, timingSafeEqual } from "node:crypto"
import { Credentials } from "@creneau/core"
import { Effect, Layer } from "effect"

export interface ScryptParams {
  /** log2 of the CPU/memory cost N. */
  readonly logN: number
  readonly r: number
  readonly p: number
}

/** 2^15 × 8 × 128 bytes = 32 MiB and about 0.1 s per hash on a server core. */
export const defaultScryptParams: ScryptParams = { logN: 15, r: 8, p: 1 }

const KEY_LENGTH = 32
const SALT_LENGTH = 16

const derive = (password: string, salt: Buffer, params: ScryptParams) =>
  Effect.callback<Buffer>((resume) => {
    const N = 2 ** params.logN
    const options: ScryptOptions = { N, r: params.r, p: params.p, maxmem: 256 * N * params.r + 1024 * 1024 }
    scrypt(password.normalize("NFC"), salt, KEY_LENGTH, options, (error, key) => {
      resume(error === null ? Effect.succeed(key) : Effect.die(error))
    })
  })

interface Parsed {
  readonly params: ScryptParams
  readonly salt: Buffer
  readonly hash: Buffer
}

const inRange = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max

/** Parse a stored hash; parameters outside sane bounds read as malformed (no denial of service). */
const parse = (stored: string): Parsed | undefined => {
  const parts = stored.split("$")
  if (parts.length !== 6 || parts[0] !== "scrypt") return undefined
  const [logN, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])]
  if (!inRange(logN, 10, 20) || !inRange(r, 1, 32) || !inRange(p, 1, 16)) return undefined
  const salt = Buffer.from(parts[4]!, "base64url")
  const hash = Buffer.from(parts[5]!, "base64url")
  if (salt.length < 8 || hash.length !== KEY_LENGTH) return undefined
  return { params: { logN, r, p }, salt, hash }
}

export const sha256Hex = (text: string): string => createHash("sha256").update(text, "utf8").digest("hex")

/** Credentials with scrypt passwords and SHA-256 tokens. */
export const makeCredentials = (params: ScryptParams = defaultScryptParams) => {
  // Checked against when the stored hash is missing or malformed, so that the time spent does not
  // tell an unknown account from a wrong password.
  const dummySalt = randomBytes(SALT_LENGTH)
  return Credentials.of({
    hashToken: (token) => Effect.sync(() => sha256Hex(token)),
    hashPassword: (password) =>
      Effect.gen(function* () {
        const salt = randomBytes(SALT_LENGTH)
        const hash = yield* derive(password, salt, params)
        return [
          "scrypt",
          params.logN,
          params.r,
          params.p,
          salt.toString("base64url"),
          hash.toString("base64url")
        ].join("$")
      }),
    verifyPassword: (password, stored) =>
      Effect.gen(function* () {
        const parsed = parse(stored)
        if (parsed === undefined) {
          yield* derive(password, dummySalt, params)
          return false
        }
        const candidate = yield* derive(password, parsed.salt, parsed.params)
        return timingSafeEqual(candidate, parsed.hash)
      })
  })
}

/** The Credentials port for production: scrypt passwords, SHA-256 tokens. */
export const layerCredentials = (params?: ScryptParams) =>
  Layer.sync(Credentials, () => makeCredentials(params))
