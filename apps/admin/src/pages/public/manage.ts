/**
 * The customer link's calls, shared by the manage page and the confirm page: reading the page
 * (changes nothing), and the confirm, cancel and reschedule POSTs, each answering the updated page,
 * which replaces the one shown. Each POST carries an idempotency key.
 */
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query"
import { api, isApiError, unwrap } from "../../api"
import { useIdempotencyKey } from "./idempotency"
import type { ManagePageData } from "./types"

export const manageKey = (token: string) => ["public", "manage", token] as const

export const manageQuery = (token: string) =>
  queryOptions({
    queryKey: manageKey(token),
    queryFn: () => unwrap(api.v1.public.manage[":token"].$get({ param: { token } }))
  })

export const clientAvailability = (token: string, from: string, to: string) =>
  unwrap(api.v1.public.manage[":token"].availability.$get({ param: { token }, query: { from, to } }))

/**
 * After a refusal that may come from a change made elsewhere (the business moved or cancelled the
 * appointment, a notice period passed), the page is read again so that what it offers is current.
 */
const useRefreshOnRefusal = (token: string) => {
  const queryClient = useQueryClient()
  return (error: unknown) => {
    const stale =
      isApiError(error) &&
      (error.code === "invalid_transition" ||
        (error.code === "policy_violation" && error.reason !== "email_mismatch"))
    if (stale) void queryClient.invalidateQueries({ queryKey: manageKey(token), exact: true })
  }
}

/** Shows the page an action answered, and drops the times offered before it. */
const useApply = (token: string) => {
  const queryClient = useQueryClient()
  return (page: ManagePageData) => {
    queryClient.setQueryData(manageKey(token), page)
    void queryClient.invalidateQueries({ queryKey: [...manageKey(token), "availability"] })
  }
}

export const useConfirm = (token: string) => {
  const key = useIdempotencyKey()
  const apply = useApply(token)
  const refresh = useRefreshOnRefusal(token)
  return useMutation({
    mutationFn: () =>
      unwrap(api.v1.public.manage[":token"].confirm.$post({ param: { token } }, { headers: key("confirm") })),
    onSuccess: apply,
    onError: refresh
  })
}

export const useCancel = (token: string) => {
  const key = useIdempotencyKey()
  const apply = useApply(token)
  const refresh = useRefreshOnRefusal(token)
  return useMutation({
    mutationFn: (input: { readonly email: string }) =>
      unwrap(
        api.v1.public.manage[":token"].cancel.$post(
          { param: { token }, json: { email: input.email } },
          { headers: key({ cancel: input.email }) }
        )
      ),
    onSuccess: apply,
    onError: refresh
  })
}

export const useReschedule = (token: string) => {
  const key = useIdempotencyKey()
  const apply = useApply(token)
  const refresh = useRefreshOnRefusal(token)
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: (input: { readonly start: string }) =>
      unwrap(
        api.v1.public.manage[":token"].reschedule.$post(
          { param: { token }, json: { start: input.start } },
          { headers: key({ reschedule: input.start }) }
        )
      ),
    onSuccess: apply,
    // A refused time is refreshed away: the picker shows what is still free.
    onError: (error) => {
      refresh(error)
      void queryClient.invalidateQueries({ queryKey: [...manageKey(token), "availability"] })
    }
  })
}
