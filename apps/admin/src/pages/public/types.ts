/**
 * The shapes the customer pages work with, inferred from the typed client of the public routes
 * (the booking page, public availability, the manage link and the staff email link).
 */
import type { InferRequestType, InferResponseType } from "hono/client"
import type { api } from "../../api"

type BusinessRoutes = (typeof api.v1.public.businesses)[":businessId"]
type ManageRoutes = (typeof api.v1.public.manage)[":token"]
type StaffRoutes = (typeof api.v1.public)["staff-actions"][":token"]

/** The online booking page of a business: its summary, services and staff. */
export type PublicBusiness = InferResponseType<BusinessRoutes["$get"], 200>
export type PublicService = PublicBusiness["services"][number]
export type Question = PublicService["questionnaire"][number]

/** Open slots, in the business's time zone. */
export type Availability = InferResponseType<BusinessRoutes["availability"]["$get"], 200>
export type Slot = Availability["slots"][number]

export type BookingInput = InferRequestType<BusinessRoutes["bookings"]["$post"]>["json"]
export type BookingResult = InferResponseType<BusinessRoutes["bookings"]["$post"], 201>

/** The manage page of a customer link: the appointment and which actions are allowed, and why not. */
export type ManagePageData = InferResponseType<ManageRoutes["$get"], 200>
export type PublicAppointment = ManagePageData["appointment"]
export type BusinessSummary = ManagePageData["business"]

/** The page of a staff member's email link: the appointment and whether it may be approved or rejected. */
export type StaffActionData = InferResponseType<StaffRoutes["$get"], 200>
export type StaffLinkInput = InferRequestType<StaffRoutes["$post"]>["json"]

/** Whether an action of a link is possible now, and the reason when it is not. */
export type Allowance = ManagePageData["allowed"]["cancel"] | StaffActionData["allowed"]["approve"]
