/**
 * The one TanStack Query client: failed calls are retried only when retrying can help (network
 * errors, 5xx, 429), and a 401 on any query means the session is over, so the session is cleared
 * and the guard sends the user to the sign-in page.
 */
import { MutationCache, QueryCache, QueryClient } from "@tanstack/react-query"
import { isApiError } from "./api"
import { sessionKey } from "./session"

/** Whether a failed call is worth another try. */
export const isRetryable = (error: unknown): boolean =>
  !isApiError(error) || error.status === 0 || error.status === 429 || error.status >= 500

export const makeQueryClient = (): QueryClient => {
  const onError = (error: unknown) => {
    if (isApiError(error) && error.status === 401) client.setQueryData(sessionKey, null)
  }
  const client: QueryClient = new QueryClient({
    queryCache: new QueryCache({ onError }),
    mutationCache: new MutationCache({ onError }),
    defaultOptions: {
      queries: {
        staleTime: 30_000,
        retry: (failures, error) => failures < 2 && isRetryable(error),
        refetchOnWindowFocus: true
      },
      mutations: { retry: false }
    }
  })
  return client
}
