/**
 * The admin app's files as the server sends them: compressed when the browser accepts it, hashed
 * assets cached for good, index.html for the app's own paths.
 */
import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { gunzipSync } from "node:zlib"
import { afterAll, beforeAll, describe, expect, it } from "@effect/vitest"
import { makeHttpApp } from "../src/Server.js"
import { makeTestRuntime, testConfig } from "./support/services.js"

describe("the admin app's files", () => {
  const runtime = makeTestRuntime("pglite")
  const script = `console.log(${JSON.stringify("Créneau ".repeat(2_000))})\n`
  let dir: string
  let fetch: (request: Request) => Response | Promise<Response>

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "creneau-admin-"))
    await mkdir(join(dir, "assets"))
    await writeFile(join(dir, "index.html"), "<!doctype html><title>Créneau</title>")
    await writeFile(join(dir, "assets", "app-1a2b3c.js"), script)
    fetch = makeHttpApp({ runtime, config: testConfig(), adminDir: dir }).fetch
  })
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true })
    await runtime.dispose()
  })

  it("sends a script gzipped to a browser that accepts it, cached for good", async () => {
    const res = await fetch(
      new Request("http://localhost/assets/app-1a2b3c.js", { headers: { "Accept-Encoding": "gzip, br" } })
    )
    expect(res.status).toBe(200)
    expect(res.headers.get("content-encoding")).toBe("gzip")
    expect(res.headers.get("cache-control")).toBe("public, max-age=31536000, immutable")
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBeLessThan(Buffer.byteLength(script) / 4)
    expect(gunzipSync(body).toString("utf8")).toBe(script)
  })

  it("sends it as it is to a client that asks for no encoding", async () => {
    const res = await fetch(new Request("http://localhost/assets/app-1a2b3c.js"))
    expect(res.headers.get("content-encoding")).toBeNull()
    expect(await res.text()).toBe(script)
  })

  it("answers the app's own paths with index.html, revalidated", async () => {
    const res = await fetch(new Request("http://localhost/calendar"))
    expect(res.status).toBe(200)
    expect(res.headers.get("cache-control")).toBe("no-cache")
    expect(await res.text()).toContain("<title>Créneau</title>")
  })
})
