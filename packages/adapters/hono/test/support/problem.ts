import { expect } from "vitest"
import { jsonOf } from "./json.js"

/** Assert an RFC 9457 problem response with its stable code, and no stack anywhere. */
export const expectProblem = async (res: Response, status: number, code: string) => {
  expect(res.status, `expected ${status} ${code}`).toBe(status)
  expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/)
  const body = await jsonOf(res)
  expect(body).toMatchObject({ status, code, type: `urn:creneau:problem:${code}` })
  expect(typeof body.title).toBe("string")
  expect(typeof body.detail).toBe("string")
  expect(typeof body.requestId).toBe("string")
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/)
  return body
}
