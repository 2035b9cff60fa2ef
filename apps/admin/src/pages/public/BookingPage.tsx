/**
 * Online booking (`/book/:businessId`), made for phones: choose one or several services and,
 * optionally, who; pick a time from the public availability; give name, email, phone, a request
 * and the services' questions; book. The answer says whether the appointment is confirmed or
 * awaits the business's approval. A time taken meanwhile sends the customer back to the times
 * still free; other refusals are explained next to the field or in the business's words.
 *
 * `?service=<id>` (repeatable) and `?staff=<id>` preselect services and a staff member, for links
 * from a business's own site.
 */
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { useCallback, useEffect, useId, useMemo, useRef, useState } from "react"
import { useTranslation } from "react-i18next"
import { useParams, useSearchParams } from "react-router"
import { api, isApiError, unwrap } from "../../api"
import { Loading } from "../../components/Loading"
import { PageHeader } from "../../components/PageHeader"
import { formatDateTime, formatMoney } from "../../format"
import { AppointmentSummary } from "./AppointmentSummary"
import { BookingDetails, type DetailsState, emptyDetails } from "./BookingDetails"
import {
  bookingRequest,
  chosenServices,
  detailProblems,
  durationParts,
  MAX_SERVICES,
  questionsOf,
  staffForServices,
  toggleService,
  totalsOf
} from "./booking"
import { useIdempotencyKey } from "./idempotency"
import styles from "./Public.module.css"
import { LinkFailure } from "./PublicNotice"
import { isSlotRefusal } from "./problems"
import { SlotPicker } from "./SlotPicker"
import type { BookingInput, BookingResult, PublicBusiness, Slot } from "./types"
import { useBusinessLocale } from "./useBusinessLocale"

type Step = "services" | "time" | "details"
const steps: ReadonlyArray<Step> = ["services", "time", "details"]

const businessKey = (businessId: string) => ["public", "businesses", businessId] as const

export const BookingPage = () => {
  const { t } = useTranslation()
  const { businessId = "" } = useParams()
  const business = useQuery({
    queryKey: businessKey(businessId),
    queryFn: () => unwrap(api.v1.public.businesses[":businessId"].$get({ param: { businessId } })),
    staleTime: 5 * 60_000
  })
  useBusinessLocale(business.data?.locale)

  if (business.data === undefined) {
    if (business.isPending) return <Loading />
    return (
      <LinkFailure
        error={business.error}
        title={t("public.booking")}
        onRetry={() => void business.refetch()}
        unknown={{
          title: t("public.bookingPage.unknownTitle"),
          text: t("public.bookingPage.unknown"),
          hint: t("public.bookingPage.unknownHint")
        }}
      />
    )
  }
  return <BookingFlow business={business.data} />
}

/** "45 min", "1 h 30". */
const useDuration = () => {
  const { t } = useTranslation()
  return useCallback(
    (total: number) => {
      const { hours, minutes } = durationParts(total)
      if (hours === 0) return t("public.duration.minutes", { minutes })
      if (minutes === 0) return t("public.duration.hours", { hours })
      return t("public.duration.hoursMinutes", { hours, minutes: String(minutes).padStart(2, "0") })
    },
    [t]
  )
}

const BookingFlow = ({ business }: { readonly business: PublicBusiness }) => {
  const { t, i18n } = useTranslation()
  const locale = i18n.language
  const queryClient = useQueryClient()
  const idempotencyKey = useIdempotencyKey()
  const duration = useDuration()
  const [search] = useSearchParams()
  const headingRef = useRef<HTMLHeadingElement>(null)

  const [step, setStep] = useState<Step>("services")
  const [serviceIds, setServiceIds] = useState<ReadonlyArray<string>>(() =>
    search
      .getAll("service")
      .filter((id) => business.services.some((s) => s.id === id))
      .slice(0, MAX_SERVICES)
  )
  const [staffId, setStaffId] = useState(() => search.get("staff") ?? "")
  const [slot, setSlot] = useState<Slot | null>(null)
  const [slotProblem, setSlotProblem] = useState<unknown>(null)
  const [details, setDetails] = useState<DetailsState>(emptyDetails)
  const [booked, setBooked] = useState<BookingResult | null>(null)

  const services = useMemo(() => chosenServices(business, serviceIds), [business, serviceIds])
  const eligibleStaff = useMemo(() => staffForServices(business, services), [business, services])
  // A staff member who does not perform every chosen service falls back to "anyone".
  const staff = eligibleStaff.some((s) => s.id === staffId) ? staffId : ""
  const staffName = (id: string) => business.staff.find((s) => s.id === id)?.name ?? ""
  const totals = totalsOf(services)
  const questionGroups = useMemo(() => questionsOf(services), [services])
  const questions = useMemo(() => questionGroups.flatMap((g) => g.questions), [questionGroups])
  const availabilityKey = ["public", "businesses", business.id, "availability"] as const

  const goTo = (next: Step) => {
    setStep(next)
    // The new step starts at its heading, for everyone (scrolled to) and for screen readers (focused).
    requestAnimationFrame(() => {
      headingRef.current?.focus()
      headingRef.current?.scrollIntoView({ block: "start" })
    })
  }

  const book = useMutation({
    mutationFn: (input: BookingInput) =>
      unwrap(
        api.v1.public.businesses[":businessId"].bookings.$post(
          { param: { businessId: business.id }, json: input },
          { headers: idempotencyKey(input) }
        )
      ),
    onSuccess: (result) => {
      setBooked(result)
      void queryClient.invalidateQueries({ queryKey: availabilityKey })
      requestAnimationFrame(() => window.scrollTo({ top: 0 }))
    },
    onError: (error) => {
      if (!isSlotRefusal(error)) return
      // Someone took the time meanwhile (or it is no longer offered): back to the free times.
      setSlot(null)
      setSlotProblem(error)
      void queryClient.invalidateQueries({ queryKey: availabilityKey })
      goTo("time")
    }
  })

  const submit = () => {
    if (slot === null) return
    setDetails((d) => ({ ...d, checked: true }))
    if (Object.keys(detailProblems(details.customer, questions, details.answers)).length > 0) return
    book.mutate(
      bookingRequest({
        slot,
        serviceIds,
        details: details.customer,
        requestedByClient: business.preferredStaffSelection && staff !== "" && details.requestedByClient,
        customerRequest: details.customerRequest,
        questions,
        answers: details.answers
      })
    )
  }

  const startOver = () => {
    setBooked(null)
    setServiceIds([])
    setSlot(null)
    setSlotProblem(null)
    setDetails((d) => ({ ...emptyDetails, customer: d.customer }))
    book.reset()
    setStep("services")
  }

  const when = (instant: string) =>
    formatDateTime(
      instant,
      { locale, timeZone: business.timezone },
      { weekday: "long", day: "numeric", month: "long", hour: "numeric", minute: "2-digit" }
    )

  if (booked !== null) {
    return (
      <BookingDone business={business} result={booked} email={details.customer.email} onAgain={startOver} />
    )
  }

  const stepTitle = {
    services: t("public.bookingPage.servicesTitle"),
    time: t("public.bookingPage.timeTitle"),
    details: t("public.bookingPage.detailsTitle")
  }[step]
  const current = steps.indexOf(step)

  return (
    <div className={styles.page}>
      <div className={styles.intro}>
        <PageHeader title={business.name} />
        <p className="muted">{t("public.bookingPage.intro")}</p>
      </div>

      <ol className={styles.steps} aria-label={t("public.bookingPage.progress")}>
        {steps.map((s, i) => (
          <li
            key={s}
            aria-current={s === step ? "step" : undefined}
            data-state={i < current ? "done" : i === current ? "current" : "next"}
          >
            {t("public.bookingPage.stepLabel", { number: i + 1, name: t(`public.bookingPage.steps.${s}`) })}
          </li>
        ))}
      </ol>

      <section className={styles.card} aria-labelledby="booking-step">
        <h2 id="booking-step" ref={headingRef} tabIndex={-1}>
          {stepTitle}
        </h2>

        {step === "services" && (
          <ServicesStep
            business={business}
            serviceIds={serviceIds}
            onToggle={(id) => {
              setServiceIds((ids) => toggleService(ids, id))
              setSlot(null)
            }}
            staffId={staff}
            eligibleStaff={eligibleStaff}
            onStaff={(id) => {
              setStaffId(id)
              setSlot(null)
            }}
            totals={t("public.bookingPage.totals", {
              duration: duration(totals.durationMinutes),
              price: formatMoney({ amount: totals.amount, currency: business.currency }, locale)
            })}
            duration={duration}
            onContinue={() => goTo("time")}
          />
        )}

        {step === "time" && (
          <>
            <p className="muted">
              {services.map((s) => s.name).join(" + ")} ·{" "}
              {staff === ""
                ? t("public.bookingPage.anyone")
                : t("public.bookingPage.with", { name: staffName(staff) })}
            </p>
            {slotProblem !== null && (
              <div className="alert alert-warning" role="alert">
                <p className="alert-title">
                  {isApiError(slotProblem) && slotProblem.code === "slot_unavailable"
                    ? t("public.bookingPage.slotTaken")
                    : t("public.bookingPage.slotGone")}
                </p>
                <p>{t("public.bookingPage.slotPickAnother")}</p>
              </div>
            )}
            <SlotPicker
              queryKey={[...availabilityKey, serviceIds, staff]}
              load={(from, to) =>
                unwrap(
                  api.v1.public.businesses[":businessId"].availability.$get({
                    param: { businessId: business.id },
                    query: { serviceId: [...serviceIds], from, to, ...(staff !== "" && { staffId: staff }) }
                  })
                )
              }
              timeZone={business.timezone}
              selected={slot?.start ?? null}
              onSelect={(chosen) => {
                setSlot(chosen)
                setSlotProblem(null)
              }}
            />
            {slot !== null && (
              <p className={styles.chosen} role="status">
                <span>
                  {t("public.bookingPage.chosenTime", {
                    when: when(slot.start),
                    name: [...new Set(slot.items.map((i) => staffName(i.staffId)))].join(", ")
                  })}
                </span>
              </p>
            )}
            <div className={styles.buttons}>
              <button type="button" className="button" onClick={() => goTo("services")}>
                {t("public.form.back")}
              </button>
              <button
                type="button"
                className="button button-primary"
                disabled={slot === null}
                onClick={() => goTo("details")}
              >
                {t("public.form.continue")}
              </button>
            </div>
          </>
        )}

        {step === "details" && slot !== null && (
          <>
            <div className={styles.chosen}>
              <p>
                <strong>{services.map((s) => s.name).join(" + ")}</strong>
              </p>
              <p>
                {t("public.bookingPage.chosenTime", {
                  when: when(slot.start),
                  name: [...new Set(slot.items.map((i) => staffName(i.staffId)))].join(", ")
                })}
              </p>
              <p>
                {t("public.bookingPage.totals", {
                  duration: duration(totals.durationMinutes),
                  price: formatMoney({ amount: totals.amount, currency: business.currency }, locale)
                })}
              </p>
              <p>
                <button type="button" className="button button-small" onClick={() => goTo("time")}>
                  {t("public.bookingPage.changeTime")}
                </button>
              </p>
            </div>
            <BookingDetails
              business={business}
              questionGroups={questionGroups}
              offerRequested={business.preferredStaffSelection && staff !== ""}
              staffName={staffName(staff)}
              state={details}
              onChange={setDetails}
              error={book.error}
              pending={book.isPending}
              onBack={() => goTo("time")}
              onSubmit={submit}
            />
          </>
        )}
      </section>
    </div>
  )
}

const ServicesStep = ({
  business,
  serviceIds,
  onToggle,
  staffId,
  eligibleStaff,
  onStaff,
  totals,
  duration,
  onContinue
}: {
  readonly business: PublicBusiness
  readonly serviceIds: ReadonlyArray<string>
  readonly onToggle: (id: string) => void
  readonly staffId: string
  readonly eligibleStaff: PublicBusiness["staff"]
  readonly onStaff: (id: string) => void
  readonly totals: string
  readonly duration: (minutes: number) => string
  readonly onContinue: () => void
}) => {
  const { t, i18n } = useTranslation()
  const staffSelect = useId()
  const full = serviceIds.length >= MAX_SERVICES
  if (business.services.length === 0) return <p>{t("public.bookingPage.noServices")}</p>
  return (
    <>
      <fieldset className={styles.options}>
        <legend className={styles.legendHint}>
          {t("public.bookingPage.servicesHint", { max: MAX_SERVICES })}
        </legend>
        {business.services.map((service) => {
          const order = serviceIds.indexOf(service.id)
          const checked = order >= 0
          return (
            <label key={service.id} className={styles.option}>
              <input
                type="checkbox"
                checked={checked}
                disabled={!checked && full}
                onChange={() => onToggle(service.id)}
              />
              <span className={styles.optionBody}>
                <span className={styles.optionName}>
                  {checked && serviceIds.length > 1 && (
                    <span className={styles.optionOrder} aria-hidden="true">
                      {order + 1}
                    </span>
                  )}
                  {service.name}
                </span>
                <span className="muted">
                  {duration(service.durationMinutes)} · {formatMoney(service.price, i18n.language)}
                </span>
              </span>
            </label>
          )
        })}
      </fieldset>
      {serviceIds.length > 1 && <p className="field-hint">{t("public.bookingPage.backToBack")}</p>}
      {full && (
        <p className="field-hint" role="status">
          {t("public.bookingPage.maxServices", { max: MAX_SERVICES })}
        </p>
      )}

      {serviceIds.length > 0 && (
        <div className="field">
          <label htmlFor={staffSelect}>{t("public.bookingPage.staffLabel")}</label>
          <select
            id={staffSelect}
            className="select"
            value={staffId}
            onChange={(event) => onStaff(event.target.value)}
          >
            <option value="">{t("public.bookingPage.anyone")}</option>
            {eligibleStaff.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </select>
          {eligibleStaff.length === 0 && (
            <p className="field-hint">{t("public.bookingPage.noSingleStaff")}</p>
          )}
        </div>
      )}

      {serviceIds.length > 0 && <p className={styles.totals}>{totals}</p>}

      <div className={styles.buttons}>
        <span />
        <button
          type="button"
          className="button button-primary"
          disabled={serviceIds.length === 0}
          onClick={onContinue}
        >
          {t("public.form.continue")}
        </button>
      </div>
    </>
  )
}

const BookingDone = ({
  business,
  result,
  email,
  onAgain
}: {
  readonly business: PublicBusiness
  readonly result: BookingResult
  readonly email: string
  readonly onAgain: () => void
}) => {
  const { t } = useTranslation()
  const pending = result.appointment.status === "pending"
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <div className={styles.page}>
      <PageHeader title={business.name} />
      <div className={styles.done} data-tone={pending ? "warning" : "success"} role="status">
        <h2 ref={heading} tabIndex={-1}>
          {pending ? t("public.bookingPage.doneRequested") : t("public.bookingPage.doneConfirmed")}
        </h2>
        {pending && <p>{t("public.bookingPage.doneRequestedText", { business: business.name })}</p>}
        <p>
          {result.customerNotified
            ? t("public.bookingPage.doneEmailed", { email: email.trim() })
            : t("public.bookingPage.doneNotEmailed")}
        </p>
      </div>
      <div className={styles.card}>
        <AppointmentSummary appointment={result.appointment} business={business} />
      </div>
      <div className={styles.buttons}>
        <span />
        <button type="button" className="button" onClick={onAgain}>
          {t("public.bookingPage.again")}
        </button>
      </div>
    </div>
  )
}
