/** The services, staff members and resources the dialog offers (shared query keys with their pages). */
import { useQuery } from "@tanstack/react-query"
import { api, unwrap } from "../../../api"

export const useCatalog = () => {
  const services = useQuery({ queryKey: ["services"], queryFn: () => unwrap(api.v1.services.$get()) })
  const staff = useQuery({ queryKey: ["staff"], queryFn: () => unwrap(api.v1.staff.$get()) })
  const resources = useQuery({ queryKey: ["resources"], queryFn: () => unwrap(api.v1.resources.$get()) })
  return {
    services: services.data?.items ?? [],
    staff: staff.data?.items ?? [],
    resources: resources.data?.items ?? [],
    pending: services.isPending || staff.isPending || resources.isPending,
    error: services.error ?? staff.error ?? resources.error,
    retry: () => {
      void services.refetch()
      void staff.refetch()
      void resources.refetch()
    }
  }
}
