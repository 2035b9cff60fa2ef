// `npm start`: build what is needed and run the API (which serves the admin app) on one port.
import { spawnSync } from "node:child_process"
import { existsSync } from "node:fs"

const api = "apps/api/package.json"
if (!existsSync(api)) {
  console.log(
    "Créneau: the API is not built yet. The domain core is ready: see the README to embed it, and `npm test`."
  )
  process.exit(0)
}
const build = spawnSync("npx", ["turbo", "run", "build"], { stdio: "inherit" })
if (build.status !== 0) process.exit(build.status ?? 1)
const run = spawnSync("npm", ["run", "start", "-w", "@creneau/api"], { stdio: "inherit" })
process.exit(run.status ?? 1)
