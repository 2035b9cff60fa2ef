/**
 * The lifecycle commands a business user sends about one appointment (approve, reject, cancel,
 * reschedule, no-show), each with an Idempotency-Key: a retry of the same change (after a lost
 * answer) reuses its key, so the API applies it once; a different change gets a new key.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query"
import type { InferRequestType, InferResponseType } from "hono/client"
import { useCallback, useRef } from "react"
import { api, unwrap } from "../../api"
import { appointmentsKey, newIdempotencyKey } from "./calendarQueries"

const one = api.v1.appointments[":id"]

export type RejectBody = InferRequestType<typeof one.reject.$post>["json"]
export type CancelBody = InferRequestType<typeof one.cancel.$post>["json"]
export type RescheduleBody = InferRequestType<typeof one.reschedule.$post>["json"]
export type NoShowBody = InferRequestType<(typeof one)["no-show"]["$post"]>["json"]
/** What the API answers to a command: the appointment, those changed with it, and whether the customer was told. */
export type ChangeResult = InferResponseType<typeof one.approve.$post, 200>

export type Command =
  | { readonly kind: "approve" }
  | { readonly kind: "reject"; readonly body: RejectBody }
  | { readonly kind: "cancel"; readonly body: CancelBody }
  | { readonly kind: "reschedule"; readonly body: RescheduleBody }
  | { readonly kind: "noShow"; readonly body: NoShowBody }

export interface CommandRequest {
  readonly appointmentId: string
  readonly command: Command
  readonly idempotencyKey: string
}

/** Send one command; the answer, or an ApiError. */
export const sendCommand = ({
  appointmentId,
  command,
  idempotencyKey
}: CommandRequest): Promise<ChangeResult> => {
  const param = { id: appointmentId }
  const options = { headers: { "Idempotency-Key": idempotencyKey } }
  switch (command.kind) {
    case "approve":
      return unwrap(one.approve.$post({ param }, options))
    case "reject":
      return unwrap(one.reject.$post({ param, json: command.body }, options))
    case "cancel":
      return unwrap(one.cancel.$post({ param, json: command.body }, options))
    case "reschedule":
      return unwrap(one.reschedule.$post({ param, json: command.body }, options))
    case "noShow":
      return unwrap(one["no-show"].$post({ param, json: command.body }, options))
  }
}

/**
 * The key for a change: kept while the same change is asked again (a retry), renewed when the
 * change differs, forgotten once it succeeded.
 */
export const useIdempotencyKeys = () => {
  const last = useRef<{ readonly signature: string; readonly key: string } | null>(null)
  const keyFor = useCallback((appointmentId: string, command: Command): string => {
    const signature = JSON.stringify([appointmentId, command])
    if (last.current?.signature !== signature) last.current = { signature, key: newIdempotencyKey() }
    return last.current.key
  }, [])
  const forget = useCallback(() => {
    last.current = null
  }, [])
  return { keyFor, forget }
}

/** A command on one appointment from the details panel; every appointment view is refreshed after. */
export const useAppointmentCommand = () => {
  const queryClient = useQueryClient()
  const keys = useIdempotencyKeys()
  const mutation = useMutation({
    mutationFn: sendCommand,
    onSuccess: () => keys.forget(),
    onSettled: () => queryClient.invalidateQueries({ queryKey: appointmentsKey })
  })
  const send = useCallback(
    (
      appointmentId: string,
      command: Command,
      options?: { readonly onSuccess?: (result: ChangeResult) => void }
    ) =>
      mutation.mutate(
        { appointmentId, command, idempotencyKey: keys.keyFor(appointmentId, command) },
        options?.onSuccess === undefined ? undefined : { onSuccess: options.onSuccess }
      ),
    [mutation.mutate, keys.keyFor]
  )
  return { ...mutation, send }
}
