/** Where an occurrence stands in its series, with links to the previous and next occurrences. */
import { useQuery } from "@tanstack/react-query"
import { useTranslation } from "react-i18next"
import { useBusiness } from "../../../session"
import { formatTimeRange } from "../calendarFormat"
import { seriesQuery } from "../calendarQueries"
import styles from "./Details.module.css"

export const SeriesNavigation = ({
  seriesId,
  appointmentId,
  onOpen
}: {
  readonly seriesId: string
  readonly appointmentId: string
  readonly onOpen: (id: string, start: string) => void
}) => {
  const { t, i18n } = useTranslation()
  const business = useBusiness()
  const series = useQuery(seriesQuery(seriesId))
  if (series.data === undefined) {
    return <p className="muted">{series.isError ? t("calendar.series.unavailable") : t("app.loading")}</p>
  }
  const occurrences = series.data
  const index = occurrences.findIndex((o) => o.id === appointmentId)
  const previous = index > 0 ? occurrences[index - 1] : undefined
  const next = index >= 0 ? occurrences[index + 1] : undefined
  const zoned = { locale: i18n.language, timeZone: business.timezone }
  return (
    <div className={styles.series}>
      <p>{t("calendar.series.position", { position: index + 1, total: occurrences.length })}</p>
      <div className={styles.seriesButtons}>
        <button
          type="button"
          className="button button-small"
          disabled={previous === undefined}
          onClick={() => previous !== undefined && onOpen(previous.id, previous.start)}
        >
          <span aria-hidden="true">‹ </span>
          {t("calendar.series.previous")}
          {previous !== undefined && (
            <span className="visually-hidden">: {formatTimeRange(previous.start, previous.end, zoned)}</span>
          )}
        </button>
        <button
          type="button"
          className="button button-small"
          disabled={next === undefined}
          onClick={() => next !== undefined && onOpen(next.id, next.start)}
        >
          {t("calendar.series.next")}
          {next !== undefined && (
            <span className="visually-hidden">: {formatTimeRange(next.start, next.end, zoned)}</span>
          )}
          <span aria-hidden="true"> ›</span>
        </button>
      </div>
    </div>
  )
}
