/**
 * Calling the composed HTTP app with `app.request()`, and keeping count of which routes of the
 * registry answered with their success status, so that a suite can show it went through every
 * route at least once.
 */

import { addDays, toInstant, weekdayOf } from "@creneau/core"
import { type Api, type App, api } from "@creneau/hono"
import { DateTime } from "effect"

type RouteName = keyof Api

const patterns = (Object.entries(api) as Array<[RouteName, Api[RouteName]]>)
  .map(([name, spec]) => ({
    name,
    method: spec.method.toUpperCase(),
    status: spec.status as number,
    params: (spec.path.match(/:/g) ?? []).length,
    regex: new RegExp(`^${spec.path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/:[A-Za-z]+/g, "[^/]+")}$`)
  }))
  // A static segment wins over a parameter (`/appointments/recurrence-preview`).
  .sort((a, b) => a.params - b.params)

export const routeOf = (method: string, path: string) => {
  const pathname = path.split("?")[0]!
  return patterns.find((p) => p.method === method && p.regex.test(pathname))
}

export interface CallOptions {
  /** An API key or a session token (as a bearer). */
  readonly key?: string | undefined
  readonly body?: unknown
  readonly headers?: Record<string, string>
}

export interface Answer {
  readonly status: number
  readonly headers: Headers
  // biome-ignore lint/suspicious/noExplicitAny: test bodies are read field by field
  readonly body: any
}

export const makeClient = (app: App) => {
  const hits = new Set<RouteName>()
  const call = async (method: string, path: string, options: CallOptions = {}): Promise<Answer> => {
    const headers: Record<string, string> = {
      ...(options.key !== undefined && { Authorization: `Bearer ${options.key}` }),
      ...(options.body !== undefined && { "Content-Type": "application/json" }),
      ...options.headers
    }
    const res = await app.request(path, {
      method,
      headers,
      ...(options.body !== undefined && { body: JSON.stringify(options.body) })
    })
    const route = routeOf(method, path)
    if (route !== undefined && res.status === route.status) hits.add(route.name)
    const text = await res.text()
    const type = res.headers.get("content-type") ?? ""
    return {
      status: res.status,
      headers: res.headers,
      body: type.includes("json") && text !== "" ? JSON.parse(text) : text
    }
  }
  /** Mark a route as gone through although it answered something else on purpose. */
  const reached = (name: RouteName) => hits.add(name)
  const missing = () => (Object.keys(api) as Array<RouteName>).filter((name) => !hits.has(name))
  return { call, reached, missing }
}

export type Client = ReturnType<typeof makeClient>

/** The last path segment of an action link. */
export const tokenOf = (url: string) => new URL(url).pathname.split("/").pop()!

/** The first date at least `days` ahead that is a `weekday` (in Paris). */
export const dateAhead = (days: number, weekday: "mon" | "tue" | "wed" | "thu" | "fri" | "sat" = "tue") => {
  let date = addDays(new Date().toISOString().slice(0, 10), days)
  while (weekdayOf(date) !== weekday) date = addDays(date, 1)
  return date
}

/** `date` at `HH:MM` in Paris, as an RFC 3339 instant. */
export const parisTime = (date: string, time: string) => {
  const [h, m] = time.split(":").map(Number)
  return DateTime.formatIso(toInstant(date, h! * 60 + m!, "Europe/Paris"))
}

export const sameInstant = (a: string, b: string) => Date.parse(a) === Date.parse(b)
