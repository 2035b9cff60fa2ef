/**
 * RFC 7396 merge patches built from a form: the difference between what was read and what is in
 * the form, so that a save sends only what changed (and does not undo someone else's change to
 * another field). Objects are compared key by key; arrays and values are replaced whole; a key
 * that disappeared is `null`.
 */

type Json = null | boolean | number | string | ReadonlyArray<Json> | { readonly [key: string]: Json }

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

/** Deep equality of JSON values (object key order does not matter). */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => jsonEqual(item, b[i]))
  if (isObject(a) && isObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)])
    return [...keys].every((key) => jsonEqual(a[key], b[key]))
  }
  return false
}

/**
 * The merge patch turning `before` into `after`, or undefined when nothing changed. Keys whose
 * value is `undefined` in `after` count as absent.
 */
export const mergePatchOf = (before: unknown, after: unknown): Json | undefined => {
  if (!isObject(before) || !isObject(after)) {
    return jsonEqual(before, after) ? undefined : ((after ?? null) as Json)
  }
  const patch: Record<string, Json> = {}
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    const was = before[key]
    const is = after[key]
    if (is === undefined) {
      if (was !== undefined) patch[key] = null
      continue
    }
    if (was === undefined) {
      patch[key] = is as Json
      continue
    }
    const change = mergePatchOf(was, is)
    if (change !== undefined) patch[key] = change
  }
  return Object.keys(patch).length === 0 ? undefined : patch
}
