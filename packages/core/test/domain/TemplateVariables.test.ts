/**
 * The keys that have a template (read from the planner's table) and the variables each offers:
 * which paths a template may read, and which it may not.
 */
import { assert, describe, it } from "@effect/vitest"
import { plannedMessageKinds } from "../../src/domain/NotificationPlan.js"
import {
  describeVariables,
  formatVariablePath,
  ITEM,
  isTemplateKey,
  type TemplateKey,
  templateAttachesCalendar,
  templateKeyId,
  templateKeys,
  templateLinks,
  unknownVariables
} from "../../src/domain/TemplateVariables.js"

const key = (id: string): TemplateKey => {
  const [event, recipient, channel] = id.split("/")
  return { event, recipient, channel } as TemplateKey
}

describe("template keys", () => {
  it("are every message the planner writes: the §7 matrix by email, reminders by email and SMS", () => {
    assert.sameMembers(templateKeys.map(templateKeyId), [
      "pending/customer/email",
      "confirm_request/customer/email",
      "confirmed/customer/email",
      "cancelled/customer/email",
      "rejected/customer/email",
      "rescheduled/customer/email",
      "follow_up/customer/email",
      "missed/customer/email",
      "reminder/customer/email",
      "reminder/customer/sms",
      "pending/staff/email",
      "confirmed/staff/email",
      "cancelled/staff/email",
      "rejected/staff/email",
      "rescheduled/staff/email",
      "reminder/staff/email",
      "reminder/staff/sms"
    ])
    assert.isFalse(isTemplateKey(key("confirm_request/staff/email")))
    assert.isFalse(isTemplateKey(key("follow_up/staff/email")))
    assert.isFalse(isTemplateKey(key("confirmed/customer/sms")))
  })

  it("carry the links of every message of their key, and say which attach the calendar file", () => {
    assert.sameMembers([...templateLinks(key("confirm_request/customer/email"))], ["confirm", "manage"])
    assert.sameMembers([...templateLinks(key("pending/staff/email"))], ["approve", "reject"])
    // "new appointment" (no link) and "approved" (reject) share the key: the union.
    assert.sameMembers([...templateLinks(key("confirmed/staff/email"))], ["reject"])
    assert.deepStrictEqual(templateLinks(key("reminder/customer/sms")), [])
    assert.deepStrictEqual(templateKeys.filter(templateAttachesCalendar).map(templateKeyId).sort(), [
      "cancelled/customer/email",
      "confirmed/customer/email",
      "rescheduled/customer/email"
    ])
    assert.strictEqual(plannedMessageKinds.length, templateKeys.length)
  })
})

describe("template variables", () => {
  const confirmed = key("confirmed/customer/email")

  it("accepts what the key offers: records, list items, sizes, first and last", () => {
    const ok: ReadonlyArray<ReadonlyArray<string>> = [
      ["client"],
      ["client", "name"],
      ["business", "name"],
      ["services"],
      ["services", ITEM, "price"],
      ["services", "first", "name"],
      ["services", "size"],
      ["seriesDates", ITEM],
      ["start"],
      ["start", "size"],
      ["links", "manage"],
      ["links", "newBooking"],
      ["isNew"]
    ]
    assert.deepStrictEqual(unknownVariables(confirmed, ok), [])
  })

  it("names what the key does not offer, once each", () => {
    assert.deepStrictEqual(
      unknownVariables(confirmed, [
        ["client", "nickname"],
        ["links", "approve"],
        ["message"],
        ["services", ITEM, "nme"],
        ["services", ITEM, "nme"],
        ["start", "day"],
        ["client", "constructor"],
        ["toString"],
        ["services", "0"]
      ]),
      [
        "client.nickname",
        "links.approve",
        "message",
        "services[].nme",
        "start.day",
        "client.constructor",
        "toString",
        "services.0"
      ]
    )
    assert.deepStrictEqual(unknownVariables(key("cancelled/customer/email"), [["message"], ["isNew"]]), [
      "isNew"
    ])
    assert.deepStrictEqual(unknownVariables(key("rejected/staff/email"), [["reason"], ["previousStart"]]), [
      "previousStart"
    ])
  })

  it("are described leaf by leaf", () => {
    const names = describeVariables(key("pending/staff/email")).map((v) => v.name)
    for (const name of [
      "client.name",
      "services",
      "services[].duration",
      "links.approve",
      "links.reject",
      "seriesDates"
    ]) {
      assert.include(names, name)
    }
    assert.notInclude(names, "links.manage")
    assert.strictEqual(formatVariablePath(["services", ITEM, "name"]), "services[].name")
  })
})
