import { describe, expect, it } from "vitest"
import {
  buildCreateBody,
  buildPreviewBody,
  type Customer,
  emptyItem,
  type FormContext,
  type FormState,
  fieldOfRefusal,
  fieldPaths,
  type ItemDraft,
  initialForm,
  orderServices,
  placeMessages,
  questionsOf,
  type Service,
  type StaffMember,
  staffForService,
  totals,
  withService
} from "../src/pages/calendar/create/form"
import { amountToInput, currencyDecimals, parseAmount } from "../src/pages/calendar/create/money"
import {
  addDaysToDate,
  instantToWallClock,
  offsetAt,
  wallClockToInstant,
  weekdayOfDate
} from "../src/pages/calendar/create/zonedTime"

const service = (fields: Partial<Service> & Pick<Service, "id" | "name">): Service =>
  ({
    businessId: "biz_1",
    durationMinutes: 45,
    price: { amount: 3500, currency: "EUR" },
    bufferBeforeMinutes: 0,
    bufferAfterMinutes: 0,
    staffIds: [],
    resourceIds: [],
    questionnaire: [],
    rules: null,
    active: true,
    ...fields
  }) as Service

const staffMember = (id: string, active = true): StaffMember =>
  ({ id, businessId: "biz_1", name: id, email: null, phone: null, active }) as unknown as StaffMember

const cut = service({ id: "svc_cut", name: "Cut", staffIds: ["stf_ana", "stf_bob"] })
const colour = service({
  id: "svc_colour",
  name: "Colour",
  durationMinutes: 90,
  price: { amount: 8000, currency: "EUR" },
  staffIds: ["stf_bob"],
  resourceIds: ["res_basin"],
  questionnaire: [
    { id: "allergy", label: "Allergies?", kind: "text", required: true, options: [] },
    { id: "patch", label: "Patch test done", kind: "boolean", required: false, options: [] }
  ]
})
const retired = service({ id: "svc_old", name: "Old", active: false, staffIds: ["stf_ana"] })

const ctx: FormContext = {
  timeZone: "Europe/Paris",
  currency: "EUR",
  locale: "en",
  preferredStaffSelection: true,
  services: [cut, colour, retired]
}

const item = (fields: Partial<ItemDraft>): ItemDraft => ({ ...emptyItem(), ...fields })

/** A form with the given services chosen (prefilled as the dialog does) at 10:00 on 17 March 2026. */
const formWith = (services: ReadonlyArray<Service>, change: Partial<FormState> = {}): FormState => ({
  ...initialForm({ date: "2026-03-17", time: "10:00" }),
  items: services.map((s) => withService(emptyItem(), s, "en")),
  customerMode: "none",
  ...change
})

describe("business wall clock <-> instant", () => {
  it("reads the inputs in the business's zone, not the browser's", () => {
    expect(wallClockToInstant({ date: "2026-03-17", time: "10:00" }, "Europe/Paris")).toBe(
      "2026-03-17T09:00:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-07-17", time: "10:00" }, "Europe/Paris")).toBe(
      "2026-07-17T08:00:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-03-17", time: "10:00" }, "America/New_York")).toBe(
      "2026-03-17T14:00:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-03-17", time: "10:00" }, "Asia/Kolkata")).toBe(
      "2026-03-17T04:30:00.000Z"
    )
  })

  it("moves a time in the spring-forward gap forward by the gap", () => {
    // Paris, 29 March 2026: 02:00 jumps to 03:00; 02:30 does not exist and reads as 03:30 (+02:00).
    expect(wallClockToInstant({ date: "2026-03-29", time: "02:30" }, "Europe/Paris")).toBe(
      "2026-03-29T01:30:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-03-29", time: "03:00" }, "Europe/Paris")).toBe(
      "2026-03-29T01:00:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-03-29", time: "01:59" }, "Europe/Paris")).toBe(
      "2026-03-29T00:59:00.000Z"
    )
  })

  it("takes the earlier offset for a time the autumn change repeats", () => {
    // Paris, 25 October 2026: 02:30 happens at +02:00 (00:30Z) and again at +01:00 (01:30Z).
    expect(wallClockToInstant({ date: "2026-10-25", time: "02:30" }, "Europe/Paris")).toBe(
      "2026-10-25T00:30:00.000Z"
    )
    expect(wallClockToInstant({ date: "2026-10-25", time: "03:00" }, "Europe/Paris")).toBe(
      "2026-10-25T02:00:00.000Z"
    )
  })

  it("refuses what is not a date and a time", () => {
    expect(wallClockToInstant({ date: "", time: "10:00" }, "Europe/Paris")).toBeUndefined()
    expect(wallClockToInstant({ date: "2026-03-17", time: "" }, "Europe/Paris")).toBeUndefined()
    expect(wallClockToInstant({ date: "2026-02-31", time: "10:00" }, "Europe/Paris")).toBeUndefined()
    expect(wallClockToInstant({ date: "2026-03-17", time: "24:00" }, "Europe/Paris")).toBeUndefined()
  })

  it("shows an instant on the business's wall clock, and back", () => {
    expect(instantToWallClock("2026-03-17T09:00:00Z", "Europe/Paris")).toEqual({
      date: "2026-03-17",
      time: "10:00"
    })
    expect(instantToWallClock("2026-03-17T23:30:00Z", "Europe/Paris")).toEqual({
      date: "2026-03-18",
      time: "00:30"
    })
    expect(instantToWallClock("2026-03-17T10:00:00+01:00", "America/New_York")).toEqual({
      date: "2026-03-17",
      time: "05:00"
    })
    expect(instantToWallClock("not a date", "Europe/Paris")).toBeUndefined()
    for (const instant of [
      "2026-01-05T07:15:00.000Z",
      "2026-06-30T22:45:00.000Z",
      "2026-10-25T00:30:00.000Z"
    ]) {
      const clock = instantToWallClock(instant, "Europe/Paris")
      expect(clock).toBeDefined()
      expect(wallClockToInstant(clock!, "Europe/Paris")).toBe(instant)
    }
  })

  it("knows offsets, weekdays and calendar days", () => {
    expect(offsetAt(Date.parse("2026-01-01T12:00:00Z"), "Europe/Paris")).toBe(3_600_000)
    expect(offsetAt(Date.parse("2026-07-01T12:00:00Z"), "Europe/Paris")).toBe(7_200_000)
    expect(weekdayOfDate("2026-03-17")).toBe("tue")
    expect(weekdayOfDate("2026-03-22")).toBe("sun")
    expect(addDaysToDate("2026-03-31", 1)).toBe("2026-04-01")
    expect(addDaysToDate("2028-02-28", 1)).toBe("2028-02-29")
  })
})

describe("amounts typed by hand", () => {
  it("reads major units into minor units, in the currency's decimals", () => {
    expect(parseAmount("45", "EUR")).toBe(4500)
    expect(parseAmount("45.5", "EUR")).toBe(4550)
    expect(parseAmount("45,50", "EUR")).toBe(4550)
    expect(parseAmount(" 1 045,05 ", "EUR")).toBe(104505)
    expect(parseAmount("4550", "JPY")).toBe(4550)
    expect(currencyDecimals("JPY")).toBe(0)
  })

  it("refuses negative, malformed or too precise amounts", () => {
    expect(parseAmount("-5", "EUR")).toBeUndefined()
    expect(parseAmount("abc", "EUR")).toBeUndefined()
    expect(parseAmount("4.555", "EUR")).toBeUndefined()
    expect(parseAmount("45.5", "JPY")).toBeUndefined()
    expect(parseAmount("", "EUR")).toBeUndefined()
  })

  it("writes minor units for an input in the language's decimal separator", () => {
    expect(amountToInput(4550, "EUR", "en")).toBe("45.50")
    expect(amountToInput(4550, "EUR", "fr")).toBe("45,50")
    expect(amountToInput(4550, "JPY", "en")).toBe("4550")
    expect(parseAmount(amountToInput(123456, "EUR", "fr"), "EUR")).toBe(123456)
  })
})

describe("the catalogue in the form", () => {
  it("lists the viewed staff member's active services first", () => {
    const { mine, others } = orderServices(ctx.services, "stf_bob")
    expect(mine.map((s) => s.id)).toEqual(["svc_cut", "svc_colour"])
    expect(others.map((s) => s.id)).toEqual([])
    const ana = orderServices(ctx.services, "stf_ana")
    expect(ana.mine.map((s) => s.id)).toEqual(["svc_cut"])
    expect(ana.others.map((s) => s.id)).toEqual(["svc_colour"])
    expect(orderServices(ctx.services, undefined).others.map((s) => s.id)).toEqual(["svc_cut", "svc_colour"])
  })

  it("offers only the active staff members who perform the service", () => {
    const staff = [staffMember("stf_ana"), staffMember("stf_bob"), staffMember("stf_cy")]
    expect(staffForService(colour, staff).map((s) => s.id)).toEqual(["stf_bob"])
    expect(
      staffForService(cut, [staffMember("stf_ana", false), staffMember("stf_bob")]).map((s) => s.id)
    ).toEqual(["stf_bob"])
    expect(staffForService(cut, staff, "stf_ana").map((s) => s.id)).toEqual(["stf_ana"])
    expect(staffForService(undefined, staff)).toEqual([])
  })

  it("prefills duration and price from the service and keeps a staff member who performs it", () => {
    const chosen = withService(item({ staffId: "stf_ana" }), cut, "fr")
    expect(chosen).toMatchObject({
      serviceId: "svc_cut",
      durationMinutes: "45",
      price: "35,00",
      staffId: "stf_ana"
    })
    // Ana does not do colours: the preferred member (Bob) takes over, else anyone.
    expect(withService(chosen, colour, "en", "stf_bob")).toMatchObject({ staffId: "stf_bob", price: "80.00" })
    expect(withService(chosen, colour, "en", "stf_ana").staffId).toBe("")
    expect(withService(item({ resourceId: "res_other" }), colour, "en").resourceId).toBe("")
  })

  it("collects the chosen services' questions once each", () => {
    const form = formWith([colour, cut, colour])
    expect(questionsOf(form.items, ctx.services).map((q) => q.question.id)).toEqual(["allergy", "patch"])
  })
})

describe("totals", () => {
  it("adds the durations and prices of the chosen services, overrides included", () => {
    const form = formWith([cut, colour])
    expect(totals(form.items, ctx.services, "EUR")).toEqual({
      count: 2,
      durationMinutes: 135,
      price: { amount: 11500, currency: "EUR" }
    })
    const edited = [{ ...form.items[0]!, durationMinutes: "30", price: "20" }, form.items[1]!, emptyItem()]
    expect(totals(edited, ctx.services, "EUR")).toEqual({
      count: 2,
      durationMinutes: 120,
      price: { amount: 10000, currency: "EUR" }
    })
  })

  it("has no total price while a price is not valid", () => {
    const form = formWith([cut, colour])
    const items = [{ ...form.items[0]!, price: "twenty" }, form.items[1]!]
    expect(totals(items, ctx.services, "EUR").price).toBeUndefined()
    expect(totals([emptyItem()], ctx.services, "EUR")).toEqual({
      count: 0,
      durationMinutes: 0,
      price: { amount: 0, currency: "EUR" }
    })
  })
})

describe("the body of POST /v1/appointments", () => {
  it("sends a two-service appointment with overrides only where they differ", () => {
    const form = formWith([cut, colour])
    const items = [
      { ...form.items[0]!, staffId: "stf_ana", price: "30" },
      { ...form.items[1]!, staffId: "stf_bob", resourceId: "res_basin", durationMinutes: "100" }
    ]
    const built = buildCreateBody({ ...form, items }, ctx)
    expect(built).toEqual({
      ok: true,
      body: {
        start: "2026-03-17T09:00:00.000Z",
        items: [
          { serviceId: "svc_cut", staffId: "stf_ana", price: { amount: 3000, currency: "EUR" } },
          { serviceId: "svc_colour", staffId: "stf_bob", resourceId: "res_basin", durationMinutes: 100 }
        ],
        confirmation: "approve"
      }
    })
  })

  it("sends every part the user filled in", () => {
    const form = formWith([colour], {
      customerMode: "new",
      newCustomer: { firstName: " Léa ", lastName: "Martin", email: "lea@example.com", phone: "" },
      requestedByClient: true,
      customerRequest: "Quiet corner please",
      quickNote: "  ",
      appointmentNotes: "Sensitive scalp",
      answers: { allergy: "None", patch: true, unrelated: "dropped" },
      payment: {
        method: "card",
        amountRequested: "20,50",
        status: "deposit_paid",
        instrumentKind: "coupon",
        instrumentReference: "SPRING-10"
      },
      confirmation: "request_client_confirmation",
      allowOutsideHours: true
    })
    const built = buildCreateBody(form, ctx)
    expect(built.ok && built.body).toEqual({
      start: "2026-03-17T09:00:00.000Z",
      items: [{ serviceId: "svc_colour" }],
      customer: { firstName: "Léa", lastName: "Martin", email: "lea@example.com" },
      requestedByClient: true,
      customerRequest: "Quiet corner please",
      appointmentNotes: "Sensitive scalp",
      answers: { allergy: "None", patch: true },
      payment: {
        method: "card",
        status: "deposit_paid",
        amountRequested: { amount: 2050, currency: "EUR" },
        instrument: { kind: "coupon", reference: "SPRING-10" }
      },
      confirmation: "request_client_confirmation",
      allowOutsideHours: true
    })
  })

  it("sends an existing customer by id, and no star where the business does not offer it", () => {
    const customer = { id: "cus_1", firstName: "Léa", lastName: "Martin" } as Customer
    const form = formWith([cut], { customerMode: "existing", customer, requestedByClient: true })
    const built = buildCreateBody(form, { ...ctx, preferredStaffSelection: false })
    expect(built.ok && built.body).toEqual({
      start: "2026-03-17T09:00:00.000Z",
      items: [{ serviceId: "svc_cut" }],
      customerId: "cus_1",
      confirmation: "approve"
    })
  })

  it("sends a recurrence with its end, weekdays in week order, and the conflict choice", () => {
    const form = formWith([cut], {
      repeat: {
        enabled: true,
        frequency: "weekly",
        interval: "2",
        byWeekday: ["thu", "tue"],
        ends: "count",
        count: "6",
        until: "",
        onConflict: "skip"
      }
    })
    const built = buildCreateBody(form, ctx)
    expect(built.ok && built.body).toMatchObject({
      recurrence: { frequency: "weekly", interval: 2, count: 6, byWeekday: ["tue", "thu"] },
      onConflict: "skip"
    })
    const monthly = buildCreateBody(
      { ...form, repeat: { ...form.repeat, frequency: "monthly", ends: "until", until: "2026-12-17" } },
      ctx
    )
    expect(monthly.ok && monthly.body.recurrence).toEqual({
      frequency: "monthly",
      interval: 2,
      until: "2026-12-17"
    })
    const off = buildCreateBody({ ...form, repeat: { ...form.repeat, enabled: false } }, ctx)
    expect(off.ok && "recurrence" in off.body).toBe(false)
    expect(off.ok && "onConflict" in off.body).toBe(false)
  })

  it("lists what to fix, at the API's paths, instead of a body", () => {
    const form: FormState = {
      ...formWith([cut]),
      items: [{ ...withService(emptyItem(), cut, "en"), durationMinutes: "2", price: "1.234" }, emptyItem()],
      date: "",
      customerMode: "existing",
      customer: null,
      payment: {
        method: "on_site",
        amountRequested: "lots",
        status: "unpaid",
        instrumentKind: "package",
        instrumentReference: " "
      },
      repeat: {
        ...initialForm({ date: "", time: "" }).repeat,
        enabled: true,
        interval: "0",
        ends: "until",
        until: "2026-03-01"
      }
    }
    const built = buildCreateBody(form, ctx)
    expect(built.ok).toBe(false)
    expect(!built.ok && built.problems).toEqual([
      { path: "items.0.durationMinutes", key: "durationInvalid" },
      { path: "items.0.price", key: "priceInvalid" },
      { path: "items.1.serviceId", key: "serviceRequired" },
      { path: "start", key: "startInvalid" },
      { path: "customerId", key: "customerRequired" },
      { path: "payment.amountRequested", key: "amountInvalid" },
      { path: "payment.instrument.reference", key: "referenceRequired" },
      { path: "recurrence.interval", key: "intervalInvalid" }
    ])
    const early = formWith([cut], {
      repeat: { ...form.repeat, interval: "1", until: "2026-03-16" }
    })
    expect(buildCreateBody(early, ctx)).toEqual({
      ok: false,
      problems: [{ path: "recurrence.until", key: "untilBeforeStart" }]
    })
    const unnamed = buildCreateBody(
      formWith([cut], {
        customerMode: "new",
        newCustomer: { firstName: " ", lastName: "X", email: "", phone: "" }
      }),
      ctx
    )
    expect(!unnamed.ok && unnamed.problems).toEqual([
      { path: "customer.firstName", key: "firstNameRequired" }
    ])
  })

  it("builds the preview's body from the same items, start and rule", () => {
    const form = formWith([cut, colour], {
      allowOutsideHours: true,
      repeat: { ...initialForm({ date: "", time: "" }).repeat, enabled: true, frequency: "daily", count: "3" }
    })
    expect(buildPreviewBody(form, ctx)).toEqual({
      ok: true,
      body: {
        start: "2026-03-17T09:00:00.000Z",
        items: [{ serviceId: "svc_cut" }, { serviceId: "svc_colour" }],
        recurrence: { frequency: "daily", interval: 1, count: 3 },
        allowOutsideHours: true
      }
    })
    expect(buildPreviewBody({ ...form, repeat: { ...form.repeat, count: "" } }, ctx)).toEqual({
      ok: false,
      problems: [{ path: "recurrence.count", key: "countInvalid" }]
    })
  })
})

describe("the API's messages at the form's fields", () => {
  it("places each message at the most specific field shown, the rest apart", () => {
    const form = formWith([cut, colour], {
      repeat: { ...initialForm({ date: "", time: "" }).repeat, enabled: true }
    })
    const messages = [
      { path: "items.1.price.amount", message: "Expected an integer" },
      { path: "customer.email", message: "Not an email address" },
      { path: "answers.allergy", message: "Required: Allergies?" },
      { path: "recurrence", message: "A recurrence needs exactly one of count or until" },
      { path: "items", message: "Too many" },
      { path: "", message: "Malformed JSON" },
      { path: "Idempotency-Key", message: "1 to 255 visible ASCII characters" }
    ]
    const placed = placeMessages(messages, fieldPaths(form, ctx))
    expect(placed.at.get("items.1.price")?.map((m) => m.message)).toEqual(["Expected an integer"])
    expect(placed.at.get("customer.email")?.map((m) => m.message)).toEqual(["Not an email address"])
    expect(placed.at.get("answers.allergy")?.map((m) => m.message)).toEqual(["Required: Allergies?"])
    expect(placed.at.get("recurrence")?.length).toBe(1)
    expect(placed.at.get("items")?.length).toBe(1)
    expect(placed.at.get("customer")).toBeUndefined()
    expect(placed.unplaced.map((m) => m.path)).toEqual(["", "Idempotency-Key"])
  })

  it("puts recurrence messages apart while the series is off", () => {
    const placed = placeMessages(
      [{ path: "recurrence.count", message: "x" }],
      fieldPaths(formWith([cut]), ctx)
    )
    expect(placed.unplaced.length).toBe(1)
  })

  it("ties a refusal to the field that causes it", () => {
    expect(fieldOfRefusal("slot_unavailable", undefined)).toBe("start")
    expect(fieldOfRefusal("policy_violation", "outside_working_hours")).toBe("start")
    expect(fieldOfRefusal("policy_violation", "past_start")).toBe("start")
    expect(fieldOfRefusal("policy_violation", "staff_not_assigned")).toBe("items")
    expect(fieldOfRefusal("policy_violation", "recurring_prepayment")).toBe("payment")
    expect(fieldOfRefusal("policy_violation", "preferred_staff_disabled")).toBe("requestedByClient")
    expect(fieldOfRefusal("policy_violation", "recurrence_limit")).toBe("recurrence")
    expect(fieldOfRefusal("policy_violation", "something_new")).toBeUndefined()
    expect(fieldOfRefusal("forbidden", undefined)).toBeUndefined()
  })
})
