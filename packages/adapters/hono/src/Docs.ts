/**
 * The interactive API reference at `/docs`: Swagger UI pointed at `/openapi.json`, its files
 * served from the `swagger-ui-dist` package by the API itself, so that the reference works
 * without reaching any other site (an offline machine, a closed network). Nothing is fetched from
 * elsewhere: the online validator is off.
 */
import { readFileSync } from "node:fs"
import { createRequire } from "node:module"
import { dirname, join } from "node:path"
import { type Representations, representations } from "./Encoding.js"

const escapeHtml = (text: string): string => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const page = (title: string) => `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>${escapeHtml(title)}</title>
    <link rel="stylesheet" href="/docs/swagger-ui.css" />
  </head>
  <body>
    <div id="docs" data-url="/openapi.json"></div>
    <script src="/docs/swagger-ui-bundle.js"></script>
    <script src="/docs/init.js"></script>
  </body>
</html>
`

const INIT = `window.addEventListener("load", function () {
  var root = document.getElementById("docs");
  window.ui = SwaggerUIBundle({
    url: root.dataset.url,
    dom_id: "#docs",
    deepLinking: true,
    validatorUrl: null,
    tryItOutEnabled: false
  });
});
`

/** The package's files this page loads, by their name under `/docs/`. */
const PACKAGED = {
  "swagger-ui.css": "text/css; charset=UTF-8",
  "swagger-ui-bundle.js": "text/javascript; charset=UTF-8"
}

/**
 * The files of the reference by their path (`/docs`, `/docs/init.js`, the package's files), each
 * read and compressed on its first request.
 */
export const makeDocs = (title: string) => {
  const directory = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"))
  const sources: Record<string, () => Representations> = {
    "/docs": () => representations("text/html; charset=UTF-8", Buffer.from(page(title), "utf8")),
    "/docs/init.js": () => representations("text/javascript; charset=UTF-8", Buffer.from(INIT, "utf8")),
    ...Object.fromEntries(
      Object.entries(PACKAGED).map(([name, type]) => [
        `/docs/${name}`,
        () => representations(type, readFileSync(join(directory, name)))
      ])
    )
  }
  const made = new Map<string, Representations>()
  return {
    /** The file at `path`, or undefined when the reference has none there. */
    get: (path: string): Representations | undefined => {
      const source = sources[path]
      if (source === undefined) return undefined
      let found = made.get(path)
      if (found === undefined) {
        found = source()
        made.set(path, found)
      }
      return found
    }
  }
}
