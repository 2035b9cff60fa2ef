/**
 * A local stand-in for the Resend API, for tests: `POST /emails` on node:http, answering as
 * Resend does (`{id}` on success, `{statusCode, name, message}` on error). It checks the API key,
 * validates the email (sender, recipients, subject, body), honours `Idempotency-Key` (the same key
 * and body replay the first answer without sending again; the same key with another body is a
 * 409), can be told to fail the next requests with a 429 or a 5xx, and records every request and
 * every email it accepted.
 */
import { randomUUID } from "node:crypto"
import { createServer, type IncomingMessage, type ServerResponse } from "node:http"
import type { AddressInfo } from "node:net"

export interface RecordedRequest {
  readonly method: string
  readonly path: string
  readonly authorization: string | null
  readonly idempotencyKey: string | null
  // biome-ignore lint/suspicious/noExplicitAny: the JSON body as sent, read field by field
  readonly body: any
  /** The status the fake answered. */
  readonly status: number
}

export interface AcceptedEmail {
  /** The id Resend would give the email. */
  readonly id: string
  readonly idempotencyKey: string | null
  // biome-ignore lint/suspicious/noExplicitAny: the JSON body as sent, read field by field
  readonly body: any
}

export type FailureStatus = 429 | 500 | 502 | 503

export interface FakeResendOptions {
  /** Fail the first `count` requests (default none). */
  readonly failFirst?: number
  /** Fail the first `count` requests of each idempotency key (default none). */
  readonly failFirstPerKey?: number
  /** How those requests fail (default 500). */
  readonly failStatus?: FailureStatus
}

export interface FakeResend {
  /** `http://127.0.0.1:<port>`: the base URL to give the client. */
  readonly url: string
  /** Every request, in order. */
  readonly requests: ReadonlyArray<RecordedRequest>
  /** Every email sent, once each: replays of an idempotent request are not here. */
  readonly accepted: ReadonlyArray<AcceptedEmail>
  /** Fail the next `count` requests with `status`. */
  readonly failNext: (count: number, status?: FailureStatus) => void
  /** Leave the next `count` requests without an answer until the server closes. */
  readonly hangNext: (count: number) => void
  /** Resolves once the fake has received at least `count` requests. */
  readonly waitForRequests: (count: number) => Promise<void>
  readonly close: () => Promise<void>
}

const failures: Record<FailureStatus, { readonly name: string; readonly message: string }> = {
  429: {
    name: "rate_limit_exceeded",
    message: "Too many requests. You can only make 2 requests per second."
  },
  500: { name: "internal_server_error", message: "An unexpected error occurred." },
  502: { name: "internal_server_error", message: "Bad gateway." },
  503: { name: "internal_server_error", message: "Service unavailable." }
}

const ADDRESS = /^[^\s@<>]+@[^\s@<>.]+(\.[^\s@<>.]+)+$/
const isAddress = (value: unknown): boolean => {
  if (typeof value !== "string") return false
  const named = value.match(/^[^<>]*<([^<>]+)>$/)
  return ADDRESS.test(named?.[1] ?? value)
}

/** The first problem Resend would report with this email, or null. */
// biome-ignore lint/suspicious/noExplicitAny: a parsed JSON body
const validationProblem = (body: any): string | null => {
  if (typeof body !== "object" || body === null) return "The request body is not a JSON object."
  if (body.from === undefined) return "Missing `from` field."
  if (!isAddress(body.from)) {
    return "Invalid `from` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format."
  }
  const to = Array.isArray(body.to) ? body.to : [body.to]
  if (body.to === undefined || to.length === 0) return "Missing `to` field."
  if (!to.every(isAddress)) {
    return "Invalid `to` field. The email address needs to follow the `email@example.com` or `Name <email@example.com>` format."
  }
  if (typeof body.subject !== "string" || body.subject === "") return "Missing `subject` field."
  if (typeof body.text !== "string" && typeof body.html !== "string") {
    return "Missing `html` or `text` field."
  }
  for (const attachment of body.attachments ?? []) {
    if (typeof attachment.content !== "string" || !/^[A-Za-z0-9+/]*={0,2}$/.test(attachment.content)) {
      return "Invalid attachment: `content` must be base64."
    }
  }
  return null
}

const readBody = (request: IncomingMessage) =>
  new Promise<string>((resolve, reject) => {
    let text = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => {
      text += chunk
    })
    request.on("end", () => resolve(text))
    request.on("error", reject)
  })

/** Start the fake on a free port of 127.0.0.1. */
export const startFakeResend = async (options: FakeResendOptions = {}): Promise<FakeResend> => {
  const requests: Array<RecordedRequest> = []
  const accepted: Array<AcceptedEmail> = []
  const byKey = new Map<string, { readonly body: string; readonly id: string }>()
  const failuresPerKey = new Map<string, number>()
  const waiting: Array<{ readonly count: number; readonly resolve: () => void }> = []
  const hanging = new Set<ServerResponse>()
  let failCount = options.failFirst ?? 0
  let failStatus: FailureStatus = options.failStatus ?? 500
  let hangCount = 0

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const text = await readBody(request)
    const key = request.headers["idempotency-key"]
    const idempotencyKey = typeof key === "string" ? key : null
    const authorization = request.headers.authorization ?? null
    let body: unknown
    try {
      body = text === "" ? undefined : JSON.parse(text)
    } catch {
      body = text
    }
    const record = (status: number) => {
      requests.push({
        method: request.method ?? "",
        path: request.url ?? "",
        authorization,
        idempotencyKey,
        body,
        status
      })
      for (const w of waiting.filter((w) => requests.length >= w.count)) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve()
      }
    }
    const answer = (status: number, payload: unknown) => {
      record(status)
      response.writeHead(status, { "Content-Type": "application/json" })
      response.end(JSON.stringify(payload))
    }
    const error = (status: number, name: string, message: string) =>
      answer(status, { statusCode: status, name, message })

    if (hangCount > 0) {
      hangCount--
      hanging.add(response)
      // Recorded with status 0: no answer was given.
      return record(0)
    }
    if (request.method !== "POST" || request.url !== "/emails") {
      return error(404, "not_found", "The requested endpoint does not exist.")
    }
    if (authorization === null)
      return error(401, "missing_api_key", "Missing API key in the authorization header.")
    if (!/^Bearer re_\S+$/.test(authorization)) return error(403, "invalid_api_key", "API key is invalid.")
    if (failCount > 0) {
      failCount--
      return error(failStatus, failures[failStatus].name, failures[failStatus].message)
    }
    if (idempotencyKey !== null && options.failFirstPerKey !== undefined) {
      const failed = failuresPerKey.get(idempotencyKey) ?? 0
      if (failed < options.failFirstPerKey) {
        failuresPerKey.set(idempotencyKey, failed + 1)
        return error(failStatus, failures[failStatus].name, failures[failStatus].message)
      }
    }
    if (idempotencyKey !== null) {
      const earlier = byKey.get(idempotencyKey)
      if (earlier !== undefined) {
        if (earlier.body !== text) {
          return error(
            409,
            "invalid_idempotent_request",
            "Same idempotency key used with a different request payload."
          )
        }
        return answer(200, { id: earlier.id })
      }
    }
    const problem = validationProblem(body)
    if (problem !== null) return error(422, "validation_error", problem)
    const id = randomUUID()
    if (idempotencyKey !== null) byKey.set(idempotencyKey, { body: text, id })
    accepted.push({ id, idempotencyKey, body })
    return answer(200, { id })
  }

  const server = createServer((request, response) => {
    handle(request, response).catch((cause: unknown) => {
      response.writeHead(500, { "Content-Type": "application/json" })
      response.end(JSON.stringify({ statusCode: 500, name: "application_error", message: String(cause) }))
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => resolve())
  })
  const { port } = server.address() as AddressInfo

  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    accepted,
    failNext: (count, status = 500) => {
      failCount = count
      failStatus = status
    },
    hangNext: (count) => {
      hangCount = count
    },
    waitForRequests: (count) =>
      requests.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.push({ count, resolve })
          }),
    close: () =>
      new Promise<void>((resolve) => {
        for (const response of hanging) response.destroy()
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
