import { useMemo } from "react";
import type { CashProjection, TaxObligation } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { NO_VALUE, formatDate, formatMoney } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { EmptyState } from "../../shared/ui";
import { decimalColumn } from "./columns";
import type { CashText } from "./figures";
import { nextTaxDue, taxByDue, taxDueTotal, taxKey } from "./tax";

const PARTIAL_NOTE = "The return starts before the projection: only its projected part is in the amount.";

/**
 * The tax obligations by jurisdiction and due date: each market's VAT or sales-tax returns the
 * projection reaches, what each owes (or reclaims) in its currency and the base, and whether it
 * is paid within the projection; the total paid within it, and the next payment picked out.
 */
export function TaxPanel({ projection: p, text }: { projection: CashProjection; text: CashText }) {
  const { locale } = useLocale();
  const rows = useMemo(() => taxByDue(p.tax), [p.tax]);
  const next = useMemo(() => nextTaxDue(rows), [rows]);
  const nextKey = next ? taxKey(next) : null;
  const total = taxDueTotal(rows);
  const within = rows.filter((t) => t.paidInProjection).length;
  const after = rows.length - within;

  const columns = useMemo<ColumnDef<TaxObligation, unknown>[]>(() => {
    const range = (t: TaxObligation) => `${formatDate(t.periodStart, locale)} – ${formatDate(t.periodEnd, locale)}`;
    return [
      {
        id: "due",
        header: "Due",
        // ISO dates sort as text.
        accessorFn: (t) => t.due,
        cell: (c) => (
          <>
            {formatDate(c.row.original.due, locale)}
            {taxKey(c.row.original) === nextKey ? (
              <span className="tag tag-info" data-testid="wc-tax-next-tag">
                next payment
              </span>
            ) : null}
          </>
        ),
        enableHiding: false,
        meta: { exportKind: "date" },
      },
      { id: "market", header: "Market", accessorFn: (t) => t.market, enableHiding: false },
      { id: "taxName", header: "Tax", accessorFn: (t) => t.taxName },
      {
        id: "period",
        header: "Return period",
        accessorFn: (t) => t.periodStart,
        cell: (c) => (
          <>
            {range(c.row.original)}
            {c.row.original.partial ? (
              <span className="tag tag-muted" title={PARTIAL_NOTE} data-testid="wc-tax-partial">
                part projected
              </span>
            ) : null}
          </>
        ),
        meta: { exportValue: (t) => `${range(t)}${t.partial ? " (part projected)" : ""}` },
      },
      { id: "currency", header: "Currency", accessorFn: (t) => t.currency },
      {
        // Each row in its market's currency: the cell formats in it, the export writes the amount.
        ...decimalColumn<TaxObligation>("amount", "Amount", (t) => t.amount, (v) => v),
        cell: (c) => formatMoney(c.row.original.amount, c.row.original.currency, locale),
      },
      decimalColumn<TaxObligation>("amountBase", `Amount (${p.currency})`, (t) => t.amountBase, text.money),
      {
        id: "paid",
        header: "Paid within the projection",
        accessorFn: (t) => (t.paidInProjection ? "Yes" : "No: due after it"),
      },
    ];
  }, [locale, nextKey, p.currency, text]);

  return (
    <section className="wc-tax" aria-labelledby="wc-tax-heading" data-testid="wc-tax">
      <h2 id="wc-tax-heading">Tax obligations</h2>
      <p className="muted">
        Each market's VAT or sales-tax returns the projection reaches, by due date: what each owes (or, negative, reclaims) in the
        market's currency and in {p.currency}. A return marked “part projected” starts before the projection, so only its projected
        part is in the amount.
      </p>
      {rows.length === 0 ? (
        <EmptyState title="No tax return falls in the projection." testId="wc-tax-empty">
          A market's returns show here once the projection reaches a return period; the markets need a tax rate and a filing schedule.
        </EmptyState>
      ) : (
        <>
          <dl className="read-only-facts wc-tax-facts">
            <dt>Due within the projection</dt>
            <dd data-testid="wc-tax-total">
              {total === null ? NO_VALUE : text.money(total)}
              <span className="muted">
                {" "}
                from {text.count(within)} return{within === 1 ? "" : "s"}
                {after > 0 ? `; ${text.count(after)} more fall${after === 1 ? "s" : ""} due after it` : ""}
              </span>
            </dd>
            <dt>Next payment</dt>
            <dd data-testid="wc-tax-next">
              {next
                ? `${next.market} ${next.taxName}, ${formatMoney(next.amount, next.currency, locale)}${
                    next.currency === p.currency ? "" : ` (${text.money(next.amountBase)})`
                  }, due ${formatDate(next.due, locale)}`
                : "None within the projection"}
            </dd>
          </dl>
          <DataTable
            data={rows}
            columns={columns}
            caption={`Tax returns by due date under the ${p.scenario} scenario, each in its market's currency and in ${p.currency}`}
            testId="wc-tax-table"
            getRowId={taxKey}
            rowTestId={() => "wc-tax-row"}
            rowAttributes={(t) => ({
              "data-market": t.market,
              "data-due": t.due,
              "data-next": taxKey(t) === nextKey ? "true" : "false",
              "data-paid": t.paidInProjection ? "true" : "false",
            })}
            exportName={`tax obligations ${p.scenario}`}
            empty={<EmptyState title="No tax return falls in the projection." />}
          />
        </>
      )}
    </section>
  );
}
