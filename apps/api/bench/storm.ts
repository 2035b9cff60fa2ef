/**
 * Two API processes on one PostgreSQL database under a booking storm. Both run their worker;
 * bookings arrive at both at once, many of them for the same slots (the same start, or one
 * overlapping it by 15 minutes) and the rest on free slots of their own. Then, from the database
 * and the processes' logs:
 * - no staff member has two active appointments that overlap (by their times, and with buffers);
 * - every 201 is a stored appointment, and every stored appointment was answered 201;
 * - once the workers have drained the outbox, every due message is `sent`, and the development
 *   transports logged each sent message exactly once (`[email] … id=<outbox id>`), across both
 *   processes: nothing sent twice, nothing sent without being logged, nothing logged unsent.
 * The verdict is false when any of these fails, or when a request got a 5xx or no answer.
 */
import { addDays } from "@creneau/core"
import postgres from "postgres"
import { freshPostgres, type Server, startServer } from "./processes.js"
import { localTime, mondayAhead, OPENING, pool, request, setUpSalon } from "./salon.js"

const STAFF = 8
const DAYS = 6
/** Slots an hour apart: the groups of colliding requests never touch one another. */
const SLOTS_PER_DAY = 10
const CONTESTED = 100
/** Requests per contested slot: half at its start, half 15 minutes later (overlapping it). */
const PER_CONTESTED = 6
const DISTINCT = 400
const IN_FLIGHT = 100

interface Attempt {
  readonly server: number
  readonly body: unknown
  /** The contested slot it belongs to, or none for a slot of its own. */
  readonly group: number | undefined
}

interface Outcome {
  readonly attempt: Attempt
  /** 0: no answer (connection error). */
  readonly status: number
  readonly appointmentId: string | undefined
  readonly detail: string
}

const shuffle = <A>(items: Array<A>): Array<A> => {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(Math.random() * (i + 1))
    ;[items[i], items[j]] = [items[j]!, items[i]!]
  }
  return items
}

const count = (n: number) => n.toLocaleString("en")

/** `{201: 3, 409: 2}` as `201 ×3, 409 ×2`. */
const tally = (statuses: ReadonlyArray<number>): string => {
  const byStatus = new Map<number, number>()
  for (const s of statuses) byStatus.set(s, (byStatus.get(s) ?? 0) + 1)
  return [...byStatus.entries()]
    .sort(([a], [b]) => a - b)
    .map(([s, n]) => `${s === 0 ? "no answer" : s} ×${count(n)}`)
    .join(", ")
}

const SEND_LINE = /^\[(email|sms|webhook)\] .* id=(\S+)$/gm

/** Outbox ids in a process's log, one per message its transports sent. */
const sentIds = (log: string): Array<string> => [...log.matchAll(SEND_LINE)].map((m) => m[2]!)

/**
 * Pairs of active appointments of one staff member that overlap, read from the tables themselves
 * (the appointments' statuses, not the items' `active` copy the exclusion constraint relies on):
 * by the items' times, or with their buffers (`occupied`).
 */
export const overlappingPairs = async (sql: postgres.Sql, by: "times" | "buffers"): Promise<number> => {
  const overlap =
    by === "times"
      ? sql`tstzrange(x.start_at, x.end_at) && tstzrange(y.start_at, y.end_at)`
      : sql`x.occupied && y.occupied`
  const [row] = await sql<Array<{ pairs: number }>>`
    select count(*)::int as pairs
    from appointment_items x
    join appointments ax on ax.id = x.appointment_id
    join appointment_items y on y.staff_id = x.staff_id and y.appointment_id > x.appointment_id
    join appointments ay on ay.id = y.appointment_id
    where ax.status in ('pending', 'approved', 'rescheduled')
      and ay.status in ('pending', 'approved', 'rescheduled')
      and ${overlap}`
  return row?.pairs ?? Number.NaN
}

/** Run the storm on a fresh database of the server at `serverUrl`; print what it found; true when sound. */
export const bookingStorm = async (serverUrl: string): Promise<boolean> => {
  const store = await freshPostgres(serverUrl)
  // One after the other: the first migrates the database and seeds the demo business.
  const first = await startServer("server A", store)
  const servers: ReadonlyArray<Server> = [first, await startServer("server B", store)]
  const salon = await setUpSalon(first.base, { name: "Storm salon", staff: STAFF, customers: 20 })

  // Slots an hour apart, two weeks ahead (no reminder falls due during the run), in random order.
  const monday = mondayAhead(15)
  const perWeek = STAFF * DAYS * SLOTS_PER_DAY
  const slot = (n: number) => {
    const week = Math.floor(n / perWeek)
    const r = n % perWeek
    const staffId = salon.staffIds[r % STAFF]!
    const rest = Math.floor(r / STAFF)
    const date = addDays(monday, week * 7 + (rest % DAYS))
    return { staffId, date, minutes: OPENING.from + Math.floor(rest / DAYS) * 60 }
  }
  const slots = shuffle(Array.from({ length: CONTESTED + DISTINCT }, (_, n) => slot(n)))
  let customer = 0
  const booking = (s: ReturnType<typeof slot>, offset: number) => ({
    start: localTime(s.date, s.minutes + offset),
    items: [{ serviceId: salon.cutId, staffId: s.staffId }],
    customerId: salon.customerIds[customer++ % salon.customerIds.length]!
  })
  const attempts: Array<Attempt> = shuffle([
    ...slots.slice(0, CONTESTED).flatMap((s, group) =>
      Array.from({ length: PER_CONTESTED }, (_, j) => ({
        server: j % 2,
        body: booking(s, j < PER_CONTESTED / 2 ? 0 : 15),
        group
      }))
    ),
    ...slots.slice(CONTESTED).map((s, n) => ({ server: n % 2, body: booking(s, 0), group: undefined }))
  ])

  const started = performance.now()
  const outcomes = await pool(attempts.length, IN_FLIGHT, async (n): Promise<Outcome> => {
    const attempt = attempts[n]!
    try {
      const answer = await request(servers[attempt.server]!.base, "POST", "/v1/appointments", {
        key: salon.key,
        body: attempt.body
      })
      const body = answer.body as { appointment?: { id?: string }; code?: string } | undefined
      return {
        attempt,
        status: answer.status,
        appointmentId: answer.status === 201 ? body?.appointment?.id : undefined,
        detail: body?.code ?? ""
      }
    } catch (error) {
      return { attempt, status: 0, appointmentId: undefined, detail: String(error) }
    }
  })
  const seconds = (performance.now() - started) / 1000

  const sql = postgres(store.url, { max: 1, onnotice: () => {} })
  try {
    // The workers deliver every second: wait until nothing due is left pending.
    const drainStarted = performance.now()
    let drainedAt: Date | undefined
    while (performance.now() - drainStarted < 60_000) {
      const [row] = await sql<Array<{ pending: number; now: Date }>>`
        select count(*)::int as pending, now() as now from outbox where status = 'pending' and send_after <= now()`
      if (row !== undefined && row.pending === 0) {
        drainedAt = row.now
        break
      }
      await new Promise((resolve) => setTimeout(resolve, 250))
    }
    const drainSeconds = (performance.now() - drainStarted) / 1000
    const exitCodes = await Promise.all(servers.map((s) => s.stop()))

    // ---- bookings
    const booked = outcomes.filter((o) => o.status === 201)
    const bookedIds = new Set(booked.flatMap((o) => (o.appointmentId === undefined ? [] : [o.appointmentId])))
    const broken = outcomes.filter((o) => o.status === 0 || o.status >= 500)
    const distinct = outcomes.filter((o) => o.attempt.group === undefined)
    const winners = new Map<number, number>()
    for (const o of outcomes) {
      if (o.attempt.group !== undefined && o.status === 201) {
        winners.set(o.attempt.group, (winners.get(o.attempt.group) ?? 0) + 1)
      }
    }
    const groupsWith = (n: number) =>
      Array.from({ length: CONTESTED }, (_, g) => winners.get(g) ?? 0).filter((w) => w === n).length
    const doubleWinners = CONTESTED - groupsWith(0) - groupsWith(1)

    // ---- the database
    const overlapsByTimes = await overlappingPairs(sql, "times")
    const overlapsWithBuffers = await overlappingPairs(sql, "buffers")
    const stored = await sql<Array<{ id: string; status: string }>>`
      select id, status from appointments where business_id = ${salon.businessId}`
    const storedIds = new Set(stored.map((r) => r.id))
    const answeredNotStored = [...bookedIds].filter((id) => !storedIds.has(id))
    const storedNotAnswered = [...storedIds].filter((id) => !bookedIds.has(id))
    const inactive = stored.filter((r) => r.status !== "approved")

    // ---- the outbox and the transports
    const messages = await sql<Array<{ id: string; status: string; channel: string; due: boolean }>>`
      select id, status, channel, send_after <= ${drainedAt ?? new Date()} as due from outbox`
    const sent = messages.filter((m) => m.status === "sent")
    const failed = messages.filter((m) => m.status === "failed")
    // A notification is dropped only when its appointment was cancelled or rejected before it came
    // due (the salon's set-up rejects some), or when it is a reminder or follow-up planned again
    // after a move (the set-up moves some); never otherwise.
    const dropped = messages.filter((m) => m.status === "dropped")
    const [wronglyDropped] = await sql<Array<{ n: number }>>`
      select count(*)::int as n from outbox o join appointments a on a.id = o.appointment_id
      where o.status = 'dropped' and a.status in ('pending', 'approved', 'rescheduled')
        and o.event not in ('reminder', 'follow_up')`
    const dueUnsent = messages.filter((m) => m.due && m.status === "pending")
    const later = messages.filter((m) => !m.due && m.status === "pending")
    const logged = new Map<string, number>()
    const perServer = servers.map((s) => sentIds(s.log()))
    for (const id of perServer.flat()) logged.set(id, (logged.get(id) ?? 0) + 1)
    const sentTwice = [...logged.entries()].filter(([, n]) => n > 1).map(([id]) => id)
    const sentIdSet = new Set(sent.map((m) => m.id))
    const neverLogged = sent.filter((m) => !logged.has(m.id)).map((m) => m.id)
    const loggedUnsent = [...logged.keys()].filter((id) => !sentIdSet.has(id))
    const byChannel = (list: ReadonlyArray<{ channel: string }>) =>
      ["email", "sms", "webhook"]
        .map((c) => [c, list.filter((m) => m.channel === c).length] as const)
        .filter(([, n]) => n > 0)
        .map(([c, n]) => `${c} ${count(n)}`)
        .join(", ")

    const failures = [
      ...(overlapsByTimes !== 0 || overlapsWithBuffers !== 0 ? ["double booking"] : []),
      ...(answeredNotStored.length > 0 ? [`${answeredNotStored.length} answered 201 but not stored`] : []),
      ...(storedNotAnswered.length > 0 ? [`${storedNotAnswered.length} stored but not answered 201`] : []),
      ...(broken.length > 0 ? [`${broken.length} requests with a 5xx or no answer`] : []),
      ...(drainedAt === undefined ? ["the outbox was not drained within 60 s"] : []),
      ...(sentTwice.length > 0 ? [`${sentTwice.length} messages sent twice`] : []),
      ...(neverLogged.length > 0 ? [`${neverLogged.length} messages marked sent but never sent`] : []),
      ...(loggedUnsent.length > 0 ? [`${loggedUnsent.length} messages sent but not marked sent`] : []),
      ...((wronglyDropped?.n ?? 0) > 0 ? [`${wronglyDropped?.n} messages dropped without cause`] : []),
      ...(dueUnsent.length + failed.length > 0
        ? [`${dueUnsent.length + failed.length} due messages unsent`]
        : [])
    ]
    const warnings = [
      ...(groupsWith(0) > 0 ? [`${groupsWith(0)} contested slots refused to everyone`] : []),
      ...(distinct.some((o) => o.status !== 201)
        ? [`${distinct.filter((o) => o.status !== 201).length} free slots refused`]
        : []),
      ...(exitCodes.some((c) => c !== 0) ? [`exit codes ${exitCodes.join(", ")}`] : [])
    ]
    const refusals = [
      ...new Set(outcomes.filter((o) => o.status !== 201 && o.detail !== "").map((o) => o.detail))
    ].join(", ")

    console.log(
      [
        `Booking storm: two API processes (each with its worker) on one PostgreSQL database (${store.label})`,
        `  ${count(attempts.length)} POST /v1/appointments, ${IN_FLIGHT} in flight, to both processes: ${count(DISTINCT)} on free slots of their own,`,
        `  ${count(CONTESTED * PER_CONTESTED)} on ${CONTESTED} contested slots (${PER_CONTESTED} each, half at the same start, half 15 min later, overlapping it)`,
        `  answered in ${seconds.toFixed(1)} s (${count(Math.round(attempts.length / seconds))} requests/s): ${servers
          .map(
            (s, i) =>
              `${s.name}: ${tally(outcomes.filter((o) => o.attempt.server === i).map((o) => o.status))}`
          )
          .join("; ")}${refusals === "" ? "" : ` (refusals: ${refusals})`}`,
        `  free slots: ${count(distinct.filter((o) => o.status === 201).length)} of ${count(DISTINCT)} booked`,
        `  contested slots: ${groupsWith(1)} with one booking, ${groupsWith(0)} with none, ${doubleWinners} with more than one`,
        `  database: ${count(stored.length)} appointments stored for ${count(bookedIds.size)} answered 201 (${answeredNotStored.length} answered but missing, ${storedNotAnswered.length} stored unanswered, ${inactive.length} not approved)`,
        `  overlapping active appointments of one staff member: ${overlapsByTimes} by their times, ${overlapsWithBuffers} with buffers`,
        `  outbox drained in ${drainSeconds.toFixed(1)} s: ${count(sent.length)} sent (${byChannel(sent)}), ${failed.length} failed, ${dropped.length} dropped (cancelled or rejected since, or reminders planned again; ${wronglyDropped?.n ?? 0} otherwise), ${dueUnsent.length} due but unsent, ${count(later.length)} scheduled later (reminders)`,
        `  transports: ${count(perServer.flat().length)} sends logged (${servers
          .map((s, i) => `${s.name} ${count(perServer[i]!.length)}`)
          .join(
            ", "
          )}): ${sentTwice.length} sent twice, ${neverLogged.length} marked sent but never sent, ${loggedUnsent.length} sent but not marked sent`,
        `  servers stopped with exit codes ${exitCodes.join(", ")}`,
        ...warnings.map((w) => `  note: ${w}`),
        failures.length === 0
          ? "  verdict: sound (no double booking, every 201 stored, every message sent exactly once)"
          : `  verdict: FAILED (${failures.join("; ")})`
      ].join("\n")
    )
    return failures.length === 0
  } finally {
    await sql.end({ timeout: 5 })
  }
}
