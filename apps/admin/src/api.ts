/**
 * The API from the browser: the typed client of `@creneau/hono/client` on the app's own origin
 * (the session cookie goes with every request), and `unwrap`, which turns a response into its
 * typed body or throws an `ApiError` carrying the problem+json fields for display.
 *
 * Response types come from the client (`InferResponseType`), never from hand-written copies.
 */
import { createClient, type ProblemCode } from "@creneau/hono/client"
import type { ClientResponse, InferResponseType } from "hono/client"
import type { SuccessStatusCode } from "hono/utils/http-status"

export const api = createClient("/", { init: { credentials: "include" } })

/** Failures that never reached the API or did not come back as problem+json. */
export type ClientErrorCode = "network_error" | "unexpected_response"

export interface ApiErrorFields {
  /** HTTP status; 0 when no response came back. */
  readonly status: number
  readonly code: ProblemCode | ClientErrorCode
  readonly title: string
  readonly detail: string
  /** Per-field messages of a `validation_failed` problem. */
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>
  /** The refusal reason of a `policy_violation` (`notice_too_short`, `past_start`, ...). */
  readonly reason?: string
  readonly requestId?: string
}

/** A failed API call, with what the problem+json body said. */
export class ApiError extends Error {
  override readonly name = "ApiError"
  readonly status: number
  readonly code: ProblemCode | ClientErrorCode
  readonly title: string
  readonly detail: string
  readonly errors?: ApiErrorFields["errors"] | undefined
  readonly reason?: string | undefined
  readonly requestId?: string | undefined

  constructor(fields: ApiErrorFields, options?: { readonly cause?: unknown }) {
    super(fields.detail, options)
    this.status = fields.status
    this.code = fields.code
    this.title = fields.title
    this.detail = fields.detail
    if (fields.errors !== undefined) this.errors = fields.errors
    if (fields.reason !== undefined) this.reason = fields.reason
    if (fields.requestId !== undefined) this.requestId = fields.requestId
  }
}

export const isApiError = (error: unknown): error is ApiError => error instanceof ApiError

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value)

const fieldErrors = (value: unknown): ApiErrorFields["errors"] | undefined => {
  if (!Array.isArray(value)) return undefined
  return value.flatMap((entry) =>
    isRecord(entry) && typeof entry.path === "string" && typeof entry.message === "string"
      ? [{ path: entry.path, message: entry.message }]
      : []
  )
}

/** The error for a non-2xx response: its problem+json fields, or `unexpected_response`. */
export const problemOf = async (response: {
  readonly status: number
  readonly headers: Headers
  text(): Promise<string>
}): Promise<ApiError> => {
  const text = await response.text().catch(() => "")
  const type = response.headers.get("Content-Type") ?? ""
  let body: unknown
  if (type.includes("json")) {
    try {
      body = JSON.parse(text)
    } catch {
      body = undefined
    }
  }
  if (isRecord(body) && typeof body.code === "string" && typeof body.title === "string") {
    const errors = fieldErrors(body.errors)
    return new ApiError({
      status: typeof body.status === "number" ? body.status : response.status,
      // The API only sends its own codes; one this build does not know still travels as is.
      code: body.code as ProblemCode,
      title: body.title,
      detail: typeof body.detail === "string" && body.detail !== "" ? body.detail : body.title,
      ...(errors !== undefined && { errors }),
      ...(typeof body.reason === "string" && { reason: body.reason }),
      ...(typeof body.requestId === "string" && { requestId: body.requestId })
    })
  }
  return new ApiError({
    status: response.status,
    code: "unexpected_response",
    title: "Unexpected response",
    detail: `The server answered ${response.status} without a problem description.`
  })
}

/** The body of the success responses in a typed client response (undefined for 204). */
export type SuccessBody<R> =
  R extends ClientResponse<infer T, infer S, infer _F>
    ? S extends SuccessStatusCode
      ? S extends 204
        ? undefined
        : T
      : never
    : never

/**
 * Await a typed client call: its success body, or an `ApiError` (problem+json, network failure).
 * `const staff = await unwrap(api.v1.staff.$get())`
 */
export const unwrap = async <R extends ClientResponse<unknown>>(
  request: Promise<R>
): Promise<SuccessBody<R>> => {
  let response: R
  try {
    response = await request
  } catch (cause) {
    throw new ApiError(
      {
        status: 0,
        code: "network_error",
        title: "Network error",
        detail: "The server could not be reached."
      },
      { cause }
    )
  }
  if (!response.ok) throw await problemOf(response)
  if (response.status === 204) return undefined as SuccessBody<R>
  return (await response.json()) as SuccessBody<R>
}

/** Who is signed in, and their business (GET /v1/auth/session). */
export type Session = InferResponseType<typeof api.v1.auth.session.$get, 200>
/** The business with its settings (GET /v1/business). */
export type BusinessSettings = InferResponseType<typeof api.v1.business.$get, 200>
export type SignedInUser = Session["user"]
