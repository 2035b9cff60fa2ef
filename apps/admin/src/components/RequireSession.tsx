/**
 * The sign-in guard: renders the signed-in routes once the session is known, and sends anyone
 * not signed in to the sign-in page, remembering where they were going.
 */
import { Navigate, Outlet, useLocation } from "react-router"
import { SignedInContext, useSession } from "../session"
import { Loading } from "./Loading"
import { ProblemAlert } from "./ProblemAlert"

export const RequireSession = () => {
  const session = useSession()
  const location = useLocation()
  if (session.data === undefined) {
    if (!session.isError) return <Loading />
    return (
      <main className="centered">
        <ProblemAlert error={session.error} onRetry={() => void session.refetch()} />
      </main>
    )
  }
  if (session.data === null) {
    return <Navigate to="/sign-in" replace state={{ from: `${location.pathname}${location.search}` }} />
  }
  return (
    <SignedInContext value={session.data}>
      <Outlet />
    </SignedInContext>
  )
}
