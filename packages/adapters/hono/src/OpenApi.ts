/**
 * The OpenAPI 3.1 document, generated from the route registry: request bodies, query parameters
 * and responses are the JSON Schemas of the very Schemas the routes decode and encode with
 * (effect's JSON Schema compiler, all roots sharing one pool of components).
 */
import { JsonSchema, Schema, SchemaRepresentation } from "effect"
import { api, type RouteSpec } from "./Api.js"
import { type ProblemCode, problemCodes, problemType } from "./Problem.js"

export interface OpenApiOptions {
  readonly title?: string
  readonly version?: string
  readonly description?: string
  /** Base URL(s) of the API, for the document's `servers`. */
  readonly servers?: ReadonlyArray<string>
}

const ProblemSchema = Schema.Struct({
  type: Schema.String,
  title: Schema.String,
  status: Schema.Int,
  code: Schema.Literals(Object.keys(problemCodes) as [ProblemCode, ...Array<ProblemCode>]),
  detail: Schema.String,
  instance: Schema.optionalKey(Schema.String),
  requestId: Schema.optionalKey(Schema.String),
  errors: Schema.optionalKey(Schema.Array(Schema.Struct({ path: Schema.String, message: Schema.String }))),
  reason: Schema.optionalKey(Schema.String),
  conflicts: Schema.optionalKey(Schema.Array(Schema.Struct({ start: Schema.String, end: Schema.String })))
}).annotate({ identifier: "Problem", description: "RFC 9457 problem details with a stable `code`." })

type Json = JsonSchema.JsonSchema

/** `/v1/staff/:id` -> `/v1/staff/{id}` */
export const openApiPath = (path: string): string => path.replace(/:([A-Za-z0-9_]+)/g, "{$1}")

const pathParams = (path: string): ReadonlyArray<string> =>
  [...path.matchAll(/:([A-Za-z0-9_]+)/g)].map((m) => m[1]!)

const implicitErrors = (spec: RouteSpec): ReadonlyArray<ProblemCode> => {
  const codes: Array<ProblemCode> = []
  if (spec.body !== undefined || spec.query !== undefined || spec.idempotent === true)
    codes.push("validation_failed")
  if (spec.access === "business" || spec.access === "manager") codes.push("unauthorized")
  if (spec.access === "manager") codes.push("forbidden")
  if (pathParams(spec.path).length > 0 || spec.access === "business") codes.push("not_found")
  if (spec.idempotent === true) codes.push("idempotency_conflict")
  if (spec.body !== undefined) codes.push("payload_too_large", "unsupported_media_type")
  return codes
}

const statusText: Record<number, string> = { 200: "OK", 201: "Created", 204: "No Content" }

const build = (options: OpenApiOptions) => {
  const entries = Object.entries(api) as Array<[string, RouteSpec]>
  // One compilation for every schema, so that named schemas become shared components.
  const roots: Array<Schema.Top> = [ProblemSchema]
  const indexOf = new Map<Schema.Top, number>()
  const add = (schema: Schema.Top | undefined) => {
    if (schema === undefined || indexOf.has(schema)) return
    indexOf.set(schema, roots.length)
    roots.push(schema)
  }
  for (const [, spec] of entries) {
    add(spec.body)
    add(spec.query)
    add(spec.response)
  }
  const asts = roots.map((s) => Schema.toCodecJson(s).ast)
  const compiled = JsonSchema.toMultiDocumentOpenApi3_1(
    SchemaRepresentation.toJsonSchemaMultiDocument(
      SchemaRepresentation.toRepresentations(asts as [(typeof asts)[0], ...typeof asts])
    )
  )
  const schemaOf = (schema: Schema.Top): Json => compiled.schemas[indexOf.get(schema)!]!
  const resolve = (schema: Json): Json => {
    const ref =
      typeof schema.$ref === "string" ? /^#\/components\/schemas\/(.+)$/.exec(schema.$ref)?.[1] : undefined
    return ref === undefined ? schema : (compiled.definitions[ref] ?? schema)
  }

  // Every error answer is the one Problem response; its description names the codes it may carry
  // there (a Reference Object's description overrides the component's in OpenAPI 3.1).
  const problemResponse = (codes: ReadonlyArray<ProblemCode>) => ({
    $ref: "#/components/responses/Problem",
    description: codes.map((c) => `\`${c}\``).join(", ")
  })

  const paths: Record<string, Record<string, unknown>> = {}
  for (const [operationId, spec] of entries) {
    const parameters: Array<unknown> = pathParams(spec.path).map((name) => ({
      name,
      in: "path",
      required: true,
      schema: { type: "string" }
    }))
    if (spec.query !== undefined) {
      const query = resolve(schemaOf(spec.query))
      const required = new Set((query.required as Array<string> | undefined) ?? [])
      for (const [name, schema] of Object.entries((query.properties ?? {}) as Record<string, Json>)) {
        parameters.push({
          name,
          in: "query",
          required: required.has(name),
          ...(typeof schema.description === "string" && { description: schema.description }),
          schema
        })
      }
    }
    if (spec.idempotent === true) parameters.push({ $ref: "#/components/parameters/IdempotencyKey" })
    if (spec.conditional === true) parameters.push({ $ref: "#/components/parameters/IfNoneMatch" })
    if (operationId === "updateAppointment") {
      parameters.push({
        name: "If-Match",
        in: "header",
        required: false,
        description:
          "The version read (the ETag of GET /v1/appointments/{id}); 409 `version_conflict` if it moved on.",
        schema: { type: "string" }
      })
    }

    const responses: Record<string, unknown> = {}
    responses[String(spec.status)] =
      spec.status === 204
        ? { description: statusText[204] }
        : {
            description: statusText[spec.status],
            content:
              spec.contentType !== undefined
                ? { [spec.contentType]: { schema: { type: "string" } } }
                : {
                    "application/json": { schema: spec.response === undefined ? {} : schemaOf(spec.response) }
                  }
          }
    if (spec.conditional === true) responses["304"] = { $ref: "#/components/responses/NotModified" }
    const byStatus = new Map<number, Array<ProblemCode>>()
    for (const code of new Set([...implicitErrors(spec), ...(spec.errors ?? [])])) {
      const status = problemCodes[code].status
      byStatus.set(status, [...(byStatus.get(status) ?? []), code])
    }
    for (const [status, codes] of [...byStatus].sort(([a], [b]) => a - b)) {
      responses[String(status)] = problemResponse(codes)
    }
    responses.default = problemResponse(["internal_error", "unavailable"])

    const operation = {
      operationId,
      summary: spec.summary,
      ...(spec.description !== undefined && { description: spec.description }),
      tags: [spec.tag],
      security:
        spec.access === "business" || spec.access === "manager" ? [{ bearer: [] }, { session: [] }] : [],
      ...(spec.access === "manager" && { "x-roles": ["owner", "admin"] }),
      ...(parameters.length > 0 && { parameters }),
      ...(spec.body !== undefined && {
        requestBody: {
          required: true,
          content: {
            "application/json": {
              schema: schemaOf(spec.body),
              ...(spec.example !== undefined && { example: spec.example })
            }
          }
        }
      }),
      responses
    }
    const path = openApiPath(spec.path)
    paths[path] = { ...paths[path], [spec.method]: operation }
  }

  return {
    openapi: "3.1.0",
    info: {
      title: options.title ?? "Créneau API",
      version: options.version ?? "1.0.0",
      description:
        options.description ??
        "Appointment scheduling. Instants are RFC 3339 with the business's offset, dates YYYY-MM-DD in the business's time zone, money `{amount, currency}` in minor units. Errors are RFC 9457 problems with a stable `code`."
    },
    ...(options.servers !== undefined && { servers: options.servers.map((url) => ({ url })) }),
    tags: [...new Set(entries.map(([, spec]) => spec.tag))].map((name) => ({ name })),
    paths,
    components: {
      schemas: { ...compiled.definitions },
      parameters: {
        IdempotencyKey: {
          name: "Idempotency-Key",
          in: "header",
          required: false,
          description:
            "Send the same key to retry safely: the first response is replayed (with `Idempotent-Replayed: true`); the same key with another request is 409 `idempotency_conflict`.",
          schema: { type: "string", minLength: 1, maxLength: 255 }
        },
        IfNoneMatch: {
          name: "If-None-Match",
          in: "header",
          required: false,
          description:
            "The ETag of an earlier answer (gzipped answers have their own): 304 without a body while the answer is unchanged.",
          schema: { type: "string" }
        }
      },
      responses: {
        NotModified: {
          description: "Not Modified: the answer named in `If-None-Match` is still the current one."
        },
        Problem: {
          description: "An RFC 9457 problem with a stable `code`.",
          content: { "application/problem+json": { schema: { $ref: "#/components/schemas/Problem" } } }
        }
      },
      securitySchemes: {
        bearer: {
          type: "http",
          scheme: "bearer",
          description: "An API key (`crn_…`) or an admin-app session token."
        },
        session: { type: "apiKey", in: "cookie", name: "creneau_session" }
      }
    },
    "x-problem-types": Object.fromEntries(
      (Object.keys(problemCodes) as Array<ProblemCode>).map((code) => [
        code,
        { type: problemType(code), status: problemCodes[code].status }
      ])
    )
  }
}

export type OpenApiDocument = ReturnType<typeof build>

/** The API's OpenAPI 3.1 document. */
export const openApiDocument = (options: OpenApiOptions = {}): OpenApiDocument => build(options)
