import { useMemo, useState } from "react";
import { type ApprovalLimit, type ReplenishmentOrder, type ReplenishmentStatus, commands } from "../../lib/ipc";
import { type ColumnDef, DataTable, type SortingFn } from "../../shared/DataTable";
import { NO_VALUE, compareDecimal, formatDate, formatDateTime, formatNumber } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { type Loaded, useCommandQuery } from "../../shared/query";
import { Button, Dialog, EmptyState, ErrorBanner, Loading, SelectField } from "../../shared/ui";
import { baseMoney } from "./items";
import { ORDER_STATUSES, aboveLimit, aboveLimitText, limitText, orderActions, orderStatusLabel, orderStatusTone } from "./orders";
import { PlanFiguresView } from "./PlanFiguresView";
import { RejectOrderDialog } from "./RejectOrderDialog";
import { useOrderDecision } from "./useOrderDecision";

const byValue: SortingFn<ReplenishmentOrder> = (a, b) => compareDecimal(a.original.value, b.original.value);

/**
 * The orders planning runs recommended and where each stands: planners submit drafts (and
 * rejected orders again), approvers approve within their limit, which books the production
 * job, or send them back with a comment. Opening an order shows the plan it came from.
 */
export function OrdersPanel({ canRun, canApprove, limit }: { canRun: boolean; canApprove: boolean; limit: Loaded<ApprovalLimit> }) {
  const { locale, timeZone } = useLocale();
  const [status, setStatus] = useState<ReplenishmentStatus | "">("");
  const orders = useCommandQuery(
    ["inventory", "orders", status],
    () => commands.listReplenishmentOrders(status || null),
    "load the replenishment orders",
    { keepPrevious: true },
  );
  const { busy, notice, errors, perform } = useOrderDecision(orders.refetch);
  const [rejecting, setRejecting] = useState<ReplenishmentOrder | null>(null);
  const [viewing, setViewing] = useState<ReplenishmentOrder | null>(null);
  const currency = limit.data?.currency;
  const canAct = canRun || canApprove;

  const columns = useMemo<ColumnDef<ReplenishmentOrder, unknown>[]>(() => {
    const when = (value: string | null) => (value ? formatDateTime(value, locale, timeZone) : NO_VALUE);
    const list: ColumnDef<ReplenishmentOrder, unknown>[] = [
      {
        id: "order",
        header: "Order",
        accessorFn: (o) => o.orderNumber,
        cell: (c) => <span className="mono">{c.row.original.orderNumber}</span>,
        enableHiding: false,
      },
      { id: "sku", header: "SKU", accessorFn: (o) => o.sku, cell: (c) => <span className="mono">{c.row.original.sku}</span> },
      { id: "name", header: "Product", accessorFn: (o) => o.name },
      { id: "location", header: "Location", accessorFn: (o) => o.location },
      {
        id: "quantity",
        header: "Quantity (units)",
        accessorFn: (o) => o.quantity,
        cell: (c) => formatNumber(c.row.original.quantity, locale),
        meta: { numeric: true, exportKind: "integer" },
      },
      {
        id: "value",
        header: currency ? `Value (${currency})` : "Value",
        accessorFn: (o) => o.value,
        sortingFn: byValue,
        cell: (c) => baseMoney(c.row.original.value, currency, locale),
        meta: { numeric: true, label: "Value" },
      },
      {
        id: "orderBy",
        header: "Order by",
        accessorFn: (o) => o.orderBy,
        cell: (c) => formatDate(c.row.original.orderBy, locale),
        meta: { exportKind: "date" },
      },
      {
        id: "needBy",
        header: "Need by",
        accessorFn: (o) => o.needBy,
        cell: (c) => formatDate(c.row.original.needBy, locale),
        meta: { exportKind: "date" },
      },
      {
        id: "status",
        header: "Status",
        accessorFn: (o) => ORDER_STATUSES.indexOf(o.status),
        cell: (c) => {
          const o = c.row.original;
          return (
            <span className={`tag ${orderStatusTone(o.status)}`} data-testid={`order-status-${o.orderNumber}`} data-status={o.status}>
              {orderStatusLabel(o.status)}
            </span>
          );
        },
        meta: { exportValue: (o) => orderStatusLabel(o.status) },
      },
      { id: "submittedBy", header: "Submitted by", accessorFn: (o) => o.submittedBy ?? "" },
      { id: "submittedAt", header: "Submitted", accessorFn: (o) => o.submittedAt ?? "", cell: (c) => when(c.row.original.submittedAt) },
      { id: "decidedBy", header: "Decided by", accessorFn: (o) => o.decidedBy ?? "" },
      { id: "decidedAt", header: "Decided", accessorFn: (o) => o.decidedAt ?? "", cell: (c) => when(c.row.original.decidedAt) },
      {
        id: "comment",
        header: "Comment",
        accessorFn: (o) => o.comment ?? "",
        cell: (c) => <span className="cell-note">{c.row.original.comment ?? ""}</span>,
      },
      {
        id: "job",
        header: "Job",
        accessorFn: (o) => o.jobNumber ?? "",
        cell: (c) => (c.row.original.jobNumber ? <span className="mono">{c.row.original.jobNumber}</span> : NO_VALUE),
      },
    ];
    if (!canAct) return list;
    return [
      ...list,
      {
        id: "actions",
        header: () => <span className="visually-hidden">Actions</span>,
        enableSorting: false,
        enableHiding: false,
        cell: (c) => {
          const o = c.row.original;
          const actions = orderActions(o.status, { run: canRun, approve: canApprove });
          const doing = busy?.id === o.id ? busy.action : null;
          const over = actions.includes("approve") && aboveLimit(o.value, limit.data);
          const overId = `order-over-limit-${o.orderNumber}`;
          const error = errors[o.id];
          return (
            <>
              <div className="row-actions">
                {actions.includes("submit") ? (
                  <Button
                    onClick={() => void perform(o, "submit")}
                    busy={doing === "submit"}
                    disabled={busy !== null}
                    aria-label={`Submit ${o.orderNumber}`}
                    data-testid={`order-submit-${o.orderNumber}`}
                  >
                    Submit
                  </Button>
                ) : null}
                {actions.includes("approve") ? (
                  <Button
                    variant="primary"
                    onClick={() => void perform(o, "approve")}
                    busy={doing === "approve"}
                    disabled={busy !== null || over}
                    aria-describedby={over ? overId : undefined}
                    aria-label={`Approve ${o.orderNumber}`}
                    data-testid={`order-approve-${o.orderNumber}`}
                  >
                    Approve
                  </Button>
                ) : null}
                {actions.includes("reject") ? (
                  <Button
                    variant="danger"
                    onClick={() => setRejecting(o)}
                    busy={doing === "reject"}
                    disabled={busy !== null}
                    aria-label={`Reject ${o.orderNumber}`}
                    data-testid={`order-reject-${o.orderNumber}`}
                  >
                    Reject…
                  </Button>
                ) : null}
              </div>
              {over && limit.data ? (
                <p className="field-hint cell-note" id={overId} data-testid={overId}>
                  {aboveLimitText(limit.data, locale)}
                </p>
              ) : null}
              {error ? (
                <p className="text-error cell-note" role="alert" data-testid={`order-error-${o.orderNumber}`}>
                  {error.title}. {error.message}
                </p>
              ) : null}
            </>
          );
        },
      },
    ];
  }, [locale, timeZone, currency, canAct, canRun, canApprove, busy, errors, perform, limit.data]);

  return (
    <section aria-labelledby="inventory-orders-heading" aria-busy={orders.fetching || undefined}>
      <div className="toolbar">
        <h2 id="inventory-orders-heading">Replenishment orders</h2>
        {limit.data ? (
          <p className="muted" data-testid="approval-limit">
            {limitText(limit.data, locale)}
          </p>
        ) : null}
      </div>
      {limit.error ? <ErrorBanner error={limit.error} onRetry={() => void limit.refetch()} testId="approval-limit-error" /> : null}
      <div className="filters" role="group" aria-label="Order filters">
        <SelectField
          label="Status"
          value={status}
          onChange={(e) => setStatus(e.target.value as ReplenishmentStatus | "")}
          data-testid="orders-filter-status"
        >
          <option value="">All statuses</option>
          {ORDER_STATUSES.map((s) => (
            <option key={s} value={s}>
              {orderStatusLabel(s)}
            </option>
          ))}
        </SelectField>
      </div>
      {notice ? (
        <p className="banner banner-success" role="status" data-testid="order-notice">
          {notice}
        </p>
      ) : null}
      {orders.error ? <ErrorBanner error={orders.error} onRetry={() => void orders.refetch()} testId="orders-error" /> : null}
      {orders.loading ? <Loading label="Loading the replenishment orders…" /> : null}
      {orders.data ? (
        <DataTable
          data={orders.data}
          columns={columns}
          caption="Replenishment orders; open one to see the plan it came from"
          testId="replenishment-orders"
          getRowId={(o) => o.id}
          rowTestId={(o) => `order-row-${o.orderNumber}`}
          rowAttributes={(o) => ({ "data-status": o.status })}
          onRowOpen={setViewing}
          columnChoice
          initialHidden={["name"]}
          exportName="replenishment-orders"
          empty={
            status ? (
              <EmptyState title={`No ${orderStatusLabel(status).toLowerCase()} orders.`} testId="orders-none" />
            ) : (
              <EmptyState title="No replenishment orders yet." testId="orders-empty">
                A planning run recommends a draft order for each item that needs one within the order window.
              </EmptyState>
            )
          }
        />
      ) : null}
      {rejecting ? (
        <RejectOrderDialog order={rejecting} onClose={() => setRejecting(null)} onReject={(comment) => perform(rejecting, "reject", comment)} />
      ) : null}
      {viewing ? (
        <Dialog
          open
          wide
          title={`${viewing.orderNumber} · ${viewing.sku} · ${viewing.location}`}
          onClose={() => setViewing(null)}
          testId="order-decision-dialog"
          footer={
            <Button onClick={() => setViewing(null)} data-testid="order-decision-close">
              Close
            </Button>
          }
        >
          {viewing.decision ? (
            <PlanFiguresView plan={viewing.decision} currency={currency} reasons />
          ) : (
            <p className="muted">The planning run recorded no plan with this order.</p>
          )}
        </Dialog>
      ) : null}
    </section>
  );
}
