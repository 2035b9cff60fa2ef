/**
 * The self-service restrictions of DESIGN §5 (each reason code on its own, notice boundaries),
 * what the manage page offers, the booking-email proof, the recurring-payment rule of §6 and the
 * no-show approval threshold of §7.
 */
import { assert, describe, it } from "@effect/vitest"
import type { Appointment, Payment } from "../../src/domain/Appointment.js"
import {
  allowedActions,
  bookingEmailMatches,
  clientCancelRefusal,
  clientConfirmRefusal,
  clientRescheduleRefusal,
  isAssignedTo,
  mayAttempt,
  onlineBookingNeedsApproval,
  recurringPaymentRefusal
} from "../../src/domain/Policies.js"
import {
  anna,
  ben,
  carla,
  customer,
  DAY,
  defaultStart,
  HOUR,
  MINUTE,
  makeAppointment,
  makeRules,
  owner,
  plus,
  staffAssigned,
  staffLinkAssigned,
  systemActor,
  unpaid
} from "../support/appointments.js"

const start = defaultStart
const longBefore = plus(start, -3 * DAY)

const approved = (o: Partial<Appointment> = {}) => makeAppointment({ status: "approved", ...o })
const awaitingClient = (o: Partial<Appointment> = {}) =>
  makeAppointment({ status: "pending", pendingReason: "client_confirmation", ...o })
const awaitingStaff = (o: Partial<Appointment> = {}) =>
  makeAppointment({ status: "pending", pendingReason: "staff_approval", ...o })

const inactive = [
  ["pending (staff_approval)", awaitingStaff()],
  ["completed", makeAppointment({ status: "completed" })],
  ["completed (no-show)", makeAppointment({ status: "completed", noShow: true })],
  ["cancelled", makeAppointment({ status: "cancelled" })],
  ["rejected", makeAppointment({ status: "rejected" })]
] as const

describe("clientRescheduleRefusal (§5)", () => {
  it("allows an approved, rescheduled or pending (client_confirmation) appointment well ahead", () => {
    for (const a of [approved(), makeAppointment({ status: "rescheduled" }), awaitingClient()]) {
      assert.isNull(clientRescheduleRefusal(a, longBefore))
    }
  })

  it("client_reschedule_disabled when the snapshot does not allow it", () => {
    const a = approved({ rulesSnapshot: makeRules({ clientReschedule: { enabled: false } }) })
    assert.strictEqual(clientRescheduleRefusal(a, longBefore), "client_reschedule_disabled")
  })

  it("notice_too_short: refused one minute inside the notice, allowed exactly at it", () => {
    const a = approved({
      rulesSnapshot: makeRules({ clientReschedule: { enabled: true, minNoticeMinutes: 30 } })
    })
    assert.isNull(clientRescheduleRefusal(a, plus(start, -30 * MINUTE - 1)))
    assert.isNull(clientRescheduleRefusal(a, plus(start, -30 * MINUTE)))
    assert.strictEqual(clientRescheduleRefusal(a, plus(start, -29 * MINUTE)), "notice_too_short")
    assert.strictEqual(clientRescheduleRefusal(a, plus(start, -MINUTE)), "notice_too_short")
  })

  it("notice_too_short reads the snapshot's own notice (a month for a party planner)", () => {
    const month = 30 * 24 * 60
    const a = approved({
      rulesSnapshot: makeRules({ clientReschedule: { enabled: true, minNoticeMinutes: month } })
    })
    assert.strictEqual(clientRescheduleRefusal(a, longBefore), "notice_too_short")
    assert.isNull(clientRescheduleRefusal(a, plus(start, -month * MINUTE)))
    assert.strictEqual(clientRescheduleRefusal(a, plus(start, (1 - month) * MINUTE)), "notice_too_short")
    // The default snapshot: 24 hours.
    assert.isNull(clientRescheduleRefusal(approved(), plus(start, -DAY)))
    assert.strictEqual(clientRescheduleRefusal(approved(), plus(start, -DAY + MINUTE)), "notice_too_short")
  })

  it("manual_approval when the snapshot's approval mode is manual", () => {
    const a = approved({ rulesSnapshot: makeRules({ approvalMode: "manual" }) })
    assert.strictEqual(clientRescheduleRefusal(a, longBefore), "manual_approval")
  })

  it("instrument_restricted for a coupon, a package or a membership", () => {
    for (const kind of ["coupon", "package", "membership"] as const) {
      const a = approved({ payment: { ...unpaid, instrument: { kind, reference: "REF-42" } } })
      assert.strictEqual(clientRescheduleRefusal(a, longBefore), "instrument_restricted", kind)
    }
  })

  it("paid and deposit-paid appointments may still be moved", () => {
    for (const status of ["paid", "deposit_paid"] as const) {
      const a = approved({ payment: { ...unpaid, method: "card", status } })
      assert.isNull(clientRescheduleRefusal(a, longBefore), status)
    }
  })

  for (const [name, a] of inactive) {
    it(`not_active for ${name}`, () => {
      assert.strictEqual(clientRescheduleRefusal(a, longBefore), "not_active")
    })
  }

  it("not_active once the appointment has started, even with no notice required", () => {
    const rulesSnapshot = makeRules({ clientReschedule: { enabled: true, minNoticeMinutes: 0 } })
    for (const a of [approved({ rulesSnapshot }), awaitingClient({ rulesSnapshot })]) {
      assert.isNull(clientRescheduleRefusal(a, plus(start, -1)))
      assert.strictEqual(clientRescheduleRefusal(a, start), "not_active")
      assert.strictEqual(clientRescheduleRefusal(a, plus(start, 10 * MINUTE)), "not_active")
    }
  })
})

describe("clientCancelRefusal (§5)", () => {
  it("allows every active appointment well ahead, pending ones included", () => {
    for (const a of [
      approved(),
      makeAppointment({ status: "rescheduled" }),
      awaitingClient(),
      awaitingStaff()
    ]) {
      assert.isNull(clientCancelRefusal(a, longBefore))
    }
  })

  it("is not bound by the reschedule restrictions (manual approval, instrument, reschedule disabled)", () => {
    const a = approved({
      rulesSnapshot: makeRules({ approvalMode: "manual", clientReschedule: { enabled: false } }),
      payment: { ...unpaid, instrument: { kind: "coupon", reference: "SPRING" } }
    })
    assert.isNull(clientCancelRefusal(a, longBefore))
  })

  it("client_cancel_disabled when the snapshot does not allow it", () => {
    const a = approved({ rulesSnapshot: makeRules({ clientCancel: { enabled: false } }) })
    assert.strictEqual(clientCancelRefusal(a, longBefore), "client_cancel_disabled")
  })

  it("notice_too_short: refused one minute inside the notice, allowed exactly at it", () => {
    const a = approved({
      rulesSnapshot: makeRules({ clientCancel: { enabled: true, minNoticeMinutes: 120 } })
    })
    assert.isNull(clientCancelRefusal(a, plus(start, -2 * HOUR)))
    assert.strictEqual(clientCancelRefusal(a, plus(start, -2 * HOUR + MINUTE)), "notice_too_short")
    assert.isNull(clientCancelRefusal(approved(), plus(start, -DAY)))
    assert.strictEqual(clientCancelRefusal(approved(), plus(start, -DAY + MINUTE)), "notice_too_short")
  })

  it("reads the cancel notice, not the reschedule notice", () => {
    const a = approved({
      rulesSnapshot: makeRules({
        clientCancel: { enabled: true, minNoticeMinutes: 60 },
        clientReschedule: { enabled: true, minNoticeMinutes: 48 * 60 }
      })
    })
    const now = plus(start, -2 * HOUR)
    assert.isNull(clientCancelRefusal(a, now))
    assert.strictEqual(clientRescheduleRefusal(a, now), "notice_too_short")
  })

  for (const [name, a] of inactive.filter(([n]) => n !== "pending (staff_approval)")) {
    it(`not_active for ${name}`, () => {
      assert.strictEqual(clientCancelRefusal(a, longBefore), "not_active")
    })
  }

  it("not_active once the appointment has started", () => {
    const a = approved({ rulesSnapshot: makeRules({ clientCancel: { enabled: true, minNoticeMinutes: 0 } }) })
    assert.isNull(clientCancelRefusal(a, plus(start, -1)))
    assert.strictEqual(clientCancelRefusal(a, start), "not_active")
    assert.strictEqual(clientCancelRefusal(a, plus(start, 5 * MINUTE)), "not_active")
  })
})

describe("clientConfirmRefusal (§5)", () => {
  it("allows a pending (client_confirmation) appointment until it starts", () => {
    assert.isNull(clientConfirmRefusal(awaitingClient(), longBefore))
    assert.isNull(clientConfirmRefusal(awaitingClient(), plus(start, -1)))
    assert.strictEqual(clientConfirmRefusal(awaitingClient(), start), "not_active")
  })

  for (const [name, a] of [
    ...inactive,
    ["approved", approved()],
    ["rescheduled", makeAppointment({ status: "rescheduled" })]
  ] as const) {
    it(`not_active for ${name}`, () => {
      assert.strictEqual(clientConfirmRefusal(a, longBefore), "not_active")
    })
  }
})

describe("allowedActions (the manage page)", () => {
  it("a typical approved appointment well ahead: cancel and reschedule, nothing to confirm", () => {
    assert.deepStrictEqual(allowedActions(approved(), longBefore), {
      cancel: { allowed: true },
      reschedule: { allowed: true },
      confirm: { allowed: false, reason: "not_active" }
    })
  })

  it("a pending (client_confirmation) appointment: everything", () => {
    assert.deepStrictEqual(allowedActions(awaitingClient(), longBefore), {
      cancel: { allowed: true },
      reschedule: { allowed: true },
      confirm: { allowed: true }
    })
  })

  it("says why not: too late, disabled, manual approval", () => {
    const a = approved({
      rulesSnapshot: makeRules({
        approvalMode: "manual",
        clientCancel: { enabled: true, minNoticeMinutes: 48 * 60 }
      })
    })
    assert.deepStrictEqual(allowedActions(a, plus(start, -DAY)), {
      cancel: { allowed: false, reason: "notice_too_short" },
      reschedule: { allowed: false, reason: "manual_approval" },
      confirm: { allowed: false, reason: "not_active" }
    })
    const off = approved({ rulesSnapshot: makeRules({ clientCancel: { enabled: false } }) })
    assert.deepStrictEqual(allowedActions(off, longBefore).cancel, {
      allowed: false,
      reason: "client_cancel_disabled"
    })
  })

  it("a cancelled appointment: nothing", () => {
    assert.deepStrictEqual(allowedActions(makeAppointment({ status: "cancelled" }), longBefore), {
      cancel: { allowed: false, reason: "not_active" },
      reschedule: { allowed: false, reason: "not_active" },
      confirm: { allowed: false, reason: "not_active" }
    })
  })
})

describe("bookingEmailMatches", () => {
  it("ignores case and surrounding spaces", () => {
    assert.isTrue(bookingEmailMatches("alice@example.test", "alice@example.test"))
    assert.isTrue(bookingEmailMatches("Alice@Example.test", "  ALICE@example.TEST \n"))
    assert.isTrue(bookingEmailMatches(" alice@example.test ", "alice@EXAMPLE.test"))
  })

  it("refuses another address", () => {
    assert.isFalse(bookingEmailMatches("alice@example.test", "bob@example.test"))
    assert.isFalse(bookingEmailMatches("alice@example.test", "alice@example.tes"))
    assert.isFalse(bookingEmailMatches("alice@example.test", "al ice@example.test"))
    assert.isFalse(bookingEmailMatches("alice@example.test", ""))
  })

  it("refuses everything when the booking has no email", () => {
    assert.isFalse(bookingEmailMatches(null, ""))
    assert.isFalse(bookingEmailMatches(null, "alice@example.test"))
    assert.isFalse(bookingEmailMatches(null, "null"))
  })
})

describe("recurringPaymentRefusal (§6)", () => {
  it("allows a series paid on site, visit by visit", () => {
    for (const method of ["on_site", "cash", "card", "bank_transfer"] as const) {
      assert.isNull(recurringPaymentRefusal({ ...unpaid, method }), method)
    }
  })

  it("refuses a paid or deposit-paid series", () => {
    for (const status of ["paid", "deposit_paid"] as const) {
      const payment: Payment = { ...unpaid, status, amountRequested: { amount: 5000, currency: "EUR" } }
      assert.strictEqual(recurringPaymentRefusal(payment), "recurring_prepayment", status)
    }
  })

  it("refuses the online method even when unpaid", () => {
    assert.strictEqual(recurringPaymentRefusal({ ...unpaid, method: "online" }), "recurring_prepayment")
  })
})

describe("onlineBookingNeedsApproval (§4, §7)", () => {
  const rules = (approvalMode: "auto" | "manual", noShowApprovalThreshold: number | null) => ({
    approvalMode,
    noShowApprovalThreshold
  })

  it("always under manual approval", () => {
    assert.isTrue(onlineBookingNeedsApproval(rules("manual", null), null))
    assert.isTrue(onlineBookingNeedsApproval(rules("manual", null), { noShowCount: 0 }))
  })

  it("under auto approval without a threshold, never", () => {
    assert.isFalse(onlineBookingNeedsApproval(rules("auto", null), { noShowCount: 99 }))
    assert.isFalse(onlineBookingNeedsApproval(rules("auto", null), null))
  })

  it("from the threshold's number of no-shows on", () => {
    assert.isFalse(onlineBookingNeedsApproval(rules("auto", 3), { noShowCount: 0 }))
    assert.isFalse(onlineBookingNeedsApproval(rules("auto", 3), { noShowCount: 2 }))
    assert.isTrue(onlineBookingNeedsApproval(rules("auto", 3), { noShowCount: 3 }))
    assert.isTrue(onlineBookingNeedsApproval(rules("auto", 3), { noShowCount: 4 }))
    assert.isTrue(onlineBookingNeedsApproval(rules("auto", 1), { noShowCount: 1 }))
  })

  it("a new customer (no profile yet) is under the threshold", () => {
    assert.isFalse(onlineBookingNeedsApproval(rules("auto", 1), null))
  })
})

describe("mayAttempt and isAssignedTo", () => {
  const multi = makeAppointment({ staff: [ben, carla] })

  it("a staff member is assigned when they perform any item", () => {
    assert.isTrue(isAssignedTo(multi, carla))
    assert.isTrue(isAssignedTo(multi, ben))
    assert.isFalse(isAssignedTo(multi, anna))
  })

  it("each actor kind attempts only its own commands", () => {
    const mine = makeAppointment()
    assert.deepStrictEqual(
      (["approve", "reject", "cancel", "reschedule", "confirm", "complete", "no_show"] as const).map((c) => [
        c,
        mayAttempt(owner, mine, c),
        mayAttempt(staffAssigned, mine, c),
        mayAttempt(staffAssigned, multi, c),
        mayAttempt(customer, mine, c),
        mayAttempt(staffLinkAssigned, mine, c),
        mayAttempt(staffLinkAssigned, multi, c),
        mayAttempt(systemActor, mine, c)
      ]),
      [
        //              owner  staff  other  cust.  link   other  system
        ["approve", true, true, false, false, true, false, false],
        ["reject", true, true, false, false, true, false, false],
        ["cancel", true, true, false, true, false, false, false],
        ["reschedule", true, true, false, true, false, false, false],
        ["confirm", false, false, false, true, false, false, false],
        ["complete", false, false, false, false, false, false, true],
        ["no_show", true, true, false, false, false, false, false]
      ]
    )
  })
})
