/**
 * How the appointment is paid: method, amount requested, paid status, and an optional coupon,
 * package or membership with its reference. A series is paid on site, visit by visit.
 */
import type { InstrumentKind, PaymentMethod, PaymentStatus } from "@creneau/core"
import { useTranslation } from "react-i18next"
import { describedBy, type ErrorAt, FieldError } from "./fields"
import type { PaymentDraft } from "./form"
import styles from "./sections.module.css"

const METHODS: ReadonlyArray<PaymentMethod> = ["on_site", "cash", "card", "online", "bank_transfer"]
const STATUSES: ReadonlyArray<PaymentStatus> = ["unpaid", "deposit_paid", "paid"]
const KINDS: ReadonlyArray<InstrumentKind> = ["coupon", "package", "membership"]

export interface PaymentSectionProps {
  readonly payment: PaymentDraft
  readonly currency: string
  readonly repeating: boolean
  readonly onChange: (payment: PaymentDraft) => void
  readonly errorAt: ErrorAt
}

export const PaymentSection = ({ payment, currency, repeating, onChange, errorAt }: PaymentSectionProps) => {
  const { t } = useTranslation()
  const set = (change: Partial<PaymentDraft>) => onChange({ ...payment, ...change })
  const prepaid = payment.method === "online" || payment.status !== "unpaid"
  return (
    <section className={styles.section} aria-labelledby="create-payment-title">
      <h3 id="create-payment-title" className={styles.title}>
        {t("create.payment.title")}
      </h3>
      <div className={styles.grid}>
        <div className="field">
          <label htmlFor="create-payment-method">{t("create.payment.method")}</label>
          <select
            id="create-payment-method"
            className="select"
            value={payment.method}
            {...describedBy("payment.method", errorAt)}
            onChange={(e) => set({ method: e.target.value as PaymentMethod })}
          >
            {METHODS.map((m) => (
              <option key={m} value={m}>
                {t(`create.payment.methods.${m}`)}
              </option>
            ))}
          </select>
          <FieldError path="payment.method" errorAt={errorAt} />
        </div>
        <div className="field">
          <label htmlFor="create-payment-status">{t("create.payment.status")}</label>
          <select
            id="create-payment-status"
            className="select"
            value={payment.status}
            {...describedBy("payment.status", errorAt)}
            onChange={(e) => set({ status: e.target.value as PaymentStatus })}
          >
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`create.payment.statuses.${s}`)}
              </option>
            ))}
          </select>
          <FieldError path="payment.status" errorAt={errorAt} />
        </div>
        <div className="field">
          <label htmlFor="create-payment-amount">{t("create.payment.amountRequested", { currency })}</label>
          <input
            id="create-payment-amount"
            className="input"
            inputMode="decimal"
            autoComplete="off"
            value={payment.amountRequested}
            {...describedBy("payment.amountRequested", errorAt, "create-payment-amount-hint")}
            onChange={(e) => set({ amountRequested: e.target.value })}
          />
          <p id="create-payment-amount-hint" className="field-hint">
            {t("create.payment.amountRequestedHint")}
          </p>
          <FieldError path="payment.amountRequested" errorAt={errorAt} />
        </div>
        <div className="field">
          <label htmlFor="create-payment-instrument">{t("create.payment.instrument")}</label>
          <select
            id="create-payment-instrument"
            className="select"
            value={payment.instrumentKind}
            {...describedBy("payment.instrument", errorAt)}
            onChange={(e) => set({ instrumentKind: e.target.value as InstrumentKind | "" })}
          >
            <option value="">{t("create.payment.noInstrument")}</option>
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`create.payment.kinds.${k}`)}
              </option>
            ))}
          </select>
          <FieldError path="payment.instrument" errorAt={errorAt} />
        </div>
        {payment.instrumentKind !== "" && (
          <div className={`field ${styles.wide}`}>
            <label htmlFor="create-payment-reference">
              {t("create.payment.reference")} <span aria-hidden="true">*</span>
            </label>
            <input
              id="create-payment-reference"
              className="input"
              autoComplete="off"
              required
              maxLength={200}
              value={payment.instrumentReference}
              {...describedBy("payment.instrument.reference", errorAt)}
              onChange={(e) => set({ instrumentReference: e.target.value })}
            />
            <FieldError path="payment.instrument.reference" errorAt={errorAt} />
          </div>
        )}
      </div>
      {repeating && (
        <p className={prepaid ? "alert alert-warning" : "field-hint"}>{t("create.payment.seriesOnSite")}</p>
      )}
      <FieldError path="payment" errorAt={errorAt} />
    </section>
  )
}
