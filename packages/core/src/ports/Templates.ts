/**
 * Notification templates: a business's own wording of a message per (event, recipient, channel),
 * kept by the TemplateRepository, and the TemplateEngine that reads and renders templates and
 * holds the default ones (in French and English). A message is rendered from the business's
 * template when it has one, else from the default in the business's locale.
 */
import { Context, type Effect, type Option, Schema } from "effect"
import type { Locale } from "../domain/Business.js"
import {
  type TemplateKey,
  TemplateKey as TemplateKeySchema,
  type VariablePath
} from "../domain/TemplateVariables.js"
import type { RenderedMessage, RenderInput } from "./MessageRenderer.js"
import type { PersistenceError } from "./Repositories.js"

export const NotificationTemplate = Schema.Struct({
  ...TemplateKeySchema.fields,
  subject: Schema.String,
  /** The plain-text part of an email, or the SMS. */
  text: Schema.String,
  /** The HTML part of an email (its content: the engine puts it in the email layout); null for an SMS. */
  html: Schema.NullOr(Schema.String)
})
export type NotificationTemplate = typeof NotificationTemplate.Type

/** A business's template as stored. */
export const StoredTemplate = Schema.Struct({
  businessId: Schema.String,
  ...NotificationTemplate.fields,
  updatedAt: Schema.DateTimeUtc
})
export type StoredTemplate = typeof StoredTemplate.Type

export class TemplateRepository extends Context.Service<
  TemplateRepository,
  {
    /** The business's templates (not the defaults). */
    readonly list: (businessId: string) => Effect.Effect<ReadonlyArray<StoredTemplate>, PersistenceError>
    /**
     * The business's template of `key`, if it has one. Outside a transaction an adapter may answer
     * from a cache, as AvailabilitySnapshots says: a put or a removal shows in this process at
     * once, and in the others within moments.
     */
    readonly get: (
      businessId: string,
      key: TemplateKey
    ) => Effect.Effect<Option.Option<StoredTemplate>, PersistenceError>
    /** Insert, or replace the business's template of the same key. */
    readonly put: (template: StoredTemplate) => Effect.Effect<void, PersistenceError>
    /** Remove the business's template of `key` (its messages use the default again); whether there was one. */
    readonly remove: (businessId: string, key: TemplateKey) => Effect.Effect<boolean, PersistenceError>
  }
>()("@creneau/core/ports/TemplateRepository") {}

/** The parts of a template. */
export const TemplatePart = Schema.Literals(["subject", "text", "html"])
export type TemplatePart = typeof TemplatePart.Type

/** A template that does not parse, or that fails to render. */
export class TemplateError extends Schema.TaggedError<TemplateError>()("TemplateError", {
  part: TemplatePart,
  message: Schema.String
}) {}

export class TemplateEngine extends Context.Service<
  TemplateEngine,
  {
    /** The variable paths a part of a template reads from its context (not those it defines itself). */
    readonly variablesOf: (
      source: string,
      part: TemplatePart
    ) => Effect.Effect<ReadonlyArray<VariablePath>, TemplateError>
    /** The default template of `key` in `locale`. */
    readonly defaultTemplate: (locale: Locale, key: TemplateKey) => NotificationTemplate
    /** Render a template for one notification: subject, text, HTML in the layout, and its calendar file. */
    readonly render: (
      template: NotificationTemplate,
      input: RenderInput
    ) => Effect.Effect<RenderedMessage, TemplateError>
  }
>()("@creneau/core/ports/TemplateEngine") {}
