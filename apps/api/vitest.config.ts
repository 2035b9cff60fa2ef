import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@creneau/source"] },
  ssr: { resolve: { conditions: ["@creneau/source"] } },
  test: { name: "api", include: ["test/**/*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 }
})
