import { useMemo } from "react";
import type { CashProjection, MarketCash, MarketMonth } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { decimalSign, formatDate, formatFxRate, formatMoney, formatNumber, formatPercent, shiftDecimal } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { EmptyState } from "../../shared/ui";
import { decimalColumn, periodColumn } from "./columns";
import { type Granularity, granularityOf, periodKey, periodUnit } from "./periods";

type MarketField = Exclude<keyof MarketMonth, "month">;

const FIGURES: readonly [MarketField, string][] = [
  ["revenue", "Revenue"],
  ["receipts", "Receipts"],
  ["netFlow", "Net flow"],
  ["vatPaid", "VAT"],
  ["receivables", "Receivables"],
  ["payables", "Payables"],
  ["inventory", "Inventory"],
];

/**
 * Each market in its own currency, with the rate and tax its figures were converted and taxed
 * at, before the company's operating costs and financing.
 */
export function MarketsPanel({ projection }: { projection: CashProjection }) {
  const { locale } = useLocale();
  const fx = projection.fxChange;
  return (
    <div className="wc-markets">
      <p className="muted" data-testid="wc-markets-note">
        Each market's {periodUnit(granularityOf(projection.granularity))}s in its own currency: its channels' sales, collections, VAT and balances, before the company's operating
        expenses and credit line. The company's figures convert them at the rate shown
        {decimalSign(fx) === 0 ? "." : `, which includes the ${formatPercent(shiftDecimal(fx, 2), locale, { signed: true })} FX change.`}
      </p>
      {projection.markets.length === 0 ? (
        <EmptyState title="No market projected." testId="wc-markets-empty">
          A market needs an active channel and an exchange rate to the base currency; the warnings above name any left out.
        </EmptyState>
      ) : (
        projection.markets.map((m) => (
          <MarketSection
            key={m.market}
            market={m}
            base={projection.currency}
            scenario={projection.scenario}
            granularity={granularityOf(projection.granularity)}
          />
        ))
      )}
    </div>
  );
}

function MarketSection({ market: m, base, scenario, granularity }: { market: MarketCash; base: string; scenario: string; granularity: Granularity }) {
  const { locale } = useLocale();
  const columns = useMemo<ColumnDef<MarketMonth, unknown>[]>(
    () => [
      periodColumn<MarketMonth>(locale, granularity),
      ...FIGURES.map(([field, header]) => decimalColumn<MarketMonth>(field, header, (r) => r[field], (v) => formatMoney(v, m.currency, locale))),
    ],
    [locale, m.currency, granularity],
  );
  const headingId = `wc-market-${m.market}-heading`;
  return (
    <section className="wc-market" aria-labelledby={headingId}>
      <h3 id={headingId}>
        {m.market} · {m.currency}
      </h3>
      <p className="muted" data-testid={`cash-market-${m.market}-terms`}>
        {m.currency === base ? `In the base currency, ${base}.` : `1 ${m.currency} = ${formatFxRate(m.rate, locale)} ${base}, the rate of ${formatDate(m.rateDate, locale)}.`}{" "}
        Tax rate {formatNumber(shiftDecimal(m.taxRate, 2), locale, 2)}%.
      </p>
      <DataTable
        data={m.months}
        columns={columns}
        caption={`${m.market} ${periodUnit(granularity)} by ${periodUnit(granularity)} in ${m.currency} under the ${scenario} scenario`}
        testId={`cash-market-${m.market}`}
        getRowId={(r) => r.month}
        rowTestId={(r) => `cash-market-${m.market}-${periodKey(r.month, granularity)}`}
        exportName={`cash projection ${m.market} ${scenario}`}
        empty={<EmptyState title="No periods projected." />}
      />
    </section>
  );
}
