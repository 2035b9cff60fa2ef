/**
 * One plain line per event, for people reading a terminal or a log collector: informational lines
 * on stdout, warnings and errors on stderr with their cause. `LOG_LEVEL` filters both the Effect
 * logs (worker, transports, start-up) and the HTTP request lines.
 */
import type { ApiLogger } from "@creneau/hono"
import { Cause, Layer, Logger, LogLevel, References } from "effect"

const text = (message: unknown): string =>
  Array.isArray(message)
    ? message.map(text).join(" ")
    : typeof message === "string"
      ? message
      : String(message)

const plainLogger = Logger.make(({ message, logLevel, cause }) => {
  const line = text(message)
  if (LogLevel.isGreaterThanOrEqualTo(logLevel, "Warn")) {
    const detail = cause.reasons.length > 0 ? `\n${Cause.pretty(cause)}` : ""
    console.error(`[${logLevel.toLowerCase()}] ${line}${detail}`)
  } else {
    console.log(line)
  }
})

/** The plain logger and the minimum level, for every effect the process runs. */
export const layerLogger = (level: LogLevel.LogLevel) =>
  Layer.merge(Logger.layer([plainLogger]), Layer.succeed(References.MinimumLogLevel, level))

const fieldsText = (fields: Readonly<Record<string, unknown>>) =>
  Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`)
    .join(" ")

/** The HTTP app's logger: `GET /v1/staff 200 3ms` per request, failures with their cause. */
export const apiLogger = (level: LogLevel.LogLevel): ApiLogger => ({
  info: (message, fields) => {
    if (!LogLevel.isGreaterThanOrEqualTo("Info", level)) return
    if (message === "request") {
      console.log(`${fields.method} ${fields.path} ${fields.status} ${fields.ms}ms`)
    } else {
      console.log(`${message} ${fieldsText(fields)}`)
    }
  },
  error: (message, fields) => {
    if (!LogLevel.isGreaterThanOrEqualTo("Error", level)) return
    console.error(`[error] ${message} ${fieldsText(fields)}`)
  }
})
