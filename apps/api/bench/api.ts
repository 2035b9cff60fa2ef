/**
 * Benchmark of the running API, run with `npm run bench:api` at the repository root (which builds
 * first). The server is the built one (`node dist/main.js`) in a child process, as `npm start`
 * runs it — worker in the process, request lines logged (to a file) — on a database created for
 * the run: PostgreSQL on the server of TEST_DATABASE_URL or DATABASE_URL (dropped after it), else
 * PGlite in a temporary directory. Load comes from autocannon over loopback, 50 connections.
 *
 * Measured in one run, each after a short warm-up, beside the cheapest route of the process
 * (`GET /healthz`, which crosses the API's middleware and nothing else), every request saying
 * `Accept-Encoding: gzip, deflate, br` as browsers and Node's fetch do (autocannon counts the
 * bytes, it does not inflate them):
 * - JSON that touches no database: the OpenAPI document, and a 404 problem+json; the document
 *   also uncompressed, for a client that does not accept gzip (no aim);
 * - `GET /v1/availability` of one service over one week for 10 staff members, that week booked;
 * - `GET /v1/appointments` of that week;
 * - `POST /v1/appointments`, every request on a free slot of its own (counting 201s and the rest);
 * then, the server stopped, the raw insert of the same rows on the same database (`raw.ts`).
 * The aims are printed beside the figures; they are reported, not enforced.
 *
 * On PostgreSQL, two API processes then take a booking storm on one database (`storm.ts`); that
 * part exits non-zero on a double booking or a message sent twice or never.
 */
import { cpus, loadavg } from "node:os"
import { addDays } from "@creneau/core"
import { load, type Measured } from "./load.js"
import {
  assertBuilt,
  cleanUp,
  freshPglite,
  freshPostgres,
  postgresVersion,
  type Store,
  startServer,
  wasInterrupted
} from "./processes.js"
import { measureRawInserts, type RawRate } from "./raw.js"
import {
  bookWeek,
  drainOutbox,
  expectStatus,
  localTime,
  mondayAhead,
  OPENING,
  request,
  setUpSalon
} from "./salon.js"
import { bookingStorm } from "./storm.js"

const CONNECTIONS = 50
/** What browsers and Node's fetch send. */
const ACCEPT_ENCODING = "gzip, deflate, br"
const SECONDS = 5
const WARM_UP_SECONDS = 1
/** The server's pool (`layerPostgresAll`'s default): the raw inserts get as many connections. */
const SERVER_POOL = 10

const AIMS = { noDatabase: 0.6, availability: 0.25, p99Ms: 50, bookingsOfRaw: 0.25 }

interface Line {
  readonly name: string
  readonly measured: Measured
  /** The status every response should have. */
  readonly expected: number
}

const count = (n: number) => Math.round(n).toLocaleString("en")
const ms = (n: number) => (n < 10 ? n.toFixed(1) : count(n))

const table = (rows: ReadonlyArray<ReadonlyArray<string>>): string => {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)))
  return rows
    .map((r) =>
      r
        .map((cell, c) =>
          c === 0 || c === r.length - 1 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)
        )
        .join("  ")
        .trimEnd()
    )
    .join("\n")
}

const statusesOf = (m: Measured): string =>
  [
    ...[...m.statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s} ×${count(n)}`),
    ...(m.errors > 0 ? [`no answer ×${count(m.errors)}`] : [])
  ].join(", ")

const verdict = (met: boolean) => (met ? "met" : "MISSED")

/** Below this many answers in a case, its window held few rounds of the connections. */
const ROUGH_BELOW = 2 * CONNECTIONS
const rough = (line: Line) => line.measured.total < ROUGH_BELOW

const measureApi = async (store: Store) => {
  const server = await startServer("API", store)
  const salon = await setUpSalon(server.base, { name: "Bench salon", staff: 10, customers: 20, walkIns: 40 })
  const rawTarget = await setUpSalon(server.base, { name: "Bench raw", staff: 10 })
  const monday = mondayAhead(8)
  const sunday = addDays(monday, 6)
  const seeded = await bookWeek(salon, monday)
  await drainOutbox(salon)

  // A cheap read that goes through the database (the key, then the business): how fast it answers
  // on the idle server tells when the server is idle again after a run.
  const probe = async () => {
    const started = performance.now()
    expectStatus(await request(server.base, "GET", "/v1/business", { key: salon.key }), 200, "probe")
    return performance.now() - started
  }
  const idle = [await probe(), await probe(), await probe(), await probe(), await probe()].sort(
    (a, b) => a - b
  )
  const quiet = Math.max(25, 3 * idle[2]!)
  const settle = async () => {
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && (await probe()) > quiet) {}
  }

  const auth = { Authorization: `Bearer ${salon.key}`, "Accept-Encoding": ACCEPT_ENCODING }
  const availabilityPath = `/v1/availability?serviceId=${salon.cutId}&from=${monday}&to=${sunday}`
  const listPath = `/v1/appointments?from=${monday}&to=${sunday}`
  const slots = expectStatus<{ slots: ReadonlyArray<unknown> }>(
    await request(server.base, "GET", availabilityPath, { key: salon.key }),
    200,
    "availability"
  ).slots.length
  const listed = expectStatus<{ items: ReadonlyArray<unknown> }>(
    await request(server.base, "GET", listPath, { key: salon.key }),
    200,
    "appointments"
  ).items.length
  const documentBytes = (await (await fetch(`${server.base}/openapi.json`)).arrayBuffer()).byteLength
  // Node's fetch inflates the body; the length sent is in the header.
  const zipped = await fetch(`${server.base}/openapi.json`, {
    headers: { "Accept-Encoding": ACCEPT_ENCODING }
  })
  const documentGzipBytes = Number(zipped.headers.get("content-length"))
  await zipped.body?.cancel()
  console.log(
    `Seeded: 10 staff members (Mon–Sat 09:00–19:00), ${count(seeded)} appointments in the week of ${monday}; ` +
      `its availability has ${count(slots)} slots, its list ${count(listed)} appointments; ` +
      `/openapi.json is ${count(documentBytes / 1024)} KiB (${count(documentGzipBytes / 1024)} KiB gzipped).\n`
  )

  // Bookings on the weeks after the seeded one: every staff member, Monday to Saturday, every
  // 45 minutes from 09:00 (a 30-minute cut and its 5-minute buffer): each request a slot of its own.
  const perDay = Math.floor((OPENING.to - OPENING.from - 30) / 45) + 1
  const perWeek = salon.staffIds.length * 6 * perDay
  let next = 0
  const nextBooking = () => {
    const n = next++
    const r = n % perWeek
    const staff = r % salon.staffIds.length
    const rest = Math.floor(r / salon.staffIds.length)
    const date = addDays(monday, 7 * (1 + Math.floor(n / perWeek)) + (rest % 6))
    return JSON.stringify({
      start: localTime(date, OPENING.from + Math.floor(rest / 6) * 45),
      items: [{ serviceId: salon.cutId, staffId: salon.staffIds[staff]! }],
      customerId: salon.customerIds[n % salon.customerIds.length]!
    })
  }

  const measure = async (
    name: string,
    path: string,
    expected: number,
    options: { readonly post?: () => string; readonly identity?: boolean } = {}
  ): Promise<Line> => {
    const headers = options.identity === true ? { Authorization: auth.Authorization } : auth
    const measured = await load({
      url: `${server.base}${path}`,
      connections: CONNECTIONS,
      seconds: SECONDS,
      warmUpSeconds: WARM_UP_SECONDS,
      settle,
      ...(options.post === undefined
        ? { headers }
        : { method: "POST", headers: { ...headers, "Content-Type": "application/json" }, body: options.post })
    })
    process.stderr.write(`  measured ${name}\n`)
    return { name, measured, expected }
  }
  const lines = [
    await measure("GET /healthz (bare route)", "/healthz", 200),
    await measure("GET /v1/no-such-route (404 problem+json, no database)", "/v1/no-such-route", 404),
    await measure("GET /openapi.json (no database)", "/openapi.json", 200),
    await measure("GET /openapi.json, uncompressed (no gzip asked)", "/openapi.json", 200, {
      identity: true
    }),
    await measure("GET /v1/availability (1 service, 10 staff, 1 week)", availabilityPath, 200),
    await measure(`GET /v1/appointments (1 week, ${count(listed)} appointments)`, listPath, 200),
    await measure("POST /v1/appointments (each on a free slot)", "/v1/appointments", 201, {
      post: nextBooking
    })
  ]
  const exitCode = await server.stop()
  if (exitCode !== 0) console.log(`note: the server exited with code ${exitCode}`)

  // The same rows, on the same database, for a business of their own.
  const raw = await measureRawInserts(
    store,
    { businessId: rawTarget.businessId, serviceId: rawTarget.cutId, staffIds: rawTarget.staffIds },
    {
      callers: CONNECTIONS,
      seconds: SECONDS - 1,
      poolSize: SERVER_POOL,
      from: Date.parse(`${monday}T06:00:00Z`)
    }
  )
  return { lines, raw }
}

const report = (lines: ReadonlyArray<Line>, raw: RawRate) => {
  const [bare, notFound, openApi, openApiIdentity, availability, list, bookings] = lines as [
    Line,
    Line,
    Line,
    Line,
    Line,
    Line,
    Line
  ]
  const ratio = (line: Line) => line.measured.requestsPerSecond / bare.measured.requestsPerSecond
  console.log(
    table([
      ["case", "req/s", "p50 ms", "p99 ms", "× bare", "responses"],
      ...lines.map((l) => [
        l.name,
        `${rough(l) ? "*" : ""}${count(l.measured.requestsPerSecond)}`,
        ms(l.measured.p50),
        ms(l.measured.p99),
        `${ratio(l).toFixed(2)}×`,
        statusesOf(l.measured)
      ]),
      [
        `raw insert: appointment + item, 1 transaction (${raw.via})`,
        count(raw.insertsPerSecond),
        ms(raw.p50),
        ms(raw.p99),
        "",
        `${count(raw.total)} inserted`
      ]
    ])
  )
  if (lines.some(rough)) {
    console.log(
      `* fewer than ${ROUGH_BELOW} answers in ${SECONDS} s: with ${CONNECTIONS} requests in progress at once, each waits for the others (p50 ≈ ${CONNECTIONS} × the time one takes), so the rate is rough`
    )
  }
  for (const l of lines) {
    for (const [status, body] of l.measured.samples) {
      if (status !== l.expected) console.log(`  ${l.name}: ${status} ${body}`)
    }
  }

  const created = bookings.measured.statuses.get(201) ?? 0
  const other = bookings.measured.total - created
  const bookingsPerSecond = created / bookings.measured.seconds
  const slow = lines.filter((l) => l.measured.p99 >= AIMS.p99Ms)
  console.log(
    [
      "",
      `Bookings: ${count(created)} created (201), ${count(other)} other answers, ${count(bookings.measured.errors)} without an answer; ${count(bookingsPerSecond)} bookings/s.`,
      "",
      "Aims (reported, not enforced):",
      `  JSON without the database ≥ ${AIMS.noDatabase}× bare: /openapi.json ${ratio(openApi).toFixed(2)}× (${verdict(
        ratio(openApi) >= AIMS.noDatabase
      )}), 404 problem ${ratio(notFound).toFixed(2)}× (${verdict(ratio(notFound) >= AIMS.noDatabase)})`,
      `  availability ≥ ${AIMS.availability}× bare: ${ratio(availability).toFixed(2)}× (${verdict(
        ratio(availability) >= AIMS.availability
      )})`,
      `  p99 < ${AIMS.p99Ms} ms at ${CONNECTIONS} connections: ${
        slow.length === 0
          ? "met by every case"
          : `MISSED by ${slow.map((l) => `${l.name.split(" (")[0]} (${ms(l.measured.p99)} ms)`).join(", ")}`
      }`,
      `  bookings ≥ ${AIMS.bookingsOfRaw}× the raw insert rate: ${count(bookingsPerSecond)}/s against ${count(
        raw.insertsPerSecond
      )}/s raw = ${(bookingsPerSecond / raw.insertsPerSecond).toFixed(2)}× (${verdict(
        bookingsPerSecond / raw.insertsPerSecond >= AIMS.bookingsOfRaw
      )})`,
      `  (measured without an aim: the list of the week ${ratio(list).toFixed(2)}× bare, /openapi.json uncompressed ${ratio(openApiIdentity).toFixed(2)}× bare)`,
      ""
    ].join("\n")
  )
}

const main = async (): Promise<boolean> => {
  const started = performance.now()
  assertBuilt()
  const serverUrl = process.env.TEST_DATABASE_URL || process.env.DATABASE_URL || undefined
  const store = serverUrl === undefined ? freshPglite() : await freshPostgres(serverUrl)
  const engine = serverUrl === undefined ? "PGlite" : await postgresVersion(serverUrl)
  // Other work on the machine shares its CPUs with the server, the load and the database.
  const [loadAverage = 0] = loadavg()
  console.log(
    [
      `Créneau API benchmark: ${engine} (${store.label})`,
      `  node dist/main.js (worker in the process, LOG_LEVEL=info, log to a file); Node ${process.version}`,
      `  ${cpus().length} CPUs, load average ${loadAverage.toFixed(1)}${loadAverage > cpus().length ? " (a busy machine: low and noisy figures)" : ""}`,
      `  autocannon over loopback, ${CONNECTIONS} connections, ${SECONDS} s per case after ${WARM_UP_SECONDS} s of warm-up`,
      ""
    ].join("\n")
  )
  const { lines, raw } = await measureApi(store)
  report(lines, raw)

  let sound = true
  if (serverUrl === undefined) {
    console.log(
      "Booking storm: skipped (it needs PostgreSQL: set TEST_DATABASE_URL or DATABASE_URL to a server to run it)"
    )
  } else {
    sound = await bookingStorm(serverUrl)
  }
  console.log(`\nDone in ${Math.round((performance.now() - started) / 1000)} s.`)
  return sound
}

main()
  .then(
    (sound) => {
      process.exitCode = sound ? 0 : 1
    },
    (error: unknown) => {
      if (!wasInterrupted()) {
        console.error(error instanceof Error ? (error.stack ?? error.message) : String(error))
      }
      process.exitCode = 1
    }
  )
  .finally(cleanUp)
