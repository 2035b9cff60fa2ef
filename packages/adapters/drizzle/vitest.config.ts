import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@creneau/source"] },
  ssr: { resolve: { conditions: ["@creneau/source"] } },
  test: {
    name: "drizzle",
    include: ["test/**/*.test.ts"],
    // Booting PGlite (WebAssembly PostgreSQL) and running the migrations takes a few seconds.
    hookTimeout: 60_000,
    testTimeout: 30_000
  }
})
