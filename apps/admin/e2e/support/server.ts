/**
 * The product under test: the built server (`node apps/api/dist/main.js`, serving the API and
 * apps/admin/dist on one port) on a free port with a fresh PGlite data directory, so the demo
 * business is seeded on start and every email link points at this server (PUBLIC_URL). Stopped
 * with SIGTERM (SIGKILL if it lingers) and its directory removed afterwards.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync, rmSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url))
const serverEntry = join(repoRoot, "apps/api/dist/main.js")
const adminIndex = join(repoRoot, "apps/admin/dist/index.html")

export interface Server {
  readonly baseUrl: string
  /** The demo owner's API key, printed once on the first start. */
  readonly apiKey: string
  readonly output: () => string
  readonly stop: () => Promise<void>
}

/** A TCP port nobody listens on right now. */
const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const probe = createServer()
    probe.once("error", reject)
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      probe.close(() => resolve(port))
    })
  })

/** This process's environment without the variables the server reads, plus `env`. */
const childEnv = (env: Record<string, string>) => {
  const base = { ...process.env }
  for (const key of [
    "PORT",
    "DATA_DIR",
    "DATABASE_URL",
    "PUBLIC_URL",
    "SIGNUP",
    "SECRET",
    "NODE_ENV",
    "RESEND_API_KEY",
    "RESEND_BASE_URL",
    "MAIL_FROM",
    "DELIVERY_RETRY_SECONDS",
    "CORS_ORIGINS",
    "WORKER",
    "LOG_LEVEL"
  ]) {
    delete base[key]
  }
  return { ...base, ...env }
}

const exitOf = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve(child.exitCode)
    else child.once("exit", (code) => resolve(code))
  })

/** Start the built server and wait until it answers /healthz. */
export const startServer = async (options: { readonly startTimeoutMs?: number } = {}): Promise<Server> => {
  const missing = [serverEntry, adminIndex].filter((file) => !existsSync(file))
  if (missing.length > 0) {
    throw new Error(
      `The browser tests run the built product, but ${missing.join(" and ")} ${missing.length > 1 ? "are" : "is"} missing: run \`npx turbo run build --filter=@creneau/api --filter=@creneau/admin\` (npm test builds first).`
    )
  }
  const port = await freePort()
  const baseUrl = `http://127.0.0.1:${port}`
  const dataDir = mkdtempSync(join(tmpdir(), "creneau-e2e-"))
  const child = spawn(process.execPath, [serverEntry], {
    cwd: join(repoRoot, "apps/api"),
    env: childEnv({ PORT: String(port), DATA_DIR: dataDir, PUBLIC_URL: baseUrl, LOG_LEVEL: "warn" }),
    stdio: ["ignore", "pipe", "pipe"]
  })
  let output = ""
  child.stdout?.on("data", (chunk) => {
    output += chunk
  })
  child.stderr?.on("data", (chunk) => {
    output += chunk
  })
  const exited = exitOf(child)
  // If this test process dies first, the server must not outlive it.
  const killOnExit = () => child.kill("SIGKILL")
  process.once("exit", killOnExit)

  const stop = async () => {
    process.off("exit", killOnExit)
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGTERM")
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000)
      await exited
      clearTimeout(timer)
    }
    rmSync(dataDir, { recursive: true, force: true })
  }

  try {
    const deadline = Date.now() + (options.startTimeoutMs ?? 90_000)
    let code: number | null | undefined
    void exited.then((c) => {
      code = c
    })
    for (;;) {
      if (code !== undefined) throw new Error(`The server exited (${code}) before answering:\n${output}`)
      if (Date.now() > deadline)
        throw new Error(`${baseUrl}/healthz did not answer (or no API key was printed) in time:\n${output}`)
      // The sign-in lines are printed right after the server starts listening.
      const apiKey = /API key: +(crn_\S+)/.exec(output)?.[1]
      const healthy = await fetch(`${baseUrl}/healthz`).then(
        (res) => res.status === 200,
        () => false
      )
      if (healthy && apiKey !== undefined) return { baseUrl, apiKey, output: () => output, stop }
      await new Promise((resolve) => setTimeout(resolve, 150))
    }
  } catch (error) {
    await stop()
    throw error
  }
}
