/**
 * The admin app end to end, in a real browser against the built server with its demo business:
 * signing in; booking two services from the calendar's dialog; moving the appointment by
 * dragging it; cancelling it with a message for the customer; an online booking under manual
 * approval, approved from the staff member's email link; a customer moving their appointment from
 * the manage link; a weekly series. What the pages show is checked, and what the API then holds
 * (appointments, the messages of the delivery log with their links).
 */
import type { Browser, Locator, Page } from "playwright-core"
import { afterAll, beforeAll, describe, expect, it } from "vitest"
import {
  addDays,
  apiClient,
  byDay,
  type Client,
  call,
  catalogue,
  dayFreeAt,
  linkIn,
  localOf,
  messageTo,
  outbox,
  today,
  wallClock
} from "./support/api"
import { clearArtifacts, DEMO_OWNER, launchBrowser, runScenario, type Scenario } from "./support/browser"
import { type Server, startServer } from "./support/server"
import { dayLabel, en, fill, fullDate, loosely, normalize, rangeText, timeText } from "./support/text"

let server: Server
let browser: Browser
let api: Client

beforeAll(async () => {
  clearArtifacts()
  const [started, launched] = await Promise.allSettled([startServer(), launchBrowser()])
  if (started.status === "fulfilled") server = started.value
  if (launched.status === "fulfilled") browser = launched.value
  if (started.status === "rejected") throw started.reason
  if (launched.status === "rejected") throw launched.reason
  api = apiClient(server.baseUrl, server.apiKey)
})

afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const scenario = (name: string, title: string, body: (s: Scenario) => Promise<void>) =>
  it(title, () => runScenario(browser, server.baseUrl, name, body))

/** Wait until the element's text (white space normalized) contains `expected`. */
const waitForText = async (locator: Locator, expected: string) => {
  await expect
    .poll(async () => normalize(await locator.textContent()), { timeout: 20_000 })
    .toContain(normalize(expected))
}

/** Where an element is once it stops moving (the calendar scrolls itself as it lays out). */
const settledBox = async (locator: Locator) => {
  let last = await locator.boundingBox()
  for (let i = 0; i < 50; i++) {
    await locator.page().evaluate(() => new Promise((resolve) => requestAnimationFrame(resolve)))
    const now = await locator.boundingBox()
    if (now !== null && last !== null && now.x === last.x && now.y === last.y && now.height === last.height)
      return now
    last = now
  }
  throw new Error(`${locator} does not stay in place`)
}

/** The calendar's grid (its region is named "Appointments, <period>"). */
const calendarGrid = (page: Page) =>
  page.getByRole("region", { name: loosely(fill(en.calendar.gridLabel, { period: "" }), { start: true }) })

/** The id of the appointment opened in the calendar's address (`?appointment=`). */
const openedAppointment = async (page: Page) => {
  await page.waitForURL(/[?&]appointment=/)
  const id = new URL(page.url()).searchParams.get("appointment")
  if (id === null) throw new Error(`No appointment in ${page.url()}`)
  return id
}

const appointment = (id: string) => call(api.v1.appointments[":id"].$get({ param: { id } }))

// The appointment of scenarios 2 to 4: booked in the create dialog, moved, then cancelled.
const zoe = { firstName: "Zoé", lastName: "Lambert", email: "zoe.lambert@example.com" } as const
const zoeName = `${zoe.firstName} ${zoe.lastName}`
let booked: { readonly id: string; readonly day: string } | undefined

/**
 * Inès, the two services of Zoé's appointment (Coupe homme then Coupe femme), and a day from the
 * fourth on when Inès is free for both at 10:00 (where it is booked) and at 13:00 (where it moves).
 */
const twoServices = async () => {
  const { staffNamed, serviceNamed } = await catalogue(api)
  const ines = staffNamed("Inès Moreau")
  const services = [serviceNamed("Coupe homme"), serviceNamed("Coupe femme")] as const
  const day = await dayFreeAt(
    api,
    { serviceIds: services.map((s) => s.id), staffId: ines.id },
    { from: addDays(today(), 3), to: addDays(today(), 30) },
    ["10:00", "13:00"]
  )
  return { ines, services, day }
}

/**
 * Zoé's appointment as scenario 2 booked it, or, when that scenario failed before booking, the
 * same booked through the API, so that the scenarios after it still test their own step.
 */
const bookedAppointment = async () => {
  if (booked !== undefined) return booked
  const { ines, services, day } = await twoServices()
  const created = await call(
    api.v1.appointments.$post({
      json: {
        start: new Date(wallClock(day, "10:00")).toISOString(),
        items: services.map((s) => ({ serviceId: s.id, staffId: ines.id })),
        customer: zoe
      }
    })
  )
  booked = { id: created.appointment.id, day }
  return booked
}

describe("the admin app in a browser", () => {
  scenario(
    "1-sign-in",
    "signs in: a wrong password is refused, the right one opens the calendar",
    async (s) => {
      const { page } = s
      await page.goto("/calendar")
      await page.waitForURL(/\/sign-in$/)
      await page.getByLabel(en.signIn.email, { exact: true }).fill(DEMO_OWNER.email)
      await page.getByLabel(en.signIn.password, { exact: true }).fill("not-the-password")
      await page.getByRole("button", { name: en.signIn.submit, exact: true }).click()
      await page.getByRole("alert").filter({ hasText: en.problems.unauthorized }).waitFor()
      expect(new URL(page.url()).pathname).toBe("/sign-in")
      await s.shot("wrong-password")

      await page.getByLabel(en.signIn.password, { exact: true }).fill(DEMO_OWNER.password)
      await page.getByRole("button", { name: en.signIn.submit, exact: true }).click()
      await page.waitForURL(/\/calendar/)
      await page.getByRole("heading", { level: 1, name: en.calendar.title }).waitFor()
      await calendarGrid(page).waitFor()
      expect(await page.getByRole("alert").count()).toBe(0)
      await s.shot("calendar")
    }
  )

  scenario("2-create", "books two services for a new customer from the calendar's dialog", async (s) => {
    const { page } = s
    await s.signIn()
    const { ines, services, day } = await twoServices()
    const [mens, womens] = services
    await page.goto(`/calendar?view=day&date=${day}&staff=${ines.id}`)
    await page.getByRole("button", { name: en.calendar.newAppointment, exact: true }).click()
    const dialog = page.getByRole("dialog", { name: en.create.title })
    await dialog.waitFor()

    const item = (number: number) =>
      dialog.getByRole("listitem").filter({
        has: page.getByRole("heading", {
          name: loosely(fill(en.create.items.itemTitle, { number }), { start: true })
        })
      })
    await item(1).getByLabel(en.create.items.service, { exact: true }).selectOption(mens.id)
    await item(1).getByLabel(en.create.items.staff, { exact: true }).selectOption(ines.id)
    await dialog.getByRole("button", { name: en.create.items.add, exact: true }).click()
    await item(2).getByLabel(en.create.items.service, { exact: true }).selectOption(womens.id)
    await item(2).getByLabel(en.create.items.staff, { exact: true }).selectOption(ines.id)
    await dialog.getByLabel(en.create.when.date, { exact: true }).fill(day)
    await dialog.getByLabel(en.create.when.time, { exact: true }).fill("10:00")

    // The modes are a segmented control: its labels take the clicks.
    await dialog.locator("label").filter({ hasText: en.create.customer.modes.new }).click()
    expect(
      await dialog.getByRole("radio", { name: en.create.customer.modes.new, exact: true }).isChecked()
    ).toBe(true)
    await dialog.getByLabel(en.create.customer.firstName).fill(zoe.firstName)
    await dialog.getByLabel(en.create.customer.lastName, { exact: true }).fill(zoe.lastName)
    await dialog.getByLabel(en.create.customer.email, { exact: true }).fill(zoe.email)
    await waitForText(dialog, fill(en.create.footer.services_other, { count: 2 }))
    await s.shot("filled")

    await dialog.getByRole("button", { name: en.create.submit, exact: true }).click()
    await dialog.waitFor({ state: "hidden" })
    const id = await openedAppointment(page)
    booked = { id, day }

    // The details open on the new appointment; closed, the calendar shows it at its time.
    const panel = page.getByRole("dialog", { name: zoeName })
    await waitForText(panel, mens.name)
    await waitForText(panel, womens.name)
    await panel.getByRole("button", { name: en.calendar.details.close, exact: true }).click()
    await panel.waitFor({ state: "hidden" })
    const event = calendarGrid(page).getByRole("button", { name: loosely(zoeName) })
    await event.waitFor()
    const label = normalize(await event.textContent())
    expect(label).toContain(`${mens.name}, ${womens.name}`)
    expect(label).toContain("10:00 AM")
    await s.shot("on-calendar")

    const saved = await appointment(id)
    expect(saved.status).toBe("approved")
    expect(Date.parse(saved.start)).toBe(wallClock(day, "10:00"))
    expect(saved.items.map((i) => [i.serviceId, i.staffId])).toEqual([
      [mens.id, ines.id],
      [womens.id, ines.id]
    ])
    expect(saved.customer?.email).toBe(zoe.email)
  })

  scenario("3-drag", "moves the appointment by dragging it, telling the customer only", async (s) => {
    const { page } = s
    await s.signIn()
    const { id, day } = await bookedAppointment()
    const before = await appointment(id)
    const inesId = before.items[0]?.staffId ?? ""
    await page.goto(`/calendar?view=day&date=${day}&staff=${inesId}`)
    const grid = calendarGrid(page)
    const event = grid.getByRole("button", { name: loosely(zoeName) })
    await event.waitFor()
    await event.evaluate((element) => element.scrollIntoView({ block: "start" }))

    // Three hours later in the same column: an hour is one slot group of the day's column. The
    // grid places the event's top in the slot under it (rounding down): aim at that slot's middle.
    const hour = await settledBox(grid.locator(".rbc-day-slot .rbc-timeslot-group").first())
    const box = await settledBox(event)
    const x = box.x + box.width / 2
    const y = box.y + Math.min(12, box.height / 2)
    await page.mouse.move(x, y)
    await page.mouse.down()
    await page.mouse.move(x, y + 8, { steps: 2 })
    await page.mouse.move(x, y + 3 * hour.height + hour.height / 8, { steps: 12 })
    await page.mouse.up()

    const confirm = page.getByRole("dialog", { name: en.calendar.move.title })
    await confirm.waitFor()
    const start = wallClock(day, "13:00")
    const end = start + (Date.parse(before.end) - Date.parse(before.start))
    await waitForText(confirm, rangeText(start, end))
    const tellCustomer = confirm.getByRole("checkbox", { name: en.calendar.notify.customer, exact: true })
    const tellStaff = confirm.getByRole("checkbox", { name: en.calendar.notify.staff, exact: true })
    expect(await tellCustomer.isChecked()).toBe(true)
    await tellStaff.uncheck()
    await s.shot("confirm")
    await confirm.getByRole("button", { name: en.calendar.move.confirm, exact: true }).click()
    await confirm.waitFor({ state: "hidden" })

    await page
      .getByText(loosely(fill(en.calendar.move.done, { name: zoeName, time: rangeText(start, end) })))
      .waitFor()
    await waitForText(grid.getByRole("button", { name: loosely(zoeName) }), timeText(start))
    await s.shot("moved")

    const moved = await appointment(id)
    expect(Date.parse(moved.start)).toBe(start)
    expect(moved.status).toBe("rescheduled")
    const customerMessage = await messageTo(api, zoe.email, "rescheduled", { appointmentId: id })
    expect(customerMessage.recipientRole).toBe("customer")
    const toStaff = (await outbox(api, id)).filter(
      (m) => m.event === "rescheduled" && m.recipientRole === "staff"
    )
    expect(toStaff).toEqual([])
  })

  scenario("4-cancel", "cancels the appointment with a message the customer receives", async (s) => {
    const { page } = s
    await s.signIn()
    const { id } = await bookedAppointment()
    const message = "Inès est malade ce jour-là : nous vous rappelons pour un autre créneau."
    await page.goto(`/calendar?appointment=${id}`)
    const panel = page.getByRole("dialog", { name: zoeName })
    await panel.getByRole("button", { name: en.calendar.actions.cancel, exact: true }).click()
    const dialog = page.getByRole("dialog", { name: en.calendar.cancel.title })
    await dialog.getByLabel(en.calendar.cancel.message).fill(message)
    await s.shot("message")
    await dialog.getByRole("button", { name: en.calendar.cancel.submit, exact: true }).click()
    await dialog.waitFor({ state: "hidden" })
    await panel.getByText(en.calendar.done.cancel).waitFor()
    await waitForText(panel, message)
    await s.shot("cancelled")

    const cancelled = await appointment(id)
    expect(cancelled.status).toBe("cancelled")
    expect(cancelled.cancellationMessage).toBe(message)
    const sent = await messageTo(api, zoe.email, "cancelled", { appointmentId: id })
    expect(sent.recipientRole).toBe("customer")
    expect(normalize(sent.text)).toContain(normalize(message))
  })

  scenario("5-approval", "books online under manual approval and approves from the email link", async (s) => {
    const { page, context } = s
    const business = await call(api.v1.business.$get())
    try {
      // The owner requires approval of online bookings in the settings.
      await s.signIn()
      await page.goto("/settings")
      const rules = page.getByRole("form", { name: en.settings.rules.title, exact: true })
      await rules.getByLabel(en.settings.rules.approvalMode, { exact: true }).selectOption("manual")
      await rules.getByRole("button", { name: en.backOffice.save, exact: true }).click()
      await rules.getByText(en.settings.rules.saved).waitFor()
      expect((await call(api.v1.business.$get())).bookingRules.approvalMode).toBe("manual")
      await context.clearCookies()

      // A customer books a men's cut with Hugo on the booking page.
      const { staffNamed, serviceNamed } = await catalogue(api)
      const hugo = staffNamed("Hugo Bernard")
      const cut = serviceNamed("Coupe homme")
      const from = today()
      const offered = await call(
        api.v1.public.businesses[":businessId"].availability.$get({
          param: { businessId: business.id },
          query: { serviceId: [cut.id], staffId: hugo.id, from, to: addDays(from, 6) }
        })
      )
      const [day, slots] = [...byDay(offered.slots)].find(([date]) => date >= addDays(from, 2)) ?? []
      const slot = slots?.find((x) => x.time >= "11:00") ?? slots?.[0]
      if (day === undefined || slot === undefined) throw new Error("Hugo has no free time this week")

      await page.goto(`/book/${business.id}`)
      await page.getByRole("checkbox", { name: loosely(cut.name) }).check()
      await page.getByLabel(en.public.bookingPage.staffLabel, { exact: true }).selectOption(hugo.id)
      await page.getByRole("button", { name: en.public.form.continue, exact: true }).click()
      await page.getByRole("button", { name: loosely(`${dayLabel(day)}:`, { start: true }) }).click()
      await page
        .getByRole("button", { name: loosely(timeText(slot.start), { start: true, end: true }) })
        .click()
      await page.getByRole("button", { name: en.public.form.continue, exact: true }).click()
      const customer = { firstName: "Nina", lastName: "Robert", email: "nina.robert@example.com" }
      await page.getByLabel(en.public.form.firstName, { exact: true }).fill(customer.firstName)
      await page.getByLabel(en.public.form.lastName, { exact: true }).fill(customer.lastName)
      await page.getByLabel(en.public.form.email, { exact: true }).fill(customer.email)
      await page.getByRole("button", { name: en.public.bookingPage.book, exact: true }).click()
      await page.getByRole("heading", { name: en.public.bookingPage.doneRequested }).waitFor()
      await page.getByText(en.public.status.pending_staff_approval, { exact: true }).waitFor()
      await s.shot("awaiting-approval")

      // Hugo's email asks for his approval; its approve link opens the staff page.
      const filed = await call(api.v1.customers.$get({ query: { q: customer.email } }))
      const customerId = filed.items.find((c) => c.email === customer.email)?.id ?? ""
      const [requested, ...others] = (await call(api.v1.appointments.$get({ query: { customerId } }))).items
      expect(others).toEqual([])
      const appointmentId = requested?.id ?? ""
      expect(requested?.status).toBe("pending")
      expect(requested?.source).toBe("online")
      await messageTo(api, customer.email, "pending", { appointmentId })
      const toHugo = await messageTo(api, hugo.email ?? "", "pending", { appointmentId })
      const approveLink = linkIn(toHugo, "approve", server.baseUrl)
      expect(approveLink).toMatch(/^\/staff-actions\/[\w-]+\?action=approve$/)

      await page.goto(approveLink)
      await page.getByRole("heading", { level: 1, name: en.public.staffAction }).waitFor()
      await waitForText(page.locator("main"), `${customer.firstName} ${customer.lastName}`)
      expect(
        await page.getByRole("radio", { name: en.public.staffPage.approve, exact: true }).isChecked()
      ).toBe(true)
      await page.getByRole("button", { name: en.public.staffPage.approveSubmit, exact: true }).click()
      await page.getByRole("heading", { name: en.public.staffPage.doneApproved }).waitFor()
      await page.getByText(en.public.status.approved, { exact: true }).waitFor()
      await s.shot("approved")

      const approved = await appointment(appointmentId)
      expect(approved.status).toBe("approved")
      expect(Date.parse(approved.start)).toBe(Date.parse(slot.start))
      await messageTo(api, customer.email, "confirmed", { appointmentId })
    } finally {
      await call(api.v1.business.$patch({ json: { bookingRules: { approvalMode: "auto" } } }))
    }
  })

  scenario("6-manage", "moves an appointment from the customer's manage link", async (s) => {
    const { page } = s
    const { staffNamed, serviceNamed } = await catalogue(api)
    const camille = staffNamed("Camille Roux")
    const cut = serviceNamed("Coupe femme")
    const from = today()
    const free = await call(
      api.v1.availability.$get({
        query: { serviceId: [cut.id], staffId: camille.id, from: addDays(from, 2), to: addDays(from, 6) }
      })
    )
    const first = free.slots.find((x) => localOf(x.start).time >= "11:00") ?? free.slots[0]
    if (first === undefined) throw new Error("Camille has no free time this week")
    const customer = { firstName: "Paul", lastName: "Girard", email: "paul.girard@example.com" }
    const created = await call(
      api.v1.appointments.$post({
        json: { start: first.start, items: [{ serviceId: cut.id, staffId: camille.id }], customer }
      })
    )
    const id = created.appointment.id
    const confirmation = await messageTo(api, customer.email, "confirmed", { appointmentId: id })
    const manageLink = linkIn(confirmation, "manage", server.baseUrl)
    expect(manageLink).toMatch(/^\/manage\/[\w-]+$/)
    const token = manageLink.split("/").pop() ?? ""

    // Another time the customer may choose: on another day of the week shown, if there is one.
    const offered = await call(
      api.v1.public.manage[":token"].availability.$get({
        param: { token },
        query: { from, to: addDays(from, 6) }
      })
    )
    const currentDay = localOf(first.start).date
    const others = offered.slots.filter((x) => Date.parse(x.start) !== Date.parse(first.start))
    const target = others.find((x) => localOf(x.start).date !== currentDay) ?? others[0]
    if (target === undefined) throw new Error("No other time is offered to the customer")
    const targetDay = localOf(target.start).date

    await page.goto(manageLink)
    await page.getByRole("heading", { level: 1, name: en.public.manage }).waitFor()
    await page.getByRole("button", { name: en.public.managePage.reschedule, exact: true }).click()
    await page.getByRole("button", { name: loosely(`${dayLabel(targetDay)}:`, { start: true }) }).click()
    await page
      .getByRole("button", { name: loosely(timeText(target.start), { start: true, end: true }) })
      .click()
    await page
      .getByRole("status")
      .filter({ hasText: loosely(fill(en.public.managePage.moveTo, { when: "" })) })
      .waitFor()
    await s.shot("new-time")
    await page.getByRole("button", { name: en.public.managePage.move, exact: true }).click()
    await page.getByRole("status").filter({ hasText: en.public.managePage.doneMoved }).waitFor()
    const summary = page.getByRole("region", { name: en.public.managePage.appointment, exact: true })
    await waitForText(summary, fullDate(targetDay))
    await waitForText(summary, timeText(target.start))
    await s.shot("moved")

    const moved = await appointment(id)
    expect(Date.parse(moved.start)).toBe(Date.parse(target.start))
    expect(moved.status).toBe("rescheduled")
  })

  scenario("7-series", "books a weekly series of four, its end date shown before booking", async (s) => {
    const { page } = s
    await s.signIn()
    const { staffNamed, serviceNamed } = await catalogue(api)
    const camille = staffNamed("Camille Roux")
    const cut = serviceNamed("Coupe femme")
    const day = await dayFreeAt(
      api,
      { serviceIds: [cut.id], staffId: camille.id },
      { from: addDays(today(), 8), to: addDays(today(), 40) },
      ["10:00"]
    )
    await page.goto(`/calendar?view=day&date=${day}&staff=${camille.id}`)
    await page.getByRole("button", { name: en.calendar.newAppointment, exact: true }).click()
    const dialog = page.getByRole("dialog", { name: en.create.title })
    await dialog.getByLabel(en.create.items.service, { exact: true }).selectOption(cut.id)
    await dialog.getByLabel(en.create.items.staff, { exact: true }).selectOption(camille.id)
    await dialog.getByLabel(en.create.when.date, { exact: true }).fill(day)
    await dialog.getByLabel(en.create.when.time, { exact: true }).fill("10:00")

    // An existing customer, found by name.
    await dialog.getByLabel(en.create.customer.search, { exact: true }).fill("Emma")
    await dialog
      .getByRole("list", { name: en.create.customer.resultsLabel })
      .getByRole("button", { name: /Emma Garnier/ })
      .click()

    await dialog.getByRole("checkbox", { name: en.create.repeat.enable, exact: true }).check()
    await dialog.getByLabel(en.create.repeat.frequency, { exact: true }).selectOption("weekly")
    await dialog.getByLabel(en.create.repeat.count, { exact: true }).fill("4")
    const endsOn = dialog.getByText(fill(en.create.repeat.endsOn, { date: fullDate(addDays(day, 21)) }))
    await endsOn.waitFor()
    await waitForText(dialog, fill(en.create.repeat.occurrenceCount_other, { count: 4 }))
    await waitForText(dialog, en.create.repeat.allFree)
    await endsOn.scrollIntoViewIfNeeded()
    await s.shot("preview")

    await dialog.getByRole("button", { name: en.create.submitSeries, exact: true }).click()
    await dialog.waitFor({ state: "hidden" })
    const id = await openedAppointment(page)
    const panel = page.getByRole("dialog", { name: "Emma Garnier" })
    await waitForText(panel, fill(en.calendar.series.position, { position: 1, total: 4 }))
    await s.shot("booked")
    await panel.getByRole("button", { name: en.calendar.details.close, exact: true }).click()
    const event = calendarGrid(page).getByRole("button", { name: /Emma Garnier/ })
    await waitForText(event, en.calendar.event.series)
    await waitForText(event, "10:00 AM")

    const first = await appointment(id)
    const seriesId = first.seriesId
    expect(seriesId).not.toBeNull()
    const series = (await call(api.v1.appointments.$get({ query: { seriesId: seriesId ?? "" } }))).items
    expect(series.map((a) => Date.parse(a.start)).sort((a, b) => a - b)).toEqual(
      [0, 7, 14, 21].map((n) => wallClock(addDays(day, n), "10:00"))
    )
    expect(new Set(series.map((a) => a.customerId))).toEqual(new Set([first.customerId]))
  })

  scenario("8-docs", "shows the API reference at /docs from this server alone", async (s) => {
    const { page } = s
    // What the page asks of other sites is refused and noted: the reference must not need them.
    const origin = new URL(server.baseUrl).origin
    const elsewhere: Array<string> = []
    await page.route("**/*", (route) => {
      const url = route.request().url()
      if (new URL(url).origin === origin) return route.continue()
      elsewhere.push(url)
      return route.abort()
    })
    await page.goto("/docs")
    const cancel = page.locator(".opblock", { hasText: "/v1/appointments/{id}/cancel" }).first()
    await cancel.locator(".opblock-summary").click()
    await waitForText(cancel, "Idempotency-Key")
    await waitForText(cancel, "not_found")
    expect(await page.locator(".opblock").count()).toBeGreaterThan(50)
    await s.shot("cancel-operation")
    expect(elsewhere).toEqual([])
  })
})
