/**
 * @creneau/messages — Créneau's notification content: default French and English templates for
 * every message the core plans, rendered with LiquidJS in the business's language and time zone
 * (or from the business's own templates), in an accessible email layout, with iCalendar
 * invitations and cancellations; and the iCalendar files of appointments.
 *
 * ```ts
 * Layer.provide(layer, persistence) // MessageRenderer + TemplateEngine, over the TemplateRepository
 * layerDefaultsOnly                 // the same on the default templates, without a store
 * ```
 */
export {
  addressOf,
  appointmentEvent,
  appointmentIcs,
  type CalendarEvent,
  type CalendarInput,
  type CalendarMethod,
  calendarAttachment,
  calendarIcs,
  calendarUid,
  type Mailbox,
  seriesEvents,
  staffFeedIcs
} from "./Calendar.js"
export { type EngineOptions, makeTemplateEngine, renderTemplate, variablesOfSource } from "./Engine.js"
export { type Formats, formatsOf } from "./Format.js"
export { layer, layerDefaultsOnly, layerDefaultsOnlyWith, layerWith } from "./Renderer.js"
export { templateContext } from "./TemplateContext.js"
export { type DefaultTemplate, type DefaultTemplates, defaultTemplate } from "./templates/Defaults.js"
