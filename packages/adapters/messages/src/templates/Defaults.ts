/** The default templates by language, looked up by (event, recipient, channel). */
import { type Locale, type NotificationTemplate, type TemplateKey, templateKeyId } from "@creneau/core"
import { en } from "./en.js"
import { fr } from "./fr.js"

export interface DefaultTemplate {
  readonly subject: string
  readonly text: string
  readonly html: string | null
}

/** By `event/recipient/channel`. */
export type DefaultTemplates = Readonly<Record<string, DefaultTemplate>>

const byLocale: Record<Locale, DefaultTemplates> = { fr, en }

/** The default template of `key` in `locale`; every key the planner writes has one (see the tests). */
export const defaultTemplate = (locale: Locale, key: TemplateKey): NotificationTemplate => {
  const found = byLocale[locale][templateKeyId(key)]
  if (found === undefined) throw new Error(`No default ${locale} template for ${templateKeyId(key)}`)
  return { event: key.event, recipient: key.recipient, channel: key.channel, ...found }
}
