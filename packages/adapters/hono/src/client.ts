/**
 * The typed client of the API for the admin app and other TypeScript callers, over
 * `hono/client`. Only types come from the server side: this entry loads no server code.
 */
import { type ClientRequestOptions, hc } from "hono/client"
import type { App } from "./App.js"

/** The API's type: every route with its input and success output. */
export type AppType = App

/** A client of the API at `baseUrl` (`fetch`, headers and `init` may be set in `options`). */
export const createClient = (baseUrl: string, options?: ClientRequestOptions) => hc<App>(baseUrl, options)

export type Client = ReturnType<typeof createClient>

export type { Problem, ProblemCode } from "./Problem.js"
