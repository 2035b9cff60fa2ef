/** Small line icons for the statuses and for series, drawn in the current text colour (decorative). */
import type { DisplayStatus } from "./calendarModel"

const paths: Record<DisplayStatus | "series", string> = {
  pending: "M4 2h8M4 14h8M5 2c0 3 3 4 3 6s-3 3-3 6M11 2c0 3-3 4-3 6s3 3 3 6",
  approved: "M3 8.5l3 3 7-7",
  rescheduled: "M2 8h10M9 5l3 3-3 3M2 4v8",
  completed: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5 8l2 2 4-4",
  no_show: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM4 12L12 4",
  cancelled: "M4 4l8 8M12 4l-8 8",
  rejected: "M8 2a6 6 0 1 0 0 12A6 6 0 0 0 8 2zM5 8h6",
  series: "M3 7a5 5 0 0 1 9-3M13 9a5 5 0 0 1-9 3M12 1v3H9M4 15v-3h3"
}

export const StatusIcon = ({
  name,
  className
}: {
  readonly name: DisplayStatus | "series"
  readonly className?: string | undefined
}) => (
  <svg
    className={className}
    viewBox="0 0 16 16"
    width="12"
    height="12"
    fill="none"
    stroke="currentColor"
    strokeWidth="1.8"
    strokeLinecap="round"
    strokeLinejoin="round"
    aria-hidden="true"
    focusable="false"
  >
    <path d={paths[name]} />
  </svg>
)
