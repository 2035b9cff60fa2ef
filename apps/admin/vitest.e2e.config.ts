// The admin app's end-to-end browser tests (e2e/): the built server and Debian's Chromium, one
// file run on its own, with room for a busy machine in its time limits.
import { defineProject } from "vitest/config"

export default defineProject({
  resolve: { conditions: ["@creneau/source"] },
  ssr: { resolve: { conditions: ["@creneau/source"] } },
  test: {
    name: "admin-e2e",
    include: ["e2e/**/*.e2e.test.ts"],
    environment: "node",
    testTimeout: 90_000,
    hookTimeout: 120_000
  }
})
