/**
 * The online booking page's logic, apart from its rendering: which staff can take the chosen
 * services, what they cost and last, checking the customer's details and answers before sending,
 * and the request to the API built from what the customer chose.
 */
import type { BookingInput, PublicBusiness, PublicService, Question, Slot } from "./types"

/** An appointment holds 1 to 5 services performed back to back (DESIGN §2). */
export const MAX_SERVICES = 5

/** The services chosen, in the order they were chosen (the order they are performed in). */
export const chosenServices = (
  business: Pick<PublicBusiness, "services">,
  ids: ReadonlyArray<string>
): ReadonlyArray<PublicService> =>
  ids.flatMap((id) => business.services.filter((service) => service.id === id))

/** Add a service at the end, or take it out; at most `MAX_SERVICES`. */
export const toggleService = (ids: ReadonlyArray<string>, id: string): ReadonlyArray<string> =>
  ids.includes(id) ? ids.filter((other) => other !== id) : ids.length >= MAX_SERVICES ? ids : [...ids, id]

/** The staff members who perform every chosen service (one of them may be asked for). */
export const staffForServices = (
  business: Pick<PublicBusiness, "staff">,
  services: ReadonlyArray<Pick<PublicService, "staffIds">>
): PublicBusiness["staff"] =>
  services.length === 0
    ? []
    : business.staff.filter((member) => services.every((service) => service.staffIds.includes(member.id)))

/** Total duration in minutes and total price in minor units of the chosen services. */
export const totalsOf = (services: ReadonlyArray<Pick<PublicService, "durationMinutes" | "price">>) => ({
  durationMinutes: services.reduce((sum, s) => sum + s.durationMinutes, 0),
  amount: services.reduce((sum, s) => sum + s.price.amount, 0)
})

/** An answer of the questionnaire: text or a choice as a string, yes/no as a boolean. */
export type Answer = string | boolean

/** The questions of the chosen services, each once (a question id shared by two services is asked once). */
export const questionsOf = (
  services: ReadonlyArray<PublicService>
): ReadonlyArray<{ readonly service: PublicService; readonly questions: ReadonlyArray<Question> }> => {
  const seen = new Set<string>()
  return services
    .map((service) => ({
      service,
      questions: service.questionnaire.filter((q) => {
        if (seen.has(q.id)) return false
        seen.add(q.id)
        return true
      })
    }))
    .filter((group) => group.questions.length > 0)
}

export interface CustomerDetails {
  readonly firstName: string
  readonly lastName: string
  readonly email: string
  readonly phone: string
}

/** Why a field is not ready to send; the page shows each next to its field. */
export type DetailProblem = "required" | "email" | "phone"

// The API's own checks (an address with an @ and a dot in the domain; a phone number of digits,
// spaces and the usual punctuation) are repeated here only to answer before sending.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/
const PHONE = /^\+?[0-9 ().-]{6,20}$/

/**
 * The problems of the customer's details and answers, by field: `customer.firstName`,
 * `customer.email`, `answers.<question id>` (the paths the API uses for the same fields).
 */
export const detailProblems = (
  details: CustomerDetails,
  questions: ReadonlyArray<Question>,
  answers: Readonly<Record<string, Answer>>
): Readonly<Record<string, DetailProblem>> => {
  const problems: Record<string, DetailProblem> = {}
  if (details.firstName.trim() === "") problems["customer.firstName"] = "required"
  if (details.lastName.trim() === "") problems["customer.lastName"] = "required"
  const email = details.email.trim()
  if (email === "") problems["customer.email"] = "required"
  else if (!EMAIL.test(email)) problems["customer.email"] = "email"
  const phone = details.phone.trim()
  if (phone !== "" && !PHONE.test(phone)) problems["customer.phone"] = "phone"
  for (const question of questions) {
    const answer = answers[question.id]
    const empty = answer === undefined || (typeof answer === "string" && answer.trim() === "")
    if (question.required && empty) problems[`answers.${question.id}`] = "required"
  }
  return problems
}

/** The booking request for the chosen slot: each service with the staff member the slot names. */
export const bookingRequest = (params: {
  readonly slot: Slot
  readonly serviceIds: ReadonlyArray<string>
  readonly details: CustomerDetails
  readonly requestedByClient: boolean
  readonly customerRequest: string
  readonly questions: ReadonlyArray<Question>
  readonly answers: Readonly<Record<string, Answer>>
}): BookingInput => {
  const { slot, details } = params
  const phone = details.phone.trim()
  const request = params.customerRequest.trim()
  const answers: Record<string, Answer> = {}
  for (const question of params.questions) {
    const answer = params.answers[question.id]
    if (answer === undefined) continue
    if (typeof answer === "string" && answer.trim() === "") continue
    answers[question.id] = typeof answer === "string" ? answer.trim() : answer
  }
  return {
    start: slot.start,
    items: params.serviceIds.map((serviceId, i) => {
      const staffId = slot.items[i]?.serviceId === serviceId ? slot.items[i]?.staffId : undefined
      return staffId === undefined ? { serviceId } : { serviceId, staffId }
    }),
    customer: {
      firstName: details.firstName.trim(),
      lastName: details.lastName.trim(),
      email: details.email.trim(),
      ...(phone !== "" && { phone })
    },
    ...(params.requestedByClient && { requestedByClient: true }),
    ...(request !== "" && { customerRequest: request }),
    ...(Object.keys(answers).length > 0 && { answers })
  }
}

/**
 * What a refusal of the API about one field means, in the page's own words when it can tell
 * (`undefined`: show the API's message as it is).
 */
export const problemOfPath = (path: string): DetailProblem | undefined => {
  if (path === "customer.email") return "email"
  if (path === "customer.phone") return "phone"
  // The API refuses answers only when a required question is left empty.
  if (path.startsWith("answers.")) return "required"
  return undefined
}

/** Hours and minutes of a duration in minutes. */
export const durationParts = (minutes: number) => ({ hours: Math.floor(minutes / 60), minutes: minutes % 60 })
