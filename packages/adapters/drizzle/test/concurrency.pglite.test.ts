/** Concurrent writers, claims and transactions on PGlite (one connection, serialized transactions). */
import { layerPgliteAll } from "../src/index.js"
import { concurrencySuite } from "./support/concurrencySuite.js"

concurrencySuite("pglite", layerPgliteAll())
