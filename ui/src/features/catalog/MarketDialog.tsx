import { type Market, type MarketInput, commands } from "../../lib/ipc";
import { SelectField, TextAreaField, TextField } from "../../shared/ui";
import { EditorDialog } from "./EditorDialog";
import { type FormOf, MARKET_SPEC } from "./forms";
import { CURRENCY_LABELS, choices } from "./options";

export const MARKET_LABELS: Record<keyof MarketInput, string> = {
  code: "Code",
  name: "Name",
  currency: "Currency",
  taxRate: "Tax rate (0–1; 0.2 is 20 %)",
  taxName: "Tax name",
  standardShippingDays: "Standard delivery (days)",
  expressShippingDays: "Express delivery (days)",
  regulatoryRequirements: "Regulatory requirements (JSON)",
  importRestrictions: "Import restrictions (JSON)",
  exportRestrictions: "Export restrictions (JSON)",
  active: "Active",
};

const BLANK: FormOf<MarketInput> = {
  code: "",
  name: "",
  currency: "GBP",
  taxRate: "",
  taxName: "VAT",
  standardShippingDays: "",
  expressShippingDays: "",
  regulatoryRequirements: "{}",
  importRestrictions: "{}",
  exportRestrictions: "{}",
  active: true,
};

export function MarketDialog({
  row,
  latest,
  canManage,
  refetch,
  onClose,
  onDone,
}: {
  row: Market | null;
  latest: Market | undefined;
  canManage: boolean;
  refetch: () => Promise<void>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  return (
    <EditorDialog<MarketInput, Market>
      entity="market"
      noun="market"
      testPrefix="market"
      spec={MARKET_SPEC}
      labels={MARKET_LABELS}
      nameOf={(m) => m.code}
      row={row}
      latest={latest}
      blank={BLANK}
      canManage={canManage}
      history={(m) => (m.inUse ? "products or sales channels belong to it" : null)}
      create={commands.createMarket}
      update={commands.updateMarket}
      refetch={refetch}
      onClose={onClose}
      onDone={onDone}
    >
      {({ bind, flag }) => (
        <>
          <TextField
            {...bind("code")}
            hint="2–10 capital letters, such as UK or USA. Products and channels refer to it."
            autoComplete="off"
            spellCheck={false}
            autoFocus={!row}
          />
          <TextField {...bind("name")} autoComplete="off" />
          <SelectField {...bind("currency")} hint="Product prices and channel fees in this market are in it.">
            {choices(CURRENCY_LABELS).map((c) => (
              <option key={c} value={c}>
                {CURRENCY_LABELS[c]}
              </option>
            ))}
          </SelectField>
          <TextField {...bind("taxName")} hint="What the tax is called: VAT, sales tax." autoComplete="off" />
          <TextField {...bind("taxRate")} hint="A share of the net price, up to 4 decimals." inputMode="decimal" autoComplete="off" />
          <div />
          <TextField {...bind("standardShippingDays")} inputMode="numeric" autoComplete="off" />
          <TextField {...bind("expressShippingDays")} hint="No more than the standard delivery." inputMode="numeric" autoComplete="off" />
          <TextAreaField
            {...bind("regulatoryRequirements")}
            className="span-2"
            mono
            rows={4}
            spellCheck={false}
            hint="A JSON object: labelling rules, registrations."
          />
          <TextAreaField {...bind("importRestrictions")} mono rows={4} spellCheck={false} hint="A JSON object, e.g. duties." />
          <TextAreaField {...bind("exportRestrictions")} mono rows={4} spellCheck={false} hint="A JSON object." />
          {flag("active", "Inactive markets leave the pickers; their products and channels keep their history.")}
        </>
      )}
    </EditorDialog>
  );
}
