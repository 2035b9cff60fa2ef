/**
 * Every address of the app. The back office lives behind the sign-in guard in `AppLayout`; the
 * customer pages opened from email links (`/book/:businessId`, `/manage/:token`,
 * `/confirm/:token`, `/staff-actions/:token`, the paths `Links.layer` of @creneau/core builds)
 * need no sign-in. Pages load lazily: `lazy: page(() => import("./pages/X"), "XPage")`.
 */
import type { ComponentType } from "react"
import { Navigate, type RouteObject } from "react-router"
import { AppLayout } from "./components/AppLayout"
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
          {
            path: "/book/:businessId",
            lazy: page(() => import("./pages/public/BookingPage"), "BookingPage")
          },
          { path: "/manage/:token", lazy: page(() => import("./pages/public/ManagePage"), "ManagePage") },
          { path: "/confirm/:token", lazy: page(() => import("./pages/public/ConfirmPage"), "ConfirmPage") },
          {
            path: "/staff-actions/:token",
            lazy: page(() => import("./pages/public/StaffActionPage"), "StaffActionPage")
          }
        ]
      },
      {
        element: <RequireSession />,
        children: [
          {
            element: <AppLayout />,
            children: [
              { index: true, element: <Navigate to="/calendar" replace /> },
              {
                path: "/calendar",
                lazy: page(() => import("./pages/calendar/CalendarPage"), "CalendarPage")
              },
              {
                path: "/needs-attention",
                lazy: page(() => import("./pages/needs-attention/NeedsAttentionPage"), "NeedsAttentionPage")
              },
              {
                path: "/customers",
                lazy: page(() => import("./pages/customers/CustomersPage"), "CustomersPage")
              },
              {
                path: "/customers/:id",
                lazy: page(() => import("./pages/customers/CustomerPage"), "CustomerPage")
              },
              {
                path: "/services",
                lazy: page(() => import("./pages/services/ServicesPage"), "ServicesPage")
              },
              {
                path: "/services/new",
                lazy: page(() => import("./pages/services/ServicePage"), "ServicePage")
              },
              {
                path: "/services/:id",
                lazy: page(() => import("./pages/services/ServicePage"), "ServicePage")
              },
              { path: "/staff", lazy: page(() => import("./pages/staff/StaffListPage"), "StaffListPage") },
              { path: "/staff/new", lazy: page(() => import("./pages/staff/StaffPage"), "StaffPage") },
              { path: "/staff/:id", lazy: page(() => import("./pages/staff/StaffPage"), "StaffPage") },
              {
                path: "/resources",
                lazy: page(() => import("./pages/resources/ResourcesPage"), "ResourcesPage")
              },
              {
                path: "/settings",
                lazy: page(() => import("./pages/settings/SettingsPage"), "SettingsPage")
              },
              {
                path: "/templates",
                lazy: page(() => import("./pages/templates/TemplatesPage"), "TemplatesPage")
              },
              {
                path: "/delivery-log",
                lazy: page(() => import("./pages/delivery-log/DeliveryLogPage"), "DeliveryLogPage")
              },
              { path: "/api-keys", lazy: page(() => import("./pages/api-keys/ApiKeysPage"), "ApiKeysPage") },
              { path: "*", lazy: page(() => import("./pages/NotFoundPage"), "NotFoundPage") }
            ]
          }
        ]
      }
    ]
  }
]
