/**
 * A duration typed as an amount and a unit (minutes, hours, days) for a value the API keeps in
 * minutes, and the short display of a duration ("1 d 2 h"). An amount that is not a number
 * reports NaN, which the form's own checks or the API then refuse next to the field.
 */
import { useEffect, useState } from "react"
import { useTranslation } from "react-i18next"
import styles from "./BackOffice.module.css"
import { amountIn, bestUnit, type DurationUnit, durationParts, toMinutes } from "./durations"
import type { ControlProps } from "./forms"

export interface DurationInputProps extends ControlProps {
  readonly minutes: number
  readonly onChange: (minutes: number) => void
  readonly units?: ReadonlyArray<DurationUnit>
  readonly disabled?: boolean | undefined
  readonly required?: boolean | undefined
}

const allUnits: ReadonlyArray<DurationUnit> = ["minutes", "hours", "days"]

export const DurationInput = ({
  minutes,
  onChange,
  units = allUnits,
  disabled,
  required = true,
  ...control
}: DurationInputProps) => {
  const { t } = useTranslation()
  const [unit, setUnit] = useState<DurationUnit>(() => bestUnit(minutes, units))
  const [text, setText] = useState(() => amountIn(minutes, unit))

  // A value set from outside (a reset, another default) replaces what is typed.
  useEffect(() => {
    if (toMinutes(text, unit) === minutes || (Number.isNaN(minutes) && Number.isNaN(toMinutes(text, unit))))
      return
    const next = bestUnit(minutes, units)
    setUnit(next)
    setText(amountIn(minutes, next))
  }, [minutes, text, unit, units])

  return (
    <div className={styles.duration}>
      <input
        {...control}
        className="input"
        type="number"
        inputMode="decimal"
        min={0}
        step="any"
        required={required}
        disabled={disabled}
        value={text}
        onChange={(event) => {
          setText(event.target.value)
          onChange(toMinutes(event.target.value, unit))
        }}
      />
      <select
        className="select"
        aria-label={t("backOffice.duration.unit")}
        disabled={disabled}
        value={unit}
        onChange={(event) => {
          const next = event.target.value as DurationUnit
          setUnit(next)
          onChange(toMinutes(text, next))
        }}
      >
        {units.map((u) => (
          <option key={u} value={u}>
            {t(`backOffice.duration.${u}`)}
          </option>
        ))}
      </select>
    </div>
  )
}

/** "1 d 2 h 30 min" in the language shown. */
export const useFormatDuration = () => {
  const { t } = useTranslation()
  return (minutes: number): string =>
    durationParts(minutes)
      .map(({ unit, value }) => t(`backOffice.duration.short.${unit}`, { value }))
      .join(" ")
}
