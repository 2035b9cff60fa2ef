/** A business's notification settings: reminders, follow-up and missed-appointment email. */
import { Schema } from "effect"

export const Channel = Schema.Literals(["email", "sms"])
export type Channel = typeof Channel.Type

export const RecipientRole = Schema.Literals(["customer", "staff"])
export type RecipientRole = typeof RecipientRole.Type

export const ReminderSetting = Schema.Struct({
  /** How long before the start the reminder goes out. */
  offsetMinutes: Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 60 * 24 * 60 })),
  channels: Schema.Array(Channel).check(Schema.isMinLength(1)),
  recipients: Schema.Array(RecipientRole).check(Schema.isMinLength(1))
})
export type ReminderSetting = typeof ReminderSetting.Type

export const NotificationSettings = Schema.Struct({
  reminders: Schema.Array(ReminderSetting).check(Schema.isMaxLength(10)),
  followUp: Schema.Struct({
    enabled: Schema.Boolean,
    delayMinutes: Schema.Int.check(Schema.isBetween({ minimum: 0, maximum: 60 * 24 * 90 }))
  }),
  missedAppointmentEmail: Schema.Struct({ enabled: Schema.Boolean })
})
export type NotificationSettings = typeof NotificationSettings.Type

export const defaultNotificationSettings: NotificationSettings = {
  reminders: [
    { offsetMinutes: 24 * 60, channels: ["email"], recipients: ["customer"] },
    { offsetMinutes: 120, channels: ["sms"], recipients: ["customer"] }
  ],
  followUp: { enabled: true, delayMinutes: 120 },
  missedAppointmentEmail: { enabled: true }
}
