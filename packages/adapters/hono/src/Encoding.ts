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
 * The weight `Accept-Encoding` gives each coding: its own if named, else that of `*` (RFC 9110
 * §12.5.3; hono's `accepts` helper never lets `*` stand for a coding, so its parser is used
 * directly).
 */
const acceptedCodings = (header: string | undefined) => {
  const accepted = parseAccept(header ?? "")
  const of = (name: string) => accepted.find((a) => a.type.toLowerCase() === name)?.q
  return (coding: "gzip" | "br"): boolean => (of(coding) ?? of("*") ?? 0) > 0
}

/**
 * Whether `If-None-Match` names `etag` (weak comparison, as RFC 9110 §13.1.2 asks: `W/` is not
 * told apart) or is `*`: the client has the representation, and a GET is answered 304.
 */
const hasRepresentation = (ifNoneMatch: string | undefined, etag: string): boolean => {
  if (ifNoneMatch === undefined) return false
  if (ifNoneMatch.trim() === "*") return true
  const opaque = etag.replace(/^W\//, "")
  return ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === opaque)
}

/**
 * A response body as sent: its bytes with a strong ETag (a hash), and its gzip and Brotli codings,
 * each compressed once, when first asked for, with its own ETag (RFC 9110 §8.8.3: the hash with a
 * suffix).
 */
export interface Representations {
  readonly type: string
  readonly identity: Buffer<ArrayBuffer>
  readonly etag: string
  readonly cacheControl: string
  /** Smaller bodies are sent as they are: compression would save little and cost a round of it. */
  readonly compressFrom: number
  readonly gzipLevel: number
  gzip: Buffer<ArrayBuffer> | undefined
  /** Brotli, once compressed; until then gzip is sent. "off": never. */
  brotli: "off" | "not started" | "compressing" | Buffer<ArrayBuffer>
}

/**
 * `identity` as sent. A static file (the default) is gzipped at the best level and sent with
 * Brotli too; an answer of the API (`answer: true`) is private to its client, gzipped at the
 * default level from 1 KiB, and not sent with Brotli, whose best quality is too slow to pay on a
 * request.
 */
export const representations = (
  type: string,
  identity: Buffer<ArrayBuffer>,
  options: { readonly answer?: boolean } = {}
): Representations => ({
  type,
  identity,
  etag: `"${createHash("sha256").update(identity).digest("base64url").slice(0, 27)}"`,
  cacheControl: options.answer === true ? "private, no-cache" : "no-cache",
  compressFrom: options.answer === true ? 1024 : 0,
  gzipLevel: options.answer === true ? constants.Z_DEFAULT_COMPRESSION : constants.Z_BEST_COMPRESSION,
  gzip: undefined,
  brotli: options.answer === true ? "off" : "not started"
})

/**
 * Answer one of `body`'s representations: Brotli when accepted and ready (the first request that
 * accepts it starts its compression), else gzip when accepted, else the bytes as they are; 304
 * when the client has it.
 */
export const sendRepresentation = (c: Context, body: Representations): Response => {
  const accepts = acceptedCodings(c.req.header("Accept-Encoding"))
  const compressible = body.identity.length >= body.compressFrom
  const brotli = compressible && body.brotli !== "off" && accepts("br")
  if (brotli) compressBrotli(body)
  const coding =
    brotli && body.brotli instanceof Buffer ? "br" : compressible && accepts("gzip") ? "gzip" : undefined
  const etag =
    coding === undefined ? body.etag : `${body.etag.slice(0, -1)}-${coding === "gzip" ? "gz" : "br"}"`
  c.header("ETag", etag)
  c.header("Cache-Control", body.cacheControl)
  c.header("Vary", "Accept-Encoding")
  if (hasRepresentation(c.req.header("If-None-Match"), etag)) return c.body(null, 304)
  if (coding === undefined) return c.body(body.identity, 200, { "Content-Type": body.type })
  if (coding === "gzip") body.gzip ??= gzipSync(body.identity, { level: body.gzipLevel })
  const bytes = (coding === "br" ? body.brotli : body.gzip) as Buffer<ArrayBuffer>
  return c.body(bytes, 200, { "Content-Type": body.type, "Content-Encoding": coding })
}

/**
 * Compress `body` with Brotli on libuv's thread pool, once, which the event loop does not wait
 * for. The best quality, but for large files (the reference's 1.7 MB bundle: 3 s at the best,
 * 1.2 s at the next, 2% larger). Should it fail, gzip is sent on.
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
      body.brotli = error === null ? (compressed as Buffer<ArrayBuffer>) : "off"
    }
  )
}
