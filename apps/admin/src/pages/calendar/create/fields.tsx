/**
 * The dialog's field messages: each control shows, under it, what is wrong with it (found before
 * sending or said by the API), linked with `aria-describedby` and marked `aria-invalid`.
 */

/** The message for the field at an API path (`items.0.price`), if any. */
export type ErrorAt = (path: string) => string | undefined

export const errorId = (path: string): string => `create-error-${path.replace(/[^\w-]/g, "-")}`

/** Props that mark a control invalid and point it at its message; `hint` is described too. */
export const describedBy = (
  path: string,
  errorAt: ErrorAt,
  hint?: string
): { "aria-invalid"?: true; "aria-describedby"?: string } => {
  const ids = [errorAt(path) === undefined ? undefined : errorId(path), hint].filter(
    (id): id is string => id !== undefined
  )
  return {
    ...(errorAt(path) !== undefined && { "aria-invalid": true as const }),
    ...(ids.length > 0 && { "aria-describedby": ids.join(" ") })
  }
}

export const FieldError = ({ path, errorAt }: { readonly path: string; readonly errorAt: ErrorAt }) => {
  const message = errorAt(path)
  if (message === undefined) return null
  return (
    <p className="field-error" id={errorId(path)}>
      {message}
    </p>
  )
}
