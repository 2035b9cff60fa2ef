import { describe, expect, it } from "vitest"
import type { BusinessSettings } from "../../src/api"
import { customerPatch, newCustomerInput } from "../../src/pages/customers/model"
import { hasStarted, sortPending } from "../../src/pages/needs-attention/model"
import {
  bookingPagePatch,
  detailsPatch,
  notificationsPatch,
  rulesPatch,
  toggleIn
} from "../../src/pages/settings/model"
import {
  groupByEvent,
  insertAt,
  keyId,
  suggestAppointment,
  variableTag
} from "../../src/pages/templates/model"

describe("needs attention", () => {
  it("lists the oldest first: by start, then by when it was asked", () => {
    const a = { id: "a", start: "2026-11-24T10:00:00+01:00", createdAt: "2026-11-20T10:00:00+01:00" }
    const b = { id: "b", start: "2026-11-23T10:00:00+01:00", createdAt: "2026-11-22T10:00:00+01:00" }
    const c = { id: "c", start: "2026-11-23T10:00:00+01:00", createdAt: "2026-11-21T10:00:00+01:00" }
    expect(sortPending([a, b, c]).map((x) => x.id)).toEqual(["c", "b", "a"])
  })

  it("tells a request whose time has passed", () => {
    const now = Date.parse("2026-11-23T10:00:00+01:00")
    expect(hasStarted({ start: "2026-11-23T09:59:00+01:00" }, now)).toBe(true)
    expect(hasStarted({ start: "2026-11-23T10:01:00+01:00" }, now)).toBe(false)
  })
})

describe("customers", () => {
  const current = {
    firstName: "Alice",
    lastName: "Martin",
    email: "alice@example.com",
    phone: null,
    notes: ""
  }

  it("files a customer without empty optional fields", () => {
    expect(newCustomerInput({ firstName: " Zoé ", lastName: "", email: " ", phone: "", notes: "" })).toEqual({
      firstName: "Zoé",
      lastName: ""
    })
  })

  it("patches only what changed; a cleared email is removed", () => {
    expect(
      customerPatch(current, { ...current, email: "alice@example.com", phone: "", notes: "" })
    ).toBeUndefined()
    expect(
      customerPatch(current, { ...current, email: "", phone: "+33 6 11", notes: "Prefers mornings" })
    ).toEqual({
      email: null,
      phone: "+33 6 11",
      notes: "Prefers mornings"
    })
  })
})

const business = {
  id: "biz_1",
  name: "Salon",
  timezone: "Europe/Paris",
  locale: "fr",
  currency: "EUR",
  bookingPageUrl: null,
  bookingRules: {
    approvalMode: "auto",
    minBookingNoticeMinutes: 60,
    maxAdvanceDays: 90,
    slotIntervalMinutes: 15,
    clientCancel: { enabled: true, minNoticeMinutes: 1440 },
    clientReschedule: { enabled: true, minNoticeMinutes: 1440 },
    preferredStaffSelection: false,
    noShowApprovalThreshold: null
  },
  notifications: {
    reminders: [{ offsetMinutes: 1440, channels: ["email"], recipients: ["customer"] }],
    followUp: { enabled: true, delayMinutes: 120 },
    missedAppointmentEmail: { enabled: true }
  }
} satisfies BusinessSettings

describe("settings", () => {
  it("patches the business's details with what changed", () => {
    expect(
      detailsPatch(business, { name: " Salon ", timezone: "Europe/Paris", locale: "fr", currency: "EUR" })
    ).toBe(undefined)
    expect(
      detailsPatch(business, { name: "Salon", timezone: "America/Montreal", locale: "en", currency: "CAD" })
    ).toEqual({
      timezone: "America/Montreal",
      locale: "en",
      currency: "CAD"
    })
  })

  it("patches booking rules key by key, the no-show threshold switched off as null", () => {
    const rules = {
      ...business.bookingRules,
      clientCancel: { enabled: false, minNoticeMinutes: 1440 },
      noShowApprovalThreshold: 2
    }
    expect(rulesPatch(business, rules)).toEqual({
      bookingRules: { clientCancel: { enabled: false }, noShowApprovalThreshold: 2 }
    })
    const off = { ...business, bookingRules: { ...business.bookingRules, noShowApprovalThreshold: 3 } }
    expect(rulesPatch(off, business.bookingRules)).toEqual({
      bookingRules: { noShowApprovalThreshold: null }
    })
    expect(rulesPatch(business, business.bookingRules)).toBeUndefined()
  })

  it("replaces the reminders whole", () => {
    const n = {
      ...business.notifications,
      reminders: [
        ...business.notifications.reminders,
        { offsetMinutes: 120, channels: ["sms" as const], recipients: ["customer" as const] }
      ]
    }
    expect(notificationsPatch(business, n)).toEqual({ notifications: { reminders: n.reminders } })
  })

  it("removes the booking page address when emptied", () => {
    const withUrl = { ...business, bookingPageUrl: "https://salon.example/book" }
    expect(bookingPagePatch(withUrl, "  ")).toEqual({ bookingPageUrl: null })
    expect(bookingPagePatch(business, "")).toBeUndefined()
    expect(bookingPagePatch(business, " https://salon.example ")).toEqual({
      bookingPageUrl: "https://salon.example"
    })
  })

  it("keeps a chosen set in a fixed order", () => {
    expect(toggleIn(["sms"], "email", true, ["email", "sms"])).toEqual(["email", "sms"])
    expect(toggleIn(["email", "sms"], "email", false, ["email", "sms"])).toEqual(["sms"])
  })
})

describe("templates", () => {
  const key = (event: string, recipient: string, channel: string) => ({ event, recipient, channel })

  it("groups templates by event in the order listed", () => {
    const groups = groupByEvent([
      key("pending", "customer", "email"),
      key("pending", "staff", "email"),
      key("reminder", "customer", "sms"),
      key("reminder", "customer", "email")
    ])
    expect(groups.map((g) => [g.event, g.templates.map(keyId)])).toEqual([
      ["pending", ["pending/customer/email", "pending/staff/email"]],
      ["reminder", ["reminder/customer/sms", "reminder/customer/email"]]
    ])
  })

  it("previews on an appointment whose status fits the event, the nearest first", () => {
    const now = Date.parse("2026-11-22T12:00:00Z")
    const make = (id: string, status: string, start: string, extra: object = {}) => ({
      id,
      status,
      start,
      pendingReason: null,
      noShow: false,
      customerId: "cus_1",
      ...extra
    })
    const list = [
      make("old-approved", "approved", "2026-11-01T10:00:00Z"),
      make("next-approved", "approved", "2026-11-25T10:00:00Z"),
      make("later-approved", "approved", "2026-12-20T10:00:00Z"),
      make("cancelled", "cancelled", "2026-11-10T10:00:00Z"),
      make("missed", "completed", "2026-11-15T10:00:00Z", { noShow: true }),
      make("anonymous-cancel", "cancelled", "2026-11-23T10:00:00Z", { customerId: null })
    ]
    expect(suggestAppointment("confirmed", list, now)?.id).toBe("next-approved")
    expect(suggestAppointment("cancelled", list, now)?.id).toBe("cancelled")
    expect(suggestAppointment("missed", list, now)?.id).toBe("missed")
    expect(suggestAppointment("rescheduled", list, now)?.id).toBe("next-approved")
    expect(suggestAppointment("confirmed", [], now)).toBeUndefined()
  })

  it("inserts a variable where the cursor is, replacing the selection", () => {
    expect(variableTag("client.firstName")).toBe("{{ client.firstName }}")
    expect(variableTag("services[].name")).toBeUndefined()
    expect(insertAt("Hello !", "{{ client.firstName }}", 6, 6)).toEqual({
      text: "Hello {{ client.firstName }}!",
      cursor: 28
    })
    expect(insertAt("Hello you", "X", 6, 9)).toEqual({ text: "Hello X", cursor: 7 })
  })
})
