/**
 * @creneau/hono — Créneau's HTTP API on Hono: `makeApp` builds the routes of DESIGN §10 over the
 * core's use cases, run on a runtime the caller composes; `layerCredentials` is the production
 * password and token hashing for the core's Credentials port. The typed client is in
 * `@creneau/hono/client`.
 */
export { type Access, type Api, api, type OperationId, type RouteSpec } from "./Api.js"
export { type ApiLogger, type App, type AppOptions, consoleLogger, makeApp, silentLogger } from "./App.js"
export { defaultScryptParams, layerCredentials, makeCredentials, type ScryptParams } from "./Credentials.js"
export type { AppType } from "./client.js"
export type { ApiRuntime, ApiServices, RequestAuth } from "./Http.js"
export { type OpenApiDocument, type OpenApiOptions, openApiDocument } from "./OpenApi.js"
export { type Problem, type ProblemCode, problemCodes, problemOfError } from "./Problem.js"
