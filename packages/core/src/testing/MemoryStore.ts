/**
 * In-memory implementations of every port, sharing one store: for tests, for embedding the core
 * without a database, and as the reference the repository contract suite holds adapters to.
 * Transactions are serialized and roll back by undoing their writes (see `Table`).
 */
import { Context, type DateTime, Effect, Layer, Option, Semaphore } from "effect"
import type { Appointment } from "../domain/Appointment.js"
import { isActiveStatus } from "../domain/Appointment.js"
import { findConflicts } from "../domain/Availability.js"
import type { Business } from "../domain/Business.js"
import { type Customer, matchesCustomerQuery } from "../domain/Customer.js"
import { NotFound, SlotUnavailable, VersionConflict } from "../domain/Errors.js"
import type { IdKind } from "../domain/Ids.js"
import { IdPrefix } from "../domain/Ids.js"
import type { Resource } from "../domain/Resource.js"
import type { Service } from "../domain/Service.js"
import type { StaffMember } from "../domain/StaffMember.js"
import { type TemplateKey, templateKeyId } from "../domain/TemplateVariables.js"
import { AccountRepository, type ApiKey, type Session, type User } from "../ports/Accounts.js"
import { AvailabilitySnapshots } from "../ports/AvailabilitySnapshots.js"
import { BookingContextStore } from "../ports/BookingContextStore.js"
import { type CalendarFeed, CalendarFeedRepository } from "../ports/CalendarFeeds.js"
import { type IdempotencyRecord, IdempotencyStore } from "../ports/Idempotency.js"
import { Ids } from "../ports/Ids.js"
import { Outbox, type OutboxMessage } from "../ports/Outbox.js"
import {
  AppointmentRepository,
  BusinessRepository,
  type CatalogRepository,
  CustomerRepository,
  PersistenceError,
  ResourceRepository,
  type Series,
  SeriesRepository,
  ServiceRepository,
  StaffRepository
} from "../ports/Repositories.js"
import { type StoredTemplate, TemplateRepository } from "../ports/Templates.js"
import { type ActionToken, Tokens } from "../ports/Tokens.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { type WebhookEndpoint, WebhookRepository } from "../ports/Webhooks.js"

/** An outbox row: replaced, never changed in place, so that undoing a write restores it whole. */
interface OutboxRow {
  readonly message: OutboxMessage
  readonly leasedUntil: number
}

/** The writes of the running transaction, as how to revert each; null outside a transaction. */
interface Journal {
  undo: Array<() => void> | null
}

/**
 * A table whose writes can be undone: while a transaction runs, each `set`, `delete` or `clear`
 * records how to revert it, and a rollback replays those in reverse. A transaction costs what it
 * writes, not a copy of every table. Rows are values, never changed in place.
 */
class Table<K, V> extends Map<K, V> {
  constructor(private readonly journal: Journal) {
    super()
  }

  override set(key: K, value: V): this {
    this.journal.undo?.push(this.reverting(key))
    return super.set(key, value)
  }

  override delete(key: K): boolean {
    if (this.has(key)) this.journal.undo?.push(this.reverting(key))
    return super.delete(key)
  }

  override clear(): void {
    for (const key of this.keys()) this.journal.undo?.push(this.reverting(key))
    super.clear()
  }

  /** What puts `key` back as it is now. */
  private reverting(key: K): () => void {
    if (!this.has(key)) return () => void Map.prototype.delete.call(this, key)
    const value = this.get(key) as V
    return () => void Map.prototype.set.call(this, key, value)
  }
}

interface Tables {
  businesses: Map<string, Business>
  staff: Map<string, StaffMember>
  services: Map<string, Service>
  resources: Map<string, Resource>
  customers: Map<string, Customer>
  appointments: Map<string, Appointment>
  series: Map<string, Series>
  outbox: Map<string, OutboxRow>
  idempotency: Map<string, IdempotencyRecord>
  tokens: Map<string, ActionToken>
  webhooks: Map<string, WebhookEndpoint>
  /** By business and template key. */
  templates: Map<string, StoredTemplate>
  /** By raw token. */
  calendarFeeds: Map<string, CalendarFeed>
  users: Map<string, User>
  apiKeys: Map<string, ApiKey>
  sessions: Map<string, Session>
}

const emptyTables = (journal: Journal): Tables => ({
  businesses: new Table(journal),
  staff: new Table(journal),
  services: new Table(journal),
  resources: new Table(journal),
  customers: new Table(journal),
  appointments: new Table(journal),
  series: new Table(journal),
  outbox: new Table(journal),
  idempotency: new Table(journal),
  tokens: new Table(journal),
  webhooks: new Table(journal),
  templates: new Table(journal),
  calendarFeeds: new Table(journal),
  users: new Table(journal),
  apiKeys: new Table(journal),
  sessions: new Table(journal)
})

/** The store behind the memory layers; tests may inspect it. */
export class MemoryStore extends Context.Service<
  MemoryStore,
  { readonly tables: Tables; readonly journal: Journal }
>()("@creneau/core/testing/MemoryStore") {
  static readonly layer = Layer.sync(MemoryStore, () => {
    const journal: Journal = { undo: null }
    return MemoryStore.of({ tables: emptyTables(journal), journal })
  })
}

/** Set while a memory transaction runs, so that nested transactions join it. */
const InTransaction = Context.Reference<boolean>("@creneau/core/testing/InTransaction", {
  defaultValue: () => false
})

const scoped = <A extends { readonly businessId: string }>(
  entity: string,
  table: Map<string, A>,
  businessId: string,
  id: string
): Effect.Effect<A, NotFound> => {
  const found = table.get(id)
  return found !== undefined && found.businessId === businessId
    ? Effect.succeed(found)
    : Effect.fail(new NotFound({ entity, id }))
}

const catalog = <A extends { readonly id: string; readonly businessId: string }>(
  entity: string,
  table: () => Map<string, A>
): CatalogRepository<A> => ({
  get: (businessId, id) => scoped(entity, table(), businessId, id),
  list: (businessId) => Effect.sync(() => [...table().values()].filter((e) => e.businessId === businessId)),
  insert: (e) => Effect.sync(() => void table().set(e.id, e)),
  update: (e) =>
    scoped(entity, table(), e.businessId, e.id).pipe(
      Effect.andThen(
        Effect.sync(() => {
          table().set(e.id, e)
        })
      )
    ),
  remove: (businessId, id) =>
    scoped(entity, table(), businessId, id).pipe(
      Effect.andThen(
        Effect.sync(() => {
          table().delete(id)
        })
      )
    )
})

const MINUTE = 60_000

/** The start of the time an appointment occupies, buffers included. */
const occupiedStart = (a: Appointment) => {
  let start = Number.POSITIVE_INFINITY
  for (const i of a.items) start = Math.min(start, i.start.epochMilliseconds - i.bufferBeforeMinutes * MINUTE)
  return start
}

/** The end of the time an appointment occupies, buffers included. */
const occupiedEnd = (a: Appointment) => {
  let end = Number.NEGATIVE_INFINITY
  for (const i of a.items) end = Math.max(end, i.end.epochMilliseconds + i.bufferAfterMinutes * MINUTE)
  return end
}

const overlapsRange = (a: Appointment, from?: DateTime.Utc, to?: DateTime.Utc) =>
  (from === undefined || a.end.epochMilliseconds > from.epochMilliseconds) &&
  (to === undefined || a.start.epochMilliseconds < to.epochMilliseconds)

/**
 * Refuse what would break the invariant: no staff overlap, no resource beyond capacity. Only
 * appointments whose occupied time overlaps the new one's can conflict with it.
 */
const guardCapacity = (t: Tables, appointment: Appointment): Effect.Effect<void, SlotUnavailable> => {
  if (!isActiveStatus(appointment.status)) return Effect.void
  const start = occupiedStart(appointment)
  const end = occupiedEnd(appointment)
  const others: Array<Appointment> = []
  for (const a of t.appointments.values()) {
    if (
      a.businessId === appointment.businessId &&
      a.id !== appointment.id &&
      isActiveStatus(a.status) &&
      occupiedStart(a) < end &&
      start < occupiedEnd(a)
    ) {
      others.push(a)
    }
  }
  const resources = [...t.resources.values()].filter((r) => r.businessId === appointment.businessId)
  const conflicts = findConflicts(appointment.items, others, resources)
  return conflicts.length === 0
    ? Effect.void
    : Effect.fail(
        new SlotUnavailable({
          message: "This time is no longer available.",
          conflicts: [{ start: appointment.start, end: appointment.end }]
        })
      )
}

const makeRepositories = (store: { readonly tables: Tables }) => {
  const t = () => store.tables
  const businesses = BusinessRepository.of({
    get: (id) => {
      const found = t().businesses.get(id)
      return found === undefined
        ? Effect.fail(new NotFound({ entity: "business", id }))
        : Effect.succeed(found)
    },
    insert: (b) => Effect.sync(() => void t().businesses.set(b.id, b)),
    update: (b) =>
      t().businesses.has(b.id)
        ? Effect.sync(() => void t().businesses.set(b.id, b))
        : Effect.fail(new NotFound({ entity: "business", id: b.id }))
  })
  const customers = CustomerRepository.of({
    get: (businessId, id) => scoped("customer", t().customers, businessId, id),
    search: (businessId, query, limit) =>
      Effect.sync(() =>
        [...t().customers.values()]
          .filter((c) => c.businessId === businessId && matchesCustomerQuery(c, query))
          .sort((a, b) => a.lastName.localeCompare(b.lastName) || a.firstName.localeCompare(b.firstName))
          .slice(0, limit)
      ),
    insert: (c) => Effect.sync(() => void t().customers.set(c.id, c)),
    update: (c) =>
      scoped("customer", t().customers, c.businessId, c.id).pipe(
        Effect.andThen(
          Effect.sync(() => {
            t().customers.set(c.id, c)
          })
        )
      )
  })
  const appointments = AppointmentRepository.of({
    get: (businessId, id) => scoped("appointment", t().appointments, businessId, id),
    list: (businessId, f) =>
      Effect.sync(() =>
        [...t().appointments.values()]
          .filter(
            (a) =>
              a.businessId === businessId &&
              overlapsRange(a, f.from, f.to) &&
              (f.staffId === undefined || a.items.some((i) => i.staffId === f.staffId)) &&
              (f.status === undefined || a.status === f.status) &&
              (f.customerId === undefined || a.customerId === f.customerId) &&
              (f.seriesId === undefined || a.seriesId === f.seriesId)
          )
          .sort((a, b) => a.start.epochMilliseconds - b.start.epochMilliseconds)
      ),
    listActive: (businessId, from, to) =>
      Effect.sync(() => {
        const active: Array<Appointment> = []
        for (const a of t().appointments.values()) {
          if (
            a.businessId === businessId &&
            isActiveStatus(a.status) &&
            occupiedEnd(a) > from.epochMilliseconds &&
            occupiedStart(a) < to.epochMilliseconds
          ) {
            active.push(a)
          }
        }
        return active
      }),
    insert: (a) =>
      guardCapacity(t(), a).pipe(Effect.andThen(Effect.sync(() => void t().appointments.set(a.id, a)))),
    update: (a) =>
      Effect.gen(function* () {
        const current = yield* scoped("appointment", t().appointments, a.businessId, a.id)
        if (current.version !== a.version - 1) {
          return yield* new VersionConflict({
            entity: "appointment",
            id: a.id,
            expected: a.version - 1,
            actual: current.version
          })
        }
        yield* guardCapacity(t(), a)
        t().appointments.set(a.id, a)
      }),
    listEnded: (now, limit) =>
      Effect.sync(() =>
        [...t().appointments.values()]
          .filter(
            (a) =>
              (a.status === "approved" || a.status === "rescheduled") &&
              a.end.epochMilliseconds <= now.epochMilliseconds
          )
          .sort((a, b) => a.end.epochMilliseconds - b.end.epochMilliseconds)
          .slice(0, limit)
      )
  })
  const series = SeriesRepository.of({
    get: (businessId, id) => scoped("series", t().series, businessId, id),
    insert: (s) => Effect.sync(() => void t().series.set(s.id, s))
  })
  return {
    businesses,
    staff: StaffRepository.of(catalog("staff member", () => t().staff)),
    services: ServiceRepository.of(catalog("service", () => t().services)),
    resources: ResourceRepository.of(catalog("resource", () => t().resources)),
    customers,
    appointments,
    series
  }
}

const makeOutbox = (store: { readonly tables: Tables }) => {
  const t = () => store.tables
  return Outbox.of({
    enqueue: (messages, tokens = []) =>
      Effect.sync(() => {
        for (const message of messages) t().outbox.set(message.id, { message, leasedUntil: 0 })
        for (const { raw, token } of tokens) t().tokens.set(raw, token)
      }),
    dropPending: (appointmentId, events) =>
      Effect.sync(() => {
        for (const [id, row] of t().outbox) {
          const m = row.message
          if (m.appointmentId === appointmentId && m.status === "pending" && events.includes(m.event)) {
            t().outbox.set(id, { ...row, message: { ...m, status: "dropped" } })
          }
        }
      }),
    list: (businessId, f) =>
      Effect.sync(() =>
        [...t().outbox.values()]
          .map((r) => r.message)
          .filter(
            (m) =>
              m.businessId === businessId &&
              (f.appointmentId === undefined || m.appointmentId === f.appointmentId) &&
              (f.status === undefined || m.status === f.status)
          )
          .sort(
            (a, b) =>
              a.createdAt.epochMilliseconds - b.createdAt.epochMilliseconds || a.id.localeCompare(b.id)
          )
          .slice(0, f.limit ?? 500)
      ),
    claimDue: (now, limit, leaseMillis) =>
      Effect.sync(() => {
        const claimed: Array<OutboxMessage> = []
        const due = [...t().outbox.values()]
          .filter(
            (r) =>
              r.message.status === "pending" &&
              r.message.sendAfter.epochMilliseconds <= now.epochMilliseconds &&
              r.leasedUntil <= now.epochMilliseconds
          )
          .sort((a, b) => a.message.sendAfter.epochMilliseconds - b.message.sendAfter.epochMilliseconds)
        for (const row of due.slice(0, limit)) {
          t().outbox.set(row.message.id, { ...row, leasedUntil: now.epochMilliseconds + leaseMillis })
          claimed.push(row.message)
        }
        return claimed
      }),
    markRendered: (id, rendered) =>
      Effect.sync(() => {
        const row = t().outbox.get(id)
        if (row !== undefined) t().outbox.set(id, { ...row, message: { ...row.message, ...rendered } })
      }),
    markDropped: (id) =>
      Effect.sync(() => {
        const row = t().outbox.get(id)
        if (row !== undefined)
          t().outbox.set(id, { message: { ...row.message, status: "dropped" }, leasedUntil: 0 })
      }),
    markSent: (id, at) =>
      Effect.sync(() => {
        const row = t().outbox.get(id)
        if (row !== undefined) {
          t().outbox.set(id, {
            message: { ...row.message, status: "sent", sentAt: at, attempts: row.message.attempts + 1 },
            leasedUntil: 0
          })
        }
      }),
    markAttemptFailed: (id, error, retryAt) =>
      Effect.sync(() => {
        const row = t().outbox.get(id)
        if (row !== undefined) {
          t().outbox.set(id, {
            message: {
              ...row.message,
              status: retryAt === null ? "failed" : "pending",
              attempts: row.message.attempts + 1,
              lastError: error,
              sendAfter: retryAt ?? row.message.sendAfter
            },
            leasedUntil: 0
          })
        }
      })
  })
}

const randomToken = (): string => {
  const bytes = new Uint8Array(32)
  globalThis.crypto.getRandomValues(bytes)
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("")
}

const templateRow = (businessId: string, key: TemplateKey) => `${businessId}|${templateKeyId(key)}`

const layerMemoryPorts = Layer.effectContext(
  Effect.gen(function* () {
    const store = yield* MemoryStore
    const lock = yield* Semaphore.make(1)
    const repos = makeRepositories(store)
    const t = () => store.tables
    const unitOfWork = UnitOfWork.of({
      transaction: (effect) =>
        Effect.gen(function* () {
          if (yield* InTransaction) return yield* effect
          return yield* lock.withPermits(1)(
            Effect.suspend(() => {
              const undo: Array<() => void> = []
              store.journal.undo = undo
              return effect.pipe(
                Effect.provideService(InTransaction, true),
                Effect.onExit((exit) =>
                  Effect.sync(() => {
                    store.journal.undo = null
                    if (exit._tag === "Failure") for (let i = undo.length - 1; i >= 0; i--) undo[i]!()
                  })
                )
              )
            })
          )
        })
    })
    const idempotency = IdempotencyStore.of({
      find: (businessId, key) =>
        Effect.sync(() => Option.fromNullishOr(t().idempotency.get(`${businessId}:${key}`))),
      save: (record) =>
        Effect.suspend(() => {
          const k = `${record.businessId}:${record.key}`
          if (t().idempotency.has(k)) {
            return Effect.fail(
              new PersistenceError({ operation: "idempotency.save", cause: new Error("duplicate key") })
            )
          }
          t().idempotency.set(k, record)
          return Effect.void
        })
    })
    const issue = (token: ActionToken): string => {
      const raw = randomToken()
      t().tokens.set(raw, token)
      return raw
    }
    const tokens = Tokens.of({
      issue: (token) => Effect.sync(() => issue(token)),
      issueMany: (requested) => Effect.sync(() => requested.map(issue)),
      resolve: (raw) => {
        const found = t().tokens.get(raw)
        return found === undefined
          ? Effect.fail(new NotFound({ entity: "link", id: "token" }))
          : Effect.succeed(found)
      }
    })
    const webhooks = WebhookRepository.of({
      list: (businessId) =>
        Effect.sync(() => [...t().webhooks.values()].filter((w) => w.businessId === businessId)),
      get: (businessId, id) => scoped("webhook", t().webhooks, businessId, id),
      insert: (w) => Effect.sync(() => void t().webhooks.set(w.id, w)),
      remove: (businessId, id) =>
        scoped("webhook", t().webhooks, businessId, id).pipe(
          Effect.andThen(
            Effect.sync(() => {
              t().webhooks.delete(id)
            })
          )
        )
    })
    const templates = TemplateRepository.of({
      list: (businessId) =>
        Effect.sync(() => [...t().templates.values()].filter((tpl) => tpl.businessId === businessId)),
      get: (businessId, key) =>
        Effect.sync(() => Option.fromNullishOr(t().templates.get(templateRow(businessId, key)))),
      put: (template) =>
        Effect.sync(() => void t().templates.set(templateRow(template.businessId, template), template)),
      remove: (businessId, key) => Effect.sync(() => t().templates.delete(templateRow(businessId, key)))
    })
    const feedsOf = (businessId: string, staffId: string) =>
      [...t().calendarFeeds].filter(([, f]) => f.businessId === businessId && f.staffId === staffId)
    const calendarFeeds = CalendarFeedRepository.of({
      issue: (feed) =>
        Effect.sync(() => {
          for (const [raw] of feedsOf(feed.businessId, feed.staffId)) t().calendarFeeds.delete(raw)
          const raw = randomToken()
          t().calendarFeeds.set(raw, feed)
          return raw
        }),
      find: (businessId, staffId) =>
        Effect.sync(() => Option.fromNullishOr(feedsOf(businessId, staffId)[0]?.[1])),
      resolve: (raw) => {
        const found = t().calendarFeeds.get(raw)
        return found === undefined
          ? Effect.fail(new NotFound({ entity: "calendar feed", id: "token" }))
          : Effect.succeed(found)
      },
      revoke: (businessId, staffId) =>
        Effect.sync(() => {
          const found = feedsOf(businessId, staffId)
          for (const [raw] of found) t().calendarFeeds.delete(raw)
          return found.length > 0
        })
    })
    const accounts = AccountRepository.of({
      insertUser: (user) =>
        Effect.suspend(() => {
          const email = user.email.toLowerCase()
          if ([...t().users.values()].some((u) => u.email.toLowerCase() === email)) {
            return Effect.fail(
              new PersistenceError({ operation: "accounts.insertUser", cause: new Error("duplicate email") })
            )
          }
          t().users.set(user.id, user)
          return Effect.void
        }),
      findUserByEmail: (email) =>
        Effect.sync(() =>
          Option.fromNullishOr(
            [...t().users.values()].find((u) => u.email.toLowerCase() === email.trim().toLowerCase())
          )
        ),
      getUser: (id) => {
        const user = t().users.get(id)
        return user === undefined ? Effect.fail(new NotFound({ entity: "user", id })) : Effect.succeed(user)
      },
      insertApiKey: (key) => Effect.sync(() => void t().apiKeys.set(key.id, key)),
      findApiKeyByHash: (hash) =>
        Effect.sync(() => Option.fromNullishOr([...t().apiKeys.values()].find((k) => k.keyHash === hash))),
      listApiKeys: (businessId) =>
        Effect.sync(() => [...t().apiKeys.values()].filter((k) => k.businessId === businessId)),
      revokeApiKey: (businessId, id, at) =>
        scoped("API key", t().apiKeys, businessId, id).pipe(
          Effect.andThen((key) =>
            Effect.sync(() => {
              t().apiKeys.set(id, { ...key, revokedAt: key.revokedAt ?? at })
            })
          )
        ),
      insertSession: (session) => Effect.sync(() => void t().sessions.set(session.tokenHash, session)),
      findSessionByHash: (hash) => Effect.sync(() => Option.fromNullishOr(t().sessions.get(hash))),
      deleteSession: (hash) => Effect.sync(() => void t().sessions.delete(hash))
    })
    return Context.make(BusinessRepository, repos.businesses).pipe(
      Context.add(AccountRepository, accounts),
      Context.add(StaffRepository, repos.staff),
      Context.add(ServiceRepository, repos.services),
      Context.add(ResourceRepository, repos.resources),
      Context.add(CustomerRepository, repos.customers),
      Context.add(AppointmentRepository, repos.appointments),
      Context.add(SeriesRepository, repos.series),
      Context.add(Outbox, makeOutbox(store)),
      Context.add(UnitOfWork, unitOfWork),
      Context.add(IdempotencyStore, idempotency),
      Context.add(Tokens, tokens),
      Context.add(WebhookRepository, webhooks),
      Context.add(TemplateRepository, templates),
      Context.add(CalendarFeedRepository, calendarFeeds)
    )
  })
)

/**
 * Every persistence port (repositories, unit of work, outbox, idempotency, tokens, webhooks,
 * templates, the booking context and availability snapshots read through the repositories) in memory.
 */
export const layerMemoryPersistence = AvailabilitySnapshots.layerFromBookingContext.pipe(
  Layer.provideMerge(BookingContextStore.layerFromRepositories),
  Layer.provideMerge(layerMemoryPorts)
)

/** Sequential, prefixed ids (`apt_1`, `apt_2`, …): readable in tests. */
export const layerSequentialIds = Layer.sync(Ids, () => {
  const counters = new Map<IdKind, number>()
  return Ids.of({
    make: (kind) =>
      Effect.sync(() => {
        const next = (counters.get(kind) ?? 0) + 1
        counters.set(kind, next)
        return `${IdPrefix[kind]}_${next}`
      }),
    secret: Effect.sync(randomToken)
  })
})
