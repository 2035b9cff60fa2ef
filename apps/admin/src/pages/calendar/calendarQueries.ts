/**
 * The calendar's reads: the appointments of a period, one appointment with its customer, the
 * occurrences of a series, the staff members, services and resources, and customers by id.
 * Keys start with the resource's path segment, so a change to appointments invalidates every
 * list, detail and series at once (`["appointments"]`).
 */
import { queryOptions, useQueries } from "@tanstack/react-query"
import { useMemo } from "react"
import { api, unwrap } from "../../api"
import { customerNameOf } from "./calendarModel"

export const appointmentsKey = ["appointments"] as const

/** Appointments of the business's days `from` to `to` (both included). */
export const appointmentListQuery = (range: { readonly from: string; readonly to: string }) =>
  queryOptions({
    queryKey: [...appointmentsKey, "list", range.from, range.to],
    queryFn: () => unwrap(api.v1.appointments.$get({ query: { from: range.from, to: range.to } }))
  })

export const appointmentQuery = (id: string) =>
  queryOptions({
    queryKey: [...appointmentsKey, "detail", id],
    queryFn: () => unwrap(api.v1.appointments[":id"].$get({ param: { id } })),
    // Its allowed actions change with time (a no-show can be marked once it has started).
    refetchInterval: 60_000
  })

/** Every occurrence of a series, in time order. */
export const seriesQuery = (seriesId: string) =>
  queryOptions({
    queryKey: [...appointmentsKey, "series", seriesId],
    queryFn: async () => {
      const { items } = await unwrap(api.v1.appointments.$get({ query: { seriesId } }))
      return [...items].sort((a, b) => Date.parse(a.start) - Date.parse(b.start))
    }
  })

export const staffListQuery = queryOptions({
  queryKey: ["staff", "all"],
  queryFn: () => unwrap(api.v1.staff.$get()),
  staleTime: 5 * 60_000
})

export const serviceListQuery = queryOptions({
  queryKey: ["services", "all"],
  queryFn: () => unwrap(api.v1.services.$get()),
  staleTime: 5 * 60_000
})

export const resourceListQuery = queryOptions({
  queryKey: ["resources", "all"],
  queryFn: () => unwrap(api.v1.resources.$get()),
  staleTime: 5 * 60_000
})

export const customerQuery = (id: string) =>
  queryOptions({
    queryKey: ["customers", "detail", id],
    queryFn: () => unwrap(api.v1.customers[":id"].$get({ param: { id } })),
    staleTime: 5 * 60_000
  })

/**
 * The names of the customers of a list of appointments. The appointment list carries only the
 * customer's id, so each customer is read once (and kept) by id.
 */
export const useCustomerNames = (customerIds: ReadonlyArray<string>): ReadonlyMap<string, string> => {
  const unique = useMemo(() => [...new Set(customerIds)].sort(), [customerIds])
  const results = useQueries({ queries: unique.map((id) => customerQuery(id)) })
  const names = results.map((r) => customerNameOf(r.data ?? null) ?? "")
  const signature = names.join("\u0000")
  // biome-ignore lint/correctness/useExhaustiveDependencies: the names' signature stands for them
  return useMemo(() => {
    const map = new Map<string, string>()
    unique.forEach((id, i) => {
      const name = names[i]
      if (name !== undefined && name !== "") map.set(id, name)
    })
    return map
  }, [unique, signature])
}

/** A key for one intended change: the same change retried keeps its key, another gets a new one. */
export const newIdempotencyKey = (): string => {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID()
  // Outside a secure context (plain http on a local network) randomUUID is missing.
  const bytes = crypto.getRandomValues(new Uint8Array(16))
  bytes[6] = (bytes[6]! & 0x0f) | 0x40
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, "0")).join("")
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}
