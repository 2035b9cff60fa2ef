#!/usr/bin/env node
/**
 * `creneau` — the command line of a Créneau installation, on the same configuration as the
 * server (DATABASE_URL or DATA_DIR, …):
 *
 *   migrate            bring the database up to date
 *   create-business    open a business with its owner and print its first API key (once)
 *   seed-demo          add the demo business (refused when it exists)
 *
 * Arguments are parsed with node's `util.parseArgs` (effect's CLI module needs
 * @effect/platform-node, which requires Node 22). Exit codes: 0 done, 1 failed, 2 wrong usage.
 */
import { parseArgs } from "node:util"
import { issuesOf, SignupInput, signup, type ValidationFailed } from "@creneau/core"
import { Effect, Exit, Schema } from "effect"
import { type AppConfig, configFromEnv } from "./Config.js"
import { DEMO_OWNER_EMAIL, demoExists, seedDemo } from "./Demo.js"
import { Fatal, openRuntime, runMain } from "./Entry.js"
import { layerLogger } from "./Logging.js"
import { describeDatabase } from "./Services.js"

export const USAGE = `Usage: creneau <command> [options]

Commands:
  migrate                 Apply the database migrations (PostgreSQL at DATABASE_URL, else PGlite in DATA_DIR).
  create-business         Open a business with its owner; prints the owner's API key once.
      --name <name>             business name (required)
      --timezone <zone>         IANA time zone, e.g. Europe/Paris (required)
      --owner-email <email>     the owner's sign-in (required)
      --owner-password <pw>     at least 8 characters (required)
      --owner-name <name>       default "Owner"
      --locale <fr|en>          default en
      --currency <code>         ISO 4217, default EUR
  seed-demo               Add the demo business with its sample week (refused if it exists).
  help                    Show this help.

Configuration comes from the environment, as for the server (see the README).`

/** Wrong usage: the message, then the usage, and exit code 2. */
class UsageError extends Error {}

const createBusinessFlags = {
  name: { type: "string" },
  timezone: { type: "string" },
  "owner-email": { type: "string" },
  "owner-password": { type: "string" },
  "owner-name": { type: "string" },
  locale: { type: "string" },
  currency: { type: "string" }
} as const

/** Which flag sets each field of the sign-up input, for error messages. */
const flagOf: Record<string, string> = {
  businessName: "--name",
  timezone: "--timezone",
  ownerEmail: "--owner-email",
  ownerPassword: "--owner-password",
  ownerName: "--owner-name",
  locale: "--locale",
  currency: "--currency"
}

const parseCreateBusiness = (args: Array<string>) => {
  try {
    return parseArgs({ args, options: createBusinessFlags, strict: true, allowPositionals: false }).values
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

const parseNothing = (args: Array<string>) => {
  try {
    parseArgs({ args, options: {}, strict: true, allowPositionals: false })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
}

const migrate = Effect.fnUntraced(function* (config: AppConfig) {
  yield* openRuntime(config)
  yield* Effect.sync(() => console.log(`Migrations applied: ${describeDatabase(config)}`))
})

const createBusiness = Effect.fnUntraced(function* (config: AppConfig, args: Array<string>) {
  const flags = yield* Effect.try({ try: () => parseCreateBusiness(args), catch: (e) => e }).pipe(
    Effect.orDie
  )
  const missing = (["name", "timezone", "owner-email", "owner-password"] as const).filter(
    (flag) => flags[flag] === undefined
  )
  if (missing.length > 0) {
    return yield* Effect.die(new UsageError(`Missing ${missing.map((f) => `--${f}`).join(", ")}.`))
  }
  const decoded = Schema.decodeUnknownExit(SignupInput, { errors: "all" })({
    businessName: flags.name,
    timezone: flags.timezone,
    ownerEmail: flags["owner-email"],
    ownerPassword: flags["owner-password"],
    ownerName: flags["owner-name"] ?? "Owner",
    ...(flags.locale !== undefined && { locale: flags.locale }),
    ...(flags.currency !== undefined && { currency: flags.currency })
  })
  if (Exit.isFailure(decoded)) {
    const issue = decoded.cause.reasons.find((r) => r._tag === "Fail")
    const lines =
      issue?._tag === "Fail"
        ? issuesOf(issue.error.issue).map(
            (i) => `${flagOf[i.path.split(".")[0] ?? ""] ?? i.path}: ${i.message}`
          )
        : ["Invalid arguments."]
    return yield* Effect.die(new UsageError(lines.join("\n")))
  }
  const { services } = yield* openRuntime(config)
  const created = yield* signup(decoded.value).pipe(
    Effect.provide(services),
    Effect.catchTag("ValidationFailed", (error: ValidationFailed) =>
      Effect.fail(
        new Fatal(error.errors.map((e) => `${flagOf[e.path] ?? e.path}: ${e.message} (${error.message})`))
      )
    )
  )
  yield* Effect.sync(() =>
    console.log(
      [
        `Business "${created.business.name}" created (${created.business.id}) on ${describeDatabase(config)}.`,
        `Owner:   ${created.owner.email}`,
        `API key: ${created.apiKey}`,
        "Keep the key now: it is shown only once."
      ].join("\n")
    )
  )
})

const seed = Effect.fnUntraced(function* (config: AppConfig) {
  const { services } = yield* openRuntime(config)
  const program = Effect.gen(function* () {
    if (yield* demoExists) {
      return yield* Effect.fail(
        new Fatal([`The demo business already exists here (${DEMO_OWNER_EMAIL}); nothing was changed.`])
      )
    }
    return yield* seedDemo()
  })
  const demo = yield* program.pipe(Effect.provide(services))
  yield* Effect.sync(() =>
    console.log(
      [
        `Demo business seeded (${demo.businessId}) on ${describeDatabase(config)}: ${demo.appointments.length} appointments.`,
        `Sign in: ${config.publicUrl}/ as ${demo.email} / ${demo.password}`,
        `API key: ${demo.apiKey}  (shown once)`
      ].join("\n")
    )
  )
})

const commands: Record<
  string,
  (config: AppConfig, args: Array<string>) => Effect.Effect<void, unknown, never>
> = {
  migrate: (config, args) =>
    Effect.sync(() => parseNothing(args)).pipe(Effect.andThen(Effect.scoped(migrate(config)))),
  "create-business": (config, args) => Effect.scoped(createBusiness(config, args)),
  "seed-demo": (config, args) =>
    Effect.sync(() => parseNothing(args)).pipe(Effect.andThen(Effect.scoped(seed(config))))
}

const usageError = (message: string) => {
  console.error(`${message}\n\n${USAGE}`)
  process.exit(2)
}

const [command, ...rest] = process.argv.slice(2)
if (command === undefined || command === "help" || command === "--help" || command === "-h") {
  console.log(USAGE)
} else {
  const run = commands[command]
  if (run === undefined) {
    usageError(`Unknown command: ${command}.`)
  } else {
    runMain(
      configFromEnv().pipe(
        Effect.flatMap((config) => run(config, rest).pipe(Effect.provide(layerLogger(config.logLevel)))),
        Effect.catchDefect((defect) =>
          defect instanceof UsageError ? Effect.sync(() => usageError(defect.message)) : Effect.die(defect)
        )
      )
    )
  }
}
