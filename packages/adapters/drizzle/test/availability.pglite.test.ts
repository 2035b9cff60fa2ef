/** Availability from kept snapshots on PGlite (in memory): see support/availabilitySuite.ts. */
import { Links } from "@creneau/core"
import { layerPlainRenderer } from "@creneau/core/testing"
import { Layer } from "effect"
import { layerPgliteAll } from "../src/index.js"
import { availabilitySuite } from "./support/availabilitySuite.js"

availabilitySuite("PGlite", () =>
  Layer.mergeAll(layerPgliteAll(), layerPlainRenderer, Links.layer("https://creneau.test"))
)
