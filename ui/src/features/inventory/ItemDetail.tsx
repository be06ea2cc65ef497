import { lazy, useEffect, useRef, useState } from "react";
import { type InventoryItem, type ProjectionRequest, commands } from "../../lib/ipc";
import { ChartBox } from "../../shared/ChartBox";
import { NO_VALUE, formatDate, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { useCommandQuery } from "../../shared/query";
import { useTheme } from "../../shared/theme";
import { Button, ErrorBanner, Loading, TextField } from "../../shared/ui";
import { ageText, baseMoney, daysText, demandSourceLabel, fractionText, reasonText, stockStatusLabel, stockStatusTone } from "./items";
import { Fact, PlanFiguresView } from "./PlanFiguresView";
import { useDebounced } from "../../shared/useDebounced";
import { LEAD_TIME_HINT, SERVICE_LEVEL_HINT, type WhatIfErrors, type WhatIfFields, fieldsFromPlan, toProjectionRequest } from "./whatIf";

const ProjectionChart = lazy(() => import("./ProjectionChart").then((m) => ({ default: m.ProjectionChart })));

/** Rust's names of the what-if inputs, for a refusal it words about one of them. */
const FIELD_OF: Record<string, keyof WhatIfFields> = { leadTimeDays: "leadTime", serviceLevel: "serviceLevel" };

/** The request for the plan's own figures: the product's lead time and the class's service level. */
function planOf(item: InventoryItem): ProjectionRequest {
  return { productId: item.productId, location: item.location, leadTimeDays: null, serviceLevel: null };
}

/** How long typing pauses before the plan is worked out again. */
const RECOMPUTE_AFTER_MS = 250;

/**
 * One item at its location: the stock and policy of the last planning run and why it has its
 * status; then "what if", where another lead time or cycle service level gives the plan,
 * the recommended order and the 52-week projection they lead to. Nothing here is saved.
 */
export function ItemDetail({ item, currency, onClose }: { item: InventoryItem; currency: string | undefined; onClose: () => void }) {
  const { theme } = useTheme();
  const region = useRef<HTMLElement>(null);
  // The form as typed; null until the plan it starts from has loaded.
  const [fields, setFields] = useState<WhatIfFields | null>(null);
  const [baseline, setBaseline] = useState<WhatIfFields | null>(null);
  const settled = useDebounced(fields, RECOMPUTE_AFTER_MS);
  // Only inputs that have stayed put are asked about; `settled` lags behind a reset too.
  const built = fields !== null && settled === fields ? toProjectionRequest(item, fields, baseline) : null;
  // The last request the form made: a half-typed value keeps the figures of the one before.
  const [request, setRequest] = useState<ProjectionRequest>(() => planOf(item));
  // A new planning run starts the "what if" afresh from its plan.
  const [runId, setRunId] = useState(item.planningRunId);
  if (runId !== item.planningRunId) {
    setRunId(item.planningRunId);
    setFields(null);
    setBaseline(null);
    setRequest(planOf(item));
  } else if (built && "request" in built && (built.request.leadTimeDays !== request.leadTimeDays || built.request.serviceLevel !== request.serviceLevel)) {
    setRequest(built.request);
  }
  const projection = useCommandQuery(
    ["inventory", "projection", item.productId, item.location, item.planningRunId, request.leadTimeDays, request.serviceLevel],
    () => commands.inventoryProjection(request),
    "work out the plan",
    // The chart and figures stay while the next inputs are worked out.
    { keepPrevious: true },
  );
  const data = projection.data;
  // The form starts from the inputs the plan was made with (adjusted while rendering the
  // result that brings them, so it never shows a step behind).
  if (fields === null && data && !projection.previous) {
    const initial = fieldsFromPlan(data.plan);
    setFields(initial);
    setBaseline(initial);
  }

  // Opening an item moves focus to it, so keyboard and screen-reader users land on what opened
  // (another item is another instance: the list keys it by item).
  useEffect(() => {
    region.current?.focus();
  }, []);

  const refused = projection.error?.field ? FIELD_OF[projection.error.field] : undefined;
  const errors: WhatIfErrors = {
    ...(refused && projection.error ? { [refused]: projection.error.message } : {}),
    ...(built && "errors" in built ? built.errors : {}),
  };
  const set = (field: keyof WhatIfFields, value: string) => setFields((f) => (f ? { ...f, [field]: value } : f));
  const atPlan = fields !== null && baseline !== null && fields.leadTime === baseline.leadTime && fields.serviceLevel === baseline.serviceLevel;

  return (
    <section
      ref={region}
      id="inventory-item"
      className="panel"
      aria-labelledby="inventory-item-heading"
      aria-busy={projection.fetching || undefined}
      tabIndex={-1}
      data-region=""
      data-testid="inventory-item"
    >
      <header className="panel-header">
        <div>
          <h2 id="inventory-item-heading" data-testid="inventory-item-title">
            {item.sku} · {item.location}
          </h2>
          <p className="muted">
            {item.name} · {item.market} · {item.category}
          </p>
        </div>
        <div className="panel-actions">
          <span className={`tag ${stockStatusTone(item.status)}`} data-testid="inventory-item-status" data-status={item.status}>
            {stockStatusLabel(item.status)}
          </span>
          <Button variant="ghost" onClick={onClose} data-testid="inventory-item-close">
            Close
          </Button>
        </div>
      </header>

      <ItemFacts item={item} currency={currency} />

      <h3>Why this status</h3>
      {item.reasons.length > 0 ? (
        <ItemReasons item={item} />
      ) : (
        <p className="muted" data-testid="item-reasons">
          {item.planningRunId === null ? "Reasons appear after the first planning run." : "Nothing adds to the risk."}
        </p>
      )}

      <h3 id="inventory-whatif-heading">What if</h3>
      <p className="muted">Another lead time or cycle service level gives the plan below; nothing is saved.</p>
      <form className="form-grid" aria-labelledby="inventory-whatif-heading" onSubmit={(e) => e.preventDefault()} noValidate>
        <TextField
          label="Lead time (days)"
          value={fields?.leadTime ?? ""}
          onChange={(e) => set("leadTime", e.target.value)}
          disabled={fields === null}
          inputMode="numeric"
          autoComplete="off"
          hint={LEAD_TIME_HINT}
          error={errors.leadTime}
          data-testid="whatif-lead-time"
        />
        <TextField
          label="Cycle service level (%)"
          value={fields?.serviceLevel ?? ""}
          onChange={(e) => set("serviceLevel", e.target.value)}
          disabled={fields === null}
          inputMode="decimal"
          autoComplete="off"
          hint={SERVICE_LEVEL_HINT}
          error={errors.serviceLevel}
          data-testid="whatif-service-level"
        />
      </form>
      <div className="form-actions">
        <Button onClick={() => setFields(baseline)} disabled={baseline === null || atPlan} data-testid="whatif-reset">
          Back to the plan
        </Button>
        <span className="muted" role="status" data-testid="whatif-status">
          {data && projection.fetching ? "Working out the plan…" : ""}
        </span>
      </div>

      {projection.error && !refused ? (
        <ErrorBanner error={projection.error} onRetry={() => void projection.refetch()} testId="inventory-projection-error" />
      ) : null}
      {projection.loading ? <Loading label="Working out the plan…" /> : null}
      {data ? (
        <>
          <PlanFiguresView plan={data.plan} currency={currency} />
          <h3>Projected stock, 52 weeks</h3>
          <ChartBox testId="inventory-projection-chart" unaffected="The figures above are unaffected.">
            <ProjectionChart projection={data} theme={theme} />
          </ChartBox>
          <p className="muted" data-testid="inventory-projection-note">
            The line is the stock at the end of each week, after receipts and forecast demand; the shaded range holds it with 80%
            probability, from the spread of the forecast's errors. Dashed lines: the reorder point and safety stock above.
          </p>
        </>
      ) : null}
    </section>
  );
}

/** The stock at the latest count and the policy the last planning run set. */
function ItemFacts({ item, currency }: { item: InventoryItem; currency: string | undefined }) {
  const { locale } = useLocale();
  const units = (v: number) => `${formatNumber(v, locale)} units`;
  return (
    <>
      <p className="muted" data-testid="item-as-of">
        Stock count of {formatDate(item.asOf, locale)} · demand from: {demandSourceLabel(item.demandSource)}
        {item.planningRunId === null ? " · not planned yet: the policy figures appear after a planning run." : ""}
      </p>
      <dl className="facts-grid" data-testid="item-figures">
        <Fact label="Available" testId="item-available">
          {units(item.available)}
        </Fact>
        <Fact label="Reserved" testId="item-reserved">
          {units(item.reserved)}
        </Fact>
        <Fact label="Inbound" testId="item-inbound">
          {units(item.inbound)}
        </Fact>
        <Fact label="Defective" testId="item-defective">
          {units(item.defective)}
        </Fact>
        <Fact label="Average age" testId="item-age">
          {item.ageDays == null ? NO_VALUE : `${daysText(item.ageDays, locale)} (${ageText(item.ageBucket)})`}
        </Fact>
        <Fact label="Turnover" testId="item-turnover">
          {item.turnover == null ? NO_VALUE : `${formatNumber(item.turnover, locale, 1)} turns a year`}
        </Fact>
        <Fact label="Unit cost" testId="item-unit-cost">
          {item.unitCost == null ? NO_VALUE : baseMoney(item.unitCost, currency, locale)}
        </Fact>
        <Fact label="ABC class" testId="item-abc">
          {item.abcClass ?? NO_VALUE}
        </Fact>
        <Fact label="Cycle service level target" testId="item-service-level">
          {fractionText(item.serviceLevel, locale)}
        </Fact>
        <Fact label="Safety stock" testId="item-safety-stock">
          {units(item.safetyStock)}
        </Fact>
        <Fact label="Reorder point" testId="item-reorder-point">
          {units(item.reorderPoint)}
        </Fact>
        <Fact label="Order quantity" testId="item-order-quantity">
          {units(item.orderQuantity)}
        </Fact>
        <Fact label="Days of supply" testId="item-days-of-supply">
          {daysText(item.daysOfSupply, locale)}
        </Fact>
        <Fact label="Risk (0–100)" testId="item-risk">
          {formatNumber(item.riskScore, locale)}
        </Fact>
        <Fact label="Stock-out" testId="item-stockout-date">
          {item.stockoutDate ? formatDate(item.stockoutDate, locale) : NO_VALUE}
        </Fact>
      </dl>
    </>
  );
}

function ItemReasons({ item }: { item: InventoryItem }) {
  const { locale } = useLocale();
  return (
    <ul className="reason-list" data-testid="item-reasons">
      {item.reasons.map((r, i) => (
        <li key={`${r.kind}-${i}`}>{reasonText(r, locale)}</li>
      ))}
    </ul>
  );
}
