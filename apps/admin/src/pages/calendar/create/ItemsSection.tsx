/**
 * The services of the appointment (1 to 5, performed back to back): per item the service (those
 * of the viewed staff member first), its duration and price (prefilled, editable), who performs
 * it (only staff who offer the service) and the resource when the service needs one; the totals.
 */
import { useTranslation } from "react-i18next"
import { formatDateTime, formatMoney } from "../../../format"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import {
  emptyItem,
  type ItemDraft,
  itemDuration,
  MAX_ITEMS,
  orderServices,
  type Resource,
  type Service,
  type StaffMember,
  staffForService,
  type Totals,
  withService
} from "./form"
import { currencyDecimals } from "./money"
import styles from "./sections.module.css"
import { useDuration } from "./useDuration"

export interface ItemsSectionProps {
  readonly items: ReadonlyArray<ItemDraft>
  readonly onChange: (items: ReadonlyArray<ItemDraft>) => void
  readonly services: ReadonlyArray<Service>
  readonly staff: ReadonlyArray<StaffMember>
  readonly resources: ReadonlyArray<Resource>
  /** The staff member whose calendar the dialog was opened from. */
  readonly preferredStaffId: string | undefined
  /** A staff user books for themselves only. */
  readonly onlyStaffId: string | null
  /** Epoch milliseconds of the start, to show each item's times. */
  readonly startMs: number | undefined
  readonly timeZone: string
  /** The business's currency, for an item whose service is not chosen yet. */
  readonly currency: string
  readonly totals: Totals
  readonly errorAt: ErrorAt
}

export const ItemsSection = (props: ItemsSectionProps) => {
  const { t, i18n } = useTranslation()
  const duration = useDuration()
  const { items, onChange, services, staff, resources, errorAt } = props
  const locale = i18n.language
  const preferred = props.preferredStaffId ?? ""
  const ordered = orderServices(services, props.onlyStaffId ?? preferred)
  const owner = staff.find((s) => s.id === (props.onlyStaffId ?? preferred))

  const update = (index: number, change: (item: ItemDraft) => ItemDraft) =>
    onChange(items.map((item, i) => (i === index ? change(item) : item)))

  const serviceLabel = (s: Service) =>
    `${s.name} · ${duration(s.durationMinutes)} · ${formatMoney(s.price, locale)}`

  // Each item starts where the previous one ends.
  let cursor = props.startMs
  const full = items.length >= MAX_ITEMS

  return (
    <section className={styles.section} aria-labelledby="create-items-title">
      <h3 id="create-items-title" className={styles.title}>
        {t("create.items.title")}
      </h3>
      <ol className={styles.items}>
        {items.map((item, index) => {
          const service = services.find((s) => s.id === item.serviceId)
          const performers = staffForService(service, staff, props.onlyStaffId)
          const usable = resources.filter((r) => service?.resourceIds.includes(r.id))
          const minutes = itemDuration(item, service)
          const from = cursor
          const to = from !== undefined && minutes !== undefined ? from + minutes * 60_000 : undefined
          cursor = to
          const id = `create-item-${item.key}`
          const number = index + 1
          const decimals = service === undefined ? 2 : currencyDecimals(service.price.currency)
          return (
            <li key={item.key} className={styles.item}>
              <div className={styles.itemHeader}>
                <h4 className={styles.itemTitle}>
                  {t("create.items.itemTitle", { number })}
                  {from !== undefined && to !== undefined && service !== undefined && (
                    <span className="muted">
                      {" · "}
                      {formatDateTime(
                        new Date(from).toISOString(),
                        { locale, timeZone: props.timeZone },
                        { timeStyle: "short" }
                      )}
                      {"–"}
                      {formatDateTime(
                        new Date(to).toISOString(),
                        { locale, timeZone: props.timeZone },
                        { timeStyle: "short" }
                      )}
                    </span>
                  )}
                </h4>
                {items.length > 1 && (
                  <button
                    type="button"
                    className="button button-small button-quiet"
                    aria-label={t("create.items.removeLabel", { number })}
                    onClick={() => onChange(items.filter((_, i) => i !== index))}
                  >
                    {t("create.items.remove")}
                  </button>
                )}
              </div>
              <div className={styles.grid}>
                <div className={`field ${styles.wide}`}>
                  <label htmlFor={`${id}-service`}>{t("create.items.service")}</label>
                  <select
                    id={`${id}-service`}
                    className="select"
                    value={item.serviceId}
                    {...(index === 0 && { "data-autofocus": true })}
                    {...describedBy(`items.${index}.serviceId`, errorAt)}
                    onChange={(e) =>
                      update(index, (it) =>
                        withService(
                          it,
                          services.find((s) => s.id === e.target.value),
                          locale,
                          props.onlyStaffId ?? preferred
                        )
                      )
                    }
                  >
                    <option value="">{t("create.items.chooseService")}</option>
                    {ordered.mine.length > 0 ? (
                      <>
                        <optgroup label={t("create.items.servicesOf", { name: owner?.name ?? "" })}>
                          {ordered.mine.map((s) => (
                            <option key={s.id} value={s.id}>
                              {serviceLabel(s)}
                            </option>
                          ))}
                        </optgroup>
                        {ordered.others.length > 0 && (
                          <optgroup label={t("create.items.otherServices")}>
                            {ordered.others.map((s) => (
                              <option key={s.id} value={s.id}>
                                {serviceLabel(s)}
                              </option>
                            ))}
                          </optgroup>
                        )}
                      </>
                    ) : (
                      ordered.others.map((s) => (
                        <option key={s.id} value={s.id}>
                          {serviceLabel(s)}
                        </option>
                      ))
                    )}
                  </select>
                  <FieldError path={`items.${index}.serviceId`} errorAt={errorAt} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-duration`}>{t("create.items.duration")}</label>
                  <input
                    id={`${id}-duration`}
                    className="input"
                    type="number"
                    inputMode="numeric"
                    min={5}
                    max={1440}
                    step={5}
                    disabled={service === undefined}
                    value={item.durationMinutes}
                    {...describedBy(`items.${index}.durationMinutes`, errorAt)}
                    onChange={(e) => update(index, (it) => ({ ...it, durationMinutes: e.target.value }))}
                  />
                  <FieldError path={`items.${index}.durationMinutes`} errorAt={errorAt} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-price`}>
                    {t("create.items.price", { currency: service?.price.currency ?? props.currency })}
                  </label>
                  <input
                    id={`${id}-price`}
                    className="input"
                    inputMode={decimals === 0 ? "numeric" : "decimal"}
                    autoComplete="off"
                    disabled={service === undefined}
                    value={item.price}
                    {...describedBy(`items.${index}.price`, errorAt)}
                    onChange={(e) => update(index, (it) => ({ ...it, price: e.target.value }))}
                  />
                  <FieldError path={`items.${index}.price`} errorAt={errorAt} />
                </div>
                <div className="field">
                  <label htmlFor={`${id}-staff`}>{t("create.items.staff")}</label>
                  <select
                    id={`${id}-staff`}
                    className="select"
                    disabled={service === undefined}
                    value={item.staffId}
                    {...describedBy(`items.${index}.staffId`, errorAt)}
                    onChange={(e) => update(index, (it) => ({ ...it, staffId: e.target.value }))}
                  >
                    {props.onlyStaffId === null && <option value="">{t("create.items.anyStaff")}</option>}
                    {performers.map((s) => (
                      <option key={s.id} value={s.id}>
                        {s.name}
                      </option>
                    ))}
                  </select>
                  {service !== undefined && performers.length === 0 && (
                    <p className="field-hint">{t("create.items.nobodyPerforms")}</p>
                  )}
                  <FieldError path={`items.${index}.staffId`} errorAt={errorAt} />
                </div>
                {usable.length > 0 && (
                  <div className="field">
                    <label htmlFor={`${id}-resource`}>{t("create.items.resource")}</label>
                    <select
                      id={`${id}-resource`}
                      className="select"
                      value={item.resourceId}
                      {...describedBy(`items.${index}.resourceId`, errorAt)}
                      onChange={(e) => update(index, (it) => ({ ...it, resourceId: e.target.value }))}
                    >
                      <option value="">{t("create.items.anyResource")}</option>
                      {usable.map((r) => (
                        <option key={r.id} value={r.id}>
                          {r.name}
                        </option>
                      ))}
                    </select>
                    <FieldError path={`items.${index}.resourceId`} errorAt={errorAt} />
                  </div>
                )}
              </div>
            </li>
          )
        })}
      </ol>
      <FieldError path="items" errorAt={errorAt} />
      <div className={styles.row}>
        <button
          type="button"
          className="button button-small"
          disabled={full}
          aria-describedby={full ? "create-items-limit" : undefined}
          onClick={() => {
            const last = items[items.length - 1]
            onChange([...items, emptyItem(props.onlyStaffId ?? (preferred || last?.staffId) ?? "")])
          }}
        >
          {t("create.items.add")}
        </button>
        <p id="create-items-limit" className={full ? "field-hint" : "visually-hidden"}>
          {t("create.items.limit", { max: MAX_ITEMS })}
        </p>
      </div>
      <p className={styles.totals} aria-live="polite">
        <span>{t("create.items.total")}</span> <strong>{duration(props.totals.durationMinutes)}</strong>
        {" · "}
        <strong>
          {props.totals.price === undefined
            ? t("create.items.priceUnknown")
            : formatMoney(props.totals.price, locale)}
        </strong>
      </p>
    </section>
  )
}
