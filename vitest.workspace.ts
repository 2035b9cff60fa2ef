// Root Vitest configuration: one project per package (Vitest 4+ replaced workspace files with `test.projects`).
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    projects: ["packages/core", "packages/adapters/*", "apps/*"],
    reporters: process.env.CI ? ["default"] : ["default"]
  }
})
