/**
 * JSON Merge Patch (RFC 7396) of entities: the entity is encoded to JSON, patched (objects merge
 * key by key, `null` removes a key, anything else replaces), and the result decoded again by the
 * entity's schema, so a patch can never leave an invalid entity behind.
 */
import { type Effect, Predicate, Schema } from "effect"
import type { ValidationFailed } from "../domain/Errors.js"
import { decodeOrFail } from "./DecodeEntity.js"

/**
 * Every key of an entity is present (nullable ones as null), so a merge patch's `null` — "remove
 * this member" — means "set it to null" there, at any depth; the schema then says whether null is
 * allowed.
 */
const mergeIntoEntity = (target: unknown, patch: unknown): unknown => {
  if (!Predicate.isObject(patch) || Array.isArray(patch)) return patch
  const result: Record<string, unknown> =
    Predicate.isObject(target) && !Array.isArray(target) ? { ...(target as Record<string, unknown>) } : {}
  for (const [key, value] of Object.entries(patch)) result[key] = mergeIntoEntity(result[key], value)
  return result
}

/** A patcher for entities of `schema` that changes only the `patchable` top-level fields. */
export const entityPatcher = <S extends Schema.Codec<unknown, unknown, never, never>>(
  schema: S,
  patchable: ReadonlyArray<string>
) => {
  const json = Schema.toCodecJson(schema)
  const encode = Schema.encodeSync(json)
  const decode = decodeOrFail(json)
  return (current: S["Type"], patch: unknown): Effect.Effect<S["Type"], ValidationFailed> => {
    const encoded = encode(current) as Record<string, unknown>
    const merged = mergeIntoEntity(encoded, Predicate.isObject(patch) ? patch : {}) as Record<string, unknown>
    const changes = Object.fromEntries(patchable.map((key) => [key, merged[key]]))
    return decode({ ...encoded, ...changes })
  }
}
