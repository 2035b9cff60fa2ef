import { describe, expect, it } from "vitest"
import en from "../src/i18n/en.json"
import fr from "../src/i18n/fr.json"
import { chooseLanguage } from "../src/i18n/index"

/** Every leaf key of a resource, as dotted paths. */
const keys = (value: unknown, prefix = ""): string[] =>
  typeof value === "object" && value !== null
    ? Object.entries(value).flatMap(([key, v]) => keys(v, prefix === "" ? key : `${prefix}.${key}`))
    : [prefix]

/** Every `{{variable}}` of each leaf. */
const variables = (value: unknown, prefix = ""): Record<string, string> =>
  typeof value === "object" && value !== null
    ? Object.assign(
        {},
        ...Object.entries(value).map(([k, v]) => variables(v, prefix === "" ? k : `${prefix}.${k}`))
      )
    : {
        [prefix]: [...String(value).matchAll(/\{\{\s*(\w+)\s*\}\}/g)]
          .map((m) => m[1])
          .sort()
          .join(",")
      }

describe("translations", () => {
  it("French and English have the same keys", () => {
    const frKeys = new Set(keys(fr))
    const enKeys = new Set(keys(en))
    expect([...enKeys].filter((k) => !frKeys.has(k))).toEqual([])
    expect([...frKeys].filter((k) => !enKeys.has(k))).toEqual([])
  })

  it("French and English use the same variables in each text", () => {
    expect(variables(fr)).toEqual(variables(en))
  })

  it("no text is empty", () => {
    for (const [name, resource] of [
      ["fr", fr],
      ["en", en]
    ] as const) {
      const empty = Object.entries(variables(resource)).filter(([key]) => {
        const text = key
          .split(".")
          .reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], resource)
        return typeof text !== "string" || text.trim() === ""
      })
      expect(empty, name).toEqual([])
    }
  })
})

describe("chooseLanguage", () => {
  it("prefers the user's choice, then the business's locale, then the browser's, then English", () => {
    expect(chooseLanguage({ chosen: "en", businessLocale: "fr", browser: ["fr-FR"] })).toBe("en")
    expect(chooseLanguage({ chosen: null, businessLocale: "fr", browser: ["en-GB"] })).toBe("fr")
    expect(chooseLanguage({ chosen: "de", businessLocale: "de", browser: ["de-DE", "fr-CA", "en"] })).toBe(
      "fr"
    )
    expect(chooseLanguage({ browser: ["es-ES"] })).toBe("en")
    expect(chooseLanguage({})).toBe("en")
  })
})
