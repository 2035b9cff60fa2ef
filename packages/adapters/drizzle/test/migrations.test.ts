/**
 * The committed migrations: an empty database (PGlite, and PostgreSQL when TEST_DATABASE_URL is
 * set) builds from them, with every table and column of the schema module, the extensions and the
 * exclusion constraint; applying them again changes nothing; and drizzle-kit, run on the schema
 * module against the committed snapshots, finds nothing left to generate.
 */
import { execFile } from "node:child_process"
import { cp, mkdtemp, readdir, rm } from "node:fs/promises"
import { createRequire } from "node:module"
import { tmpdir } from "node:os"
import { dirname, join, relative } from "node:path"
import { fileURLToPath } from "node:url"
import { assert, describe, it } from "@effect/vitest"
import { PGlite } from "@electric-sql/pglite"
import { btree_gist } from "@electric-sql/pglite/contrib/btree_gist"
import { pg_trgm } from "@electric-sql/pglite/contrib/pg_trgm"
import { getTableColumns, getTableName, is } from "drizzle-orm"
import { PgTable } from "drizzle-orm/pg-core"
import { Effect } from "effect"
import postgres from "postgres"
import { migrate, migrationsFolder } from "../src/index.js"
import * as schema from "../src/schema.js"
import { freshDatabase } from "../src/testing/freshDatabase.js"

const packageDir = fileURLToPath(new URL("..", import.meta.url))

/** Every table of the schema module with its column names. */
const expected = Object.values(schema as Record<string, unknown>)
  .filter((value): value is PgTable => is(value, PgTable))
  .map((table) => ({
    table: getTableName(table),
    columns: Object.values(getTableColumns(table)).map((c) => c.name)
  }))

type Query = (text: string) => Promise<ReadonlyArray<Record<string, unknown>>>

/** What a migrated database must hold, checked through `query`. */
const assertMigrated = (query: Query) =>
  Effect.promise(async () => {
    const columns = await query(
      "select table_name, column_name from information_schema.columns where table_schema = 'public'"
    )
    const actual = new Map<string, Set<string>>()
    for (const row of columns) {
      const table = String(row.table_name)
      actual.set(table, (actual.get(table) ?? new Set()).add(String(row.column_name)))
    }
    for (const { table, columns: names } of expected) {
      assert.isTrue(actual.has(table), `table ${table} exists`)
      for (const name of names) assert.isTrue(actual.get(table)?.has(name), `column ${table}.${name} exists`)
    }
    const extensions = (await query("select extname from pg_extension")).map((r) => r.extname)
    assert.includeMembers(extensions, ["btree_gist", "pg_trgm"])
    const exclusions = await query(
      "select conname, pg_get_constraintdef(oid) as def from pg_constraint where contype = 'x'"
    )
    assert.deepStrictEqual(
      exclusions.map((r) => r.conname),
      ["appointment_items_no_staff_overlap"]
    )
    assert.match(
      String(exclusions[0]?.def),
      /EXCLUDE USING gist \(staff_id WITH =, occupied WITH &&, appointment_id WITH <>\) WHERE \(active\)/
    )
    const applied = await query("select count(*)::int as n from drizzle.__drizzle_migrations")
    const committed = (await readdir(migrationsFolder)).filter((f) => f.endsWith(".sql")).length
    assert.strictEqual(applied[0]?.n, committed, "every committed migration is recorded once")
  })

const run = (command: string, args: ReadonlyArray<string>, cwd: string) =>
  Effect.promise(
    () =>
      new Promise<{ readonly code: number; readonly output: string }>((resolve) => {
        execFile(command, [...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
          resolve({ code: error === null ? 0 : Number(error.code ?? 1), output: `${stdout}${stderr}` })
        )
      })
  )

describe("migrations", () => {
  it.effect("ship next to the module, in the package's drizzle/ folder", () =>
    Effect.promise(async () => {
      assert.strictEqual(migrationsFolder, join(packageDir, "drizzle"))
      const files = await readdir(migrationsFolder)
      assert.include(files, "meta")
      assert.isAtLeast(files.filter((f) => f.endsWith(".sql")).length, 3)
    })
  )

  it.effect(
    "an empty PGlite database builds from the committed migrations; applying them again is a no-op",
    () =>
      Effect.gen(function* () {
        const client = yield* Effect.acquireRelease(
          Effect.promise(() => PGlite.create({ extensions: { btree_gist, pg_trgm } })),
          (c) => Effect.promise(() => c.close())
        )
        yield* migrate({ kind: "pglite", client })
        yield* migrate({ kind: "pglite", client })
        yield* assertMigrated(async (text) => (await client.query<Record<string, unknown>>(text)).rows)
      })
  )

  it.effect(
    "the migrate command builds an embedded database under DATA_DIR",
    () =>
      Effect.gen(function* () {
        const dataDir = yield* Effect.acquireRelease(
          Effect.promise(() => mkdtemp(join(tmpdir(), "creneau-migrate-"))),
          (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
        )
        const out = yield* Effect.promise(
          () =>
            new Promise<string>((resolve, reject) =>
              execFile(
                process.execPath,
                ["--conditions=@creneau/source", "--import", "tsx", "src/bin/migrate.ts"],
                { cwd: packageDir, env: { ...process.env, DATABASE_URL: "", DATA_DIR: dataDir } },
                (error, stdout, stderr) =>
                  error ? reject(new Error(stderr || error.message)) : resolve(stdout)
              )
            )
        )
        assert.include(out, `Migrations applied: PGlite in ${dataDir}`)
        const client = yield* Effect.acquireRelease(
          Effect.promise(() => PGlite.create({ dataDir, extensions: { btree_gist, pg_trgm } })),
          (c) => Effect.promise(() => c.close())
        )
        yield* assertMigrated(async (text) => (await client.query<Record<string, unknown>>(text)).rows)
      }),
    60_000
  )

  const serverUrl = process.env.TEST_DATABASE_URL
  const onPostgres = serverUrl === undefined || serverUrl === "" ? it.effect.skip : it.effect
  onPostgres(
    `an empty PostgreSQL database builds from the committed migrations, even from processes starting at once${
      serverUrl ? "" : " (skipped: TEST_DATABASE_URL is not set)"
    }`,
    () =>
      Effect.gen(function* () {
        const url = yield* freshDatabase(serverUrl!)
        yield* Effect.all([migrate({ kind: "postgres", url }), migrate({ kind: "postgres", url })], {
          concurrency: "unbounded"
        })
        const sql = yield* Effect.acquireRelease(
          Effect.sync(() => postgres(url, { max: 1, onnotice: () => {} })),
          (s) => Effect.promise(() => s.end({ timeout: 5 }))
        )
        yield* assertMigrated((text) => sql.unsafe(text))
      })
  )

  it.effect("the schema module and the migrations agree: drizzle-kit has nothing left to generate", () =>
    Effect.gen(function* () {
      const out = yield* Effect.acquireRelease(
        Effect.promise(() => mkdtemp(join(tmpdir(), "creneau-drizzle-"))),
        (dir) => Effect.promise(() => rm(dir, { recursive: true, force: true }))
      )
      yield* Effect.promise(() => cp(migrationsFolder, out, { recursive: true }))
      const before = yield* Effect.promise(() => readdir(out))
      const bin = join(dirname(createRequire(import.meta.url).resolve("drizzle-kit")), "bin.cjs")
      const result = yield* run(
        process.execPath,
        [
          bin,
          "generate",
          "--dialect=postgresql",
          "--schema=./src/schema.ts",
          // drizzle-kit resolves --out against the working directory.
          `--out=${relative(packageDir, out)}`
        ],
        packageDir
      )
      assert.strictEqual(result.code, 0, result.output)
      assert.match(result.output, /No schema changes/, result.output)
      assert.deepStrictEqual(yield* Effect.promise(() => readdir(out)), before, "no new migration")
    })
  )
})
