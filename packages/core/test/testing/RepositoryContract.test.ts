// The repository contract run against the in-memory persistence, the reference for every adapter.
import { Layer } from "effect"
import { layerMemoryPersistence, MemoryStore } from "../../src/testing/index.js"
import { repositoryContract } from "../../src/testing/RepositoryContract.js"

repositoryContract("memory", layerMemoryPersistence.pipe(Layer.provide(MemoryStore.layer)))
