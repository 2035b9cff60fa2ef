/**
 * The command line, built, on a fresh embedded database: usage errors exit 2 with the usage, a
 * refused command exits 1 with the reason on one line, and each command does what it says.
 */
import { describe, expect, it } from "@effect/vitest"
import { startBuilt, tempDir } from "./support/process.js"

const cli = async (args: ReadonlyArray<string>, env: Record<string, string> = {}) => {
  const child = startBuilt("cli", args, env)
  const code = await child.exited
  return { code, output: child.output() }
}

describe("creneau CLI", () => {
  it("explains its usage", { timeout: 30_000 }, async () => {
    const [help, unknown, missing, invalid, extra] = await Promise.all([
      cli([]),
      cli(["frobnicate"]),
      cli(["create-business", "--name", "Studio"]),
      cli([
        "create-business",
        "--name",
        "Studio",
        "--timezone",
        "Mars/Olympus",
        "--owner-email",
        "not-an-email",
        "--owner-password",
        "short"
      ]),
      cli(["migrate", "--force"])
    ])
    expect(help.code).toBe(0)
    expect(help.output).toMatch(/^Usage: creneau <command>/)
    expect(unknown.code).toBe(2)
    expect(unknown.output).toMatch(/^Unknown command: frobnicate\.\n\nUsage:/)
    expect(missing.code).toBe(2)
    expect(missing.output).toMatch(/^Missing --timezone, --owner-email, --owner-password\./)
    expect(invalid.code).toBe(2)
    expect(invalid.output).toMatch(/^--timezone: /m)
    expect(invalid.output).toMatch(/^--owner-email: /m)
    expect(invalid.output).toMatch(/^--owner-password: At least 8 characters/m)
    expect(extra.code).toBe(2)
    expect(extra.output).toMatch(/--force/)
  })

  it("migrates, opens a business once, and seeds the demo once", { timeout: 60_000 }, async () => {
    const env = { DATA_DIR: tempDir() }
    const migrated = await cli(["migrate"], env)
    expect(migrated.code, migrated.output).toBe(0)
    expect(migrated.output).toMatch(/^Migrations applied: PGlite in /)

    const args = [
      "create-business",
      "--name",
      "Studio Nord",
      "--timezone",
      "Europe/Paris",
      "--owner-email",
      "nora@studio-nord.example",
      "--owner-password",
      "correct horse",
      "--locale",
      "fr"
    ]
    const created = await cli(args, env)
    expect(created.code, created.output).toBe(0)
    expect(created.output).toMatch(/^Business "Studio Nord" created \(biz_/)
    expect(created.output).toMatch(/^API key: crn_\S+$/m)
    const again = await cli(args, env)
    expect(again.code).toBe(1)
    expect(again.output.trim()).toMatch(/^--owner-email: Already registered/)

    const seeded = await cli(["seed-demo"], env)
    expect(seeded.code, seeded.output).toBe(0)
    expect(seeded.output).toMatch(/^Demo business seeded/)
    const twice = await cli(["seed-demo"], env)
    expect(twice.code).toBe(1)
    expect(twice.output.trim()).toBe(
      "The demo business already exists here (owner@salon-demo.example); nothing was changed."
    )
  })
})
