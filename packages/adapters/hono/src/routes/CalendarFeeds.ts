/**
 * Staff members' calendar subscription feeds, as calendar apps read them: `GET /ics/staff/<token>.ics`,
 * no sign-in (the unguessable token is the credential), the staff member's appointments as
 * iCalendar. An unknown or revoked token is 404.
 */
import { readCalendarFeed } from "@creneau/core"
import { staffFeedIcs } from "@creneau/messages"
import { Hono } from "hono"
import { api } from "../Api.js"
import type { AppEnv } from "../Http.js"
import { type Deps, under } from "../Middleware.js"
import { problem } from "../Problem.js"

const FEED_FILE = /^([A-Za-z0-9_-]{16,128})\.ics$/

export const calendarFeedRoutes = (deps: Deps) => {
  const path = under("/ics")
  return new Hono<AppEnv>().get(path(api.staffCalendarFeed), async (c) => {
    const token = FEED_FILE.exec(c.req.param("file"))?.[1]
    if (token === undefined) throw problem("not_found", "No such calendar feed.")
    const feed = await deps.run(readCalendarFeed(token))
    return c.body(staffFeedIcs(feed), 200, {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${feed.staff.id}.ics"`,
      "Cache-Control": "private, no-cache"
    })
  })
}
