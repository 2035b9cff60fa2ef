import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@creneau/source"] },
  ssr: { resolve: { conditions: ["@creneau/source"] } },
  test: { name: "messages", include: ["test/**/*.test.ts"] }
})
