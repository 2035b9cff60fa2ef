// The accounts contract run against the in-memory persistence, the reference for every adapter.
import { Layer } from "effect"
import { accountsContract } from "../../src/testing/AccountsContract.js"
import { layerMemoryPersistence, MemoryStore } from "../../src/testing/index.js"

accountsContract("memory", layerMemoryPersistence.pipe(Layer.provide(MemoryStore.layer)))
