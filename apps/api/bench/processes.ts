/**
 * What the API benchmark runs on: the built server as a child process (`node dist/main.js`, as
 * `npm start` runs it) with its output in a log file, a throwaway PostgreSQL database or PGlite
 * data directory, and the clean-up of all of them however the run ends.
 */
import { spawn } from "node:child_process"
import { randomBytes } from "node:crypto"
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import postgres from "postgres"
import { appDir, childEnv, freePort } from "../test/support/process.js"

// ---- clean-up ------------------------------------------------------------------------------------

const cleanups: Array<() => Promise<void>> = []

/** Run `cleanup` when the run ends (last registered, first run), even on Ctrl+C. */
export const onExit = (cleanup: () => Promise<void>): void => {
  cleanups.push(cleanup)
}

let cleaning: Promise<void> | undefined

/**
 * Undo everything registered with `onExit`, once however many ask; a failing step does not stop
 * the others.
 */
export const cleanUp = (): Promise<void> => {
  cleaning ??= (async () => {
    while (cleanups.length > 0) {
      await cleanups.pop()!().catch((error: unknown) => console.error(`clean-up: ${String(error)}`))
    }
  })()
  return cleaning
}

let interrupted = false

/** Ctrl+C (or SIGTERM) stopped the run: what fails from then on is no news. */
export const wasInterrupted = (): boolean => interrupted

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    interrupted = true
    console.error(`\n${signal}: stopping the servers and dropping the benchmark databases`)
    void cleanUp().finally(() => process.exit(130))
  })
}

// ---- databases -----------------------------------------------------------------------------------

/** Where a server keeps its data: PostgreSQL at `url`, or PGlite in `dataDir`. */
export type Store = PostgresStore | PgliteStore
export interface PostgresStore {
  readonly engine: "postgres"
  readonly url: string
  readonly label: string
}
export interface PgliteStore {
  readonly engine: "pglite"
  readonly dataDir: string
  readonly label: string
}

export const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  onExit(async () => rmSync(dir, { recursive: true, force: true }))
  return dir
}

/** A new database beside the one `serverUrl` names, dropped when the run ends. */
export const freshPostgres = async (serverUrl: string): Promise<PostgresStore> => {
  const name = `creneau_bench_${randomBytes(4).toString("hex")}`
  const admin = async (statement: string) => {
    const sql = postgres(serverUrl, { max: 1, onnotice: () => {} })
    try {
      await sql.unsafe(statement)
    } finally {
      await sql.end({ timeout: 5 })
    }
  }
  await admin(`create database "${name}"`)
  onExit(() => admin(`drop database if exists "${name}" with (force)`))
  const url = new URL(serverUrl)
  url.pathname = `/${name}`
  return { engine: "postgres", url: url.toString(), label: `database ${name} on ${url.host}` }
}

export const freshPglite = (): PgliteStore => {
  const dataDir = tempDir("creneau-bench-pglite-")
  return { engine: "pglite", dataDir, label: `PGlite in ${dataDir}` }
}

/** The server's PostgreSQL version ("PostgreSQL 16.4"), for the report. */
export const postgresVersion = async (url: string): Promise<string> => {
  const sql = postgres(url, { max: 1, onnotice: () => {} })
  try {
    const [row] = await sql<Array<{ version: string }>>`select version()`
    return row?.version.split(" ").slice(0, 2).join(" ") ?? "PostgreSQL"
  } finally {
    await sql.end({ timeout: 5 })
  }
}

// ---- servers -------------------------------------------------------------------------------------

export interface Server {
  readonly name: string
  readonly base: string
  /** Everything the process wrote to stdout (its log lines, one per request and per message sent). */
  readonly log: () => string
  /** Stop it as an operator would (SIGTERM) and wait for its exit code. */
  readonly stop: () => Promise<number | null>
}

/** The entry point and the packages it loads are built (`npm run bench:api` builds them first). */
export const assertBuilt = (): void => {
  const needed = [
    join(appDir, "dist", "main.js"),
    join(appDir, "..", "..", "packages", "core", "dist", "index.js"),
    join(appDir, "..", "..", "packages", "adapters", "drizzle", "dist", "index.js"),
    join(appDir, "..", "..", "packages", "adapters", "hono", "dist", "index.js")
  ]
  const missing = needed.filter((file) => !existsSync(file))
  if (missing.length > 0) {
    throw new Error(
      `Not built: ${missing.join(", ")}. Run \`npm run bench:api\` at the repository root (it builds first).`
    )
  }
}

/**
 * Start `node dist/main.js` on a free port over `store`, with the worker in the process and the
 * default log level, and wait until /healthz answers.
 */
export const startServer = async (name: string, store: Store): Promise<Server> => {
  const port = await freePort()
  const base = `http://127.0.0.1:${port}`
  const logDir = tempDir("creneau-bench-log-")
  const stdoutFile = join(logDir, "stdout.log")
  const stderrFile = join(logDir, "stderr.log")
  const out = openSync(stdoutFile, "w")
  const err = openSync(stderrFile, "w")
  const child = spawn(process.execPath, ["dist/main.js"], {
    cwd: appDir,
    env: childEnv({
      PORT: String(port),
      PUBLIC_URL: base,
      WORKER: "on",
      LOG_LEVEL: "info",
      ...(store.engine === "postgres"
        ? { DATABASE_URL: store.url, DATA_DIR: tempDir("creneau-bench-data-") }
        : { DATA_DIR: store.dataDir })
    }),
    // Straight to files: the server never waits for this process to read its output.
    stdio: ["ignore", out, err]
  })
  closeSync(out)
  closeSync(err)
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  let exitCode: number | null | undefined
  void exited.then((code) => {
    exitCode = code
  })
  const output = () =>
    `${readFileSync(stdoutFile, "utf8")}${readFileSync(stderrFile, "utf8")}`.split("\n").slice(-40).join("\n")
  // Once started, an exit nobody asked for is reported at once, with the server's last lines.
  let expectExit = true
  void exited.then((code) => {
    if (!expectExit) console.error(`${name} exited (${code}) on its own; its last lines:\n${output()}`)
  })
  const stop = async () => {
    expectExit = true
    if (exitCode === undefined) child.kill("SIGTERM")
    return exited
  }
  onExit(async () => {
    if (exitCode !== undefined) return
    expectExit = true
    child.kill("SIGKILL")
    await exited
  })

  const deadline = Date.now() + 60_000
  while (true) {
    if (exitCode !== undefined) throw new Error(`${name} exited (${exitCode}) while starting:\n${output()}`)
    if (Date.now() > deadline) throw new Error(`${name} did not answer within 60 s:\n${output()}`)
    const healthy = await fetch(`${base}/healthz`).then(
      (res) => res.status === 200,
      () => false
    )
    if (healthy) break
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  expectExit = false
  return { name, base, log: () => readFileSync(stdoutFile, "utf8"), stop }
}
