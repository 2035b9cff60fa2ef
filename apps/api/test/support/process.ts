/**
 * Running the app's entry points as child processes: from the build (`node dist/main.js`, as the
 * README says) or from source through tsx, with a free port and a temporary data directory.
 */
import { type ChildProcess, spawn } from "node:child_process"
import { existsSync, mkdtempSync } from "node:fs"
import { createServer } from "node:net"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { fileURLToPath } from "node:url"

export const appDir = fileURLToPath(new URL("../..", import.meta.url))

export const tempDir = (prefix = "creneau-api-") => mkdtempSync(join(tmpdir(), prefix))

/** A TCP port nobody listens on right now. */
export const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer()
    server.once("error", reject)
    server.listen(0, "127.0.0.1", () => {
      const address = server.address()
      const port = typeof address === "object" && address !== null ? address.port : 0
      server.close(() => resolve(port))
    })
  })

/** The environment of a child: this one without the variables the app reads, plus `env`. */
export const childEnv = (env: Record<string, string>) => {
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

export interface Child {
  readonly process: ChildProcess
  readonly output: () => string
  readonly exited: Promise<number | null>
}

const start = (args: ReadonlyArray<string>, env: Record<string, string>): Child => {
  const child = spawn(process.execPath, [...args], { cwd: appDir, env: childEnv(env), stdio: "pipe" })
  let output = ""
  child.stdout.on("data", (chunk) => {
    output += chunk
  })
  child.stderr.on("data", (chunk) => {
    output += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)))
  return { process: child, output: () => output, exited }
}

/** An entry point (`main`, `worker`, `cli`) from source, as `npm run dev` does. */
export const startSource = (entry: string, args: ReadonlyArray<string>, env: Record<string, string>) =>
  start(["--conditions=@creneau/source", "--import", "tsx", `src/${entry}.ts`, ...args], env)

/** An entry point from the build, as `npm start` does. */
export const startBuilt = (entry: string, args: ReadonlyArray<string>, env: Record<string, string>) => {
  if (!existsSync(join(appDir, "dist", `${entry}.js`))) {
    throw new Error(`apps/api/dist/${entry}.js is missing: run \`npx turbo run build\` first`)
  }
  return start([`dist/${entry}.js`, ...args], env)
}

/** Resolve once `url` answers 200, or fail after `timeoutMs` with the child's output. */
export const waitForHealthy = async (child: Child, url: string, timeoutMs = 45_000) => {
  const deadline = Date.now() + timeoutMs
  let exitCode: number | null | undefined
  void child.exited.then((code) => {
    exitCode = code
  })
  while (Date.now() < deadline) {
    if (exitCode !== undefined) throw new Error(`The server exited (${exitCode}):\n${child.output()}`)
    try {
      const res = await fetch(url)
      if (res.status === 200) return
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms:\n${child.output()}`)
}
