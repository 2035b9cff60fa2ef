// The repository contract run against the in-memory persistence, the reference for every adapter.
import { Layer } from "effect"
import { layerMemoryPersistence, MemoryStore, repositoryContract } from "../../src/testing/index.js"

repositoryContract("memory", layerMemoryPersistence.pipe(Layer.provide(MemoryStore.layer)))
