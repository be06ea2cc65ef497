import { useMemo } from "react";
import type { CashMonth, CashProjection } from "../../lib/ipc";
import { type ColumnDef, DataTable } from "../../shared/DataTable";
import { useLocale } from "../../shared/locale";
import { EmptyState } from "../../shared/ui";
import { decimalColumn, monthColumn, monthKey } from "./columns";
import { type CashText, bandLabel, bandTone, cccBand } from "./figures";

type MoneyField = Exclude<
  { [K in keyof CashMonth]: CashMonth[K] extends string ? K : never }[keyof CashMonth],
  "month"
>;

// In the order money moves: the trading, the cash, the financing, then the balances.
const MONEY: readonly [MoneyField, string][] = [
  ["revenue", "Revenue"],
  ["cogs", "COGS"],
  ["receipts", "Receipts"],
  ["payments", "Payments"],
  ["vatPaid", "VAT"],
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

/**
 * The company month by month: every flow and balance, and the cycle with its band. `testId`
 * and `exportName` tell a reproduced projection's table from the live one's.
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
  const columns = useMemo<ColumnDef<CashMonth, unknown>[]>(() => {
    const dayColumn = (id: "dso" | "dio" | "dpo" | "ccc", header: string) => decimalColumn<CashMonth>(id, `${header} (days)`, (m) => m[id], text.days);
    return [
      monthColumn<CashMonth>(locale),
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
  }, [locale, text]);
  return (
    <DataTable
      data={projection.months}
      columns={columns}
      caption={`The company month by month under the ${projection.scenario} scenario, in ${projection.currency}; revenue is after channel commission and fees`}
      testId={testId}
      getRowId={(m) => m.month}
      rowTestId={(m) => `cash-month-${monthKey(m.month)}`}
      rowAttributes={(m) => ({ "data-band": m.cccBand ?? "none" })}
      columnChoice
      exportName={exportName}
      empty={<EmptyState title="No months projected." testId={`${testId}-empty`} />}
    />
  );
}
