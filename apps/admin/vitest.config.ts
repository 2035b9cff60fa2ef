import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@creneau/source"] },
  ssr: { resolve: { conditions: ["@creneau/source"] } },
  test: { name: "admin", include: ["test/**/*.test.ts"], environment: "node" }
})
