/**
 * What a notification template may use: the (event, recipient, channel) keys that have a template
 * (every kind of message the planner writes, read from its decision table), and the variables each
 * key offers. A business's template that reads anything else is refused when it is saved, so a
 * message never fails for want of a variable.
 *
 * A variable is a path of segments: `client.name` is `["client", "name"]`, and an item of a list
 * (`services[0]`, or the variable of a `for` loop over `services`) is the segment `[]`.
 */
import { Schema } from "effect"
import { type LinkKey, NotificationEvent, plannedMessageKinds } from "./NotificationPlan.js"
import { Channel, RecipientRole } from "./NotificationSettings.js"

export const TemplateKey = Schema.Struct({
  event: NotificationEvent,
  recipient: RecipientRole,
  channel: Channel
})
export type TemplateKey = typeof TemplateKey.Type

/** `confirmed/customer/email` */
export const templateKeyId = (key: TemplateKey): string => `${key.event}/${key.recipient}/${key.channel}`

/** Every key that has a template, in the planner's order. */
export const templateKeys: ReadonlyArray<TemplateKey> = plannedMessageKinds.map(
  ({ event, recipient, channel }) => ({
    event,
    recipient,
    channel
  })
)

const kindsByKey = new Map(plannedMessageKinds.map((kind) => [templateKeyId(kind), kind]))

/** Whether the planner ever writes a message with this key (only those have a template). */
export const isTemplateKey = (key: TemplateKey): boolean => kindsByKey.has(templateKeyId(key))

/** The links the messages of a key may carry. */
export const templateLinks = (key: TemplateKey): ReadonlyArray<LinkKey> =>
  kindsByKey.get(templateKeyId(key))?.links ?? []

/** Whether the messages of a key carry the appointment's calendar file. */
export const templateAttachesCalendar = (key: TemplateKey): boolean =>
  kindsByKey.get(templateKeyId(key))?.attachIcs ?? false

// ---------------------------------------------------------------------------------------------
// Variables
// ---------------------------------------------------------------------------------------------

/** The segment standing for any item of a list. */
export const ITEM = "[]"

/** A variable path as a template reads it: `["services", "[]", "name"]`. */
export type VariablePath = ReadonlyArray<string>

export type VariableShape =
  | { readonly _tag: "value"; readonly description: string }
  | {
      readonly _tag: "record"
      readonly description: string
      readonly fields: Readonly<Record<string, VariableShape>>
    }
  | { readonly _tag: "list"; readonly description: string; readonly item: VariableShape }

const value = (description: string): VariableShape => ({ _tag: "value", description })
const record = (description: string, fields: Readonly<Record<string, VariableShape>>): VariableShape => ({
  _tag: "record",
  description,
  fields
})
const list = (description: string, item: VariableShape): VariableShape => ({
  _tag: "list",
  description,
  item
})

const linkDescriptions: Record<LinkKey, string> = {
  manage: "The page where the client modifies or cancels the booking",
  confirm: "The page where the client confirms the appointment",
  newBooking: "The business's booking page",
  approve: "The page where the staff member approves the appointment",
  reject: "The page where the staff member rejects the appointment"
}

/** What every template may read. */
const common: Readonly<Record<string, VariableShape>> = {
  business: record("The business", { name: value("Its name") }),
  client: record("The client (empty for an appointment without one)", {
    name: value("First and last name"),
    firstName: value("First name"),
    lastName: value("Last name"),
    email: value("Email address (empty when unknown)"),
    phone: value("Phone number (empty when unknown)")
  }),
  recipientName: value("The name of the person the message is addressed to"),
  services: list(
    "The services, in the order they are performed",
    record("A service", {
      name: value("Its name"),
      duration: value("Its duration, e.g. 45 min"),
      price: value("Its price in the business's currency"),
      staff: value("The staff member who performs it"),
      startTime: value("Its start time"),
      endTime: value("Its end time")
    })
  ),
  totalDuration: value("The duration of the whole appointment, e.g. 1 h 30"),
  totalPrice: value("The price of all the services"),
  start: value("The start date and time, in the business's time zone and language"),
  end: value("The end date and time"),
  date: value("The date"),
  startTime: value("The start time"),
  endTime: value("The end time"),
  timezone: value("The business's time zone, e.g. Europe/Paris"),
  staff: value("The staff members, e.g. Anna and Ben"),
  customerRequest: value("The client's request for this appointment (empty when none)"),
  status: value("The appointment's status: pending, approved, rescheduled, cancelled, rejected or completed")
}

const seriesDates = list(
  "Every date of a recurring series, on its one confirmation (empty otherwise)",
  value("A date and time")
)

/** What the templates of one event may read on top of the common variables. */
const byEvent: Partial<Record<NotificationEvent, Readonly<Record<string, VariableShape>>>> = {
  pending: { seriesDates },
  confirm_request: { seriesDates },
  confirmed: {
    seriesDates,
    isNew: value("True when the appointment was just created, false when it was just approved")
  },
  cancelled: { message: value("The personal message written with the cancellation (empty when none)") },
  rejected: { reason: value("The reason given for the rejection (empty when none)") },
  rescheduled: { previousStart: value("The date and time before the move") }
}

/** The variables a template of `key` may read, by name. */
export const templateVariables = (key: TemplateKey): Readonly<Record<string, VariableShape>> => ({
  ...common,
  ...byEvent[key.event],
  links: record(
    "The action links of the message (empty when a message has none)",
    Object.fromEntries(templateLinks(key).map((link) => [link, value(linkDescriptions[link])]))
  )
})

/** `["services", "[]", "name"]` -> `services[].name` */
export const formatVariablePath = (path: VariablePath): string =>
  path.reduce(
    (text, segment, i) => (segment === ITEM ? `${text}[]` : i === 0 ? segment : `${text}.${segment}`),
    ""
  )

/** Strings and lists have a size; lists a first and a last item. */
const fits = (shape: VariableShape, path: VariablePath): boolean => {
  const [head, ...rest] = path
  if (head === undefined) return true
  switch (shape._tag) {
    case "value":
      return head === "size" && rest.length === 0
    case "record": {
      const field = Object.hasOwn(shape.fields, head) ? shape.fields[head] : undefined
      return field !== undefined && fits(field, rest)
    }
    case "list":
      if (head === "size") return rest.length === 0
      return (head === ITEM || head === "first" || head === "last") && fits(shape.item, rest)
  }
}

/** The paths among `paths` that a template of `key` may not read, formatted, without repeats. */
export const unknownVariables = (
  key: TemplateKey,
  paths: ReadonlyArray<VariablePath>
): ReadonlyArray<string> => {
  const root = record("", templateVariables(key))
  return [...new Set(paths.filter((path) => !fits(root, path)).map(formatVariablePath))]
}

export const VariableDescription = Schema.Struct({
  /** As a template reads it: `client.name`, `services[].price`, `links.manage`. */
  name: Schema.String,
  description: Schema.String
})
export type VariableDescription = typeof VariableDescription.Type

/** Every variable a template of `key` may read, leaves and lists, with what it holds. */
export const describeVariables = (key: TemplateKey): ReadonlyArray<VariableDescription> => {
  const out: Array<VariableDescription> = []
  const visit = (path: VariablePath, shape: VariableShape) => {
    if (shape._tag === "record") {
      for (const [name, field] of Object.entries(shape.fields)) visit([...path, name], field)
      return
    }
    out.push({ name: formatVariablePath(path), description: shape.description })
    if (shape._tag === "list" && shape.item._tag === "record") visit([...path, ITEM], shape.item)
  }
  for (const [name, shape] of Object.entries(templateVariables(key))) visit([name], shape)
  return out
}
