/**
 * The frame of the customer-facing pages opened from a link (online booking, manage page, staff
 * action page): no back-office navigation, only the product name, the language and the page.
 */
import { useTranslation } from "react-i18next"
import { Outlet } from "react-router"
import { LanguageSwitch } from "./LanguageSwitch"

export const PublicLayout = () => {
  const { t } = useTranslation()
  return (
    <div className="public-shell">
      <header className="public-header">
        <span className="topbar-product">{t("app.name")}</span>
        <LanguageSwitch />
      </header>
      <main id="main">
        <Outlet />
      </main>
    </div>
  )
}
