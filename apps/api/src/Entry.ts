/**
 * What the entry points (server, worker, CLI) share: waiting for SIGINT/SIGTERM, opening the
 * services with a clear message when the database cannot be reached, and running a program to an
 * exit code — 0 on success, 1 with one line per problem otherwise.
 */
import { PersistenceError } from "@creneau/core"
import { Cause, Effect, Exit, Option, type Scope } from "effect"
import { type AppConfig, ConfigInvalid } from "./Config.js"
import { ListenFailed } from "./Server.js"
import { type AppRuntime, describeDatabase, makeRuntime } from "./Services.js"

/** A failure an entry point reports in plain words, then exits 1. */
export class Fatal extends Error {
  readonly lines: ReadonlyArray<string>
  constructor(lines: ReadonlyArray<string>) {
    super(lines.join("\n"))
    this.lines = lines
  }
}

/** The innermost cause's message (the driver's words: "connect ECONNREFUSED 127.0.0.1:5432"). */
const causeMessage = (error: unknown, depth = 0): string => {
  if (!(error instanceof Error)) return String(error)
  const inner = (error as { readonly cause?: unknown }).cause
  return inner !== undefined && inner !== error && depth < 5 ? causeMessage(inner, depth + 1) : error.message
}

/** One line per problem for a failed program. */
export const failureLines = (cause: Cause.Cause<unknown>): ReadonlyArray<string> => {
  const failure = Cause.findErrorOption(cause)
  if (Option.isNone(failure)) return [Cause.pretty(cause)]
  const error = failure.value
  if (error instanceof Fatal || error instanceof ConfigInvalid) return error.lines
  if (error instanceof ListenFailed) return [`Could not start the server: ${error.message}`]
  if (error instanceof PersistenceError)
    return [`Database error (${error.operation}): ${causeMessage(error.cause)}`]
  if (typeof error === "object" && error !== null && "_tag" in error) {
    const tagged = error as { readonly _tag: string; readonly message?: string }
    return [`${tagged._tag}: ${tagged.message ?? JSON.stringify(error)}`]
  }
  return [causeMessage(error)]
}

/**
 * The runtime over every service, opened now (the database connects and migrates) and disposed
 * when the scope closes (the database is closed).
 */
export const openRuntime = (config: AppConfig) =>
  Effect.gen(function* () {
    const runtime: AppRuntime = yield* Effect.acquireRelease(
      Effect.sync(() => makeRuntime(config)),
      (runtime) => runtime.disposeEffect
    )
    const services = yield* runtime.contextEffect.pipe(
      Effect.mapError(
        (error) =>
          new Fatal([
            `Could not open the database (${describeDatabase(config)}): ${causeMessage(error.cause)}`
          ])
      )
    )
    return { runtime, services }
  })

/**
 * Resolves with the first SIGINT or SIGTERM; a second one while shutting down exits at once
 * (code 130).
 */
export const shutdownSignal = Effect.callback<NodeJS.Signals>((resume) => {
  const onSignal = (signal: NodeJS.Signals) => {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
    const again = () => {
      console.error("Stopping now.")
      process.exit(130)
    }
    process.once("SIGINT", again)
    process.once("SIGTERM", again)
    resume(Effect.succeed(signal))
  }
  process.on("SIGINT", onSignal)
  process.on("SIGTERM", onSignal)
  return Effect.sync(() => {
    process.off("SIGINT", onSignal)
    process.off("SIGTERM", onSignal)
  })
})

/**
 * Run an entry point's program: exit code 0 when it succeeds, else its problems on stderr and
 * exit code 1. Open handles a library forgot to close cannot keep the process alive.
 */
export const runMain = (program: Effect.Effect<void, unknown, Scope.Scope>): void => {
  Effect.runPromiseExit(Effect.scoped(program)).then((exit) => {
    if (Exit.isFailure(exit)) {
      for (const line of failureLines(exit.cause)) console.error(line)
    }
    process.exitCode = Exit.isSuccess(exit) ? 0 : 1
    setTimeout(() => process.exit(), 2_000).unref()
  })
}
