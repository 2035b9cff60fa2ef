/** Pick the language of the interface; the choice is remembered in this browser. */
import { useId } from "react"
import { useTranslation } from "react-i18next"
import { isLanguage, languages, rememberLanguage } from "../i18n"

export const LanguageSwitch = () => {
  const { t, i18n } = useTranslation()
  const id = useId()
  return (
    <>
      <label htmlFor={id} className="visually-hidden">
        {t("app.language")}
      </label>
      <select
        id={id}
        className="select select-compact"
        value={isLanguage(i18n.language) ? i18n.language : "en"}
        onChange={(event) => {
          if (isLanguage(event.target.value)) rememberLanguage(event.target.value)
        }}
      >
        {languages.map((language) => (
          <option key={language} value={language} lang={language}>
            {t(`languages.${language}`)}
          </option>
        ))}
      </select>
    </>
  )
}
