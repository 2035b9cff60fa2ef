/**
 * @creneau/resend — Créneau's email through Resend: the core's EmailTransport port on the `resend`
 * SDK. A local stand-in for the Resend API, for tests, is in `@creneau/resend/testing`.
 */
export * from "./ResendEmailTransport.js"
