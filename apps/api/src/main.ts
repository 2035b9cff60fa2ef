/**
 * The server: reads the configuration, makes sure its port is free, opens the database (migrating
 * it), seeds the demo business on a database that has none, serves the API and the admin app on
 * PORT, and runs the worker in the same process unless WORKER=off. SIGINT or SIGTERM: stop accepting, finish the requests in
 * flight, stop the worker, close the database, exit 0.
 */
import { Effect, Option } from "effect"
import { type AppConfig, configFromEnv, resolveSecret } from "./Config.js"
import {
  DEMO_BUSINESS_NAME,
  DEMO_OWNER_EMAIL,
  DEMO_OWNER_PASSWORD,
  demoExists,
  hasAnyBusiness,
  seedDemo
} from "./Demo.js"
import { openRuntime, runMain, shutdownSignal } from "./Entry.js"
import { layerLogger } from "./Logging.js"
import { listen, makeHttpApp, probePort } from "./Server.js"
import { describeDatabase } from "./Services.js"
import { runWorker } from "./WorkerLoops.js"

const serve = Effect.fnUntraced(function* (config: AppConfig) {
  // A port already in use stops the start before anything is written: the secret, the database,
  // the demo business.
  yield* probePort(config.port)
  yield* resolveSecret(config)
  const { runtime, services } = yield* openRuntime(config)

  const demo = yield* Effect.gen(function* () {
    if (!(yield* hasAnyBusiness)) return Option.some({ fresh: true, seed: Option.some(yield* seedDemo()) })
    return (yield* demoExists) ? Option.some({ fresh: false, seed: Option.none() }) : Option.none()
  }).pipe(Effect.provide(services))

  // Started before the server, so that it is stopped after the server on shutdown.
  if (config.worker) yield* Effect.forkScoped(runWorker().pipe(Effect.provide(services)))

  const http = makeHttpApp({ runtime, config })
  yield* listen(http.fetch, config.port)

  const url = config.publicUrl
  const lines = [
    "",
    `Créneau is running on port ${config.port}: ${url}`,
    `  Database: ${describeDatabase(config)}`,
    `  API:      ${url}/v1 (reference: ${url}/docs)`,
    `  Worker:   ${config.worker ? "in this process" : "off (run `npm run worker -w @creneau/api`)"}`,
    `  Sign-up:  ${config.signup}`
  ]
  if (Option.isSome(demo)) {
    const { fresh, seed } = demo.value
    lines.push(
      "",
      fresh
        ? `Demo business "${DEMO_BUSINESS_NAME}" created. Sign in:`
        : `Demo business "${DEMO_BUSINESS_NAME}". Sign in:`,
      `  URL:      ${url}/`,
      `  Email:    ${DEMO_OWNER_EMAIL}`,
      `  Password: ${DEMO_OWNER_PASSWORD}`,
      ...Option.match(seed, {
        onSome: (s) => [
          `  API key:  ${s.apiKey}  (shown once)`,
          `  Try:      curl -H "Authorization: Bearer ${s.apiKey}" ${url}/v1/appointments`
        ],
        onNone: () => ["  API key:  shown on the first start only; create one with POST /v1/api-keys"]
      })
    )
  }
  lines.push("", "Stop with Ctrl+C.", "")
  yield* Effect.sync(() => console.log(lines.join("\n")))

  const signal = yield* shutdownSignal
  yield* Effect.logInfo(
    `${signal}: shutting down (finishing requests, stopping the worker, closing the database)`
  )
})

runMain(
  Effect.flatMap(configFromEnv(), (config) =>
    serve(config).pipe(Effect.provide(layerLogger(config.logLevel)))
  )
)
