// `npm start`: build what the product needs (turbo caches it, so only the first run waits) and
// run the API — which also serves the admin app and runs the worker — on one port. Embedded
// PGlite under ./.data unless DATABASE_URL is set; the demo business is seeded on first start and
// its sign-in printed. Ctrl+C (or SIGTERM) stops it gracefully.
import { spawn, spawnSync } from "node:child_process"
import { existsSync } from "node:fs"

const api = "apps/api/package.json"
if (!existsSync(api)) {
  console.log(
    "Créneau: the API is not built yet. The domain core is ready: see the README to embed it, and `npm test`."
  )
  process.exit(0)
}

const filters = ["--filter=@creneau/api..."]
if (existsSync("apps/admin/package.json")) filters.push("--filter=@creneau/admin...")

console.log("Building Créneau (cached after the first run)…")
const build = spawnSync(
  process.platform === "win32" ? "npx.cmd" : "npx",
  ["turbo", "run", "build", ...filters, "--output-logs=errors-only", "--log-prefix=none"],
  { stdio: ["ignore", "ignore", "inherit"], shell: process.platform === "win32" }
)
if (build.status !== 0) {
  console.error("The build failed: run `npx turbo run build` to see why.")
  process.exit(build.status ?? 1)
}

// The server runs in a process group of its own, so that Ctrl+C reaches it once, through this
// process, which passes every stop signal on and exits with the server's code once it has stopped.
const server = spawn(process.execPath, ["apps/api/dist/main.js"], {
  stdio: "inherit",
  detached: process.platform !== "win32"
})
const stop = (signal) => {
  if (server.exitCode === null && server.signalCode === null) server.kill(signal)
}
for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(signal, () => stop(signal))
// npm does not pass a SIGTERM on to its script's processes: when the process that started this
// one (npm) goes away, stop the server too rather than leave it running.
const parent = process.ppid
setInterval(() => {
  if (process.ppid !== parent) stop("SIGTERM")
}, 500)
server.on("exit", (code) => process.exit(code ?? 1))
