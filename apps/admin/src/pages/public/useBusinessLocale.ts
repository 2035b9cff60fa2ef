/** The customer pages speak the business's language, unless the visitor picked one. */
import { useEffect } from "react"
import { followBusinessLocale } from "../../i18n"

export const useBusinessLocale = (locale: string | undefined): void => {
  useEffect(() => {
    if (locale !== undefined) followBusinessLocale(locale)
  }, [locale])
}
