import { describe, expect, it } from "vitest"
import {
  bookingRequest,
  chosenServices,
  detailProblems,
  durationParts,
  MAX_SERVICES,
  problemOfPath,
  questionsOf,
  staffForServices,
  toggleService,
  totalsOf
} from "../src/pages/public/booking"
import type { PublicBusiness, PublicService, Question, Slot } from "../src/pages/public/types"

const question = (id: string, required: boolean, kind: Question["kind"] = "text"): Question => ({
  id,
  label: `Question ${id}`,
  kind,
  required,
  options: []
})

const service = (
  id: string,
  staffIds: ReadonlyArray<string>,
  minutes: number,
  cents: number,
  questions: Question[] = []
) =>
  ({
    id,
    name: `Service ${id}`,
    durationMinutes: minutes,
    price: { amount: cents, currency: "EUR" },
    staffIds: [...staffIds],
    questionnaire: questions
  }) satisfies PublicService

const business = {
  services: [
    service("cut", ["ana", "ben", "cleo"], 45, 4500),
    service("colour", ["ana", "cleo"], 90, 7500, [
      question("allergies", true),
      question("first", false, "boolean")
    ]),
    service("facial", ["cleo"], 60, 6000, [question("allergies", true)])
  ],
  staff: [
    { id: "ana", name: "Ana" },
    { id: "ben", name: "Ben" },
    { id: "cleo", name: "Cléo" }
  ]
} satisfies Pick<PublicBusiness, "services" | "staff">

const details = { firstName: " Léa ", lastName: "Dupont", email: " lea@example.com ", phone: "" }

describe("choosing services", () => {
  it("adds services in the order chosen, removes them, and holds at most five", () => {
    let ids: ReadonlyArray<string> = []
    ids = toggleService(ids, "colour")
    ids = toggleService(ids, "cut")
    expect(chosenServices(business, ids).map((s) => s.id)).toEqual(["colour", "cut"])
    expect(toggleService(ids, "colour")).toEqual(["cut"])
    const full = ["a", "b", "c", "d", "e"]
    expect(full).toHaveLength(MAX_SERVICES)
    expect(toggleService(full, "f")).toEqual(full)
    expect(toggleService(full, "c")).toEqual(["a", "b", "d", "e"])
  })

  it("offers only the staff who perform every chosen service", () => {
    const names = (ids: string[]) =>
      staffForServices(business, chosenServices(business, ids)).map((s) => s.id)
    expect(names(["cut"])).toEqual(["ana", "ben", "cleo"])
    expect(names(["cut", "colour"])).toEqual(["ana", "cleo"])
    expect(names(["cut", "colour", "facial"])).toEqual(["cleo"])
    expect(names([])).toEqual([])
  })

  it("adds up durations and prices", () => {
    expect(totalsOf(chosenServices(business, ["cut", "colour"]))).toEqual({
      durationMinutes: 135,
      amount: 12000
    })
    expect(durationParts(135)).toEqual({ hours: 2, minutes: 15 })
    expect(durationParts(45)).toEqual({ hours: 0, minutes: 45 })
  })

  it("asks a question shared by two services once", () => {
    const groups = questionsOf(chosenServices(business, ["colour", "facial"]))
    expect(groups.map((g) => [g.service.id, g.questions.map((q) => q.id)])).toEqual([
      ["colour", ["allergies", "first"]]
    ])
  })
})

describe("detailProblems", () => {
  const questions = [question("allergies", true), question("first", false, "boolean")]

  it("accepts complete details", () => {
    expect(detailProblems(details, questions, { allergies: "None" })).toEqual({})
  })

  it("names each field with a problem by the path the API uses", () => {
    expect(
      detailProblems({ firstName: " ", lastName: "", email: "lea@", phone: "call me" }, questions, {
        allergies: "  "
      })
    ).toEqual({
      "customer.firstName": "required",
      "customer.lastName": "required",
      "customer.email": "email",
      "customer.phone": "phone",
      "answers.allergies": "required"
    })
    expect(detailProblems({ ...details, email: "" }, [], {})).toEqual({ "customer.email": "required" })
  })

  it("takes a no as an answer to a required yes/no question", () => {
    expect(detailProblems(details, [question("consent", true, "boolean")], { consent: false })).toEqual({})
    expect(detailProblems(details, [question("consent", true, "boolean")], {})).toEqual({
      "answers.consent": "required"
    })
  })

  it("reads the API's field paths it can explain", () => {
    expect(problemOfPath("customer.email")).toBe("email")
    expect(problemOfPath("customer.phone")).toBe("phone")
    expect(problemOfPath("answers.allergies")).toBe("required")
    expect(problemOfPath("customer.firstName")).toBeUndefined()
  })
})

describe("bookingRequest", () => {
  const slot: Slot = {
    start: "2026-11-24T09:30:00.000+01:00",
    end: "2026-11-24T11:45:00.000+01:00",
    items: [
      {
        serviceId: "colour",
        staffId: "ana",
        resourceId: null,
        start: "2026-11-24T09:30:00.000+01:00",
        end: "2026-11-24T11:00:00.000+01:00"
      },
      {
        serviceId: "cut",
        staffId: "ben",
        resourceId: null,
        start: "2026-11-24T11:00:00.000+01:00",
        end: "2026-11-24T11:45:00.000+01:00"
      }
    ]
  }

  it("books the slot's start with the staff member the slot names for each service, and trimmed details", () => {
    expect(
      bookingRequest({
        slot,
        serviceIds: ["colour", "cut"],
        details: { ...details, phone: " +33 6 12 34 56 78 " },
        requestedByClient: true,
        customerRequest: "  Natural colour please ",
        questions: [
          question("allergies", true),
          question("first", false, "boolean"),
          question("notes", false)
        ],
        answers: { allergies: " None ", first: false, notes: "   ", stray: "not asked" }
      })
    ).toEqual({
      start: "2026-11-24T09:30:00.000+01:00",
      items: [
        { serviceId: "colour", staffId: "ana" },
        { serviceId: "cut", staffId: "ben" }
      ],
      customer: {
        firstName: "Léa",
        lastName: "Dupont",
        email: "lea@example.com",
        phone: "+33 6 12 34 56 78"
      },
      requestedByClient: true,
      customerRequest: "Natural colour please",
      answers: { allergies: "None", first: false }
    })
  })

  it("leaves out what the customer did not give", () => {
    expect(
      bookingRequest({
        slot,
        serviceIds: ["colour", "cut"],
        details,
        requestedByClient: false,
        customerRequest: " ",
        questions: [],
        answers: {}
      })
    ).toEqual({
      start: slot.start,
      items: [
        { serviceId: "colour", staffId: "ana" },
        { serviceId: "cut", staffId: "ben" }
      ],
      customer: { firstName: "Léa", lastName: "Dupont", email: "lea@example.com" }
    })
  })

  it("lets the API assign a service the slot does not name in the same place", () => {
    const request = bookingRequest({
      slot,
      serviceIds: ["cut", "colour"],
      details,
      requestedByClient: false,
      customerRequest: "",
      questions: [],
      answers: {}
    })
    expect(request.items).toEqual([{ serviceId: "cut" }, { serviceId: "colour" }])
  })
})
