/** Decoding an entity rebuilt from a patch, with field errors the caller can show. */
import { Effect, Schema, SchemaIssue } from "effect"
import { ValidationFailed } from "../domain/Errors.js"

/** Decode `value` with `schema`; a failure becomes 400 validation_failed listing each path. */
export const decodeOrFail = <S extends Schema.Top & { readonly DecodingServices: never }>(schema: S) => {
  const decode = Schema.decodeUnknownEffect(schema, { errors: "all" })
  return (value: unknown): Effect.Effect<S["Type"], ValidationFailed> =>
    decode(value).pipe(
      Effect.mapError(
        (error) =>
          new ValidationFailed({
            message: "The request is not valid.",
            errors: issuesOf(error.issue)
          })
      )
    )
}

/** Flatten a Schema issue into `{path, message}` pairs. */
export const issuesOf = (issue: SchemaIssue.Issue): ReadonlyArray<{ path: string; message: string }> => {
  const formatter = SchemaIssue.makeFormatterStandardSchemaV1()
  return formatter(issue).issues.map((i) => ({
    path: (i.path ?? [])
      .map((p) => (typeof p === "object" && p !== null && "key" in p ? String(p.key) : String(p)))
      .join("."),
    message: i.message
  }))
}
