/**
 * The template engine on LiquidJS: strict (an unknown variable or filter is an error, not an
 * empty string), sandboxed (no file system: the only partial is the layout's `button`; own
 * properties only; limits on template size, render time and memory), HTML-escaping every output
 * of an HTML part and none of a text part. It reads which variables a template uses (for the
 * core to check them against what the message offers), renders a template for a notification
 * into the email layout with its calendar file, and holds the default templates.
 */
import {
  type Attachment,
  ITEM,
  isCalledOffStatus,
  type NotificationTemplate,
  type RenderedMessage,
  type RenderInput,
  TemplateEngine,
  TemplateError,
  type TemplatePart,
  type VariablePath
} from "@creneau/core"
import { Effect } from "effect"
import { ForTag, Liquid, TablerowTag, type Template, toValueSync } from "liquidjs"
import {
  addressOf,
  appointmentEvent,
  type CalendarMethod,
  calendarAttachment,
  calendarIcs,
  seriesEvents
} from "./Calendar.js"
import { templateContext } from "./TemplateContext.js"
import { defaultTemplate } from "./templates/Defaults.js"
import { BUTTON, EMAIL_LAYOUT, layoutFooter } from "./templates/Layout.js"

export interface EngineOptions {
  /**
   * The mailbox that organizes calendar invitations (`Name <address>` or an address, e.g. the
   * sender of the emails). Without one, invitations carry no ORGANIZER.
   */
  readonly organizer?: string
}

const common = {
  strictVariables: true,
  strictFilters: true,
  ownPropertyOnly: true,
  // `{% if message %}` on a variable the message does not offer is false rather than an error.
  lenientIf: true,
  cache: true,
  parseLimit: 200_000,
  renderLimit: 1_000,
  memoryLimit: 16_000_000
}

const text = new Liquid({ ...common, templates: {} })
const html = new Liquid({ ...common, templates: { button: BUTTON }, outputEscape: "escape" })

const engineOf = (part: TemplatePart): Liquid => (part === "html" ? html : text)

/** Parsed templates by source, per engine (bounded: business templates come and go). */
const parsers = new Map<Liquid, Map<string, Array<Template>>>()
const parse = (engine: Liquid, source: string): Array<Template> => {
  let cache = parsers.get(engine)
  if (cache === undefined) {
    cache = new Map()
    parsers.set(engine, cache)
  }
  let parsed = cache.get(source)
  if (parsed === undefined) {
    parsed = engine.parse(source)
    if (cache.size >= 500) cache.clear()
    cache.set(source, parsed)
  }
  return parsed
}

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error))

// ---- reading the variables of a template -------------------------------------------------------

type Segments = ReadonlyArray<string | number | Segments>

/** A path as the core reads it: an index is an item (`[]`); a computed key ends what is known. */
const pathOf = (segments: Segments): VariablePath => {
  const path: Array<string> = []
  for (const segment of segments) {
    if (typeof segment === "string") path.push(segment)
    else if (typeof segment === "number") path.push(ITEM)
    else break
  }
  return path
}

const SIMPLE_PATH = /^[A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[\d+\])*$/

/** The path of a loop's collection when it is a plain variable path (`services`, `a.b[0]`). */
const collectionPath = (source: string, aliases: ReadonlyMap<string, VariablePath>): VariablePath | null => {
  const trimmed = source.trim()
  if (!SIMPLE_PATH.test(trimmed)) return null
  const segments = (trimmed.match(/[A-Za-z_][\w-]*|\[\d+\]/g) ?? []).map((s) =>
    s.startsWith("[") ? ITEM : s
  )
  const alias = aliases.get(segments[0] ?? "")
  return alias === undefined ? segments : [...alias, ...segments.slice(1)]
}

/**
 * The paths read through the variable of a `for` (or `tablerow`) loop, as paths into its
 * collection: in `{% for s in services %}{{ s.name }}{% endfor %}`, `services[].name`. The
 * static analysis of LiquidJS sees `s` as a local; this tells what it stands for.
 */
function* loopPaths(
  engine: Liquid,
  templates: ReadonlyArray<Template>,
  aliases: ReadonlyMap<string, VariablePath>
): Generator<VariablePath> {
  for (const template of templates) {
    if (template instanceof ForTag || template instanceof TablerowTag) {
      const collection = collectionPath(template.collection.getText(), aliases)
      const inner = new Map(aliases)
      if (collection === null) inner.delete(template.variable)
      else inner.set(template.variable, [...collection, ITEM])
      // Analysed alone, the body reads the loop variable (and outer ones) as globals.
      const body = engine.analyzeSync(template.templates, { partials: false }).globals
      for (const variables of Object.values(body)) {
        for (const variable of variables) {
          const [root, ...rest] = pathOf(variable.toArray())
          const alias = root === undefined ? undefined : inner.get(root)
          if (alias !== undefined) yield [...alias, ...rest]
        }
      }
      yield* loopPaths(engine, template.templates, inner)
      if (template instanceof ForTag) yield* loopPaths(engine, template.elseTemplates, aliases)
      continue
    }
    // Blocks (if, case, capture…) hold templates; partials have a scope of their own.
    const block = template as Partial<{
      children: (partials: boolean, sync: boolean) => unknown
      partialScope: unknown
    }>
    if (typeof block.children === "function" && block.partialScope === undefined) {
      yield* loopPaths(engine, toValueSync(block.children(false, true)) as ReadonlyArray<Template>, aliases)
    }
  }
}

/** Every variable path a part reads from its context. Throws when it does not parse. */
export const variablesOfSource = (source: string, part: TemplatePart): ReadonlyArray<VariablePath> => {
  const engine = engineOf(part)
  const templates = parse(engine, source)
  const { globals } = engine.analyzeSync(templates, { partials: true })
  const paths = [
    ...Object.values(globals).flatMap((variables) => variables.map((v) => pathOf(v.toArray()))),
    ...loopPaths(engine, templates, new Map())
  ]
  const seen = new Set<string>()
  return paths.filter((p) => {
    const key = p.join("\u0000")
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}

// ---- rendering ---------------------------------------------------------------------------------

const renderPart = (
  part: TemplatePart,
  source: string,
  context: object
): Effect.Effect<string, TemplateError> =>
  Effect.try({
    try: () => String(engineOf(part).renderSync(parse(engineOf(part), source), context)),
    catch: (error) => new TemplateError({ part, message: messageOf(error) })
  })

/** One line, no runs of spaces: a subject is a header. */
const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim()

/** No trailing spaces, at most one empty line in a row, no empty lines around. */
const tidy = (s: string): string =>
  s
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trim()

const layoutTemplate = parse(html, EMAIL_LAYOUT)

const inLayout = (input: RenderInput, title: string, content: string): string =>
  String(
    html.renderSync(layoutTemplate, {
      lang: input.business.locale,
      title,
      business: input.business.name,
      footer: layoutFooter[input.business.locale](input.business.name),
      content
    })
  )

/** The appointment's calendar file: an invitation, or its cancellation once it is cancelled or rejected. */
const calendarOf = (input: RenderInput, organizer: string | null): Attachment => {
  const { intent, business, appointment } = input
  const method: CalendarMethod = isCalledOffStatus(appointment.status) ? "CANCEL" : "REQUEST"
  const names = new Map(input.staff.map((s) => [s.id as string, s.name]))
  const manage = input.links.manage ?? null
  const first = appointmentEvent(appointment, {
    summary: `${appointment.items.map((i) => i.serviceName).join(", ")} – ${business.name}`,
    description: [
      ...appointment.items.map(
        (i) => `${i.serviceName}${names.has(i.staffId) ? ` (${names.get(i.staffId)})` : ""}`
      ),
      ...(manage === null ? [] : ["", manage])
    ].join("\n"),
    url: manage
  })
  const ids = intent.data.seriesAppointmentIds
  const starts = intent.data.seriesStarts
  const events =
    ids !== undefined && starts !== undefined && ids.length > 0 && ids.length === starts.length
      ? seriesEvents(
          first,
          ids.map((appointmentId, i) => ({ appointmentId, start: starts[i]! }))
        )
      : [first]
  const ics = calendarIcs({
    name: business.name,
    method,
    events,
    organizer: organizer === null ? null : { name: business.name, email: organizer },
    attendee:
      intent.recipientRole === "customer" && intent.channel === "email" && intent.to !== ""
        ? { name: intent.recipientName, email: intent.to }
        : null
  })
  return calendarAttachment(ics, method)
}

export const renderTemplate = (
  template: NotificationTemplate,
  input: RenderInput,
  options: EngineOptions = {}
): Effect.Effect<RenderedMessage, TemplateError> =>
  Effect.gen(function* () {
    const context = templateContext(input)
    const subject = oneLine(yield* renderPart("subject", template.subject, context))
    const body = tidy(yield* renderPart("text", template.text, context))
    const content =
      template.html === null || input.intent.channel === "sms"
        ? null
        : yield* renderPart("html", template.html, context)
    const organizer = options.organizer === undefined ? null : addressOf(options.organizer)
    return {
      subject,
      text: body,
      html: content === null ? null : inLayout(input, subject, content),
      attachments: input.intent.attachIcs ? [calendarOf(input, organizer)] : []
    }
  })

/** The TemplateEngine port on LiquidJS with the default templates of this package. */
export const makeTemplateEngine = (options: EngineOptions = {}) =>
  TemplateEngine.of({
    variablesOf: (source, part) =>
      Effect.try({
        try: () => variablesOfSource(source, part),
        catch: (error) => new TemplateError({ part, message: messageOf(error) })
      }),
    defaultTemplate,
    render: (template, input) => renderTemplate(template, input, options)
  })
