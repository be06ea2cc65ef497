import type { ReactNode } from "react";
import type { OrderAdvice, PlanFigures } from "../../lib/ipc";
import { humanize } from "../../shared/errors";
import { NO_VALUE, capitalise, formatDate, formatNumber, formatShare } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { baseMoney, daysText, demandSourceLabel, reasonText, stockStatusLabel, stockStatusTone, unitsText } from "./items";

/**
 * A plan's figures and the reasons behind them (the decision record): the policy, how well it
 * serves demand, where stock stands, and the order it recommends with each lot-rule
 * adjustment. Used for an item's "what if" and for the plan a replenishment order came from.
 */
export function PlanFiguresView({ plan, currency, reasons = false }: { plan: PlanFigures; currency: string | undefined; reasons?: boolean }) {
  const { locale } = useLocale();
  const units = (v: number | string | null) => `${unitsText(v, locale)} units`;
  const leadTimeDemand =
    plan.leadTimeDemand == null
      ? NO_VALUE
      : `${unitsText(plan.leadTimeDemand, locale)} ± ${unitsText(plan.leadTimeDemandSd, locale)} units`;
  const leadTime =
    plan.leadTimeSdDays == null
      ? daysText(plan.leadTimeDays, locale)
      : `${daysText(plan.leadTimeDays, locale)} ± ${formatNumber(plan.leadTimeSdDays.toFixed(1), locale, 1)} days`;
  return (
    <div data-testid="plan-figures">
      <dl className="facts-grid">
        <Fact label="Lead time" testId="plan-lead-time">
          {leadTime}
        </Fact>
        <Fact label="Cycle service level target" testId="plan-service-level">
          {formatShare(plan.serviceLevel, locale, { digits: 2 })} <span className="muted">(class {plan.abcClass})</span>
        </Fact>
        <Fact label="Demand from" testId="plan-demand-source">
          {demandSourceLabel(plan.demandSource)}
        </Fact>
        <Fact label="Annual demand" testId="plan-annual-demand">
          {plan.annualDemand == null ? NO_VALUE : units(plan.annualDemand)}
        </Fact>
        <Fact label="Lead-time demand" testId="plan-lead-time-demand">
          {leadTimeDemand}
        </Fact>
        <Fact label="Distribution" testId="plan-distribution">
          {capitalise(humanize(plan.distribution))}
        </Fact>
        <Fact label="Safety stock" testId="plan-safety-stock">
          {units(plan.safetyStock)}
        </Fact>
        <Fact label="Reorder point" testId="plan-reorder-point">
          {units(plan.reorderPoint)}
        </Fact>
        <Fact label="Order quantity (EOQ after lot rules)" testId="plan-order-quantity">
          {units(plan.orderQuantity)}
        </Fact>
        <Fact label="Cycle service level achieved" testId="plan-cycle-service-level">
          {formatShare(plan.cycleServiceLevel, locale, { digits: 2 })}
        </Fact>
        <Fact label="Fill rate" testId="plan-fill-rate">
          {formatShare(plan.fillRate, locale, { digits: 2 })}
        </Fact>
        <Fact label="Days of supply" testId="plan-days-of-supply">
          {daysText(plan.daysOfSupply, locale, plan.beyondHorizon)}
        </Fact>
        <Fact label="Status" testId="plan-status">
          <span className={`tag ${stockStatusTone(plan.status)}`} data-status={plan.status}>
            {stockStatusLabel(plan.status)}
          </span>
        </Fact>
        <Fact label="Risk (0–100)" testId="plan-risk">
          {formatNumber(plan.riskScore, locale)}
        </Fact>
        <Fact label="Stock-out" testId="plan-stockout-date">
          {plan.stockoutDate ? formatDate(plan.stockoutDate, locale) : "None in the projection"}
        </Fact>
      </dl>
      {reasons ? <Reasons plan={plan} /> : null}
      <h3>Recommended order</h3>
      {plan.order ? (
        <OrderAdviceView order={plan.order} currency={currency} />
      ) : (
        <p className="muted" data-testid="plan-no-order">
          No order is due within the order window: the stock covers demand until a later order could arrive.
        </p>
      )}
    </div>
  );
}

function Reasons({ plan }: { plan: PlanFigures }) {
  const { locale } = useLocale();
  return (
    <>
      <h3>Why</h3>
      {plan.reasons.length > 0 ? (
        <ul className="reason-list" data-testid="plan-reasons">
          {plan.reasons.map((r, i) => (
            <li key={`${r.kind}-${i}`}>{reasonText(r, locale)}</li>
          ))}
        </ul>
      ) : (
        <p className="muted" data-testid="plan-reasons">
          Nothing adds to the risk.
        </p>
      )}
    </>
  );
}

/** The order to place and each change the lot rules made to its quantity, with what it costs. */
function OrderAdviceView({ order, currency }: { order: OrderAdvice; currency: string | undefined }) {
  const { locale } = useLocale();
  return (
    <div data-testid="plan-order">
      <dl className="facts-grid">
        <Fact label="Quantity" testId="plan-order-quantity-due">
          {unitsText(order.quantity, locale)} units
        </Fact>
        <Fact label="Order by" testId="plan-order-by">
          {formatDate(order.orderBy, locale)}
        </Fact>
        <Fact label="Arrives by" testId="plan-need-by">
          {formatDate(order.needBy, locale)}
        </Fact>
        <Fact label="Value" testId="plan-order-value">
          {baseMoney(order.value, currency, locale)}
        </Fact>
      </dl>
      {order.adjustments.length > 0 ? (
        <table className="data-table compact" data-testid="plan-adjustments">
          <caption className="muted">
            {unitsText(order.requested, locale)} units were needed; the lot rules changed that as follows.
          </caption>
          <thead>
            <tr>
              <th scope="col" className="num">
                Quantity (units)
              </th>
              <th scope="col">Why</th>
              <th scope="col" className="num">
                Cost impact
              </th>
            </tr>
          </thead>
          <tbody>
            {order.adjustments.map((a, i) => (
              <tr key={`${a.reason}-${i}`} data-reason={a.reason}>
                <td className="num">
                  {unitsText(a.before, locale)} → {unitsText(a.after, locale)}
                </td>
                <td>
                  <span className="cell-note">{capitalise(a.explanation)}</span>
                </td>
                <td className="num">{baseMoney(a.costImpact, currency, locale)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p className="muted" data-testid="plan-adjustments-none">
          The quantity needed ({unitsText(order.requested, locale)} units) already met the lot rules.
        </p>
      )}
    </div>
  );
}

/** One figure of a facts grid: its label over its value. */
export function Fact({ label, testId, children }: { label: string; testId: string; children: ReactNode }) {
  return (
    <div>
      <dt>{label}</dt>
      <dd data-testid={testId}>{children}</dd>
    </div>
  );
}
