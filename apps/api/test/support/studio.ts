/** What the tests of a running server process share: JSON over HTTP, and a business set up through it. */
import { expect } from "@effect/vitest"

// biome-ignore lint/suspicious/noExplicitAny: JSON bodies are read field by field
export type Json = any

/** A request to the server at `base`: its status and its JSON body (undefined when empty). */
export type JsonHttp = (method: string, path: string, body?: unknown, key?: string) => Promise<[number, Json]>

export const jsonHttp =
  (base: string): JsonHttp =>
  async (method, path, body, key) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(body !== undefined && { "Content-Type": "application/json" }),
        ...(key !== undefined && { Authorization: `Bearer ${key}` })
      },
      ...(body !== undefined && { body: JSON.stringify(body) })
    })
    const text = await res.text()
    return [res.status, text === "" ? undefined : JSON.parse(text)]
  }

/**
 * "Studio Nord" signs up over HTTP (French, Paris), then sets up Anna (Monday to Saturday,
 * 09:00–18:00) and a 30-minute "Coupe" she performs: the owner's API key, the staff member and the
 * service, as the API answered them.
 */
export const setUpStudio = async (http: JsonHttp) => {
  const [signedUp, signup] = await http("POST", "/v1/signup", {
    businessName: "Studio Nord",
    timezone: "Europe/Paris",
    locale: "fr",
    ownerName: "Nora",
    ownerEmail: "nora@studio-nord.example",
    ownerPassword: "correct horse"
  })
  expect(signedUp).toBe(201)
  const key: string = signup.apiKey
  const day = [{ start: "09:00", end: "18:00" }]
  const [, staff] = await http(
    "POST",
    "/v1/staff",
    {
      name: "Anna",
      email: "anna@studio-nord.example",
      weekly: { mon: day, tue: day, wed: day, thu: day, fri: day, sat: day, sun: [] }
    },
    key
  )
  const [, service] = await http(
    "POST",
    "/v1/services",
    { name: "Coupe", durationMinutes: 30, price: { amount: 3000, currency: "EUR" }, staffIds: [staff.id] },
    key
  )
  return { key, staff, service }
}
