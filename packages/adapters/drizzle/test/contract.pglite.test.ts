/** The core's repository contract on PGlite, in memory, migrated from the committed migrations. */
import { repositoryContract } from "@creneau/core/testing/contract"
import { layerPgliteAll } from "../src/index.js"

repositoryContract("pglite", layerPgliteAll())
