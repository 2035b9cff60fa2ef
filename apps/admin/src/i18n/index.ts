/**
 * Translations: i18next with the French and English resources of this folder. The language is
 * the one the user picked (kept in this browser), else the business's locale once signed in,
 * else the browser's. Keys are typed from en.json (see i18next.d.ts); fr.json must hold the same
 * keys (a test checks it).
 */
import type { Locale } from "@creneau/core"
import i18next, { type ParseKeys } from "i18next"
import { initReactI18next } from "react-i18next"
import en from "./en.json"
import fr from "./fr.json"

export const languages: ReadonlyArray<Locale> = ["fr", "en"]
export const resources = { en: { translation: en }, fr: { translation: fr } } as const

/** Any translation key, e.g. `"nav.calendar"`. */
export type TranslationKey = ParseKeys

const STORAGE_KEY = "creneau.language"

export const isLanguage = (value: unknown): value is Locale => value === "fr" || value === "en"

/** The language to show: the user's own choice, else the business's locale, else the browser's. */
export const chooseLanguage = (options: {
  readonly chosen?: string | null | undefined
  readonly businessLocale?: string | null | undefined
  readonly browser?: ReadonlyArray<string> | undefined
}): Locale => {
  if (isLanguage(options.chosen)) return options.chosen
  if (isLanguage(options.businessLocale)) return options.businessLocale
  for (const tag of options.browser ?? []) {
    const base = tag.toLowerCase().split("-")[0]
    if (isLanguage(base)) return base
  }
  return "en"
}

const readChoice = (): string | null => {
  try {
    return globalThis.localStorage?.getItem(STORAGE_KEY) ?? null
  } catch {
    return null
  }
}

/** The language the user picked in this browser, remembered across visits. */
export const rememberLanguage = (language: Locale): void => {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, language)
  } catch {
    // Storage may be disabled (private mode): the choice then lasts for this visit.
  }
  void i18next.changeLanguage(language)
}

/** Follow the business's locale unless the user picked a language. */
export const followBusinessLocale = (locale: string): void => {
  const language = chooseLanguage({ chosen: readChoice(), businessLocale: locale })
  if (i18next.language !== language) void i18next.changeLanguage(language)
}

/** Start i18next (synchronously: the resources are bundled). */
export const setUpI18n = () => {
  i18next.on("languageChanged", (language) => {
    if (typeof document !== "undefined") document.documentElement.lang = language
  })
  void i18next.use(initReactI18next).init({
    resources,
    lng: chooseLanguage({ chosen: readChoice(), browser: globalThis.navigator?.languages }),
    fallbackLng: "en",
    supportedLngs: languages,
    interpolation: { escapeValue: false },
    initAsync: false
  })
  return i18next
}
