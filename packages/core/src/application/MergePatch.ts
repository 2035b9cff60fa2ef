/**
 * JSON Merge Patch (RFC 7396): objects merge key by key, `null` removes a key, anything else
 * (arrays included) replaces. The result is decoded again by the entity's schema by the caller.
 */
import { Predicate } from "effect"

export const mergePatch = (target: unknown, patch: unknown): unknown => {
  if (!Predicate.isObject(patch) || Array.isArray(patch)) return patch
  const result: Record<string, unknown> =
    Predicate.isObject(target) && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key]
    else result[key] = mergePatch(result[key], value)
  }
  return result
}
