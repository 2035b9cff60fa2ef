/**
 * The worker alone (`npm run worker`): for deployments that run the API with WORKER=off and the
 * worker as processes of their own, any number of them on one PostgreSQL database. Stops on
 * SIGINT or SIGTERM after the round in progress, then closes the database.
 */
import { Effect } from "effect"
import { type AppConfig, configFromEnv } from "./Config.js"
import { openRuntime, runMain, shutdownSignal } from "./Entry.js"
import { layerLogger } from "./Logging.js"
import { describeDatabase } from "./Services.js"
import { runWorker } from "./WorkerLoops.js"

const work = Effect.fnUntraced(function* (config: AppConfig) {
  const { services } = yield* openRuntime(config)
  yield* Effect.forkScoped(runWorker().pipe(Effect.provide(services)))
  yield* Effect.logInfo(`Créneau worker running on ${describeDatabase(config)}. Stop with Ctrl+C.`)
  const signal = yield* shutdownSignal
  yield* Effect.logInfo(`${signal}: stopping the worker after the current round`)
})

runMain(
  Effect.flatMap(configFromEnv(), (config) => work(config).pipe(Effect.provide(layerLogger(config.logLevel))))
)
