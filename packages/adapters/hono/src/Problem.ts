/**
 * RFC 9457 problem details: the one place where an error becomes an HTTP status and a stable
 * problem code. Domain errors map by tag; infrastructure failures become 503 `unavailable`; defects
 * become 500 `internal_error` with nothing of the failure in the body.
 */

import { formatInZone } from "@creneau/core"
import { Cause, DateTime, Option, Predicate } from "effect"

/** The stable problem codes of the API, with their status and title. */
export const problemCodes = {
  validation_failed: { status: 400, title: "The request is not valid" },
  unauthorized: { status: 401, title: "Authentication required" },
  forbidden: { status: 403, title: "Not allowed" },
  not_found: { status: 404, title: "Not found" },
  method_not_allowed: { status: 405, title: "Method not allowed" },
  invalid_transition: { status: 409, title: "Not possible in the appointment's current status" },
  slot_unavailable: { status: 409, title: "This time is not available" },
  version_conflict: { status: 409, title: "Changed since you read it" },
  idempotency_conflict: { status: 409, title: "Idempotency key reused with another request" },
  payload_too_large: { status: 413, title: "Request body too large" },
  unsupported_media_type: { status: 415, title: "Unsupported media type" },
  policy_violation: { status: 422, title: "Refused by a business rule" },
  rate_limited: { status: 429, title: "Too many attempts" },
  internal_error: { status: 500, title: "Internal error" },
  unavailable: { status: 503, title: "Temporarily unavailable" }
} as const satisfies Record<string, { readonly status: number; readonly title: string }>

export type ProblemCode = keyof typeof problemCodes

/** The body of every error response (`application/problem+json`). */
export interface Problem {
  readonly type: string
  readonly title: string
  readonly status: number
  readonly code: ProblemCode
  readonly detail: string
  readonly instance?: string
  readonly requestId?: string
  readonly errors?: ReadonlyArray<{ readonly path: string; readonly message: string }>
  readonly reason?: string
  readonly conflicts?: ReadonlyArray<{ readonly start: string; readonly end: string }>
}

export const problemType = (code: ProblemCode): string => `urn:creneau:problem:${code}`

/** What a failure says before the request adds its instance and request id. */
export interface ProblemInit {
  readonly code: ProblemCode
  readonly detail: string
  readonly errors?: Problem["errors"]
  readonly reason?: string
  readonly conflicts?: ReadonlyArray<{ readonly start: DateTime.DateTime; readonly end: DateTime.DateTime }>
  /** Extra response headers (Allow, Retry-After). */
  readonly headers?: Readonly<Record<string, string>>
}

/** An error response thrown from a handler or middleware, answered by the app's one `onError`. */
export class ApiProblem extends Error {
  override readonly name = "ApiProblem"
  constructor(
    readonly init: ProblemInit,
    /** The underlying failure, for the log only (never in the body). */
    readonly failure?: unknown
  ) {
    super(init.detail)
  }
  get status(): number {
    return problemCodes[this.init.code].status
  }
}

export const problem = (code: ProblemCode, detail: string, extra?: Omit<ProblemInit, "code" | "detail">) =>
  new ApiProblem({ code, detail, ...extra })

const messageOf = (error: object): string =>
  "message" in error && typeof error.message === "string" ? error.message : ""

/**
 * The problem for an expected failure of a use case, by its tag. Returns undefined for anything
 * that is not a known domain or persistence error (a defect).
 */
export const problemOfError = (error: unknown): ApiProblem | undefined => {
  if (!Predicate.hasProperty(error, "_tag") || typeof error._tag !== "string") return undefined
  const e = error as { readonly _tag: string } & Record<string, unknown>
  switch (e._tag) {
    case "ValidationFailed":
      return new ApiProblem(
        { code: "validation_failed", detail: messageOf(e), errors: e.errors as Problem["errors"] },
        error
      )
    case "Unauthorized":
      return new ApiProblem(
        {
          code: "unauthorized",
          detail: messageOf(e),
          headers: { "WWW-Authenticate": 'Bearer realm="creneau"' }
        },
        error
      )
    case "Forbidden":
      return new ApiProblem({ code: "forbidden", detail: messageOf(e) }, error)
    case "NotFound":
      // The id is not echoed: an id of another business reads exactly like an unknown one.
      return new ApiProblem({ code: "not_found", detail: `No such ${String(e.entity)}.` }, error)
    case "InvalidTransition":
      return new ApiProblem({ code: "invalid_transition", detail: messageOf(e) }, error)
    case "SlotUnavailable":
      return new ApiProblem(
        {
          code: "slot_unavailable",
          detail: messageOf(e),
          conflicts: e.conflicts as ProblemInit["conflicts"] & {}
        },
        error
      )
    case "VersionConflict":
      return new ApiProblem(
        {
          code: "version_conflict",
          detail: `This ${String(e.entity)} is at version ${String(e.actual)}, not ${String(e.expected)}: read it again.`
        },
        error
      )
    case "IdempotencyConflict":
      return new ApiProblem(
        {
          code: "idempotency_conflict",
          detail: "This Idempotency-Key was already used with another request."
        },
        error
      )
    case "PolicyViolation":
      return new ApiProblem(
        { code: "policy_violation", detail: messageOf(e), reason: String(e.reason) },
        error
      )
    case "PersistenceError":
      return new ApiProblem(
        {
          code: "unavailable",
          detail: "The service is temporarily unavailable; try again shortly.",
          headers: { "Retry-After": "1" }
        },
        error
      )
    default:
      return undefined
  }
}

const internal = (failure: unknown) =>
  new ApiProblem({ code: "internal_error", detail: "An unexpected error occurred." }, failure)

/** The problem for a failed use case: its expected error, or an internal error for a defect. */
export const problemOfCause = (cause: Cause.Cause<unknown>): ApiProblem => {
  const error = Cause.findErrorOption(cause)
  if (Option.isSome(error)) return problemOfError(error.value) ?? internal(Cause.squash(cause))
  return internal(Cause.squash(cause))
}

/** The problem for anything thrown while answering a request. */
export const problemOfThrown = (thrown: unknown): ApiProblem => {
  if (thrown instanceof ApiProblem) return thrown
  return problemOfError(thrown) ?? internal(thrown)
}

/** The response body of a problem; conflicting times in the business's zone when known. */
export const problemBody = (
  p: ApiProblem,
  context: {
    readonly instance?: string | undefined
    readonly requestId?: string | undefined
    readonly timezone?: string | undefined
  }
): Problem => {
  const { code, detail, errors, reason, conflicts } = p.init
  const { status, title } = problemCodes[code]
  const format = (d: DateTime.DateTime) =>
    context.timezone === undefined ? DateTime.formatIso(d) : formatInZone(d, context.timezone)
  return {
    type: problemType(code),
    title,
    status,
    code,
    detail: detail === "" ? title : detail,
    ...(context.instance !== undefined && { instance: context.instance }),
    ...(context.requestId !== undefined && { requestId: context.requestId }),
    ...(errors !== undefined && { errors }),
    ...(reason !== undefined && { reason }),
    ...(conflicts !== undefined && {
      conflicts: conflicts.map((c) => ({ start: format(c.start), end: format(c.end) }))
    })
  }
}

export const PROBLEM_CONTENT_TYPE = "application/problem+json"
