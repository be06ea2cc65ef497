import { useMemo } from "react";
import type { CashMonth, CashProjection } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { useLocale } from "../../shared/locale";
import { EmptyState } from "../../shared/ui";
import { decimalColumn, periodColumn } from "./columns";
import { type CashText, bandLabel, bandTone, cccBand } from "./figures";
import { granularityOf, periodKey } from "./periods";

type MoneyField = Exclude<
  { [K in keyof CashMonth]: CashMonth[K] extends string ? K : never }[keyof CashMonth],
  "month"
>;

// In the order money moves: the trading, the cash, the financing, then the balances.
// Import duty is part of the payments: its column shows on demand.
const MONEY: readonly [MoneyField, string][] = [
  ["revenue", "Revenue"],
  ["cogs", "COGS"],
  ["receipts", "Receipts"],
  ["payments", "Payments"],
  ["vatPaid", "VAT"],
  ["duty", "Import duty"],
  ["opex", "Opex"],
  ["interest", "Interest"],
  ["netFlow", "Net flow"],
  ["draw", "Draw"],
  ["repayment", "Repayment"],
  ["closingCash", "Closing cash"],
  ["drawn", "Drawn"],
  ["headroom", "Headroom"],
  ["receivables", "Receivables"],
  ["payables", "Payables"],
  ["inventory", "Inventory"],
  ["workingCapital", "Working capital"],
  ["workingCapitalChange", "Change"],
];

/** Columns hidden until the user shows them: detail of a figure another column holds. */
const INITIALLY_HIDDEN = ["duty"];

/**
 * The company period by period (months, weeks or days): every flow and balance, and the cycle
 * with its band. `testId` and `exportName` tell a reproduced projection's table from the live one's.
 */
export function MonthsTable({
  projection,
  text,
  testId = "cash-months",
  exportName = `cash projection ${projection.scenario}`,
}: {
  projection: CashProjection;
  text: CashText;
  testId?: string;
  exportName?: string;
}) {
  const { locale } = useLocale();
  const granularity = granularityOf(projection.granularity);
  const columns = useMemo<ColumnDef<CashMonth, unknown>[]>(() => {
    const dayColumn = (id: "dso" | "dio" | "dpo" | "ccc", header: string) => decimalColumn<CashMonth>(id, `${header} (days)`, (m) => m[id], text.days);
    return [
      periodColumn<CashMonth>(locale, granularity),
      ...MONEY.map(([field, header]) => decimalColumn<CashMonth>(field, header, (m) => m[field], text.money)),
      dayColumn("dso", "DSO"),
      dayColumn("dio", "DIO"),
      dayColumn("dpo", "DPO"),
      dayColumn("ccc", "CCC"),
      {
        id: "cccBand",
        header: "CCC band",
        accessorFn: (m) => {
          const band = cccBand(m.cccBand);
          return band ? bandLabel(band) : "";
        },
        cell: (c) => {
          const band = cccBand(c.row.original.cccBand);
          return band ? <span className={`tag ${bandTone(band)}`}>{bandLabel(band)}</span> : "—";
        },
      },
    ];
  }, [locale, text, granularity]);
  return (
    <DataTable
      data={projection.months}
      columns={columns}
      caption={`The company ${text.unit} by ${text.unit} under the ${projection.scenario} scenario, in ${projection.currency}; revenue is after channel commission and fees`}
      testId={testId}
      getRowId={(m) => m.month}
      rowTestId={(m) => `cash-month-${periodKey(m.month, granularity)}`}
      rowAttributes={(m) => ({ "data-band": m.cccBand ?? "none" })}
      columnChoice
      initialHidden={INITIALLY_HIDDEN}
      exportName={exportName}
      empty={<EmptyState title="No periods projected." testId={`${testId}-empty`} />}
    />
  );
}
