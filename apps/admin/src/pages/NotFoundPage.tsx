/** Any address the app does not know. */
import { useTranslation } from "react-i18next"
import { Link } from "react-router"
import { PageHeader } from "../components/PageHeader"

export const NotFoundPage = () => {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t("notFound.title")} />
      <div className="card">
        <p>{t("notFound.message")}</p>
        <p>
          <Link to="/calendar">{t("notFound.home")}</Link>
        </p>
      </div>
    </>
  )
}
