/**
 * CustomerRepository on the `customers` table. The search matches the core's
 * `matchesCustomerQuery` (full name or email containing the query, case-insensitively; phone
 * digits containing the query's digits, from three of them) on search keys the adapter writes
 * with JavaScript's case folding, so that the database's collation never changes the answer.
 * Substring matches use trigram indexes (`pg_trgm`).
 */
import {
  type BusinessId,
  type Customer,
  type CustomerId,
  CustomerRepository,
  customerName,
  NotFound
} from "@creneau/core"
import { and, asc, eq, like, or, type SQL, sql } from "drizzle-orm"
import { Effect, Layer } from "effect"
import { Database } from "./Database.js"
import { customers } from "./schema.js"

type Row = typeof customers.$inferSelect

/** A trusted row (see Rows.ts): mapped, not decoded again. */
export const toCustomer = (row: Row): Customer => ({
  id: row.id as CustomerId,
  businessId: row.businessId as BusinessId,
  firstName: row.firstName,
  lastName: row.lastName,
  email: row.email,
  phone: row.phone,
  notes: row.notes,
  noShowCount: row.noShowCount
})

const digitsOf = (s: string): string => s.replace(/\D/g, "")

const fields = (c: Customer) => ({
  firstName: c.firstName,
  lastName: c.lastName,
  email: c.email,
  phone: c.phone,
  notes: c.notes,
  noShowCount: c.noShowCount,
  searchName: customerName(c).toLowerCase(),
  searchEmail: c.email?.toLowerCase() ?? "",
  phoneDigits: c.phone === null ? "" : digitsOf(c.phone)
})

/** `%text%` with LIKE's wildcards and escape character taken literally. */
const containing = (text: string): string => `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`

const matching = (query: string): SQL | undefined => {
  const q = query.trim().toLowerCase()
  if (q === "") return undefined
  const digits = digitsOf(q)
  return or(
    like(customers.searchName, containing(q)),
    like(customers.searchEmail, containing(q)),
    digits.length >= 3 ? like(customers.phoneDigits, containing(digits)) : undefined
  )
}

export const layerCustomerRepository = Layer.effect(
  CustomerRepository,
  Effect.gen(function* () {
    const db = yield* Database
    const select = db.prepare("customers.get", (q) =>
      q
        .select()
        .from(customers)
        .where(
          and(
            eq(customers.id, sql.placeholder("id")),
            eq(customers.businessId, sql.placeholder("businessId"))
          )
        )
    )
    return CustomerRepository.of({
      get: Effect.fnUntraced(function* (businessId, id) {
        const [row] = yield* select({ id, businessId })
        if (row === undefined) return yield* new NotFound({ entity: "customer", id })
        return toCustomer(row)
      }),
      search: Effect.fnUntraced(function* (businessId, query, limit) {
        const rows = yield* db.query("customers.search", (q) =>
          q
            .select()
            .from(customers)
            .where(and(eq(customers.businessId, businessId), matching(query)))
            .orderBy(asc(customers.lastName), asc(customers.firstName), asc(customers.id))
            .limit(Math.max(0, Math.floor(limit)))
        )
        return rows.map(toCustomer)
      }),
      insert: (c) =>
        Effect.asVoid(
          db.query("customers.insert", (q) =>
            q.insert(customers).values({ id: c.id, businessId: c.businessId, ...fields(c) })
          )
        ),
      update: Effect.fnUntraced(function* (c) {
        const updated = yield* db.query("customers.update", (q) =>
          q
            .update(customers)
            .set(fields(c))
            .where(and(eq(customers.id, c.id), eq(customers.businessId, c.businessId)))
            .returning({ id: customers.id })
        )
        if (updated.length === 0) return yield* new NotFound({ entity: "customer", id: c.id })
      })
    })
  })
)
