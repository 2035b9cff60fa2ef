/**
 * Notification templates per (event, recipient, channel). The core has no port for them yet, so
 * the application that composes the API passes a store; without one the routes answer 404.
 */
import type { PersistenceError, ValidationFailed } from "@creneau/core"
import type { Effect } from "effect"
import type { ApiServices } from "./Http.js"
import type { NotificationTemplate } from "./Views.js"

export interface TemplateStore {
  readonly list: (
    businessId: string
  ) => Effect.Effect<ReadonlyArray<NotificationTemplate>, PersistenceError, ApiServices>
  readonly put: (
    businessId: string,
    template: NotificationTemplate
  ) => Effect.Effect<NotificationTemplate, PersistenceError | ValidationFailed, ApiServices>
}
