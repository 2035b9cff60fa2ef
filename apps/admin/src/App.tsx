/** The app's providers (queries, translations) around the router. */
import { QueryClientProvider } from "@tanstack/react-query"
import { useState } from "react"
import { createBrowserRouter } from "react-router"
import { RouterProvider } from "react-router/dom"
import { makeQueryClient } from "./queryClient"
import { routes } from "./routes"

const router = createBrowserRouter(routes)

export const App = () => {
  const [queryClient] = useState(makeQueryClient)
  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
    </QueryClientProvider>
  )
}
