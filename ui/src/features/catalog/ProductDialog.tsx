import { type Market, type Product, type ProductInput, commands } from "../../lib/ipc";
import { NO_VALUE, formatMoney, formatNumber, formatPercent, shiftDecimal } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { SelectField, TextAreaField, TextField } from "../../shared/ui";
import { EditorDialog } from "./EditorDialog";
import { type FormOf, PRODUCT_SPEC } from "./forms";
import { unitMargin } from "./margin";
import { CATEGORY_LABELS, choices, currencyOf, marketChoices } from "./options";

/** Each field's label with its unit; cost and price add the market's currency where shown. */
export const PRODUCT_LABELS: Record<keyof ProductInput, string> = {
  sku: "SKU",
  name: "Name",
  category: "Product line",
  market: "Market",
  unitCost: "Unit cost (per unit)",
  sellingPrice: "Selling price (per unit, excl. tax)",
  weightKg: "Weight (kg)",
  dimensionsCm: "Dimensions (L×W×H, cm)",
  productionTimeHours: "Production time (hours per batch)",
  batchSizeMin: "Smallest batch (units)",
  batchSizeMax: "Largest batch (units)",
  leadTimeDays: "Lead time (days)",
  shelfLifeDays: "Shelf life (days)",
  complianceData: "Compliance data (JSON)",
  active: "Active",
};

/** A new product starts from the database's column defaults. */
function blankProduct(market: string): FormOf<ProductInput> {
  return {
    sku: "",
    name: "",
    category: "GABA Red",
    market,
    unitCost: "",
    sellingPrice: "",
    weightKg: "",
    dimensionsCm: "",
    productionTimeHours: "3.5",
    batchSizeMin: "100",
    batchSizeMax: "1000",
    leadTimeDays: "14",
    shelfLifeDays: "",
    complianceData: "{}",
    active: true,
  };
}

export function ProductDialog({
  row,
  latest,
  markets,
  canManage,
  refetch,
  onClose,
  onDone,
}: {
  row: Product | null;
  latest: Product | undefined;
  markets: Market[] | undefined;
  canManage: boolean;
  refetch: () => Promise<void>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { locale } = useLocale();
  const firstMarket = markets?.find((m) => m.fields.active)?.fields.code ?? "";

  return (
    <EditorDialog<ProductInput, Product>
      entity="product"
      noun="product"
      testPrefix="product"
      spec={PRODUCT_SPEC}
      labels={PRODUCT_LABELS}
      nameOf={(p) => p.sku}
      row={row}
      latest={latest}
      blank={blankProduct(firstMarket)}
      canManage={canManage}
      history={(p) => (p.hasSales ? "it has sales history" : null)}
      create={commands.createProduct}
      update={commands.updateProduct}
      refetch={refetch}
      onClose={onClose}
      onDone={onDone}
    >
      {({ form, bind, flag }) => {
        const currency = currencyOf(markets, form.market) ?? row?.currency;
        const per = currency ? `${currency} per unit` : "per unit";
        const margin = unitMargin(form.unitCost, form.sellingPrice);
        const options = marketChoices(markets ?? [], form.market);
        return (
          <>
            <TextField {...bind("sku")} hint="3–50 capital letters, digits, - or _" autoComplete="off" spellCheck={false} autoFocus={!row} />
            <TextField {...bind("name")} autoComplete="off" />
            <SelectField {...bind("category")}>
              {choices(CATEGORY_LABELS).map((c) => (
                <option key={c} value={c}>
                  {CATEGORY_LABELS[c]}
                </option>
              ))}
            </SelectField>
            <SelectField
              {...bind("market")}
              hint={
                markets && options.length === 0
                  ? "No active market yet: add one on the Markets tab first."
                  : currency
                    ? `Prices are in ${currency}, the market's currency.`
                    : undefined
              }
            >
              {form.market === "" ? <option value="">Choose a market</option> : null}
              {options.map((m) => (
                <option key={m.code} value={m.code}>
                  {m.label}
                </option>
              ))}
            </SelectField>
            <TextField {...bind("unitCost")} label={`Unit cost (${per})`} inputMode="decimal" autoComplete="off" />
            <TextField {...bind("sellingPrice")} label={`Selling price (${per}, excl. tax)`} inputMode="decimal" autoComplete="off" />
            <dl className="live-margin span-2" aria-live="polite">
              <div>
                <dt>Unit margin</dt>
                <dd data-testid="product-margin">
                  {margin ? (currency ? formatMoney(margin.amount, currency, locale) : formatNumber(margin.amount, locale, 2)) : NO_VALUE}
                </dd>
              </div>
              <div>
                <dt>Margin (share of the price)</dt>
                <dd data-testid="product-margin-pct">
                  {margin ? formatPercent(shiftDecimal(margin.share, 2), locale, { digits: 1 }) : NO_VALUE}
                </dd>
              </div>
            </dl>
            <TextField {...bind("weightKg")} hint="0.001–50; blank if not known" inputMode="decimal" autoComplete="off" />
            <TextField {...bind("dimensionsCm")} hint="Length x width x height, e.g. 12x8x4.5" autoComplete="off" spellCheck={false} />
            <TextField {...bind("productionTimeHours")} hint="0.1–72" inputMode="decimal" autoComplete="off" />
            <TextField {...bind("leadTimeDays")} inputMode="numeric" autoComplete="off" />
            <TextField {...bind("batchSizeMin")} hint="1–10,000" inputMode="numeric" autoComplete="off" />
            <TextField {...bind("batchSizeMax")} hint="At least the smallest batch, at most 100,000" inputMode="numeric" autoComplete="off" />
            <TextField {...bind("shelfLifeDays")} hint="Blank if it does not expire" inputMode="numeric" autoComplete="off" />
            <div />
            <TextAreaField
              {...bind("complianceData")}
              className="span-2"
              mono
              rows={5}
              spellCheck={false}
              hint="A JSON object: label language, health claims, approvals, HS code."
            />
            {flag("active", "Inactive products leave the pickers and keep their history.")}
          </>
        );
      }}
    </EditorDialog>
  );
}
