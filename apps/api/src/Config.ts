/**
 * The configuration of a Créneau process, read from the environment with effect's `Config` and
 * validated at start: every problem is reported at once, one line each, naming the variable, and
 * the process exits 1 (the entry points print `ConfigInvalid.lines`).
 *
 * The signing secret: `SECRET` in production; elsewhere a random one generated on first start and
 * kept in `DATA_DIR/secret`, so that what it signs survives restarts.
 */
import { randomBytes } from "node:crypto"
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs"
import { join, resolve } from "node:path"
import { defaultRetryPolicy, type RetryPolicy } from "@creneau/core"
import { Config, ConfigProvider, Effect, type LogLevel, Option, Redacted, Schema } from "effect"

export interface AppConfig {
  /** HTTP port of the API and the admin app. */
  readonly port: number
  /** Where the embedded PGlite database (and the development secret) live: an absolute path. */
  readonly dataDir: string
  /** PostgreSQL instead of PGlite. */
  readonly databaseUrl: Option.Option<Redacted.Redacted<string>>
  /** Base of every link in messages, without a trailing slash. */
  readonly publicUrl: string
  readonly signup: "open" | "closed"
  /** NODE_ENV=production: a SECRET is required. */
  readonly production: boolean
  /** SECRET as given; none means a development secret under DATA_DIR (see `resolveSecret`). */
  readonly secret: Option.Option<Redacted.Redacted<string>>
  readonly resend: Option.Option<{
    readonly apiKey: Redacted.Redacted<string>
    readonly baseUrl: Option.Option<string>
  }>
  /** The sender of every email; required with Resend (an address on a domain verified there). */
  readonly mailFrom: string
  /** The backoff of failed deliveries (DELIVERY_RETRY_SECONDS sets its first step). */
  readonly deliveryRetry: RetryPolicy
  readonly corsOrigins: ReadonlyArray<string>
  /** Run the worker in the server process. */
  readonly worker: boolean
  readonly logLevel: LogLevel.LogLevel
}

const ConfigProblem = Schema.Struct({
  variable: Schema.String,
  /** The value given, quoted; absent for secrets and for a missing variable. */
  value: Schema.optionalKey(Schema.String),
  message: Schema.String
})
/** One invalid variable: what it holds (secrets are not repeated) and what it should hold. */
export type ConfigProblem = typeof ConfigProblem.Type

export class ConfigInvalid extends Schema.TaggedError<ConfigInvalid>()("ConfigInvalid", {
  problems: Schema.Array(ConfigProblem)
}) {
  /** One line per problem, as printed before exiting. */
  get lines(): ReadonlyArray<string> {
    return this.problems.map(
      (p) => `Invalid configuration: ${p.variable}${p.value === undefined ? "" : `=${p.value}`}: ${p.message}`
    )
  }
}

export const DEFAULT_PORT = 3000
export const DEFAULT_DATA_DIR = "./.data"
export const DEFAULT_MAIL_FROM = "Créneau <no-reply@localhost>"
const MIN_SECRET_LENGTH = 32
const MAX_RETRY_SECONDS = 3600

const LOG_LEVELS: Record<string, LogLevel.LogLevel> = {
  all: "All",
  trace: "Trace",
  debug: "Debug",
  info: "Info",
  warn: "Warn",
  warning: "Warn",
  error: "Error",
  fatal: "Fatal",
  none: "None",
  silent: "None"
}

const isHttpUrl = (text: string): boolean => {
  if (!URL.canParse(text)) return false
  const url = new URL(text)
  return (url.protocol === "http:" || url.protocol === "https:") && url.hostname !== ""
}

/** `http(s)://host[:port]`, as browsers send in the Origin header. */
const isOrigin = (text: string): boolean =>
  isHttpUrl(text) && new URL(text).origin === text.replace(/\/$/, "")

/**
 * A variable's raw text: unset and empty read alike (`FOO=` in a `.env` file means "not set"), and
 * whitespace around it is ignored.
 */
const raw = (name: string) =>
  Config.option(Config.String(name)).pipe(
    Config.map(Option.flatMap((value) => (value.trim() === "" ? Option.none() : Option.some(value.trim()))))
  )

type Check<A> = (value: string) => { readonly ok: A } | { readonly problem: string }

/**
 * Read one variable: its default when unset, else its text checked by `check`. A problem is
 * reported with the value (unless `secret`) and what was expected.
 */
const variable = <A>(
  name: string,
  check: Check<A>,
  options: { readonly secret?: boolean } = {}
): Effect.Effect<Option.Option<A>, ConfigProblem> =>
  raw(name).pipe(
    Effect.orElseSucceed(() => Option.none<string>()),
    Effect.flatMap((value) => {
      if (Option.isNone(value)) return Effect.succeed(Option.none<A>())
      const result = check(value.value)
      if ("ok" in result) return Effect.succeed(Option.some(result.ok))
      return Effect.fail<ConfigProblem>({
        variable: name,
        ...(options.secret !== true && { value: JSON.stringify(value.value) }),
        message: result.problem
      })
    })
  )

const checks = {
  port: ((value) => {
    const n = Number(value)
    return /^\d+$/.test(value) && n >= 1 && n <= 65535
      ? { ok: n }
      : { problem: "expected a port number from 1 to 65535" }
  }) satisfies Check<number>,
  nonEmpty: ((value) => ({ ok: value })) satisfies Check<string>,
  postgresUrl: ((value) =>
    URL.canParse(value) && ["postgres:", "postgresql:"].includes(new URL(value).protocol)
      ? { ok: Redacted.make(value) }
      : {
          problem: "expected a PostgreSQL connection URL such as postgres://user:password@host:5432/database"
        }) satisfies Check<Redacted.Redacted<string>>,
  httpUrl: ((value) =>
    isHttpUrl(value)
      ? { ok: value.replace(/\/+$/, "") }
      : { problem: "expected an absolute http:// or https:// URL" }) satisfies Check<string>,
  signup: ((value) =>
    value === "open" || value === "closed"
      ? { ok: value }
      : { problem: 'expected "open" or "closed"' }) satisfies Check<"open" | "closed">,
  secret: ((value) =>
    value.length >= MIN_SECRET_LENGTH
      ? { ok: Redacted.make(value) }
      : {
          problem: `expected at least ${MIN_SECRET_LENGTH} characters (try: openssl rand -base64 32)`
        }) satisfies Check<Redacted.Redacted<string>>,
  mailFrom: ((value) =>
    /^[^<>@\s]+@[^<>@\s]+$|^[^<>]*<[^<>@\s]+@[^<>@\s]+>$/.test(value)
      ? { ok: value }
      : {
          problem: 'expected an address such as "Salon <bonjour@example.com>" or bonjour@example.com'
        }) satisfies Check<string>,
  origins: ((value) => {
    const origins = value
      .split(",")
      .map((o) => o.trim())
      .filter((o) => o !== "")
    const bad = origins.filter((o) => !isOrigin(o))
    return bad.length === 0
      ? { ok: origins.map((o) => o.replace(/\/$/, "")) }
      : {
          problem: `expected comma-separated origins such as https://admin.example.com (not ${bad.map((o) => JSON.stringify(o)).join(", ")})`
        }
  }) satisfies Check<ReadonlyArray<string>>,
  retrySeconds: ((value) => {
    const seconds = Number(value)
    return /^\d+(\.\d+)?$/.test(value) && seconds > 0 && seconds <= MAX_RETRY_SECONDS
      ? { ok: Math.max(1, Math.round(seconds * 1000)) }
      : { problem: `expected a number of seconds above 0 and up to ${MAX_RETRY_SECONDS}, such as 30 or 0.5` }
  }) satisfies Check<number>,
  boolean: ((value) => {
    const v = value.toLowerCase()
    if (["on", "true", "1", "yes"].includes(v)) return { ok: true }
    if (["off", "false", "0", "no"].includes(v)) return { ok: false }
    return { problem: "expected on or off (also true/false, 1/0, yes/no)" }
  }) satisfies Check<boolean>,
  logLevel: ((value) => {
    const level = LOG_LEVELS[value.toLowerCase()]
    return level !== undefined
      ? { ok: level }
      : { problem: "expected one of trace, debug, info, warn, error, fatal, none" }
  }) satisfies Check<LogLevel.LogLevel>
}

/**
 * The configuration from the ambient ConfigProvider (the environment by default), with every
 * problem collected into one ConfigInvalid.
 */
export const loadConfig: Effect.Effect<AppConfig, ConfigInvalid> = Effect.gen(function* () {
  const problems: Array<ConfigProblem> = []
  const read = <A>(effect: Effect.Effect<Option.Option<A>, ConfigProblem>) =>
    effect.pipe(
      Effect.catch((problem: ConfigProblem) =>
        Effect.sync(() => {
          problems.push(problem)
          return Option.none<A>()
        })
      )
    )

  const nodeEnv = yield* read(variable("NODE_ENV", checks.nonEmpty))
  const production = Option.getOrUndefined(nodeEnv) === "production"
  const port = Option.getOrElse(yield* read(variable("PORT", checks.port)), () => DEFAULT_PORT)
  const dataDir = Option.getOrElse(yield* read(variable("DATA_DIR", checks.nonEmpty)), () => DEFAULT_DATA_DIR)
  const databaseUrl = yield* read(variable("DATABASE_URL", checks.postgresUrl, { secret: true }))
  const publicUrl = Option.getOrElse(
    yield* read(variable("PUBLIC_URL", checks.httpUrl)),
    () => `http://localhost:${port}`
  )
  const signup = Option.getOrElse(yield* read(variable("SIGNUP", checks.signup)), () => "open" as const)
  const secret = yield* read(variable("SECRET", checks.secret, { secret: true }))
  if (production && Option.isNone(secret) && !problems.some((p) => p.variable === "SECRET")) {
    problems.push({
      variable: "SECRET",
      message: `required when NODE_ENV=production (at least ${MIN_SECRET_LENGTH} random characters; try: openssl rand -base64 32)`
    })
  }
  const resendApiKey = yield* read(variable("RESEND_API_KEY", checks.nonEmpty, { secret: true }))
  const resendBaseUrl = yield* read(variable("RESEND_BASE_URL", checks.httpUrl))
  const mailFromGiven = yield* read(variable("MAIL_FROM", checks.mailFrom))
  if (
    Option.isSome(resendApiKey) &&
    Option.isNone(mailFromGiven) &&
    !problems.some((p) => p.variable === "MAIL_FROM")
  ) {
    problems.push({
      variable: "MAIL_FROM",
      message:
        'required when RESEND_API_KEY is set: an address on a domain verified with Resend, such as "Salon <bonjour@example.com>"'
    })
  }
  const mailFrom = Option.getOrElse(mailFromGiven, () => DEFAULT_MAIL_FROM)
  const retryBaseMillis = yield* read(variable("DELIVERY_RETRY_SECONDS", checks.retrySeconds))
  const corsOrigins = Option.getOrElse(yield* read(variable("CORS_ORIGINS", checks.origins)), () => [])
  const worker = Option.getOrElse(yield* read(variable("WORKER", checks.boolean)), () => true)
  const logLevel = Option.getOrElse(
    yield* read(variable("LOG_LEVEL", checks.logLevel)),
    () => "Info" as LogLevel.LogLevel
  )

  if (problems.length > 0) return yield* new ConfigInvalid({ problems })
  return {
    port,
    dataDir: resolve(dataDir),
    databaseUrl,
    publicUrl,
    signup,
    production,
    secret,
    resend: Option.map(resendApiKey, (key) => ({ apiKey: Redacted.make(key), baseUrl: resendBaseUrl })),
    mailFrom,
    deliveryRetry: Option.match(retryBaseMillis, {
      onNone: () => defaultRetryPolicy,
      onSome: (baseMillis) => ({ ...defaultRetryPolicy, baseMillis })
    }),
    corsOrigins,
    worker,
    logLevel
  } satisfies AppConfig
})

/** The configuration from `env` (default: the process's environment). */
export const configFromEnv = (env: Readonly<Record<string, string | undefined>> = process.env) =>
  loadConfig.pipe(
    Effect.provideService(
      ConfigProvider.ConfigProvider,
      ConfigProvider.fromEnv({
        env: Object.fromEntries(
          Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined)
        )
      })
    )
  )

/**
 * The signing secret: SECRET when set, else the development secret kept in `DATA_DIR/secret`
 * (created on first use, readable by its owner only).
 */
export const resolveSecret = (config: AppConfig): Effect.Effect<Redacted.Redacted<string>> =>
  Option.match(config.secret, {
    onSome: Effect.succeed,
    onNone: () =>
      Effect.sync(() => {
        const file = join(config.dataDir, "secret")
        try {
          const existing = readFileSync(file, "utf8").trim()
          if (existing.length >= MIN_SECRET_LENGTH) return Redacted.make(existing)
        } catch {
          // Not there yet: generated below.
        }
        mkdirSync(config.dataDir, { recursive: true })
        const secret = randomBytes(32).toString("base64url")
        writeFileSync(file, `${secret}\n`, { mode: 0o600 })
        chmodSync(file, 0o600)
        return Redacted.make(secret)
      })
  })
