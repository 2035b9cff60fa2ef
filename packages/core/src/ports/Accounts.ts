/**
 * Who may sign in and call the API: users (with a password, for the admin app's sessions), API
 * keys and sessions. Secrets are never stored: keys and session tokens as SHA-256 hashes,
 * passwords as a slow salted hash, both made by the {@link Credentials} port.
 */
import { Context, type Effect, type Option, Schema } from "effect"
import { Role } from "../domain/Actor.js"
import { Email } from "../domain/Customer.js"
import type { NotFound } from "../domain/Errors.js"
import { ApiKeyId, BusinessId, StaffId, UserId } from "../domain/Ids.js"
import type { PersistenceError } from "./Repositories.js"

export const User = Schema.Struct({
  id: UserId,
  businessId: BusinessId,
  email: Email,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  role: Role,
  staffId: Schema.NullOr(StaffId),
  passwordHash: Schema.String,
  createdAt: Schema.DateTimeUtc
})
export type User = typeof User.Type

export const ApiKey = Schema.Struct({
  id: ApiKeyId,
  businessId: BusinessId,
  name: Schema.String.check(Schema.isNonEmpty(), Schema.isMaxLength(200)),
  role: Role,
  staffId: Schema.NullOr(StaffId),
  keyHash: Schema.String,
  createdAt: Schema.DateTimeUtc,
  revokedAt: Schema.NullOr(Schema.DateTimeUtc)
})
export type ApiKey = typeof ApiKey.Type

export const Session = Schema.Struct({
  id: Schema.String,
  userId: UserId,
  tokenHash: Schema.String,
  expiresAt: Schema.DateTimeUtc,
  createdAt: Schema.DateTimeUtc
})
export type Session = typeof Session.Type

export class AccountRepository extends Context.Service<
  AccountRepository,
  {
    readonly insertUser: (user: User) => Effect.Effect<void, PersistenceError>
    /** Emails are unique across the product (case-insensitive): one address, one sign-in. */
    readonly findUserByEmail: (email: string) => Effect.Effect<Option.Option<User>, PersistenceError>
    readonly getUser: (id: string) => Effect.Effect<User, NotFound | PersistenceError>
    readonly insertApiKey: (key: ApiKey) => Effect.Effect<void, PersistenceError>
    /**
     * Outside a transaction an adapter may answer the keys and sessions it found from a cache: a
     * revocation or a session's end it committed shows in every lookup that starts after the
     * commit in its process, and in other processes soon after.
     */
    readonly findApiKeyByHash: (keyHash: string) => Effect.Effect<Option.Option<ApiKey>, PersistenceError>
    readonly listApiKeys: (businessId: string) => Effect.Effect<ReadonlyArray<ApiKey>, PersistenceError>
    readonly revokeApiKey: (
      businessId: string,
      id: string,
      at: ApiKey["createdAt"]
    ) => Effect.Effect<void, NotFound | PersistenceError>
    readonly insertSession: (session: Session) => Effect.Effect<void, PersistenceError>
    readonly findSessionByHash: (tokenHash: string) => Effect.Effect<Option.Option<Session>, PersistenceError>
    readonly deleteSession: (tokenHash: string) => Effect.Effect<void, PersistenceError>
  }
>()("@creneau/core/ports/AccountRepository") {}

/**
 * Hashing of secrets: passwords (slow, salted) and random tokens (SHA-256). `verifyPassword` with
 * a malformed or empty hash answers false after the same work as a real check.
 */
export class Credentials extends Context.Service<
  Credentials,
  {
    readonly hashPassword: (password: string) => Effect.Effect<string>
    readonly verifyPassword: (password: string, hash: string) => Effect.Effect<boolean>
    readonly hashToken: (token: string) => Effect.Effect<string>
  }
>()("@creneau/core/ports/Credentials") {}
