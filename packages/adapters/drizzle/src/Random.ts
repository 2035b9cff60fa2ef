/**
 * Random bytes for ids and tokens, from the system's CSPRNG, drawn from a pool: filling 4 KiB at
 * once costs about what one small `randomBytes` call does (Node's `randomUUID` caches its
 * entropy the same way). Each byte is handed out once.
 */
import { randomFillSync } from "node:crypto"

const pool = Buffer.alloc(4096)
let offset = pool.length

/** `bytes` fresh random bytes (at most 4096), in base64url. */
export const randomBase64url = (bytes: number): string => {
  if (offset + bytes > pool.length) {
    randomFillSync(pool)
    offset = 0
  }
  const text = pool.toString("base64url", offset, offset + bytes)
  offset += bytes
  return text
}
