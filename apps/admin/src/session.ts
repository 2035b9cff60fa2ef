/**
 * The signed-in session and the business: queries for who is signed in and the business's
 * settings, and the sign-in and sign-out mutations. Pages read the business (name, time zone,
 * locale, currency) with `useBusiness()`.
 */
import { queryOptions, useMutation, useQuery, useQueryClient } from "@tanstack/react-query"
import { createContext, useContext } from "react"
import { api, type BusinessSettings, isApiError, type Session, unwrap } from "./api"

export const sessionKey = ["session"] as const
export const businessKey = ["business"] as const

/** The session, or null when nobody is signed in (a 401 is an answer here, not a failure). */
export const sessionQuery = queryOptions({
  queryKey: sessionKey,
  queryFn: async (): Promise<Session | null> => {
    try {
      return await unwrap(api.v1.auth.session.$get())
    } catch (error) {
      if (isApiError(error) && error.status === 401) return null
      throw error
    }
  },
  staleTime: 5 * 60_000
})

export const useSession = () => useQuery(sessionQuery)

/** The session the sign-in guard let through, for the routes behind it. */
export const SignedInContext = createContext<Session | null>(null)

/** The signed-in session; only inside the routes behind the sign-in guard. */
export const useSignedIn = (): Session => {
  const session = useContext(SignedInContext)
  if (session === null) throw new Error("useSignedIn is for the routes behind the sign-in guard")
  return session
}

/** The business and its settings; the session's copy until GET /v1/business answers. */
export const useBusiness = (): BusinessSettings => {
  const session = useSignedIn()
  const { data } = useQuery({
    queryKey: businessKey,
    queryFn: () => unwrap(api.v1.business.$get()),
    placeholderData: session.business
  })
  return data ?? session.business
}

export const useSignIn = () => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { readonly email: string; readonly password: string }) =>
      unwrap(api.v1.auth.login.$post({ json: input })),
    onSuccess: async () => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] })
      await queryClient.refetchQueries({ queryKey: sessionKey })
    }
  })
}

export const useSignOut = () => {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: () => unwrap(api.v1.auth.logout.$post()),
    // Whatever the answer, nothing of the business stays in memory. The session goes first, so
    // that the guard leaves the signed-in pages before their data is dropped.
    onSettled: () => {
      queryClient.setQueryData(sessionKey, null)
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== sessionKey[0] })
    }
  })
}
