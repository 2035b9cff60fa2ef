/** A polite loading message for a page or a section. */
import { useTranslation } from "react-i18next"

export const Loading = () => {
  const { t } = useTranslation()
  return (
    <div className="centered" role="status" aria-live="polite">
      <p className="muted">{t("app.loading")}</p>
    </div>
  )
}
