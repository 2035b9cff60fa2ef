/**
 * A webhook receiver for tests, on node:http: it records each request (headers and raw body) and
 * answers with the next status of a script (200 once the script is used up), or not at all.
 */
import { createServer, type IncomingHttpHeaders } from "node:http"
import type { AddressInfo } from "node:net"

export interface ReceivedRequest {
  readonly method: string
  readonly path: string
  readonly headers: IncomingHttpHeaders
  readonly body: string
}

export interface Receiver {
  /** `http://127.0.0.1:<port>/hooks/creneau`. */
  readonly url: string
  readonly received: ReadonlyArray<ReceivedRequest>
  /** Resolves once `count` requests have come. */
  readonly waitFor: (count: number) => Promise<void>
  readonly close: () => Promise<void>
}

/** A status, a status with headers, or `"hang"`: no answer until the receiver closes. */
export type Reply = number | { readonly status: number; readonly headers?: Record<string, string> } | "hang"

export const startReceiver = async (script: ReadonlyArray<Reply> = []): Promise<Receiver> => {
  const received: Array<ReceivedRequest> = []
  const waiting: Array<{ readonly count: number; readonly resolve: () => void }> = []
  const server = createServer((request, response) => {
    let body = ""
    request.setEncoding("utf8")
    request.on("data", (chunk: string) => {
      body += chunk
    })
    request.on("end", () => {
      const next = script[received.length] ?? 200
      received.push({ method: request.method ?? "", path: request.url ?? "", headers: request.headers, body })
      for (const w of waiting.filter((w) => received.length >= w.count)) {
        waiting.splice(waiting.indexOf(w), 1)
        w.resolve()
      }
      if (next === "hang") return
      const { status, headers } = typeof next === "number" ? { status: next, headers: {} } : next
      response.writeHead(status, { "Content-Type": "text/plain", ...headers })
      response.end(status >= 400 ? `receiver says ${status}` : "ok")
    })
  })
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/hooks/creneau`,
    received,
    waitFor: (count) =>
      received.length >= count
        ? Promise.resolve()
        : new Promise<void>((resolve) => {
            waiting.push({ count, resolve })
          }),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      })
  }
}
