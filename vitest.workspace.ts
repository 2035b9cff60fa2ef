// Root Vitest configuration: one project per package (Vitest 4+ replaced workspace files with
// `test.projects`); run with `vitest run --config vitest.workspace.ts`.
import "./scripts/polyfills.js"
import { defineConfig } from "vitest/config"

export default defineConfig({
  test: {
    projects: ["packages/core", "packages/adapters/*", "apps/*", "apps/admin/vitest.e2e.config.ts"],
    reporters: ["default", "./scripts/summary-reporter.ts"]
  }
})
