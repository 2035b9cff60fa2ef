/**
 * The published package: `npm pack` gives a tarball that installs on its own and imports in plain
 * Node ESM (compiled JS, declarations, exports map), depending only on effect and rrule.
 */
import { execFileSync } from "node:child_process"
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs"
import { tmpdir } from "node:os"
import { join } from "node:path"
import { afterAll, assert, describe, it } from "@effect/vitest"

const root = join(import.meta.dirname, "..")
const work = mkdtempSync(join(tmpdir(), "creneau-core-pack-"))
const npm = (args: ReadonlyArray<string>, cwd: string) =>
  execFileSync("npm", [...args], { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] })

afterAll(() => rmSync(work, { recursive: true, force: true }))

describe("@creneau/core as a published package", () => {
  it("packs, installs alone and runs in plain Node ESM", () => {
    if (!existsSync(join(root, "dist", "index.js"))) npm(["run", "build"], root)
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", work], root)) as Array<{
      filename: string
      files: Array<{ path: string }>
    }>
    const files = packed[0]!.files.map((f) => f.path)
    assert.include(files, "dist/index.js")
    assert.include(files, "dist/index.d.ts")
    assert.isFalse(files.some((f) => f.startsWith("src/") || f.startsWith("test/")))

    const app = join(work, "app")
    execFileSync("mkdir", ["-p", app])
    writeFileSync(join(app, "package.json"), JSON.stringify({ name: "embed", private: true, type: "module" }))
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", join(work, packed[0]!.filename)], app)

    const lock = JSON.parse(readFileSync(join(app, "package-lock.json"), "utf8")) as {
      packages: Record<string, unknown>
    }
    const direct = Object.keys(lock.packages)
      .filter((p) => /^node_modules\/(@[^/]+\/)?[^/]+$/.test(p))
      .map((p) => p.slice("node_modules/".length))
      .sort()
    // rrule brings tslib; nothing else may come along.
    assert.deepStrictEqual(direct, ["@creneau/core", "effect", "rrule", "tslib"])

    writeFileSync(
      join(app, "main.mjs"),
      `import { DateTime, Effect, Result, Schema } from "effect"
import { expandRecurrence, findSlots, defaultBookingRules, createAppointment, CreateAppointmentInput } from "@creneau/core"
import { layerTest, seedSalon } from "@creneau/core/testing"
const start = DateTime.makeUnsafe("2026-03-17T10:00:00Z")
const series = Result.getOrThrow(expandRecurrence({ rule: { frequency: "weekly", interval: 1, count: 3 }, start, timeZone: "Europe/Paris" }))
const day = [{ start: "09:00", end: "12:00" }]
const slots = findSlots({
  timezone: "Europe/Paris",
  rules: defaultBookingRules,
  services: [{ id: "svc", durationMinutes: 60, bufferBeforeMinutes: 0, bufferAfterMinutes: 0, staffIds: ["anna"], resourceIds: [], active: true }],
  staff: [{ id: "anna", active: true, timeOff: [], workingHours: { weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: [], sun: [] }, overrides: [] } }],
  resources: [],
  appointments: [],
  from: "2026-03-17",
  to: "2026-03-17",
  now: DateTime.makeUnsafe("2026-03-01T00:00:00Z")
})
const booked = await Effect.runPromise(Effect.gen(function* () {
  const salon = yield* seedSalon()
  const { appointment } = yield* createAppointment({
    businessId: salon.business.id,
    actor: salon.owner,
    input: Schema.decodeUnknownSync(CreateAppointmentInput)({ start: "2030-03-19T10:00:00+01:00", items: [{ serviceId: salon.haircut.id }] })
  })
  return appointment.status
}).pipe(Effect.provide(layerTest)))
console.log(JSON.stringify({ series: series.occurrences.length, endsOn: series.endsOn, slots: slots.length, booked }))
`
    )
    const out = execFileSync("node", ["main.mjs"], { cwd: app, encoding: "utf8" })
    // 09:00 to 11:00 every 15 minutes.
    assert.deepStrictEqual(JSON.parse(out), { series: 3, endsOn: "2026-03-31", slots: 9, booked: "approved" })
  }, 180_000)
})
