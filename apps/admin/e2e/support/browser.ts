/**
 * The browser of the tests: Debian's Chromium driven by playwright-core (no downloaded browser),
 * one per suite, and one fresh context per scenario (desktop size, the business's time zone, the
 * interface in English), signed in through the API when the scenario needs it. Each scenario
 * saves screenshots of its key steps, and one of the page when it fails, under e2e/artifacts/.
 */
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs"
import { join } from "node:path"
import { fileURLToPath } from "node:url"
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core"

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"
const chromiumArgs = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync"
]

export const artifactsDir = fileURLToPath(new URL("../artifacts/", import.meta.url))

/** How long one action or wait may take before the scenario fails (the machine may be busy). */
export const ACTION_TIMEOUT_MS = 20_000

export const launchBrowser = async (): Promise<Browser> => {
  if (!existsSync(chromiumPath)) {
    throw new Error(
      `Chromium is not at ${chromiumPath}: install Debian's package (apt-get install chromium) or set CHROMIUM_PATH.`
    )
  }
  return chromium.launch({ executablePath: chromiumPath, args: chromiumArgs, timeout: 60_000 })
}

/** Empty the artifacts folder of the screenshots of an earlier run. */
export const clearArtifacts = () => {
  mkdirSync(artifactsDir, { recursive: true })
  for (const file of readdirSync(artifactsDir)) {
    if (file.endsWith(".png")) rmSync(join(artifactsDir, file))
  }
}

export const DEMO_OWNER = { email: "owner@salon-demo.example", password: "creneau-demo" } as const

export interface Scenario {
  readonly context: BrowserContext
  readonly page: Page
  /** Save a screenshot of the page as `<scenario>-<step>.png`. */
  readonly shot: (step: string) => Promise<void>
  /** Sign the context in as the demo owner (the session cookie, as the sign-in page gets it). */
  readonly signIn: () => Promise<void>
}

/**
 * Run `body` in a fresh context; on failure save a screenshot and add what the page said (its
 * address, uncaught errors, console errors) to the error.
 */
export const runScenario = async (
  browser: Browser,
  baseUrl: string,
  name: string,
  body: (scenario: Scenario) => Promise<void>
): Promise<void> => {
  const context = await browser.newContext({
    baseURL: baseUrl,
    viewport: { width: 1280, height: 1000 },
    timezoneId: "Europe/Paris",
    locale: "en-US"
  })
  context.setDefaultTimeout(ACTION_TIMEOUT_MS)
  context.setDefaultNavigationTimeout(30_000)
  // The interface in English whatever the business's locale (the language switch's choice).
  await context.addInitScript(() => window.localStorage.setItem("creneau.language", "en"))
  const page = await context.newPage()
  const problems: Array<string> = []
  page.on("pageerror", (error) => problems.push(`page error: ${error.message}`))
  page.on("console", (message) => {
    if (message.type() === "error") problems.push(`console: ${message.text()}`)
  })
  const shot = async (step: string) => {
    await page.screenshot({ path: join(artifactsDir, `${name}-${step}.png`), fullPage: true })
  }
  const signIn = async () => {
    const response = await context.request.post("/v1/auth/login", { data: DEMO_OWNER })
    if (response.status() !== 200)
      throw new Error(`Sign-in failed: ${response.status()} ${await response.text()}`)
  }
  try {
    await body({ context, page, shot, signIn })
  } catch (error) {
    const failure = join(artifactsDir, `${name}-failure.png`)
    await page.screenshot({ path: failure, fullPage: true }).catch(() => undefined)
    const detail = [`at ${page.url()}`, `screenshot: ${failure}`, ...problems].join("\n  ")
    if (error instanceof Error) error.message = `${error.message}\n  ${detail}`
    throw error
  } finally {
    await context.close()
  }
}
