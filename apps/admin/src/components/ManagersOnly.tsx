/**
 * What a staff user sees on a page for owners and administrators only (settings, templates,
 * delivery log, API keys): the page's title and why there is nothing else.
 */
import { useTranslation } from "react-i18next"
import { PageHeader } from "./PageHeader"

export const ManagersOnly = ({ title }: { readonly title: string }) => {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={title} />
      <div className="alert alert-info" role="note">
        <p>{t("backOffice.managersOnly")}</p>
      </div>
    </>
  )
}
