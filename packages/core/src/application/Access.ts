/**
 * Access to a business: sign-up (a business, its owner and a first API key), sign-in sessions for
 * the admin app, API keys (shown once), and authentication of a bearer token into an actor.
 */
import { DateTime, Effect, Option, Schema } from "effect"
import { type Actor, Role, type UserActor } from "../domain/Actor.js"
import { Locale } from "../domain/Business.js"
import { Email } from "../domain/Customer.js"
import { Forbidden, Unauthorized, ValidationFailed } from "../domain/Errors.js"
import type { ApiKeyId, BusinessId, StaffId, UserId } from "../domain/Ids.js"
import { StaffId as StaffIdSchema } from "../domain/Ids.js"
import { TimeZoneId } from "../domain/LocalTime.js"
import { CurrencyCode } from "../domain/Money.js"
import { mayGrantRole } from "../domain/Policies.js"
import { AccountRepository, type ApiKey, Credentials, type User } from "../ports/Accounts.js"
import { Ids } from "../ports/Ids.js"
import { StaffRepository } from "../ports/Repositories.js"
import { UnitOfWork } from "../ports/UnitOfWork.js"
import { createBusiness } from "./ManageBusiness.js"

const Password = Schema.String.check(
  Schema.isMinLength(8, { message: "At least 8 characters" }),
  Schema.isMaxLength(200)
)

export const SignupInput = Schema.Struct({
  businessName: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  timezone: TimeZoneId,
  locale: Schema.optionalKey(Locale),
  currency: Schema.optionalKey(CurrencyCode),
  ownerName: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  ownerEmail: Email,
  ownerPassword: Password
})
export type SignupInput = typeof SignupInput.Type

export const LoginInput = Schema.Struct({
  email: Schema.String.check(Schema.isMaxLength(254)),
  password: Schema.String
})
export type LoginInput = typeof LoginInput.Type

export const CreateApiKeyInput = Schema.Struct({
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  role: Role,
  staffId: Schema.optionalKey(StaffIdSchema)
})
export type CreateApiKeyInput = typeof CreateApiKeyInput.Type

/** How long an admin-app session lasts without signing in again. */
export const SESSION_DAYS = 30

/** API keys read `crn_` + the secret, so that they are recognisable in logs and scanners. */
const KEY_PREFIX = "crn_"

const issueApiKey = Effect.fnUntraced(function* (params: {
  readonly businessId: string
  readonly name: string
  readonly role: Role
  readonly staffId: string | null
}) {
  const ids = yield* Ids
  const raw = `${KEY_PREFIX}${yield* ids.secret}`
  const key: ApiKey = {
    id: (yield* ids.make("apiKey")) as ApiKeyId,
    businessId: params.businessId as BusinessId,
    name: params.name,
    role: params.role,
    staffId: params.staffId as StaffId | null,
    keyHash: yield* (yield* Credentials).hashToken(raw),
    createdAt: yield* DateTime.now,
    revokedAt: null
  }
  yield* (yield* AccountRepository).insertApiKey(key)
  return { key, apiKey: raw }
})

/** Open a business with its owner; the first API key is returned once. */
export const signup = Effect.fn("signup")(function* (input: SignupInput) {
  const uow = yield* UnitOfWork
  return yield* uow.transaction(
    Effect.gen(function* () {
      const accounts = yield* AccountRepository
      if (Option.isSome(yield* accounts.findUserByEmail(input.ownerEmail))) {
        return yield* new ValidationFailed({
          message: "This email address already has an account.",
          errors: [{ path: "ownerEmail", message: "Already registered" }]
        })
      }
      const business = yield* createBusiness({
        name: input.businessName,
        timezone: input.timezone,
        ...(input.locale !== undefined && { locale: input.locale }),
        ...(input.currency !== undefined && { currency: input.currency })
      })
      const owner: User = {
        id: (yield* (yield* Ids).make("user")) as UserId,
        businessId: business.id,
        email: input.ownerEmail.trim(),
        name: input.ownerName.trim(),
        role: "owner",
        staffId: null,
        passwordHash: yield* (yield* Credentials).hashPassword(input.ownerPassword),
        createdAt: yield* DateTime.now
      }
      yield* accounts.insertUser(owner)
      const { apiKey } = yield* issueApiKey({
        businessId: business.id,
        name: "Default key",
        role: "owner",
        staffId: null
      })
      return { business, owner, apiKey }
    })
  )
})

const invalidLogin = new Unauthorized({ message: "Wrong email or password." })

/** Sign in with email and password; returns a session token (to put in a cookie) and the user. */
export const login = Effect.fn("login")(function* (input: LoginInput) {
  const accounts = yield* AccountRepository
  const credentials = yield* Credentials
  const found = yield* accounts.findUserByEmail(input.email)
  if (Option.isNone(found)) {
    // Spend the same time as a real check, so that timing does not tell which emails exist.
    yield* credentials.verifyPassword(input.password, "")
    return yield* invalidLogin
  }
  const user = found.value
  if (!(yield* credentials.verifyPassword(input.password, user.passwordHash))) return yield* invalidLogin
  const ids = yield* Ids
  const token = yield* ids.secret
  const now = yield* DateTime.now
  yield* accounts.insertSession({
    id: yield* ids.make("session"),
    userId: user.id,
    tokenHash: yield* credentials.hashToken(token),
    expiresAt: DateTime.add(now, { days: SESSION_DAYS }),
    createdAt: now
  })
  return { token, user, expiresAt: DateTime.add(now, { days: SESSION_DAYS }) }
})

export const logout = Effect.fn("logout")(function* (token: string) {
  const hash = yield* (yield* Credentials).hashToken(token)
  yield* (yield* AccountRepository).deleteSession(hash)
})

export interface Authenticated {
  readonly businessId: string
  readonly actor: UserActor
}

const userActor = (principal: {
  readonly id: string
  readonly name: string
  readonly role: Role
  readonly staffId: string | null
}): UserActor => ({
  _tag: "user",
  id: principal.id as UserId,
  name: principal.name,
  role: principal.role,
  staffId: principal.staffId as StaffId | null
})

/**
 * Who holds this bearer token: an API key (not revoked) or a session (not expired). An API key
 * acts under its own name, with its role and staff member. Only a token with the keys' prefix is
 * looked up as a key (a session token may have it too, by chance: it is then looked up as both).
 */
export const authenticate = Effect.fn("authenticate")(function* (token: string) {
  const accounts = yield* AccountRepository
  const hash = yield* (yield* Credentials).hashToken(token)
  // Every API key carries the prefix: a session token without it is not looked up as a key.
  const key = token.startsWith(KEY_PREFIX) ? yield* accounts.findApiKeyByHash(hash) : Option.none()
  if (Option.isSome(key)) {
    if (key.value.revokedAt !== null) return yield* new Unauthorized({ message: "This API key was revoked." })
    return { businessId: key.value.businessId, actor: userActor(key.value) } satisfies Authenticated
  }
  const session = yield* accounts.findSessionByHash(hash)
  const now = yield* DateTime.now
  if (Option.isNone(session) || session.value.expiresAt.epochMilliseconds <= now.epochMilliseconds) {
    return yield* new Unauthorized({
      message:
        Option.isNone(session) && token.startsWith(KEY_PREFIX)
          ? "This API key is unknown: check it was copied whole, or create a new one."
          : "Sign in again: this session is unknown or expired."
    })
  }
  const user = yield* accounts
    .getUser(session.value.userId)
    .pipe(
      Effect.catchTag("NotFound", () =>
        Effect.fail(new Unauthorized({ message: "This account no longer exists." }))
      )
    )
  return { businessId: user.businessId, actor: userActor(user) } satisfies Authenticated
})

/** Create an API key; the raw key is returned once. Staff keys act as one staff member. */
export const createApiKey = Effect.fn("createApiKey")(function* (params: {
  readonly businessId: string
  readonly actor: Actor
  readonly input: CreateApiKeyInput
}) {
  const { input } = params
  if (!mayGrantRole(params.actor, input.role)) {
    return yield* new Forbidden({ message: `You may not create a key with the ${input.role} role.` })
  }
  if (input.role === "staff" && input.staffId === undefined) {
    return yield* new ValidationFailed({
      message: "A staff key acts as one staff member.",
      errors: [{ path: "staffId", message: "Required for the staff role" }]
    })
  }
  if (input.staffId !== undefined) {
    yield* (yield* StaffRepository).get(params.businessId, input.staffId).pipe(
      Effect.catchTag("NotFound", () =>
        Effect.fail(
          new ValidationFailed({
            message: "Unknown staff member.",
            errors: [{ path: "staffId", message: `Unknown staff member ${input.staffId}` }]
          })
        )
      )
    )
  }
  const { key, apiKey } = yield* issueApiKey({
    businessId: params.businessId,
    name: input.name.trim(),
    role: input.role,
    staffId: input.role === "staff" ? (input.staffId ?? null) : null
  })
  return {
    id: key.id,
    name: key.name,
    role: key.role,
    staffId: key.staffId,
    createdAt: key.createdAt,
    apiKey
  }
})

export const listApiKeys = Effect.fn("listApiKeys")(function* (businessId: string) {
  const keys = yield* (yield* AccountRepository).listApiKeys(businessId)
  return keys.map(({ keyHash: _, ...visible }) => visible)
})

export const revokeApiKey = Effect.fn("revokeApiKey")(function* (businessId: string, id: string) {
  const now = yield* DateTime.now
  yield* (yield* AccountRepository).revokeApiKey(businessId, id, now)
})
