/**
 * A renderer for tests and for embedding without templates: a subject naming the event and the
 * business, and a text with the time in the business zone and every link.
 */
import { Effect, Layer } from "effect"
import { customerName } from "../domain/Customer.js"
import { formatInZone } from "../domain/LocalTime.js"
import { MessageRenderer } from "../ports/MessageRenderer.js"

export const layerPlainRenderer = Layer.succeed(
  MessageRenderer,
  MessageRenderer.of({
    render: ({ intent, business, appointment, customer, links }) =>
      Effect.succeed({
        subject: `${intent.event}: ${business.name}`,
        text: [
          `${intent.event} for ${customer === null ? "a walk-in" : customerName(customer)}`,
          `Services: ${appointment.items.map((i) => i.serviceName).join(", ")}`,
          `Start: ${formatInZone(appointment.start, business.timezone)}`,
          ...(intent.data.message !== undefined ? [`Message: ${intent.data.message}`] : []),
          ...(intent.data.seriesStarts !== undefined
            ? [`Dates: ${intent.data.seriesStarts.map((s) => formatInZone(s, business.timezone)).join(", ")}`]
            : []),
          ...Object.entries(links).map(([key, url]) => `${key}: ${url}`)
        ].join("\n"),
        html: null,
        attachments: []
      })
  })
)
