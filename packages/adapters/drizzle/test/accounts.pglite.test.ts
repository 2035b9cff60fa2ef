/** The core's accounts contract on PGlite, in memory, migrated from the committed migrations. */
import { accountsContract } from "@creneau/core/testing/accounts-contract"
import { layerPgliteAll } from "../src/index.js"

accountsContract("pglite", layerPgliteAll())
