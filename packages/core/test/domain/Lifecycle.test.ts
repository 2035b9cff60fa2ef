/**
 * The lifecycle of DESIGN §3 against a literal copy of its table: every state × command × actor
 * kind, the time guards, the effects of each successful command (version, history, events), and
 * properties over arbitrary appointments (a refusal changes nothing; only a reschedule moves an
 * appointment; nothing inactive comes back to life).
 */
import { assert, describe, it } from "@effect/vitest"
import { Result, Schema } from "effect"
import * as fc from "fast-check"
import type { Actor, ActorRef } from "../../src/domain/Actor.js"
import { Appointment, type AppointmentStatus, isActiveStatus } from "../../src/domain/Appointment.js"
import type { Notify } from "../../src/domain/DomainEvent.js"
import {
  type AppointmentCommand,
  businessActions,
  isAllowedByTable,
  type Transition,
  type TransitionError,
  transition
} from "../../src/domain/Lifecycle.js"
import type { CommandName } from "../../src/domain/Policies.js"
import {
  admin,
  anna,
  at,
  ben,
  carla,
  customer,
  DAY,
  defaultStart,
  HOUR,
  MINUTE,
  makeAppointment,
  makeItems,
  makeRules,
  owner,
  plus,
  staffAssigned,
  staffLinkAssigned,
  staffLinkNotAssigned,
  staffNotAssigned,
  staffUnlinked,
  systemActor
} from "../support/appointments.js"

// ---------------------------------------------------------------------------------------------
// Vocabulary of the tests
// ---------------------------------------------------------------------------------------------

type Outcome = Result.Result<Transition, TransitionError>

const states = {
  "pending (staff_approval)": { status: "pending", pendingReason: "staff_approval" },
  "pending (client_confirmation)": { status: "pending", pendingReason: "client_confirmation" },
  approved: { status: "approved" },
  rescheduled: { status: "rescheduled" },
  completed: { status: "completed", noShow: false },
  "completed (no-show)": { status: "completed", noShow: true },
  cancelled: { status: "cancelled" },
  rejected: { status: "rejected" }
} as const satisfies Record<string, Partial<Appointment>>
type StateName = keyof typeof states
const stateNames = Object.keys(states) as ReadonlyArray<StateName>

const inState = (state: StateName, o: Parameters<typeof makeAppointment>[0] = {}): Appointment =>
  makeAppointment({ ...states[state], ...o })

const keepNotify: Notify = { customer: false, staff: true }
/** The new time of the reschedule commands: two days later, same staff member. */
const movedItems = makeItems(plus(defaultStart, 2 * DAY))

const commands = {
  Approve: { _tag: "Approve" },
  Reject: { _tag: "Reject", reason: "Fully booked", notify: keepNotify },
  Cancel: { _tag: "Cancel", message: "See you next time", notify: keepNotify },
  Reschedule: { _tag: "Reschedule", items: movedItems, notify: keepNotify },
  Confirm: { _tag: "Confirm" },
  Complete: { _tag: "Complete" },
  "MarkNoShow(true)": { _tag: "MarkNoShow", noShow: true, sendMissedEmail: true },
  "MarkNoShow(false)": { _tag: "MarkNoShow", noShow: false, sendMissedEmail: true }
} as const satisfies Record<string, AppointmentCommand>
type CommandCase = keyof typeof commands
const commandCases = Object.keys(commands) as ReadonlyArray<CommandCase>

const start = defaultStart
const end = plus(defaultStart, HOUR)
/** Well before the start: more than the default 24 h notice remains. */
const longBefore = plus(start, -3 * DAY)
/** After the end: the appointment may be completed or marked as a no-show. */
const afterEnd = plus(end, HOUR)
const nowFor = (c: CommandCase): typeof start =>
  c === "Complete" || c.startsWith("MarkNoShow") ? afterEnd : longBefore

const run = (a: Appointment, command: AppointmentCommand, actor: Actor, now = longBefore): Outcome =>
  transition(a, command, { actor, now })

/** The outcome in the words of the expectation table. */
const describeOutcome = (r: Outcome): string => {
  if (Result.isFailure(r)) {
    const e = r.failure
    return e._tag === "PolicyViolation" ? `PolicyViolation(${e.reason})` : e._tag
  }
  const a = r.success.appointment
  const reason = a.pendingReason === null ? "" : ` (${a.pendingReason})`
  return `${a.status}${reason}${a.noShow ? "+noShow" : ""}`
}

const succeeded = (r: Outcome): Transition => {
  if (Result.isFailure(r)) return assert.fail(`expected a success, got ${describeOutcome(r)}`)
  return r.success
}

const failed = (r: Outcome): TransitionError => {
  if (Result.isSuccess(r)) return assert.fail(`expected a refusal, got ${describeOutcome(r)}`)
  return r.failure
}

const snapshot = (a: Appointment): string => JSON.stringify(a)
const ms = (d: { readonly epochMilliseconds: number }) => d.epochMilliseconds

// ---------------------------------------------------------------------------------------------
// The table of DESIGN §3 with the permissions of "who may act"
// ---------------------------------------------------------------------------------------------

const F = "Forbidden"
const X = "InvalidTransition"
const NOT_ACTIVE = "PolicyViolation(not_active)"

/**
 * Columns: [business user (owner, admin, staff assigned), customer (action link),
 * staff email link (assigned), system]. Staff users and staff links of someone else are
 * Forbidden everywhere. `now` is well before the start, or after the end for Complete/MarkNoShow.
 */
type Cell = readonly [business: string, customer: string, staffLink: string, system: string]

const expectedTable: Record<StateName, Record<CommandCase, Cell>> = {
  "pending (staff_approval)": {
    Approve: ["approved", F, "approved", F],
    Reject: ["rejected", F, "rejected", F],
    Cancel: ["cancelled", "cancelled", F, F],
    // "rescheduled (business only)"; §5: not_active unless pending (client_confirmation)
    Reschedule: ["rescheduled", NOT_ACTIVE, F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": [X, F, F, F],
    "MarkNoShow(false)": [X, F, F, F]
  },
  "pending (client_confirmation)": {
    Approve: ["approved", F, "approved", F],
    Reject: ["rejected", F, "rejected", F],
    Cancel: ["cancelled", "cancelled", F, F],
    Reschedule: ["rescheduled", "rescheduled", F, F],
    Confirm: [F, "approved", F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": [X, F, F, F],
    "MarkNoShow(false)": [X, F, F, F]
  },
  approved: {
    Approve: [X, F, X, F],
    Reject: ["rejected", F, "rejected", F],
    Cancel: ["cancelled", "cancelled", F, F],
    Reschedule: ["rescheduled", "rescheduled", F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, "completed"],
    "MarkNoShow(true)": ["completed+noShow", F, F, F],
    // Marking "not a no-show" once started records that the client came.
    "MarkNoShow(false)": ["completed", F, F, F]
  },
  rescheduled: {
    Approve: [X, F, X, F],
    Reject: ["rejected", F, "rejected", F],
    Cancel: ["cancelled", "cancelled", F, F],
    Reschedule: ["rescheduled", "rescheduled", F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, "completed"],
    "MarkNoShow(true)": ["completed+noShow", F, F, F],
    "MarkNoShow(false)": ["completed", F, F, F]
  },
  completed: {
    Approve: [X, F, X, F],
    Reject: [X, F, X, F],
    Cancel: [X, X, F, F],
    Reschedule: [X, X, F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": ["completed+noShow", F, F, F],
    "MarkNoShow(false)": ["completed", F, F, F]
  },
  "completed (no-show)": {
    Approve: [X, F, X, F],
    Reject: [X, F, X, F],
    Cancel: [X, X, F, F],
    Reschedule: [X, X, F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": ["completed+noShow", F, F, F],
    "MarkNoShow(false)": ["completed", F, F, F]
  },
  cancelled: {
    Approve: [X, F, X, F],
    Reject: [X, F, X, F],
    Cancel: [X, X, F, F],
    Reschedule: [X, X, F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": [X, F, F, F],
    "MarkNoShow(false)": [X, F, F, F]
  },
  rejected: {
    Approve: [X, F, X, F],
    Reject: [X, F, X, F],
    Cancel: [X, X, F, F],
    Reschedule: [X, X, F, F],
    Confirm: [F, X, F, F],
    Complete: [F, F, F, X],
    "MarkNoShow(true)": [X, F, F, F],
    "MarkNoShow(false)": [X, F, F, F]
  }
}

const actorColumns: ReadonlyArray<readonly [name: string, actor: Actor, column: number | "outsider"]> = [
  ["owner", owner, 0],
  ["admin", admin, 0],
  ["staff user assigned", staffAssigned, 0],
  ["staff user not assigned", staffNotAssigned, "outsider"],
  ["staff user without staff member", staffUnlinked, "outsider"],
  ["customer", customer, 1],
  ["staff link assigned", staffLinkAssigned, 2],
  ["staff link not assigned", staffLinkNotAssigned, "outsider"],
  ["system", systemActor, 3]
]

describe("transition: the DESIGN §3 table × who may act", () => {
  for (const state of stateNames) {
    describe(state, () => {
      for (const command of commandCases) {
        for (const [actorName, actor, column] of actorColumns) {
          const expected = column === "outsider" ? F : expectedTable[state][command][column]
          it(`${command} by ${actorName} -> ${expected}`, () => {
            const appointment = inState(state)
            const before = snapshot(appointment)
            const result = run(appointment, commands[command], actor, nowFor(command))
            assert.strictEqual(describeOutcome(result), expected)
            assert.strictEqual(snapshot(appointment), before)
          })
        }
      }
    })
  }
})

describe("isAllowedByTable", () => {
  // The §3 table for any actor: true where the cell has a target, false on "-" and terminal rows.
  const allowed: Record<StateName, ReadonlyArray<CommandName>> = {
    "pending (staff_approval)": ["approve", "reject", "cancel", "reschedule"],
    "pending (client_confirmation)": ["approve", "reject", "cancel", "reschedule", "confirm"],
    approved: ["reject", "cancel", "reschedule", "complete", "no_show"],
    rescheduled: ["reject", "cancel", "reschedule", "complete", "no_show"],
    completed: ["no_show"],
    "completed (no-show)": ["no_show"],
    cancelled: [],
    rejected: []
  }
  const names: ReadonlyArray<CommandName> = [
    "approve",
    "reject",
    "cancel",
    "reschedule",
    "confirm",
    "complete",
    "no_show"
  ]
  for (const state of stateNames) {
    it(`matches the table for ${state}`, () => {
      const a = inState(state)
      const got = names.filter((n) => isAllowedByTable(a, n))
      assert.deepStrictEqual(got, [...allowed[state]])
    })
  }
})

describe("transition: permissions on multi-service appointments", () => {
  const twoStaff = (state: StateName) => inState(state, { staff: [anna, carla] })
  const carlaUser: Actor = { ...staffNotAssigned, staffId: carla }
  const carlaLink: Actor = { _tag: "staff_link", staffId: carla, name: "Carla" }

  it("a staff user performing any item may act", () => {
    assert.strictEqual(describeOutcome(run(twoStaff("approved"), commands.Cancel, carlaUser)), "cancelled")
  })

  it("a staff link of any item's staff member may approve", () => {
    const r = run(twoStaff("pending (staff_approval)"), commands.Approve, carlaLink)
    assert.strictEqual(describeOutcome(r), "approved")
  })

  it("a staff member on none of the items may not", () => {
    assert.strictEqual(describeOutcome(run(twoStaff("approved"), commands.Cancel, staffNotAssigned)), F)
    assert.strictEqual(
      describeOutcome(run(twoStaff("pending (staff_approval)"), commands.Reject, staffLinkNotAssigned)),
      F
    )
  })
})

describe("transition: order of the checks", () => {
  it("Forbidden before InvalidTransition: a customer approving a cancelled appointment", () => {
    assert.strictEqual(describeOutcome(run(inState("cancelled"), commands.Approve, customer)), F)
  })

  it("InvalidTransition before the self-service rules: a customer cancelling a completed one late", () => {
    const late = plus(start, 30 * MINUTE)
    assert.strictEqual(describeOutcome(run(inState("completed"), commands.Cancel, customer, late)), X)
  })

  it("InvalidTransition before the time guards: the system completing a pending one early", () => {
    const early = plus(start, -DAY)
    const r = run(inState("pending (client_confirmation)"), commands.Complete, systemActor, early)
    assert.strictEqual(describeOutcome(r), X)
  })

  it("InvalidTransition names the appointment, its status and the command", () => {
    const e = failed(run(inState("cancelled"), commands.Reject, owner))
    assert.strictEqual(e._tag, "InvalidTransition")
    if (e._tag !== "InvalidTransition") return
    assert.strictEqual(e.appointmentId, "apt_1")
    assert.strictEqual(e.status, "cancelled")
    assert.strictEqual(e.command, "reject")
  })
})

// ---------------------------------------------------------------------------------------------
// Time guards and self-service conditions
// ---------------------------------------------------------------------------------------------

describe("transition: time guards", () => {
  for (const state of ["approved", "rescheduled"] as const) {
    it(`Complete of ${state} before its end -> PolicyViolation(not_ended)`, () => {
      for (const now of [plus(end, -MINUTE), plus(start, 10 * MINUTE), longBefore]) {
        const a = inState(state)
        const before = snapshot(a)
        const e = failed(run(a, commands.Complete, systemActor, now))
        assert.strictEqual(e._tag, "PolicyViolation")
        if (e._tag === "PolicyViolation") assert.strictEqual(e.reason, "not_ended")
        assert.strictEqual(snapshot(a), before)
      }
    })

    it(`Complete of ${state} from the moment it ends`, () => {
      assert.strictEqual(
        describeOutcome(run(inState(state), commands.Complete, systemActor, end)),
        "completed"
      )
    })

    it(`MarkNoShow of ${state} before its start -> PolicyViolation(not_started)`, () => {
      for (const command of ["MarkNoShow(true)", "MarkNoShow(false)"] as const) {
        const e = failed(run(inState(state), commands[command], owner, plus(start, -MINUTE)))
        assert.strictEqual(describeOutcome(Result.fail(e)), "PolicyViolation(not_started)")
      }
    })

    it(`MarkNoShow of ${state} once started, before its end`, () => {
      const r1 = run(inState(state), commands["MarkNoShow(true)"], owner, start)
      assert.strictEqual(describeOutcome(r1), "completed+noShow")
      const r2 = run(inState(state), commands["MarkNoShow(true)"], staffAssigned, plus(start, 30 * MINUTE))
      assert.strictEqual(describeOutcome(r2), "completed+noShow")
    })
  }

  it("a completed appointment's no-show flag toggles whatever the time", () => {
    const r = run(inState("completed"), commands["MarkNoShow(true)"], owner, longBefore)
    assert.strictEqual(describeOutcome(r), "completed+noShow")
  })
})

describe("transition: the customer is bound by §5, the business is not", () => {
  const shortNotice = plus(start, -HOUR)
  const started = plus(start, MINUTE)

  it("customer Cancel within the cancel notice -> notice_too_short", () => {
    const r = run(inState("approved"), commands.Cancel, customer, shortNotice)
    assert.strictEqual(describeOutcome(r), "PolicyViolation(notice_too_short)")
  })

  it("customer Reschedule within the reschedule notice -> notice_too_short", () => {
    const r = run(inState("rescheduled"), commands.Reschedule, customer, shortNotice)
    assert.strictEqual(describeOutcome(r), "PolicyViolation(notice_too_short)")
  })

  it("customer Cancel when the snapshot disables it -> client_cancel_disabled", () => {
    const a = inState("approved", { rulesSnapshot: makeRules({ clientCancel: { enabled: false } }) })
    assert.strictEqual(
      describeOutcome(run(a, commands.Cancel, customer)),
      "PolicyViolation(client_cancel_disabled)"
    )
  })

  it("customer Reschedule under manual approval, with an instrument, or disabled", () => {
    const manual = inState("approved", { rulesSnapshot: makeRules({ approvalMode: "manual" }) })
    assert.strictEqual(
      describeOutcome(run(manual, commands.Reschedule, customer)),
      "PolicyViolation(manual_approval)"
    )
    const coupon = inState("approved", {
      payment: {
        method: "on_site",
        amountRequested: null,
        status: "unpaid",
        instrument: { kind: "coupon", reference: "SPRING" }
      }
    })
    assert.strictEqual(
      describeOutcome(run(coupon, commands.Reschedule, customer)),
      "PolicyViolation(instrument_restricted)"
    )
    const disabled = inState("approved", {
      rulesSnapshot: makeRules({ clientReschedule: { enabled: false } })
    })
    assert.strictEqual(
      describeOutcome(run(disabled, commands.Reschedule, customer)),
      "PolicyViolation(client_reschedule_disabled)"
    )
  })

  it("customer actions once the appointment has started -> not_active", () => {
    assert.strictEqual(
      describeOutcome(run(inState("approved"), commands.Cancel, customer, started)),
      NOT_ACTIVE
    )
    assert.strictEqual(
      describeOutcome(run(inState("approved"), commands.Reschedule, customer, started)),
      NOT_ACTIVE
    )
    const pending = inState("pending (client_confirmation)")
    assert.strictEqual(describeOutcome(run(pending, commands.Confirm, customer, started)), NOT_ACTIVE)
    assert.strictEqual(
      describeOutcome(run(pending, commands.Confirm, customer, plus(start, -MINUTE))),
      "approved"
    )
  })

  it("the business cancels and moves late, after the start, and against every self-service rule", () => {
    const strict = inState("approved", {
      rulesSnapshot: makeRules({
        approvalMode: "manual",
        clientCancel: { enabled: false },
        clientReschedule: { enabled: false }
      }),
      payment: {
        method: "on_site",
        amountRequested: null,
        status: "paid",
        instrument: { kind: "package", reference: "P-10" }
      }
    })
    for (const actor of [owner, admin, staffAssigned]) {
      for (const now of [shortNotice, started]) {
        assert.strictEqual(describeOutcome(run(strict, commands.Cancel, actor, now)), "cancelled")
        assert.strictEqual(describeOutcome(run(strict, commands.Reschedule, actor, now)), "rescheduled")
      }
    }
  })

  it("a staff link approves after the start too", () => {
    const r = run(inState("pending (staff_approval)"), commands.Approve, staffLinkAssigned, started)
    assert.strictEqual(describeOutcome(r), "approved")
  })
})

// ---------------------------------------------------------------------------------------------
// Effects of a successful command
// ---------------------------------------------------------------------------------------------

const ownerRef: ActorRef = { kind: "user", id: "usr_owner", name: "Olivia Owner" }
const earlierEntry = {
  at: at("2030-03-01T09:00:00Z"),
  actor: ownerRef,
  type: "created",
  data: { confirmation: "approve" }
}

interface SuccessCase {
  readonly name: string
  readonly from: StateName
  readonly command: AppointmentCommand
  readonly actor: Actor
  readonly now: typeof start
  readonly ref: ActorRef
  readonly historyType: string
  readonly historyData: Record<string, unknown>
  readonly eventTag: string
  readonly notify: Notify
}

const successCases: ReadonlyArray<SuccessCase> = [
  {
    name: "Approve by the owner",
    from: "pending (staff_approval)",
    command: commands.Approve,
    actor: owner,
    now: longBefore,
    ref: ownerRef,
    historyType: "approved",
    historyData: {},
    eventTag: "AppointmentApproved",
    notify: { customer: true, staff: true }
  },
  {
    name: "Approve by a staff link",
    from: "pending (staff_approval)",
    command: commands.Approve,
    actor: staffLinkAssigned,
    now: longBefore,
    ref: { kind: "staff_link", id: "stf_anna", name: "Anna" },
    historyType: "approved",
    historyData: {},
    eventTag: "AppointmentApproved",
    notify: { customer: true, staff: true }
  },
  {
    name: "Confirm by the customer",
    from: "pending (client_confirmation)",
    command: commands.Confirm,
    actor: customer,
    now: longBefore,
    ref: { kind: "customer", id: "cus_alice", name: "Alice Martin" },
    historyType: "confirmed",
    historyData: {},
    eventTag: "AppointmentApproved",
    notify: { customer: true, staff: true }
  },
  {
    name: "Reject by the admin",
    from: "approved",
    command: commands.Reject,
    actor: admin,
    now: longBefore,
    ref: { kind: "user", id: "usr_admin", name: "Adam Admin" },
    historyType: "rejected",
    historyData: { reason: "Fully booked", notify: keepNotify },
    eventTag: "AppointmentRejected",
    notify: keepNotify
  },
  {
    name: "Cancel by the assigned staff user",
    from: "rescheduled",
    command: commands.Cancel,
    actor: staffAssigned,
    now: longBefore,
    ref: { kind: "user", id: "usr_anna", name: "Anna" },
    historyType: "cancelled",
    historyData: { message: "See you next time", notify: keepNotify },
    eventTag: "AppointmentCancelled",
    notify: keepNotify
  },
  {
    name: "Complete by the system",
    from: "approved",
    command: commands.Complete,
    actor: systemActor,
    now: afterEnd,
    ref: { kind: "system", id: null, name: "Créneau" },
    historyType: "completed",
    historyData: {},
    eventTag: "AppointmentCompleted",
    notify: { customer: true, staff: true }
  },
  {
    name: "MarkNoShow by the owner",
    from: "approved",
    command: commands["MarkNoShow(true)"],
    actor: owner,
    now: afterEnd,
    ref: ownerRef,
    historyType: "no_show",
    historyData: { noShow: true },
    eventTag: "NoShowMarked",
    notify: { customer: true, staff: true }
  }
]

describe("transition: effects of a successful command", () => {
  for (const c of successCases) {
    it(`${c.name}: version, updatedAt/By, one history entry, one event`, () => {
      const a = inState(c.from, { history: [earlierEntry], version: 7 })
      const t = succeeded(run(a, c.command, c.actor, c.now))
      const next = t.appointment

      assert.strictEqual(next.version, 8)
      assert.strictEqual(ms(next.updatedAt), ms(c.now))
      assert.deepStrictEqual(next.updatedBy, c.ref)
      assert.strictEqual(next.id, a.id)
      assert.strictEqual(ms(next.createdAt), ms(a.createdAt))
      assert.deepStrictEqual(next.createdBy, a.createdBy)

      assert.strictEqual(next.history.length, 2)
      assert.strictEqual(next.history[0], earlierEntry)
      const entry = next.history[1]!
      assert.strictEqual(ms(entry.at), ms(c.now))
      assert.deepStrictEqual(entry.actor, c.ref)
      assert.strictEqual(entry.type, c.historyType)
      assert.deepStrictEqual(entry.data, c.historyData)

      assert.strictEqual(t.events.length, 1)
      const event = t.events[0]!
      assert.strictEqual(event._tag, c.eventTag)
      assert.strictEqual(event.appointment, next)
      assert.deepStrictEqual(event.actor, c.ref)
      assert.strictEqual(ms(event.at), ms(c.now))
      assert.deepStrictEqual(event.notify, c.notify)

      assert.isTrue(Schema.is(Appointment)(next))
    })

    it(`${c.name}: changes nothing but the status fields, and keeps the times`, () => {
      const a = inState(c.from)
      const t = succeeded(run(a, c.command, c.actor, c.now))
      const stable = (x: Appointment) => {
        const {
          status: _s,
          pendingReason: _p,
          noShow: _n,
          version: _v,
          updatedAt: _ua,
          updatedBy: _ub,
          history: _h,
          cancellationMessage: _c,
          rejectionReason: _r,
          ...rest
        } = x
        return JSON.stringify(rest)
      }
      assert.strictEqual(stable(t.appointment), stable(a))
      if (c.command._tag !== "Cancel") assert.isNull(t.appointment.cancellationMessage)
      if (c.command._tag !== "Reject") assert.isNull(t.appointment.rejectionReason)
    })
  }

  it("Cancel stores the personal message and carries it and the notify choices in the event", () => {
    const t = succeeded(run(inState("approved"), commands.Cancel, owner))
    assert.strictEqual(t.appointment.cancellationMessage, "See you next time")
    const event = t.events[0]!
    assert.strictEqual(event._tag, "AppointmentCancelled")
    if (event._tag === "AppointmentCancelled") {
      assert.strictEqual(event.message, "See you next time")
      assert.deepStrictEqual(event.notify, keepNotify)
    }
    const silent = succeeded(
      run(
        inState("approved"),
        { _tag: "Cancel", message: null, notify: { customer: false, staff: false } },
        owner
      )
    )
    assert.isNull(silent.appointment.cancellationMessage)
    assert.deepStrictEqual(silent.events[0]!.notify, { customer: false, staff: false })
  })

  it("a customer's Cancel is recorded as the customer's", () => {
    const t = succeeded(run(inState("pending (staff_approval)"), commands.Cancel, customer))
    assert.strictEqual(t.appointment.status, "cancelled")
    assert.isNull(t.appointment.pendingReason)
    assert.deepStrictEqual(t.appointment.updatedBy, {
      kind: "customer",
      id: "cus_alice",
      name: "Alice Martin"
    })
  })

  it("Reject stores the reason and carries it in the event", () => {
    const t = succeeded(
      run(
        inState("pending (staff_approval)"),
        { _tag: "Reject", reason: "Closed that day", notify: keepNotify },
        staffLinkAssigned
      )
    )
    assert.strictEqual(t.appointment.rejectionReason, "Closed that day")
    assert.isNull(t.appointment.pendingReason)
    const event = t.events[0]!
    assert.strictEqual(event._tag, "AppointmentRejected")
    if (event._tag === "AppointmentRejected") assert.strictEqual(event.reason, "Closed that day")
  })

  it("Approve and Confirm clear the pending reason", () => {
    for (const [state, command, actor] of [
      ["pending (staff_approval)", commands.Approve, owner],
      ["pending (client_confirmation)", commands.Approve, admin],
      ["pending (client_confirmation)", commands.Confirm, customer]
    ] as const) {
      const next = succeeded(run(inState(state), command, actor)).appointment
      assert.strictEqual(next.status, "approved")
      assert.isNull(next.pendingReason)
      assert.isFalse(next.noShow)
    }
  })

  describe("Reschedule", () => {
    const paid = {
      method: "card",
      amountRequested: { amount: 2000, currency: "EUR" },
      status: "deposit_paid",
      instrument: null
    } as const
    const newItems = makeItems(plus(start, 2 * DAY + 30 * MINUTE), [anna, ben], 45)

    for (const [state, actor] of [
      ["approved", owner],
      ["rescheduled", staffAssigned],
      ["pending (staff_approval)", admin],
      ["pending (client_confirmation)", customer]
    ] as const) {
      it(`from ${state} by ${actor._tag}: new items and times, same id, payment and snapshot`, () => {
        const rules = makeRules({ minBookingNoticeMinutes: 120 })
        const a = inState(state, { payment: paid, rulesSnapshot: rules, staff: [anna, ben] })
        const t = succeeded(run(a, { _tag: "Reschedule", items: newItems, notify: keepNotify }, actor))
        const next = t.appointment

        assert.strictEqual(next.status, "rescheduled")
        assert.isNull(next.pendingReason)
        assert.strictEqual(next.id, a.id)
        assert.deepStrictEqual(next.items, newItems)
        assert.strictEqual(ms(next.start), ms(plus(start, 2 * DAY + 30 * MINUTE)))
        assert.strictEqual(ms(next.end), ms(plus(start, 2 * DAY + 120 * MINUTE)))
        assert.deepStrictEqual(next.payment, paid)
        assert.deepStrictEqual(next.rulesSnapshot, rules)
        assert.strictEqual(next.customerId, a.customerId)

        const entry = next.history[next.history.length - 1]!
        assert.strictEqual(entry.type, "rescheduled")
        assert.deepStrictEqual(entry.data, {
          previousStart: "2030-03-10T10:00:00.000Z",
          previousEnd: "2030-03-10T12:00:00.000Z",
          start: "2030-03-12T10:30:00.000Z",
          end: "2030-03-12T12:00:00.000Z",
          notify: keepNotify
        })

        const event = t.events[0]!
        assert.strictEqual(event._tag, "AppointmentRescheduled")
        if (event._tag === "AppointmentRescheduled") {
          assert.strictEqual(ms(event.previousStart), ms(a.start))
          assert.strictEqual(ms(event.previousEnd), ms(a.end))
          assert.deepStrictEqual(event.notify, keepNotify)
        }
      })
    }
  })

  describe("MarkNoShow", () => {
    const mark = (noShow: boolean, sendMissedEmail: boolean): AppointmentCommand => ({
      _tag: "MarkNoShow",
      noShow,
      sendMissedEmail
    })
    const noShowEvent = (t: Transition) => {
      const event = t.events[0]!
      if (event._tag !== "NoShowMarked") return assert.fail(`expected NoShowMarked, got ${event._tag}`)
      return event
    }

    it("marking an approved appointment completes it as a no-show and asks for the missed email", () => {
      const t = succeeded(run(inState("approved"), mark(true, true), owner, afterEnd))
      assert.strictEqual(t.appointment.status, "completed")
      assert.isTrue(t.appointment.noShow)
      const event = noShowEvent(t)
      assert.isTrue(event.noShow)
      assert.isTrue(event.sendMissedEmail)
    })

    it("the missed email is sent only when asked", () => {
      const t = succeeded(run(inState("rescheduled"), mark(true, false), owner, afterEnd))
      assert.isFalse(noShowEvent(t).sendMissedEmail)
    })

    it("toggles a completed appointment back and forth", () => {
      const on = succeeded(run(inState("completed"), mark(true, true), owner, afterEnd))
      assert.isTrue(on.appointment.noShow)
      assert.isTrue(noShowEvent(on).sendMissedEmail)

      const off = succeeded(run(on.appointment, mark(false, true), owner, afterEnd))
      assert.strictEqual(off.appointment.status, "completed")
      assert.isFalse(off.appointment.noShow)
      assert.isFalse(noShowEvent(off).noShow)
      assert.isFalse(noShowEvent(off).sendMissedEmail)
      assert.strictEqual(off.appointment.version, 3)
      assert.deepStrictEqual(
        off.appointment.history.map((h) => [h.type, h.data]),
        [
          ["no_show", { noShow: true }],
          ["no_show", { noShow: false }]
        ]
      )
    })

    it("marking an appointment that already is a no-show sends no second missed email", () => {
      const t = succeeded(run(inState("completed (no-show)"), mark(true, true), owner, afterEnd))
      assert.isTrue(t.appointment.noShow)
      assert.isFalse(noShowEvent(t).sendMissedEmail)
    })

    it("Complete leaves noShow false", () => {
      const t = succeeded(run(inState("rescheduled"), commands.Complete, systemActor, afterEnd))
      assert.isFalse(t.appointment.noShow)
    })
  })
})

// ---------------------------------------------------------------------------------------------
// Properties
// ---------------------------------------------------------------------------------------------

const allActors: ReadonlyArray<Actor> = actorColumns.map(([, actor]) => actor)
const notifyArb = fc.record({ customer: fc.boolean(), staff: fc.boolean() })
const textArb = fc.option(fc.string({ maxLength: 20 }), { nil: null })
const staffArb = fc.constantFrom([anna], [ben], [anna, ben], [ben, carla], [carla, anna, ben])

const commandArb: fc.Arbitrary<AppointmentCommand> = fc.oneof(
  fc.constant({ _tag: "Approve" } as const),
  fc.record({ _tag: fc.constant("Reject" as const), reason: textArb, notify: notifyArb }),
  fc.record({ _tag: fc.constant("Cancel" as const), message: textArb, notify: notifyArb }),
  fc
    .record({
      offsetMinutes: fc.integer({ min: -10 * 24 * 60, max: 10 * 24 * 60 }),
      staff: staffArb,
      minutes: fc.integer({ min: 5, max: 240 }),
      notify: notifyArb
    })
    .map(
      ({ offsetMinutes, staff, minutes, notify }): AppointmentCommand => ({
        _tag: "Reschedule",
        items: makeItems(plus(start, offsetMinutes * MINUTE), staff, minutes),
        notify
      })
    ),
  fc.constant({ _tag: "Confirm" } as const),
  fc.constant({ _tag: "Complete" } as const),
  fc.record({ _tag: fc.constant("MarkNoShow" as const), noShow: fc.boolean(), sendMissedEmail: fc.boolean() })
)

const appointmentArb: fc.Arbitrary<Appointment> = fc
  .record({
    state: fc.constantFrom(...stateNames),
    staff: staffArb,
    approvalMode: fc.constantFrom("auto", "manual" as const),
    cancel: fc.record({ enabled: fc.boolean(), minNoticeMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 }) }),
    reschedule: fc.record({
      enabled: fc.boolean(),
      minNoticeMinutes: fc.integer({ min: 0, max: 3 * 24 * 60 })
    }),
    paymentStatus: fc.constantFrom("unpaid", "deposit_paid", "paid" as const),
    instrument: fc.option(fc.constantFrom("coupon", "package", "membership" as const), { nil: null }),
    withHistory: fc.boolean(),
    version: fc.integer({ min: 1, max: 50 })
  })
  .map((o) =>
    inState(o.state, {
      staff: o.staff,
      rulesSnapshot: makeRules({
        approvalMode: o.approvalMode,
        clientCancel: o.cancel,
        clientReschedule: o.reschedule
      }),
      payment: {
        method: "on_site",
        amountRequested: null,
        status: o.paymentStatus,
        instrument: o.instrument === null ? null : { kind: o.instrument, reference: "REF-1" }
      },
      history: o.withHistory ? [earlierEntry] : [],
      version: o.version
    })
  )

/** From four days before the start to four days after, by the minute (boundaries included). */
const nowArb = fc
  .integer({ min: -4 * 24 * 60, max: 4 * 24 * 60 })
  .map((minutes) => plus(start, minutes * MINUTE))

const isActive = (status: AppointmentStatus) => isActiveStatus(status)

describe("transition: properties", () => {
  it("a refusal is a typed failure and changes nothing; a success never mutates its input", () => {
    let refused = 0
    let accepted = 0
    fc.assert(
      fc.property(
        appointmentArb,
        commandArb,
        fc.constantFrom(...allActors),
        nowArb,
        (a, command, actor, now) => {
          const before = snapshot(a)
          const r = transition(a, command, { actor, now })
          assert.strictEqual(snapshot(a), before)
          if (Result.isFailure(r)) {
            refused++
            assert.include(["InvalidTransition", "Forbidden", "PolicyViolation"], r.failure._tag)
          } else {
            accepted++
          }
        }
      ),
      { numRuns: 300 }
    )
    assert.isAbove(refused, 30)
    assert.isAbove(accepted, 10)
  })

  it("a success keeps the id, never revives an inactive appointment and only a Reschedule moves it", () => {
    fc.assert(
      fc.property(
        appointmentArb,
        commandArb,
        fc.constantFrom(...allActors),
        nowArb,
        (a, command, actor, now) => {
          const r = transition(a, command, { actor, now })
          if (Result.isFailure(r)) return
          const next = r.success.appointment
          assert.strictEqual(next.id, a.id)
          assert.strictEqual(next.version, a.version + 1)
          assert.strictEqual(next.history.length, a.history.length + 1)
          assert.strictEqual(r.success.events.length, 1)
          assert.isTrue(Schema.is(Appointment)(next))
          // Nothing goes from cancelled/rejected/completed back to a status that holds a slot.
          if (isActive(next.status)) assert.isTrue(isActive(a.status))
          // Active -> active without a reschedule: the slot held stays exactly the same.
          if (command._tag !== "Reschedule") {
            assert.strictEqual(JSON.stringify(next.items), JSON.stringify(a.items))
            assert.strictEqual(ms(next.start), ms(a.start))
            assert.strictEqual(ms(next.end), ms(a.end))
          } else {
            assert.isTrue(isActive(a.status))
            assert.strictEqual(next.status, "rescheduled")
          }
          // A pending reason only on pending; noShow only on completed.
          assert.strictEqual(next.pendingReason !== null, next.status === "pending")
          if (next.noShow) assert.strictEqual(next.status, "completed")
        }
      ),
      { numRuns: 300 }
    )
  })
})

describe("businessActions: what the back office offers", () => {
  const before = plus(defaultStart, -DAY)
  const after = plus(defaultStart, 10 * MINUTE)
  const none = {
    approve: false,
    reject: false,
    cancel: false,
    reschedule: false,
    markNoShow: false,
    unmarkNoShow: false
  }

  it("follows the lifecycle table and the time", () => {
    assert.deepStrictEqual(businessActions(inState("pending (staff_approval)"), owner, before), {
      ...none,
      approve: true,
      reject: true,
      cancel: true,
      reschedule: true
    })
    assert.deepStrictEqual(businessActions(inState("approved"), owner, before), {
      ...none,
      reject: true,
      cancel: true,
      reschedule: true
    })
    assert.isTrue(businessActions(inState("approved"), owner, after).markNoShow)
    assert.deepStrictEqual(businessActions(inState("completed (no-show)"), owner, after), {
      ...none,
      unmarkNoShow: true
    })
    assert.deepStrictEqual(businessActions(inState("completed"), admin, after), { ...none, markNoShow: true })
    for (const state of ["cancelled", "rejected"] as const) {
      assert.deepStrictEqual(businessActions(inState(state), owner, after), none, state)
    }
  })

  it("offers a staff user only the appointments assigned to them", () => {
    assert.deepStrictEqual(businessActions(inState("approved"), staffNotAssigned, before), none)
    assert.deepStrictEqual(businessActions(inState("approved"), staffUnlinked, before), none)
    assert.isTrue(businessActions(inState("approved"), staffAssigned, before).cancel)
  })

  it("agrees with transition for every state, actor and time", () => {
    const actors = [owner, admin, staffAssigned, staffNotAssigned]
    for (const state of stateNames) {
      for (const actor of actors) {
        for (const now of [before, after]) {
          const a = inState(state)
          const offered = businessActions(a, actor, now)
          const accepted = (command: AppointmentCommand) =>
            Result.isSuccess(transition(a, command, { actor, now }))
          assert.strictEqual(offered.cancel, accepted(commands.Cancel), `${state} cancel`)
          assert.strictEqual(offered.approve, accepted(commands.Approve), `${state} approve`)
        }
      }
    }
  })
})
