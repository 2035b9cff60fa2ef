/** A page's heading (its one h1), optional actions beside it, and the document title. */
import { type ReactNode, useEffect } from "react"
import { useTranslation } from "react-i18next"

export interface PageHeaderProps {
  readonly title: string
  readonly actions?: ReactNode
}

export const PageHeader = ({ title, actions }: PageHeaderProps) => {
  const { t } = useTranslation()
  useEffect(() => {
    document.title = `${title} · ${t("app.name")}`
  }, [title, t])
  return (
    <div className="page-header">
      <h1>{title}</h1>
      {actions !== undefined && <div className="page-header-actions">{actions}</div>}
    </div>
  )
}
