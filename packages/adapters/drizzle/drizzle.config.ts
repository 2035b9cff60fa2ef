/** drizzle-kit: generates the migrations under `drizzle/` from `src/schema.ts`. */
import { defineConfig } from "drizzle-kit"

export default defineConfig({
  dialect: "postgresql",
  schema: "./src/schema.ts",
  out: "./drizzle",
  strict: true,
  verbose: true
})
