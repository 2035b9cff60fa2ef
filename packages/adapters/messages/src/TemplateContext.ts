/**
 * The variables a template reads, built from one notification: exactly those the core offers for
 * its (event, recipient, channel) — every one of them present, `null` when it has no value, so
 * that `{% if message %}` reads naturally and a strict render never misses a declared variable.
 */
import {
  customerName,
  type RenderInput,
  sumMoney,
  type TemplateKey,
  templateLinks,
  templateVariables,
  totalDurationMinutes
} from "@creneau/core"
import { formatsOf } from "./Format.js"

export const templateKeyOf = (input: RenderInput): TemplateKey => ({
  event: input.intent.event,
  recipient: input.intent.recipientRole,
  channel: input.intent.channel
})

const orNull = (s: string | null | undefined): string | null =>
  s === null || s === undefined || s.trim() === "" ? null : s

/** Every variable of the message's key, by name. */
export const templateContext = (input: RenderInput): Record<string, unknown> => {
  const { intent, business, appointment, customer } = input
  const key = templateKeyOf(input)
  const f = formatsOf(business.locale, business.timezone)
  const names = new Map(input.staff.map((s) => [s.id as string, s.name]))
  const staffNames = [...new Set(appointment.items.map((i) => names.get(i.staffId) ?? ""))].filter(
    (n) => n !== ""
  )
  const last = appointment.history[appointment.history.length - 1]
  const every: Record<string, unknown> = {
    business: { name: business.name },
    client:
      customer === null
        ? null
        : {
            name: customerName(customer),
            firstName: customer.firstName,
            lastName: customer.lastName,
            email: customer.email,
            phone: customer.phone
          },
    recipientName: intent.recipientName,
    services: appointment.items.map((i) => ({
      name: i.serviceName,
      duration: f.duration(Math.round((i.end.epochMilliseconds - i.start.epochMilliseconds) / 60_000)),
      price: f.money(i.price),
      staff: names.get(i.staffId) ?? null,
      startTime: f.time(i.start),
      endTime: f.time(i.end)
    })),
    totalDuration: f.duration(totalDurationMinutes(appointment)),
    totalPrice: f.money(
      sumMoney(
        appointment.items.map((i) => i.price),
        business.currency
      )
    ),
    start: f.dateTime(appointment.start),
    end: f.dateTime(appointment.end),
    date: f.date(appointment.start),
    startTime: f.time(appointment.start),
    endTime: f.time(appointment.end),
    timezone: business.timezone,
    staff: staffNames.length === 0 ? null : f.list(staffNames),
    customerRequest: orNull(appointment.customerRequest),
    status: appointment.status,
    seriesDates: (intent.data.seriesStarts ?? []).map(f.dateTime),
    isNew: last?.type === "created",
    message: orNull(intent.data.message),
    reason: orNull(intent.data.reason),
    previousStart: intent.data.previousStart === undefined ? null : f.dateTime(intent.data.previousStart),
    links: Object.fromEntries(templateLinks(key).map((link) => [link, input.links[link] ?? null]))
  }
  const offered = templateVariables(key)
  return Object.fromEntries(Object.keys(offered).map((name) => [name, every[name] ?? null]))
}
