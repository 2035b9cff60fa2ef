/** The page a route shows until its real page is built: its title and a short note. */
import { useTranslation } from "react-i18next"
import type { TranslationKey } from "../i18n"
import { PageHeader } from "./PageHeader"

export const ComingNext = ({ titleKey }: { readonly titleKey: TranslationKey }) => {
  const { t } = useTranslation()
  return (
    <>
      <PageHeader title={t(titleKey)} />
      <div className="card">
        <p className="muted">{t("comingNext.message")}</p>
      </div>
    </>
  )
}
