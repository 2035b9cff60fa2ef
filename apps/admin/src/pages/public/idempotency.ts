/**
 * Idempotency keys for the customer pages' POSTs: the same request sent again (a double tap, a
 * retry after a dropped connection) carries the same key, so the API does it once; a different
 * request gets a new key.
 */
import { useCallback, useRef } from "react"

export interface KeyedRequest {
  readonly fingerprint: string
  readonly key: string
}

/** The key for `body`: the previous one when the request is the same, else a new one. */
export const keyFor = (previous: KeyedRequest | null, body: unknown, makeKey: () => string): KeyedRequest => {
  const fingerprint = JSON.stringify(body ?? null)
  return previous !== null && previous.fingerprint === fingerprint
    ? previous
    : { fingerprint, key: makeKey() }
}

// getRandomValues, unlike randomUUID, also works on a page served over plain http.
const randomKey = (): string =>
  Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) =>
    b.toString(16).padStart(2, "0")
  ).join("")

/** A function giving the `Idempotency-Key` header for a request body, remembered across renders. */
export const useIdempotencyKey = () => {
  const last = useRef<KeyedRequest | null>(null)
  return useCallback((body: unknown): Record<string, string> => {
    last.current = keyFor(last.current, body, randomKey)
    return { "Idempotency-Key": last.current.key }
  }, [])
}
