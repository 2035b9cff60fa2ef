/**
 * Content coding of what the API sends: gzip when the client accepts it, for the answers that are
 * large (the OpenAPI document, the reference's files, appointment lists, availability), each
 * compressed once and kept with the answer it encodes.
 */
import { createHash } from "node:crypto"
import { gzipSync } from "node:zlib"
import type { Context } from "hono"
import { parseAccept } from "hono/utils/accept"

/**
 * Whether `Accept-Encoding` accepts gzip: its weight if named, else that of `*`, above zero (RFC
 * 9110 §12.5.3; hono's `accepts` helper never lets `*` stand for a coding, so its parser is used
 * directly).
 */
export const acceptsGzip = (header: string | undefined): boolean => {
  const accepted = parseAccept(header ?? "")
  const weight = (coding: string) => accepted.find((a) => a.type.toLowerCase() === coding)?.q
  return (weight("gzip") ?? weight("*") ?? 0) > 0
}

/**
 * Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 asks: `W/` is not
 * told apart) or is `*`: the client has the representation, and a GET is answered 304.
 */
export const hasRepresentation = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === "*") return true
  const opaque = etag.replace(/^W\//, "")
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque)
}

/** A strong validator of `bytes`: a quoted hash, `suffix` appended inside the quotes. */
export const etagOf = (bytes: Uint8Array, suffix = ""): string =>
  `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}${suffix}"`

/** Answer one of `body`'s representations: gzipped when accepted, 304 when the client has it. */
export const sendRepresentation = (c: Context, body: Representations) => {
  const gzip = acceptsGzip(c.req.header("Accept-Encoding"))
  const etag = gzip ? body.gzipEtag : body.etag
  c.header("ETag", etag)
  c.header("Cache-Control", "no-cache")
  c.header("Vary", "Accept-Encoding")
  if (hasRepresentation(c.req.header("If-None-Match"), etag)) return c.body(null, 304)
  return c.body(gzip ? body.gzip : body.identity, 200, {
    "Content-Type": body.type,
    ...(gzip && { "Content-Encoding": "gzip" })
  })
}

/** A response body as sent: its bytes, gzipped once for the clients that accept it, each with a strong ETag. */
export interface Representations {
  readonly type: string
  readonly identity: Buffer<ArrayBuffer>
  readonly gzip: Buffer<ArrayBuffer>
  readonly etag: string
  readonly gzipEtag: string
}

export const representations = (type: string, identity: Buffer<ArrayBuffer>): Representations => ({
  type,
  identity,
  gzip: gzipSync(identity, { level: 9 }),
  // Each representation has its own strong validator (RFC 9110 §8.8.3).
  etag: etagOf(identity),
  gzipEtag: etagOf(identity, "-gz")
})
