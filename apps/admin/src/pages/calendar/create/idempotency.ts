/**
 * Idempotency keys for POST /v1/appointments: one per opening of the dialog, so that a double
 * click or a retry after a lost answer books once. `crypto.randomUUID` needs a secure context;
 * an address such as http://192.168.1.20 falls back to random bytes.
 */
export const newIdempotencyKey = (): string => {
  const c = globalThis.crypto
  if (typeof c.randomUUID === "function") return c.randomUUID()
  const bytes = c.getRandomValues(new Uint8Array(16))
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}
