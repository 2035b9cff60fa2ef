/**
 * @creneau/core/testing — in-memory ports, a plain renderer, recording transports and fixtures;
 * the repository contract suite is in `@creneau/core/testing/contract`.
 */
import { Layer } from "effect"
import { Links } from "../ports/Tokens.js"
import { layerMemoryPersistence, layerSequentialIds, MemoryStore } from "./MemoryStore.js"
import { layerPlainRenderer } from "./PlainRenderer.js"
import { layerRecordingTransports } from "./RecordingTransports.js"
import { layerTestCredentials } from "./TestCredentials.js"

export * from "./Fixtures.js"
export * from "./MemoryStore.js"
export * from "./PlainRenderer.js"
export * from "./RecordingTransports.js"
export * from "./TestCredentials.js"

/** Everything the use cases need, in memory, with links under https://creneau.test. */
export const layerTest = Layer.mergeAll(
  layerMemoryPersistence,
  layerSequentialIds,
  layerPlainRenderer,
  layerRecordingTransports,
  layerTestCredentials,
  Links.layer("https://creneau.test")
).pipe(Layer.provideMerge(MemoryStore.layer))
