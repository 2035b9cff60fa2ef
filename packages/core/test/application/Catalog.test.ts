import { assert, describe, it } from "@effect/vitest"
import { Effect } from "effect"
import { getBusiness, updateBusiness } from "../../src/application/ManageBusiness.js"
import { updateService, updateStaff } from "../../src/application/ManageCatalog.js"
import { searchCustomers, updateCustomer } from "../../src/application/ManageCustomers.js"
import type { ValidationFailed } from "../../src/domain/Errors.js"
import { layerTest } from "../../src/testing/index.js"
import { salonAtNow } from "../support/salon.js"

describe("settings and catalog patches (RFC 7396)", () => {
  it.effect("merges nested booking rules and keeps what the patch does not name", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const before = yield* getBusiness(salon.business.id)
      const after = yield* updateBusiness(salon.business.id, {
        id: "biz_other",
        bookingRules: { clientCancel: { minNoticeMinutes: 120 } }
      })
      assert.strictEqual(after.id, before.id, "the id is not patchable")
      assert.strictEqual(after.bookingRules.clientCancel.minNoticeMinutes, 120)
      assert.strictEqual(after.bookingRules.clientCancel.enabled, before.bookingRules.clientCancel.enabled)
      assert.deepStrictEqual(after.notifications, before.notifications)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("sets a nested nullable setting with a value and clears it with null", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const on = yield* updateBusiness(salon.business.id, { bookingRules: { noShowApprovalThreshold: 3 } })
      assert.strictEqual(on.bookingRules.noShowApprovalThreshold, 3)
      const off = yield* updateBusiness(salon.business.id, {
        bookingRules: { noShowApprovalThreshold: null }
      })
      assert.isNull(off.bookingRules.noShowApprovalThreshold)
      assert.strictEqual(off.bookingRules.approvalMode, on.bookingRules.approvalMode)
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("refuses a patch that would leave an invalid entity, naming the field", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const error = (yield* updateBusiness(salon.business.id, {
        timezone: "Mars/Olympus_Mons",
        bookingRules: { slotIntervalMinutes: 0 }
      }).pipe(Effect.flip)) as ValidationFailed
      assert.strictEqual(error._tag, "ValidationFailed")
      const paths = error.errors.map((e) => e.path)
      assert.include(paths, "timezone")
      assert.include(paths, "bookingRules.slotIntervalMinutes")
      const unchanged = yield* getBusiness(salon.business.id)
      assert.strictEqual(unchanged.timezone, "Europe/Paris")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("clears a nullable field with null and refuses null for a required one", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      const anna = yield* updateStaff(salon.business.id, salon.anna.id, { phone: null, name: "Anna B." })
      assert.isNull(anna.phone)
      assert.strictEqual(anna.name, "Anna B.")
      assert.deepStrictEqual(anna.workingHours, salon.anna.workingHours)
      const error = yield* updateService(salon.business.id, salon.haircut.id, { name: null }).pipe(
        Effect.flip
      )
      assert.strictEqual(error._tag, "ValidationFailed")
      const unknownStaff = yield* updateService(salon.business.id, salon.haircut.id, {
        staffIds: ["stf_nobody"]
      }).pipe(Effect.flip)
      assert.strictEqual(unknownStaff._tag, "ValidationFailed")
    }).pipe(Effect.provide(layerTest))
  )

  it.effect("finds customers by name, email or phone and updates their profile", () =>
    Effect.gen(function* () {
      const salon = yield* salonAtNow
      assert.deepStrictEqual(
        (yield* searchCustomers(salon.business.id, "mart")).map((c) => c.firstName),
        ["Alice"]
      )
      assert.deepStrictEqual(
        (yield* searchCustomers(salon.business.id, "06 22 22")).map((c) => c.firstName),
        []
      )
      assert.deepStrictEqual(
        (yield* searchCustomers(salon.business.id, "622222")).map((c) => c.firstName),
        ["Bob"]
      )
      const bob = yield* updateCustomer(salon.business.id, salon.bob.id, { email: "bob@example.test" })
      assert.strictEqual(bob.email, "bob@example.test")
      assert.strictEqual(bob.noShowCount, 0)
    }).pipe(Effect.provide(layerTest))
  )
})
