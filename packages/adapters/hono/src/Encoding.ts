/**
 * Content coding of what the API sends: gzip when the client accepts it, for the answers that are
 * large (the OpenAPI document, the reference's files, appointment lists, availability), each
 * compressed once and kept with the answer it encodes; and Brotli, smaller still, for the files
 * that never change while the process runs (the document, the reference's files), compressed in
 * the background after their first request.
 */
import { createHash } from "node:crypto"
import { brotliCompress, constants, gzipSync } from "node:zlib"
import type { Context } from "hono"
import { parseAccept } from "hono/utils/accept"

/**
 * The weight `Accept-Encoding` gives `coding`: its own if named, else that of `*` (RFC 9110
 * §12.5.3; hono's `accepts` helper never lets `*` stand for a coding, so its parser is used
 * directly).
 */
const weight = (header: string | undefined, coding: string): number => {
  const accepted = parseAccept(header ?? "")
  const of = (name: string) => accepted.find((a) => a.type.toLowerCase() === name)?.q
  return of(coding) ?? of("*") ?? 0
}

/** Whether `Accept-Encoding` accepts gzip. */
export const acceptsGzip = (header: string | undefined): boolean => weight(header, "gzip") > 0

/** Whether `Accept-Encoding` accepts Brotli. */
export const acceptsBrotli = (header: string | undefined): boolean => weight(header, "br") > 0

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

/** A strong validator of `bytes`: a quoted hash. */
export const etagOf = (bytes: Uint8Array): string =>
  `"${createHash("sha256").update(bytes).digest("base64url").slice(0, 27)}"`

/** The validator of a coding of the representation whose validator is `etag`: `suffix` appended. */
export const codedEtag = (etag: string, suffix: "gz" | "br"): string => `${etag.slice(0, -1)}-${suffix}"`

/**
 * Answer one of `body`'s representations: Brotli when accepted and ready (the first request that
 * accepts it starts its compression), else gzip when accepted, else the bytes as they are; 304
 * when the client has it.
 */
export const sendRepresentation = (c: Context, body: Representations) => {
  const header = c.req.header("Accept-Encoding")
  const brotli = acceptsBrotli(header)
  if (brotli) compressBrotli(body)
  const coding = brotli && body.br !== undefined ? "br" : acceptsGzip(header) ? "gzip" : undefined
  const etag = coding === "br" ? body.brEtag : coding === "gzip" ? body.gzipEtag : body.etag
  c.header("ETag", etag)
  c.header("Cache-Control", "no-cache")
  c.header("Vary", "Accept-Encoding")
  if (hasRepresentation(c.req.header("If-None-Match"), etag)) return c.body(null, 304)
  return c.body(coding === "br" ? body.br! : coding === "gzip" ? body.gzip : body.identity, 200, {
    "Content-Type": body.type,
    ...(coding !== undefined && { "Content-Encoding": coding })
  })
}

/**
 * A response body as sent: its bytes, gzipped once for the clients that accept it, Brotli once
 * compressed, each with a strong ETag.
 */
export interface Representations {
  readonly type: string
  readonly identity: Buffer<ArrayBuffer>
  readonly gzip: Buffer<ArrayBuffer>
  /** Brotli (at its best quality), once compressed; until then, gzip is sent. */
  br: Buffer<ArrayBuffer> | undefined
  brotli: "not started" | "compressing" | "done"
  readonly etag: string
  readonly gzipEtag: string
  readonly brEtag: string
}

export const representations = (type: string, identity: Buffer<ArrayBuffer>): Representations => {
  // Each representation has its own strong validator (RFC 9110 §8.8.3).
  const etag = etagOf(identity)
  return {
    type,
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: undefined,
    brotli: "not started",
    etag,
    gzipEtag: codedEtag(etag, "gz"),
    brEtag: codedEtag(etag, "br")
  }
}

/**
 * Compress `body` with Brotli on libuv's thread pool, once, which the event loop does not wait
 * for. The best quality, but for large files (the reference's 1.7 MB bundle: 3 s at the best, 1.2
 * s at the next, 2% larger). Should it fail, gzip is sent on.
 */
const compressBrotli = (body: Representations): void => {
  if (body.brotli !== "not started") return
  body.brotli = "compressing"
  brotliCompress(
    body.identity,
    {
      params: {
        [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
        [constants.BROTLI_PARAM_QUALITY]:
          body.identity.length > 512 * 1024 ? constants.BROTLI_MAX_QUALITY - 1 : constants.BROTLI_MAX_QUALITY,
        [constants.BROTLI_PARAM_SIZE_HINT]: body.identity.length
      }
    },
    (error, compressed) => {
      body.brotli = "done"
      if (error === null) body.br = compressed as Buffer<ArrayBuffer>
    }
  )
}
