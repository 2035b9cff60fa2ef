/**
 * The MessageRenderer of Créneau: each notification is rendered from the business's own template
 * of its (event, recipient, channel) when it has one, else from the default in the business's
 * locale. A business's template that fails to render (one saved before a variable was withdrawn)
 * does not lose the message: the default is used and a warning logged.
 */
import {
  MessageRenderer,
  type NotificationTemplate,
  type PersistenceError,
  TemplateEngine,
  type TemplateKey,
  TemplateRepository,
  templateKeyId
} from "@creneau/core"
import { Context, Effect, Layer, Option } from "effect"
import { type EngineOptions, makeTemplateEngine } from "./Engine.js"
import { templateKeyOf } from "./TemplateContext.js"

type Lookup = (
  businessId: string,
  key: TemplateKey
) => Effect.Effect<Option.Option<NotificationTemplate>, PersistenceError>

const makeRenderer = (engine: TemplateEngine["Service"], lookup: Lookup) =>
  MessageRenderer.of({
    render: Effect.fnUntraced(function* (input) {
      const key = templateKeyOf(input)
      const own = yield* lookup(input.business.id, key)
      if (Option.isSome(own)) {
        const rendered = yield* Effect.result(engine.render(own.value, input))
        if (rendered._tag === "Success") return rendered.success
        yield* Effect.logWarning(
          "A notification template of the business failed to render; the default was used"
        ).pipe(
          Effect.annotateLogs({
            businessId: input.business.id,
            template: templateKeyId(key),
            part: rendered.failure.part,
            error: rendered.failure.message
          })
        )
      }
      // The defaults are checked by this package's tests: one that fails is a defect.
      return yield* Effect.orDie(engine.render(engine.defaultTemplate(input.business.locale, key), input))
    })
  })

/** The renderer over the business's templates, and the template engine. */
export const layerWith = (options: EngineOptions) =>
  Layer.effectContext(
    Effect.gen(function* () {
      const repository = yield* TemplateRepository
      const engine = makeTemplateEngine(options)
      return Context.make(TemplateEngine, engine).pipe(
        Context.add(MessageRenderer, makeRenderer(engine, repository.get))
      )
    })
  )

/** The renderer over the business's templates (needs the TemplateRepository), and the template engine. */
export const layer = layerWith({})

/** The renderer on the default templates only, for an embedder without a template store; and the engine. */
export const layerDefaultsOnlyWith = (options: EngineOptions) => {
  const engine = makeTemplateEngine(options)
  return Layer.succeedContext(
    Context.make(TemplateEngine, engine).pipe(
      Context.add(
        MessageRenderer,
        makeRenderer(engine, () => Effect.succeed(Option.none()))
      )
    )
  )
}

export const layerDefaultsOnly = layerDefaultsOnlyWith({})
