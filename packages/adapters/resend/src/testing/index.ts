/** @creneau/resend/testing — a local stand-in for the Resend API, for tests. */
export * from "./FakeResend.js"
