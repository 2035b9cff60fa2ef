/** Durations in words of the language shown: 45 min, 1 h, 1 h 30 min. */
import { useTranslation } from "react-i18next"

export const useDuration = () => {
  const { t } = useTranslation()
  return (minutes: number): string => {
    const hours = Math.floor(minutes / 60)
    const rest = minutes % 60
    if (hours === 0) return t("create.duration.minutes", { minutes: rest })
    if (rest === 0) return t("create.duration.hours", { hours })
    return t("create.duration.hoursMinutes", { hours, minutes: rest })
  }
}
