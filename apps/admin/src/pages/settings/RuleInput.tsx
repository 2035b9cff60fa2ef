/**
 * The control of one booking rule, with its label and explanation: approval mode, notice periods
 * (in minutes, hours or days), how far ahead, the slot interval, and whether clients may cancel
 * or reschedule. Used by the business's settings and by a service's own overrides.
 */
import { useTranslation } from "react-i18next"
import { DurationInput, useFormatDuration } from "../../components/DurationInput"
import type { ControlProps } from "../../components/forms"
import type { OverridableRule, RuleValue } from "../services/serviceForm"

export interface RuleInputProps extends ControlProps {
  readonly rule: OverridableRule
  readonly value: RuleValue
  readonly onChange: (value: RuleValue) => void
  readonly disabled?: boolean | undefined
}

export const RuleInput = ({ rule, value, onChange, disabled, ...control }: RuleInputProps) => {
  const { t } = useTranslation()
  switch (rule) {
    case "approvalMode":
      return (
        <select
          {...control}
          className="select"
          disabled={disabled}
          value={String(value)}
          onChange={(event) => onChange(event.target.value)}
        >
          <option value="auto">{t("settings.rules.approvalAuto")}</option>
          <option value="manual">{t("settings.rules.approvalManual")}</option>
        </select>
      )
    case "clientCancel.enabled":
    case "clientReschedule.enabled":
      return (
        <select
          {...control}
          className="select"
          disabled={disabled}
          value={value === true ? "yes" : "no"}
          onChange={(event) => onChange(event.target.value === "yes")}
        >
          <option value="yes">{t("settings.rules.allowed")}</option>
          <option value="no">{t("settings.rules.notAllowed")}</option>
        </select>
      )
    case "maxAdvanceDays":
      return (
        <DurationInput
          {...control}
          units={["days"]}
          disabled={disabled}
          minutes={Number(value) * 1440}
          onChange={(minutes) => onChange(minutes / 1440)}
        />
      )
    case "slotIntervalMinutes":
      return (
        <DurationInput
          {...control}
          units={["minutes", "hours"]}
          disabled={disabled}
          minutes={Number(value)}
          onChange={onChange}
        />
      )
    default:
      return <DurationInput {...control} disabled={disabled} minutes={Number(value)} onChange={onChange} />
  }
}

/** A rule's value in words ("Manual approval", "1 d", "Allowed"). */
export const useDescribeRule = () => {
  const { t } = useTranslation()
  const formatDuration = useFormatDuration()
  return (rule: OverridableRule, value: RuleValue): string => {
    switch (rule) {
      case "approvalMode":
        return value === "manual" ? t("settings.rules.approvalManual") : t("settings.rules.approvalAuto")
      case "clientCancel.enabled":
      case "clientReschedule.enabled":
        return value === true ? t("settings.rules.allowed") : t("settings.rules.notAllowed")
      case "maxAdvanceDays":
        return formatDuration(Number(value) * 1440)
      default:
        return formatDuration(Number(value))
    }
  }
}

/** The translation keys of a rule's label and explanation. */
export const ruleText = {
  approvalMode: { label: "settings.rules.approvalMode", hint: "settings.rules.approvalModeHint" },
  minBookingNoticeMinutes: {
    label: "settings.rules.minBookingNotice",
    hint: "settings.rules.minBookingNoticeHint"
  },
  maxAdvanceDays: { label: "settings.rules.maxAdvance", hint: "settings.rules.maxAdvanceHint" },
  slotIntervalMinutes: { label: "settings.rules.slotInterval", hint: "settings.rules.slotIntervalHint" },
  "clientCancel.enabled": { label: "settings.rules.clientCancel", hint: "settings.rules.clientCancelHint" },
  "clientCancel.minNoticeMinutes": {
    label: "settings.rules.clientCancelNotice",
    hint: "settings.rules.clientCancelNoticeHint"
  },
  "clientReschedule.enabled": {
    label: "settings.rules.clientReschedule",
    hint: "settings.rules.clientRescheduleHint"
  },
  "clientReschedule.minNoticeMinutes": {
    label: "settings.rules.clientRescheduleNotice",
    hint: "settings.rules.clientRescheduleNoticeHint"
  }
} as const satisfies Record<OverridableRule, { readonly label: string; readonly hint: string }>
