/**
 * What a page shows when it fails to render or its code fails to load (a new version deployed
 * while the tab was open): the error and a reload button, instead of a blank screen.
 */
import { useTranslation } from "react-i18next"
import { useRouteError } from "react-router"
import { ProblemAlert } from "./ProblemAlert"

export const RouteError = () => {
  const error = useRouteError()
  const { t } = useTranslation()
  return (
    <main className="centered">
      <div>
        <ProblemAlert error={error} />
        <p style={{ marginTop: "var(--space-3)" }}>
          <button type="button" className="button" onClick={() => window.location.reload()}>
            {t("app.reload")}
          </button>
        </p>
      </div>
    </main>
  )
}
