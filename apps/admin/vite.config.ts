/**
 * Vite for the admin app. Workspace packages resolve from source (the `@creneau/source` export
 * condition), the build goes to dist/ (served by apps/api on the API's port), and `npm run dev`
 * proxies the API's paths to a running API (`API_URL`, default http://localhost:3000).
 */
import react from "@vitejs/plugin-react"
import { defaultClientConditions, defineConfig, type ProxyOptions } from "vite"

const apiUrl = process.env.API_URL ?? "http://localhost:3000"

// The API refuses cookie-authenticated changes from another origin: the dev server's requests
// are passed on as if they came from the API's own origin.
const toApi: ProxyOptions = {
  target: apiUrl,
  changeOrigin: true,
  configure: (proxy) => {
    proxy.on("proxyReq", (request) => {
      if (request.getHeader("origin") !== undefined) request.setHeader("origin", new URL(apiUrl).origin)
    })
  }
}

export default defineConfig({
  plugins: [react()],
  resolve: { conditions: ["@creneau/source", ...defaultClientConditions] },
  build: { outDir: "dist", emptyOutDir: true },
  server: {
    port: 5173,
    proxy: {
      "/v1/": toApi,
      "/openapi.json": toApi,
      "/docs": toApi,
      "/healthz": toApi
    }
  }
})
