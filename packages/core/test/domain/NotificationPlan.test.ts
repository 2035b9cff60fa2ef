/**
 * The notification planner against the §7 matrix: every event × recipient, the notify choices,
 * reminders (timing, past ones, multi-service, re-planning), follow-up, missed email, series, and
 * the customerNotified reasons.
 */
import { assert, describe, it } from "@effect/vitest"
import { DateTime, Schema } from "effect"
import type { ActorRef } from "../../src/domain/Actor.js"
import type {
  Appointment,
  AppointmentItem,
  AppointmentStatus,
  PendingReason
} from "../../src/domain/Appointment.js"
import { defaultBookingRules, effectiveRules } from "../../src/domain/BookingRules.js"
import type { Customer } from "../../src/domain/Customer.js"
import type { AppointmentCreated, DomainEvent, Notify } from "../../src/domain/DomainEvent.js"
import { AppointmentId, BusinessId, CustomerId, SeriesId, ServiceId, StaffId } from "../../src/domain/Ids.js"
import {
  type LinkKey,
  type NotificationEvent,
  type NotificationIntent,
  type NotificationPlan,
  planNotifications,
  planSeriesCreated
} from "../../src/domain/NotificationPlan.js"
import type { NotificationSettings, ReminderSetting } from "../../src/domain/NotificationSettings.js"
import { emptyWeek, type StaffMember } from "../../src/domain/StaffMember.js"

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

const MINUTE = 60_000
const HOUR = 60 * MINUTE
const at = (iso: string): DateTime.Utc => DateTime.makeUnsafe(Date.parse(iso))
const ms = (d: DateTime.Utc): number => d.epochMilliseconds

const now = at("2030-03-01T08:00:00Z")
const start = at("2030-03-10T10:00:00Z")
const businessId = Schema.decodeSync(BusinessId)("biz_1")
const staffId = (id: string) => Schema.decodeSync(StaffId)(id)
const actor: ActorRef = { kind: "user", id: "usr_1", name: "Owner" }

const staffMember = (id: string, email: string | null, phone: string | null = null): StaffMember => ({
  id: staffId(id),
  businessId,
  name: `Staff ${id}`,
  email,
  phone,
  active: true,
  workingHours: { weekly: emptyWeek, overrides: [] },
  timeOff: []
})
const alice = staffMember("stf_alice", "alice@salon.test", "+33 6 11 11 11 11")
const bob = staffMember("stf_bob", "bob@salon.test", "+33 6 22 22 22 22")
const noMail = staffMember("stf_nomail", null, "+33 6 33 33 33 33")

const customer: Customer = {
  id: Schema.decodeSync(CustomerId)("cus_1"),
  businessId,
  firstName: "Camille",
  lastName: "Durand",
  email: "camille@example.test",
  phone: "+33 6 44 44 44 44",
  notes: "",
  noShowCount: 0
}

/** Back-to-back items of 30 minutes from `from`, one per staff member listed. */
const items = (from: DateTime.Utc, staff: ReadonlyArray<StaffMember>): Array<AppointmentItem> =>
  staff.map((s, i) => ({
    serviceId: Schema.decodeSync(ServiceId)(`svc_${i}`),
    serviceName: `Service ${i}`,
    staffId: s.id,
    resourceId: null,
    start: DateTime.add(from, { minutes: 30 * i }),
    end: DateTime.add(from, { minutes: 30 * (i + 1) }),
    price: { amount: 3000, currency: "EUR" },
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0
  }))

interface AppointmentOptions {
  readonly id?: string
  readonly status?: AppointmentStatus
  readonly pendingReason?: PendingReason | null
  readonly start?: DateTime.Utc
  readonly staff?: ReadonlyArray<StaffMember>
  readonly seriesId?: string | null
  readonly noShow?: boolean
}

const appointment = (o: AppointmentOptions = {}): Appointment => {
  const from = o.start ?? start
  const its = items(from, o.staff ?? [alice])
  return {
    id: Schema.decodeSync(AppointmentId)(o.id ?? "apt_1"),
    businessId,
    status: o.status ?? "approved",
    pendingReason: o.pendingReason ?? null,
    noShow: o.noShow ?? false,
    start: from,
    end: its[its.length - 1]!.end,
    items: its,
    customerId: customer.id,
    source: "business",
    requestedByClient: false,
    customerRequest: null,
    quickNote: null,
    appointmentNotes: null,
    answers: {},
    payment: { method: "on_site", amountRequested: null, status: "unpaid", instrument: null },
    rulesSnapshot: effectiveRules(defaultBookingRules, []),
    seriesId:
      o.seriesId === undefined || o.seriesId === null ? null : Schema.decodeSync(SeriesId)(o.seriesId),
    cancellationMessage: null,
    rejectionReason: null,
    version: 1,
    createdAt: now,
    createdBy: actor,
    updatedAt: now,
    updatedBy: actor,
    history: []
  }
}

const base = (a: Appointment, notify: Notify = { customer: true, staff: true }) => ({
  appointment: a,
  actor,
  at: now,
  notify
})

const created = (a: Appointment, notify?: Notify): typeof AppointmentCreated.Type => ({
  _tag: "AppointmentCreated",
  ...base(a, notify)
})
const approved = (a: Appointment = appointment()): DomainEvent => ({
  _tag: "AppointmentApproved",
  ...base(a)
})
const cancelled = (message: string | null, notify?: Notify): DomainEvent => ({
  _tag: "AppointmentCancelled",
  ...base(appointment({ status: "cancelled" }), notify),
  message
})
const rejected = (reason: string | null = null): DomainEvent => ({
  _tag: "AppointmentRejected",
  ...base(appointment({ status: "rejected" })),
  reason
})
const previousStart = at("2030-03-08T09:00:00Z")
const rescheduled = (
  a: Appointment = appointment({ status: "rescheduled" }),
  notify?: Notify
): DomainEvent => ({
  _tag: "AppointmentRescheduled",
  ...base(a, notify),
  previousStart,
  previousEnd: DateTime.add(previousStart, { hours: 1 })
})
const completed = (a: Appointment = appointment({ status: "completed" })): DomainEvent => ({
  _tag: "AppointmentCompleted",
  ...base(a)
})
const noShowMarked = (sendMissedEmail: boolean, noShow = true): DomainEvent => ({
  _tag: "NoShowMarked",
  ...base(appointment({ status: "completed", noShow })),
  noShow,
  sendMissedEmail
})

const settings = (over: Partial<NotificationSettings> = {}): NotificationSettings => ({
  reminders: [],
  followUp: { enabled: true, delayMinutes: 120 },
  missedAppointmentEmail: { enabled: true },
  ...over
})

const plan = (
  event: DomainEvent,
  o: {
    readonly notifications?: NotificationSettings
    readonly customer?: Customer | null
    readonly staff?: ReadonlyArray<StaffMember>
  } = {}
): NotificationPlan =>
  planNotifications({
    event,
    business: { notifications: o.notifications ?? settings() },
    customer: o.customer === undefined ? customer : o.customer,
    staff: o.staff ?? [alice, bob, noMail],
    now
  })

const byRole = (p: NotificationPlan, role: "customer" | "staff") =>
  p.intents.filter((i) => i.recipientRole === role && i.event !== "reminder")
const reminders = (p: NotificationPlan) => p.intents.filter((i) => i.event === "reminder")
const summary = (i: NotificationIntent) => ({
  event: i.event,
  channel: i.channel,
  links: i.links,
  attachIcs: i.attachIcs
})

// ---------------------------------------------------------------------------------------------
// The matrix
// ---------------------------------------------------------------------------------------------

interface Expected {
  readonly event: NotificationEvent
  readonly links: ReadonlyArray<LinkKey>
  readonly attachIcs: boolean
}

const matrix: ReadonlyArray<{
  readonly name: string
  readonly event: DomainEvent
  readonly customer: Expected | null
  readonly staff: Expected | null
  readonly customerAt?: DateTime.Utc
}> = [
  {
    name: "created pending (staff_approval)",
    event: created(appointment({ status: "pending", pendingReason: "staff_approval" })),
    customer: { event: "pending", links: ["manage", "newBooking"], attachIcs: false },
    staff: { event: "pending", links: ["approve", "reject"], attachIcs: false }
  },
  {
    name: "created pending (client_confirmation)",
    event: created(appointment({ status: "pending", pendingReason: "client_confirmation" })),
    customer: { event: "confirm_request", links: ["confirm", "manage"], attachIcs: false },
    staff: { event: "confirmed", links: [], attachIcs: false }
  },
  {
    name: "created approved",
    event: created(appointment()),
    customer: { event: "confirmed", links: ["manage", "newBooking"], attachIcs: true },
    staff: { event: "confirmed", links: ["reject"], attachIcs: false }
  },
  {
    name: "created approved with no_message",
    event: created(appointment(), { customer: false, staff: true }),
    customer: null,
    staff: { event: "confirmed", links: ["reject"], attachIcs: false }
  },
  {
    name: "approved from pending",
    event: approved(),
    customer: { event: "confirmed", links: ["manage", "newBooking"], attachIcs: true },
    staff: { event: "confirmed", links: ["reject"], attachIcs: false }
  },
  {
    name: "cancelled",
    event: cancelled(null),
    customer: { event: "cancelled", links: ["newBooking"], attachIcs: true },
    staff: { event: "cancelled", links: [], attachIcs: false }
  },
  {
    name: "rejected",
    event: rejected(),
    customer: { event: "rejected", links: ["newBooking"], attachIcs: false },
    staff: { event: "rejected", links: [], attachIcs: false }
  },
  {
    name: "rescheduled",
    event: rescheduled(),
    customer: { event: "rescheduled", links: ["manage"], attachIcs: true },
    staff: { event: "rescheduled", links: [], attachIcs: false }
  },
  {
    name: "completed",
    event: completed(),
    customer: { event: "follow_up", links: ["newBooking"], attachIcs: false },
    staff: null,
    customerAt: DateTime.add(appointment().end, { minutes: 120 })
  },
  {
    name: "no-show marked",
    event: noShowMarked(true),
    customer: { event: "missed", links: ["newBooking"], attachIcs: false },
    staff: null
  }
]

describe("planNotifications: the §7 matrix", () => {
  for (const row of matrix) {
    it(`${row.name}: customer`, () => {
      const customerIntents = byRole(plan(row.event), "customer")
      if (row.customer === null) {
        assert.deepStrictEqual(customerIntents, [])
        return
      }
      assert.deepStrictEqual(customerIntents.map(summary), [{ ...row.customer, channel: "email" }])
      const [only] = customerIntents
      assert.strictEqual(only!.to, customer.email)
      assert.strictEqual(only!.recipientName, "Camille Durand")
      assert.isNull(only!.staffId)
      assert.strictEqual(only!.appointmentId, row.event.appointment.id)
      assert.strictEqual(ms(only!.sendAfter), ms(row.customerAt ?? now))
    })

    it(`${row.name}: staff`, () => {
      const staffIntents = byRole(plan(row.event), "staff")
      if (row.staff === null) {
        assert.deepStrictEqual(staffIntents, [])
        return
      }
      assert.deepStrictEqual(staffIntents.map(summary), [{ ...row.staff, channel: "email" }])
      const [only] = staffIntents
      assert.strictEqual(only!.to, alice.email)
      assert.strictEqual(only!.staffId, alice.id)
      assert.strictEqual(only!.recipientName, alice.name)
      assert.strictEqual(ms(only!.sendAfter), ms(now))
    })
  }

  it("reminder messages: links per recipient and channel", () => {
    const p = plan(created(appointment()), {
      notifications: settings({
        reminders: [{ offsetMinutes: 60, channels: ["email", "sms"], recipients: ["customer", "staff"] }]
      })
    })
    const shape = reminders(p).map((i) => ({ role: i.recipientRole, ...summary(i), to: i.to }))
    assert.sameDeepMembers(shape, [
      {
        role: "customer",
        event: "reminder",
        channel: "email",
        links: ["manage", "newBooking"],
        attachIcs: false,
        to: customer.email!
      },
      {
        role: "customer",
        event: "reminder",
        channel: "sms",
        links: [],
        attachIcs: false,
        to: customer.phone!
      },
      {
        role: "staff",
        event: "reminder",
        channel: "email",
        links: ["reject"],
        attachIcs: false,
        to: alice.email!
      },
      { role: "staff", event: "reminder", channel: "sms", links: [], attachIcs: false, to: alice.phone! }
    ])
  })
})

// ---------------------------------------------------------------------------------------------
// Data, notify choices and customerNotified
// ---------------------------------------------------------------------------------------------

describe("planNotifications: message data and notify choices", () => {
  it("carries the personal cancellation message to the customer", () => {
    const p = plan(cancelled("Sorry, we must close that day."))
    assert.deepStrictEqual(byRole(p, "customer")[0]!.data, { message: "Sorry, we must close that day." })
  })

  it("carries no message when none was written", () => {
    assert.deepStrictEqual(byRole(plan(cancelled(null)), "customer")[0]!.data, {})
  })

  it("carries the rejection reason", () => {
    assert.deepStrictEqual(byRole(plan(rejected("Fully booked")), "customer")[0]!.data, {
      reason: "Fully booked"
    })
  })

  it("carries the previous start of a reschedule", () => {
    const [moved] = byRole(plan(rescheduled()), "customer")
    assert.strictEqual(ms(moved!.data.previousStart!), ms(previousStart))
  })

  it("sends nothing to the customer with no_message, and says so", () => {
    const p = plan(created(appointment(), { customer: false, staff: true }))
    assert.deepStrictEqual(byRole(p, "customer"), [])
    assert.isFalse(p.customerNotified)
    assert.strictEqual(p.reason, "not_requested")
  })

  it("still reminds the customer with no_message", () => {
    const p = plan(created(appointment(), { customer: false, staff: true }), {
      notifications: settings({
        reminders: [{ offsetMinutes: 60, channels: ["email"], recipients: ["customer"] }]
      })
    })
    assert.deepStrictEqual(
      reminders(p).map((i) => i.to),
      [customer.email]
    )
  })

  it("honours notifyCustomer and notifyStaff on cancel and reschedule", () => {
    const quiet = plan(cancelled("msg", { customer: false, staff: false }))
    assert.deepStrictEqual(quiet.intents, [])
    assert.strictEqual(quiet.reason, "not_requested")
    const staffOnly = plan(rescheduled(undefined, { customer: false, staff: true }))
    assert.deepStrictEqual(
      staffOnly.intents.map((i) => i.recipientRole),
      ["staff"]
    )
  })

  it("sends nothing to staff on completion or no-show", () => {
    for (const event of [completed(), noShowMarked(true), noShowMarked(false)]) {
      assert.deepStrictEqual(
        plan(event).intents.filter((i) => i.recipientRole === "staff"),
        []
      )
    }
  })

  it("sends the missed email only when enabled and asked for", () => {
    const missed = (event: DomainEvent, enabled: boolean) =>
      byRole(
        plan(event, { notifications: settings({ missedAppointmentEmail: { enabled } }) }),
        "customer"
      ).map((i) => i.event)
    assert.deepStrictEqual(missed(noShowMarked(true), true), ["missed"])
    assert.deepStrictEqual(missed(noShowMarked(false), true), [])
    assert.deepStrictEqual(missed(noShowMarked(true), false), [])
    assert.deepStrictEqual(missed(noShowMarked(false, false), true), [])
  })

  it("drops the pending follow-up when a no-show is marked", () => {
    assert.deepStrictEqual(plan(noShowMarked(false)).dropPending, ["follow_up"])
  })

  it("plans the follow-up at end + delay, only when enabled and the customer came", () => {
    const a = appointment({ status: "completed", staff: [alice, bob] })
    const followUps = (notifications: NotificationSettings, event = completed(a)) =>
      byRole(plan(event, { notifications }), "customer")
    const [followUp] = followUps(settings({ followUp: { enabled: true, delayMinutes: 180 } }))
    assert.strictEqual(followUp!.event, "follow_up")
    assert.strictEqual(ms(followUp!.sendAfter), ms(a.end) + 180 * MINUTE)
    assert.deepStrictEqual(followUps(settings({ followUp: { enabled: false, delayMinutes: 180 } })), [])
    assert.deepStrictEqual(
      followUps(settings(), completed(appointment({ status: "completed", noShow: true }))),
      []
    )
  })

  it("customer without an email: customerNotified false, reason no_email", () => {
    const p = plan(created(appointment()), { customer: { ...customer, email: null } })
    assert.deepStrictEqual(byRole(p, "customer"), [])
    assert.isFalse(p.customerNotified)
    assert.strictEqual(p.reason, "no_email")
  })

  it("no customer: customerNotified false, reason no_customer", () => {
    const p = plan(created(appointment()), { customer: null })
    assert.deepStrictEqual(byRole(p, "customer"), [])
    assert.isFalse(p.customerNotified)
    assert.strictEqual(p.reason, "no_customer")
    assert.lengthOf(byRole(p, "staff"), 1)
  })

  it("customer told: customerNotified true and no reason", () => {
    const p = plan(created(appointment()))
    assert.isTrue(p.customerNotified)
    assert.isUndefined(p.reason)
  })

  it("tells each distinct staff member with an email once; one without an email gets nothing", () => {
    const a = appointment({ staff: [alice, noMail, bob, alice] })
    const p = plan(created(a), {
      notifications: settings({
        reminders: [{ offsetMinutes: 60, channels: ["email"], recipients: ["staff"] }]
      })
    })
    assert.deepStrictEqual(
      byRole(p, "staff").map((i) => i.to),
      [alice.email, bob.email]
    )
    assert.deepStrictEqual(
      reminders(p).map((i) => i.staffId),
      [alice.id, bob.id]
    )
    assert.isFalse(p.intents.some((i) => i.staffId === noMail.id && i.channel === "email"))
  })
})

// ---------------------------------------------------------------------------------------------
// Reminders
// ---------------------------------------------------------------------------------------------

const reminderSettings = (
  ...offsets: ReadonlyArray<number>
): { readonly notifications: NotificationSettings } => ({
  notifications: settings({
    reminders: offsets.map(
      (offsetMinutes): ReminderSetting => ({ offsetMinutes, channels: ["email"], recipients: ["customer"] })
    )
  })
})

describe("planNotifications: reminders", () => {
  it("plans one reminder per offset at start − offset", () => {
    const p = plan(created(appointment()), reminderSettings(24 * 60, 120))
    assert.deepStrictEqual(
      reminders(p).map((i) => ms(i.sendAfter)),
      [ms(start) - 24 * HOUR, ms(start) - 2 * HOUR]
    )
  })

  it("skips a reminder whose time has already passed (or is now)", () => {
    const soon = appointment({ start: DateTime.add(now, { hours: 3 }) })
    const p = plan(created(soon), reminderSettings(24 * 60, 180, 120))
    assert.deepStrictEqual(
      reminders(p).map((i) => ms(i.sendAfter)),
      [ms(now) + HOUR]
    )
  })

  it("plans one reminder per offset for a 3-service appointment, not one per item", () => {
    const threeItems = appointment({ staff: [alice, alice, alice] })
    const p = plan(created(threeItems), {
      notifications: settings({
        reminders: [
          { offsetMinutes: 24 * 60, channels: ["email", "sms"], recipients: ["customer", "staff"] },
          { offsetMinutes: 60, channels: ["sms"], recipients: ["customer"] }
        ]
      })
    })
    assert.lengthOf(reminders(p), 5)
    assert.deepStrictEqual(reminders(p).filter((i) => i.recipientRole === "staff").length, 2)
  })

  it("plans reminders only for approved or rescheduled appointments", () => {
    const r = reminderSettings(60)
    assert.lengthOf(
      reminders(plan(created(appointment({ status: "pending", pendingReason: "staff_approval" })), r)),
      0
    )
    assert.lengthOf(
      reminders(plan(created(appointment({ status: "pending", pendingReason: "client_confirmation" })), r)),
      0
    )
    assert.lengthOf(reminders(plan(created(appointment()), r)), 1)
    assert.lengthOf(reminders(plan(approved(), r)), 1)
    assert.lengthOf(reminders(plan(rescheduled(), r)), 1)
    assert.lengthOf(reminders(plan(completed(), r)), 0)
  })

  it("re-plans on a reschedule: drops the pending reminders and plans at the new times", () => {
    const newStart = at("2030-03-20T15:00:00Z")
    const p = plan(
      rescheduled(appointment({ status: "rescheduled", start: newStart })),
      reminderSettings(24 * 60, 60)
    )
    assert.deepStrictEqual(p.dropPending, ["reminder"])
    assert.deepStrictEqual(
      reminders(p).map((i) => ms(i.sendAfter)),
      [ms(newStart) - 24 * HOUR, ms(newStart) - HOUR]
    )
  })

  it("drops reminders and follow-up on cancel and reject, and plans none", () => {
    for (const event of [cancelled(null), rejected()]) {
      const p = plan(event, reminderSettings(60))
      assert.deepStrictEqual(p.dropPending, ["reminder", "follow_up"])
      assert.lengthOf(reminders(p), 0)
    }
  })

  it("drops nothing on creation or approval", () => {
    assert.deepStrictEqual(plan(created(appointment())).dropPending, [])
    assert.deepStrictEqual(plan(approved()).dropPending, [])
  })

  it("sends an SMS reminder only to a recipient with a phone", () => {
    const p = plan(created(appointment()), {
      customer: { ...customer, phone: null },
      notifications: settings({
        reminders: [{ offsetMinutes: 60, channels: ["sms"], recipients: ["customer"] }]
      })
    })
    assert.lengthOf(reminders(p), 0)
  })

  it.prop(
    "one reminder per (offset, channel, recipient) whatever the items, never at or before now",
    {
      staffPattern: Schema.Array(Schema.Boolean).check(Schema.isMinLength(1), Schema.isMaxLength(5)),
      offsets: Schema.Array(Schema.Int.check(Schema.isBetween({ minimum: 1, maximum: 20 * 24 * 60 }))).check(
        Schema.isMaxLength(5)
      )
    },
    ({ staffPattern, offsets }) => {
      const staffOfItems = staffPattern.map((useBob) => (useBob ? bob : alice))
      const p = plan(created(appointment({ staff: staffOfItems })), {
        notifications: settings({
          reminders: offsets.map((offsetMinutes) => ({
            offsetMinutes,
            channels: ["email"],
            recipients: ["customer", "staff"]
          }))
        })
      })
      const distinctStaff = new Set(staffOfItems.map((s) => s.id)).size
      const futureOffsets = new Set(offsets.filter((o) => ms(start) - o * MINUTE > ms(now))).size
      const got = reminders(p)
      assert.lengthOf(got, futureOffsets * (1 + distinctStaff))
      assert.isTrue(got.every((i) => ms(i.sendAfter) > ms(now)))
    }
  )
})

// ---------------------------------------------------------------------------------------------
// Series
// ---------------------------------------------------------------------------------------------

describe("planSeriesCreated", () => {
  const weekly = [0, 7, 14].map((days, n) =>
    appointment({
      id: `apt_s${n}`,
      seriesId: "ser_1",
      start: DateTime.add(start, { days }),
      staff: [alice, bob]
    })
  )
  const planSeries = (
    appointments: ReadonlyArray<Appointment>,
    notifications = reminderSettings(24 * 60, 60).notifications
  ) =>
    planSeriesCreated({
      events: appointments.map((a) => created(a)),
      business: { notifications },
      customer,
      staff: [alice, bob],
      now
    })

  it("sends one confirmation listing every date, on the first occurrence", () => {
    const p = planSeries(weekly)
    const confirmations = byRole(p, "customer")
    assert.deepStrictEqual(confirmations.map(summary), [
      { event: "confirmed", channel: "email", links: ["manage", "newBooking"], attachIcs: true }
    ])
    const [confirmation] = confirmations
    assert.strictEqual(confirmation!.appointmentId, weekly[0]!.id)
    assert.strictEqual(confirmation!.seriesId, weekly[0]!.seriesId)
    assert.deepStrictEqual(
      confirmation!.data.seriesStarts!.map(ms),
      weekly.map((a) => ms(a.start))
    )
    assert.isTrue(p.customerNotified)
  })

  it("sends one message to each staff member for the series", () => {
    const p = planSeries(weekly)
    assert.deepStrictEqual(
      byRole(p, "staff").map((i) => ({ to: i.to, event: i.event, dates: i.data.seriesStarts?.length })),
      [
        { to: alice.email!, event: "confirmed", dates: 3 },
        { to: bob.email!, event: "confirmed", dates: 3 }
      ]
    )
  })

  it("plans a reminder set for each occurrence", () => {
    const p = planSeries(weekly)
    assert.deepStrictEqual(
      reminders(p).map((i) => [i.appointmentId, ms(i.sendAfter)]),
      weekly.flatMap((a) => [
        [a.id, ms(a.start) - 24 * HOUR],
        [a.id, ms(a.start) - HOUR]
      ])
    )
  })

  it("asks for confirmation when the first occurrence awaits the client", () => {
    const pending = weekly.map((a) => ({
      ...a,
      status: "pending" as const,
      pendingReason: "client_confirmation" as const
    }))
    const p = planSeries(pending)
    assert.deepStrictEqual(
      byRole(p, "customer").map((i) => i.event),
      ["confirm_request"]
    )
    assert.lengthOf(reminders(p), 0)
  })

  it("plans nothing for an empty series", () => {
    assert.deepStrictEqual(planSeries([]).intents, [])
  })
})
