/**
 * Every address of the app. The back office lives behind the sign-in guard in `AppLayout`; the
 * customer pages opened from email links (`/book/:businessId`, `/manage/:token`,
 * `/confirm/:token`, `/staff-actions/:token`, the paths `Links.layer` of @creneau/core builds)
 * need no sign-in. Pages load lazily: `lazy: page(() => import("./pages/X"), "XPage")`.
 */
import type { ComponentType } from "react"
import { Navigate, type RouteObject } from "react-router"
import { AppLayout } from "./components/AppLayout"
import { ComingNext } from "./components/ComingNext"
import { Loading } from "./components/Loading"
import { PublicLayout } from "./components/PublicLayout"
import { RequireSession } from "./components/RequireSession"
import { RouteError } from "./components/RouteError"
import { SignInPage } from "./pages/SignInPage"

/** A lazily loaded page: the module is fetched the first time its route is visited. */
export const page =
  <M extends Record<K, ComponentType>, K extends string>(load: () => Promise<M>, name: K) =>
  async () => ({ Component: (await load())[name] })

export const routes: RouteObject[] = [
  {
    // Shown while the first page's code loads.
    HydrateFallback: Loading,
    ErrorBoundary: RouteError,
    children: [
      { path: "/sign-in", element: <SignInPage /> },
      {
        element: <PublicLayout />,
        children: [
          { path: "/book/:businessId", element: <ComingNext titleKey="public.booking" /> },
          { path: "/manage/:token", element: <ComingNext titleKey="public.manage" /> },
          { path: "/confirm/:token", element: <ComingNext titleKey="public.confirm" /> },
          { path: "/staff-actions/:token", element: <ComingNext titleKey="public.staffAction" /> }
        ]
      },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/calendar" replace /> },
              { path: "/calendar", element: <ComingNext titleKey="nav.calendar" /> },
              { path: "/needs-attention", element: <ComingNext titleKey="nav.needsAttention" /> },
              { path: "/customers", element: <ComingNext titleKey="nav.customers" /> },
              { path: "/services", element: <ComingNext titleKey="nav.services" /> },
              { path: "/staff", element: <ComingNext titleKey="nav.staff" /> },
              { path: "/resources", element: <ComingNext titleKey="nav.resources" /> },
              { path: "/settings", element: <ComingNext titleKey="nav.settings" /> },
              { path: "/templates", element: <ComingNext titleKey="nav.templates" /> },
              { path: "/delivery-log", element: <ComingNext titleKey="nav.deliveryLog" /> },
              { path: "/api-keys", element: <ComingNext titleKey="nav.apiKeys" /> },
              { path: "*", lazy: page(() => import("./pages/NotFoundPage"), "NotFoundPage") }
            ]
          }
        ]
      }
    ]
  }
]
