/**
 * One measured case of the API benchmark: autocannon against one route at a fixed number of
 * connections, after a short warm-up on the same route, reduced to requests per second, latency
 * percentiles and the count of each status. A request may be built anew each time (a booking on
 * a slot of its own).
 */
import autocannon from "autocannon"

export interface LoadOptions {
  readonly url: string
  readonly method?: "GET" | "POST"
  readonly headers?: Record<string, string>
  /** A new body for every request (each call is one request sent). */
  readonly body?: () => string
  readonly connections: number
  readonly seconds: number
  readonly warmUpSeconds: number
  /**
   * Resolves once the server has answered what a run left in flight (autocannon stops waiting at
   * the end of a run, the server does not stop working), so that no run inherits another's backlog.
   */
  readonly settle: () => Promise<void>
}

export interface Measured {
  readonly requestsPerSecond: number
  readonly p50: number
  readonly p99: number
  readonly total: number
  /** How long the measurement took. */
  readonly seconds: number
  /** Responses per status code. */
  readonly statuses: ReadonlyMap<number, number>
  /** Connection errors and timeouts (no response at all). */
  readonly errors: number
  /** The first body of each status other than the expected one, to say what went wrong. */
  readonly samples: ReadonlyMap<number, string>
}

const run = async (options: LoadOptions, seconds: number): Promise<Measured> => {
  const statuses = new Map<number, number>()
  const samples = new Map<number, string>()
  const { body } = options
  const result = await autocannon({
    url: options.url,
    connections: options.connections,
    duration: seconds,
    headers: options.headers ?? {},
    requests: [
      {
        method: options.method ?? "GET",
        ...(body !== undefined && { setupRequest: (request) => ({ ...request, body: body() }) }),
        onResponse: (status, responseBody) => {
          statuses.set(status, (statuses.get(status) ?? 0) + 1)
          if (status >= 300 && !samples.has(status)) samples.set(status, responseBody.slice(0, 300))
        }
      }
    ]
  })
  return {
    requestsPerSecond: result.requests.total / result.duration,
    p50: result.latency.p50,
    p99: result.latency.p99,
    total: result.requests.total,
    seconds: result.duration,
    statuses,
    errors: result.errors,
    samples
  }
}

/** Warm up, then measure; the server settled after each. */
export const load = async (options: LoadOptions): Promise<Measured> => {
  if (options.warmUpSeconds > 0) {
    await run(options, options.warmUpSeconds)
    await options.settle()
  }
  const measured = await run(options, options.seconds)
  await options.settle()
  return measured
}
