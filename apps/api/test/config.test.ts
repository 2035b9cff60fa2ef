/**
 * Configuration is validated at start: every bad variable is named on a line of its own and the
 * process exits 1 before opening anything. So does a process whose port is taken.
 */
import { readdirSync } from "node:fs"
import { createServer } from "node:net"
import { defaultRetryPolicy } from "@creneau/core"
import { assert, describe, expect, it } from "@effect/vitest"
import { Effect, Option, Redacted } from "effect"
import { configFromEnv } from "../src/Config.js"
import { startBuilt, tempDir } from "./support/process.js"

const problemsOf = (env: Record<string, string>) =>
  Effect.flip(configFromEnv(env)).pipe(Effect.map((invalid) => invalid.problems.map((p) => p.variable)))

describe("configuration", () => {
  it.effect("has defaults for everything outside production", () =>
    Effect.gen(function* () {
      const config = yield* configFromEnv({})
      assert.strictEqual(config.port, 3000)
      assert.isTrue(config.dataDir.endsWith("/.data"))
      assert.isTrue(Option.isNone(config.databaseUrl))
      assert.strictEqual(config.publicUrl, "http://localhost:3000")
      assert.strictEqual(config.signup, "open")
      assert.isTrue(config.worker)
      assert.strictEqual(config.logLevel, "Info")
      assert.deepStrictEqual(config.corsOrigins, [])
      assert.isTrue(Option.isNone(config.resend))
      assert.deepStrictEqual(config.deliveryRetry, defaultRetryPolicy)
    })
  )

  it.effect("reads every variable", () =>
    Effect.gen(function* () {
      const config = yield* configFromEnv({
        PORT: "8080",
        DATA_DIR: "/var/lib/creneau",
        DATABASE_URL: "postgres://app:pw@db:5432/creneau",
        PUBLIC_URL: "https://rdv.example.com/",
        SIGNUP: "closed",
        NODE_ENV: "production",
        SECRET: "s".repeat(40),
        RESEND_API_KEY: "re_123",
        RESEND_BASE_URL: "http://127.0.0.1:9999",
        MAIL_FROM: "Salon <bonjour@example.com>",
        DELIVERY_RETRY_SECONDS: "2.5",
        CORS_ORIGINS: "https://admin.example.com, http://localhost:5173",
        WORKER: "off",
        LOG_LEVEL: "warn"
      })
      assert.strictEqual(config.port, 8080)
      assert.strictEqual(config.dataDir, "/var/lib/creneau")
      assert.strictEqual(
        Option.map(config.databaseUrl, Redacted.value).pipe(Option.getOrThrow),
        "postgres://app:pw@db:5432/creneau"
      )
      assert.strictEqual(config.publicUrl, "https://rdv.example.com")
      assert.strictEqual(config.signup, "closed")
      assert.isTrue(config.production)
      assert.deepStrictEqual(config.corsOrigins, ["https://admin.example.com", "http://localhost:5173"])
      assert.isFalse(config.worker)
      assert.strictEqual(config.logLevel, "Warn")
      assert.strictEqual(config.mailFrom, "Salon <bonjour@example.com>")
      const resend = Option.getOrThrow(config.resend)
      assert.strictEqual(Redacted.value(resend.apiKey), "re_123")
      assert.strictEqual(Option.getOrThrow(resend.baseUrl), "http://127.0.0.1:9999")
      assert.deepStrictEqual(config.deliveryRetry, { ...defaultRetryPolicy, baseMillis: 2_500 })
    })
  )

  it.effect("the default public URL follows PORT; empty variables count as unset", () =>
    Effect.gen(function* () {
      const config = yield* configFromEnv({ PORT: "4000", DATABASE_URL: "", SIGNUP: " " })
      assert.strictEqual(config.publicUrl, "http://localhost:4000")
      assert.isTrue(Option.isNone(config.databaseUrl))
      assert.strictEqual(config.signup, "open")
    })
  )

  it.effect("reports every bad variable at once", () =>
    Effect.gen(function* () {
      const problems = yield* problemsOf({
        PORT: "70000",
        SIGNUP: "maybe",
        DATABASE_URL: "mysql://db/x",
        PUBLIC_URL: "rdv.example.com",
        CORS_ORIGINS: "https://ok.example.com,not an origin",
        WORKER: "sometimes",
        LOG_LEVEL: "loud",
        MAIL_FROM: "nobody",
        RESEND_BASE_URL: "ftp://x",
        DELIVERY_RETRY_SECONDS: "soon"
      })
      assert.deepStrictEqual([...problems].sort(), [
        "CORS_ORIGINS",
        "DATABASE_URL",
        "DELIVERY_RETRY_SECONDS",
        "LOG_LEVEL",
        "MAIL_FROM",
        "PORT",
        "PUBLIC_URL",
        "RESEND_BASE_URL",
        "SIGNUP",
        "WORKER"
      ])
    })
  )

  it.effect("Resend needs a sender; a retry delay is a positive number of seconds", () =>
    Effect.gen(function* () {
      const noSender = yield* Effect.flip(configFromEnv({ RESEND_API_KEY: "re_123" }))
      assert.deepStrictEqual(noSender.lines, [
        'Invalid configuration: MAIL_FROM: required when RESEND_API_KEY is set: an address on a domain verified with Resend, such as "Salon <bonjour@example.com>"'
      ])
      assert.notInclude(noSender.lines.join("\n"), "re_123")
      for (const bad of ["0", "-1", "3601", "1e3", "30s"]) {
        assert.deepStrictEqual(
          yield* problemsOf({ DELIVERY_RETRY_SECONDS: bad }),
          ["DELIVERY_RETRY_SECONDS"],
          bad
        )
      }
      const quick = yield* configFromEnv({ DELIVERY_RETRY_SECONDS: "0.5" })
      assert.strictEqual(quick.deliveryRetry.baseMillis, 500)
    })
  )

  it.effect("production needs a SECRET, long enough, and never prints it", () =>
    Effect.gen(function* () {
      assert.deepStrictEqual(yield* problemsOf({ NODE_ENV: "production" }), ["SECRET"])
      const short = yield* Effect.flip(configFromEnv({ NODE_ENV: "production", SECRET: "tooshort-secret" }))
      assert.deepStrictEqual(
        short.problems.map((p) => p.variable),
        ["SECRET"]
      )
      assert.notInclude(short.lines.join("\n"), "tooshort-secret")
      const url = yield* Effect.flip(configFromEnv({ DATABASE_URL: "mysql://user:hunter2@db/x" }))
      assert.notInclude(url.lines.join("\n"), "hunter2")
    })
  )
})

describe("a process with a bad configuration", () => {
  const cases: ReadonlyArray<readonly [string, Record<string, string>, RegExp]> = [
    ["bad PORT", { PORT: "http" }, /^Invalid configuration: PORT="http": expected a port number/m],
    [
      "bad SIGNUP",
      { SIGNUP: "sometimes" },
      /^Invalid configuration: SIGNUP="sometimes": expected "open" or "closed"/m
    ],
    [
      "bad DATABASE_URL",
      { DATABASE_URL: "localhost:5432" },
      /^Invalid configuration: DATABASE_URL: expected a PostgreSQL/m
    ],
    [
      "production without SECRET",
      { NODE_ENV: "production" },
      /^Invalid configuration: SECRET: required when NODE_ENV=production/m
    ]
  ]

  it("exits 1 with one line naming each bad variable", { timeout: 60_000 }, async () => {
    const dataDir = tempDir()
    const runs = cases.map(([, env]) => startBuilt("main", [], { ...env, DATA_DIR: dataDir }))
    const codes = await Promise.all(runs.map((run) => run.exited))
    cases.forEach(([name, , line], i) => {
      const output = runs[i]!.output()
      expect(codes[i], `${name}: ${output}`).toBe(1)
      expect(output, name).toMatch(line)
      expect(output, name).not.toMatch(/at .*\.ts:\d+|Error:/)
    })
    // Two problems: two lines.
    const both = startBuilt("main", [], { PORT: "0", SIGNUP: "x", DATA_DIR: dataDir })
    expect(await both.exited).toBe(1)
    expect(both.output().trim().split("\n")).toHaveLength(2)
  })
})

describe("a process whose port is taken", () => {
  it("exits 1 saying so, before opening its database or seeding the demo", { timeout: 60_000 }, async () => {
    const taken = createServer()
    await new Promise<void>((resolve) => taken.listen(0, resolve))
    const port = (taken.address() as { readonly port: number }).port
    try {
      const dataDir = tempDir()
      const run = startBuilt("main", [], { PORT: String(port), DATA_DIR: dataDir })
      expect(await run.exited, run.output()).toBe(1)
      expect(run.output()).toMatch(
        new RegExp(`port ${port} is already in use: stop the other process or set PORT`)
      )
      expect(readdirSync(dataDir), "nothing written to the data directory").toEqual([])
    } finally {
      await new Promise((resolve) => taken.close(resolve))
    }
  })
})
