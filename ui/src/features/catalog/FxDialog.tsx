import { type Currency, type FxRate, type FxRateInput, commands } from "../../lib/ipc";
import { formatDate, toIsoDate, todayIn } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { SelectField, TextField } from "../../shared/ui";
import { EditorDialog } from "./EditorDialog";
import { FX_SPEC, type FormOf } from "./forms";
import { ratePreview, swapIfSame } from "./fx";
import { CURRENCY_LABELS, type Pair, choices, formatPair } from "./options";

export const FX_LABELS: Record<keyof FxRateInput, string> = {
  base: "From (1 unit of)",
  quote: "To",
  date: "Date",
  rate: "Rate (units of “To” per 1 “From”)",
  source: "Source",
};

export function FxDialog({
  row,
  latest,
  pair,
  canManage,
  refetch,
  onClose,
  onDone,
}: {
  row: FxRate | null;
  latest: FxRate | undefined;
  /** The pair the list shows, which a new rate starts with. */
  pair: Pair | null;
  canManage: boolean;
  refetch: () => Promise<void>;
  onClose: () => void;
  onDone: (message: string) => void;
}) {
  const { locale, timeZone } = useLocale();
  // Sentia reports in GBP: a rate into it is the usual one to add.
  const [base, quote]: Pair = pair ?? ["EUR", "GBP"];
  const blank: FormOf<FxRateInput> = { base, quote, date: toIsoDate(todayIn(timeZone)), rate: "", source: "manual" };

  return (
    <EditorDialog<FxRateInput, FxRate>
      entity="fxRate"
      noun="exchange rate"
      testPrefix="fx"
      spec={FX_SPEC}
      labels={FX_LABELS}
      nameOf={(r) => `${formatPair(r.base, r.quote)} on ${formatDate(r.date, locale)}`}
      row={row}
      latest={latest}
      blank={blank}
      canManage={canManage}
      create={commands.createFxRate}
      update={commands.updateFxRate}
      refetch={refetch}
      onClose={onClose}
      onDone={onDone}
    >
      {({ form, bind, update }) => {
        const preview = ratePreview(form, locale);
        const options = choices(CURRENCY_LABELS).map((c) => (
          <option key={c} value={c}>
            {CURRENCY_LABELS[c]}
          </option>
        ));
        // Choosing the other side's currency turns the pair round instead of naming one currency twice.
        const pick = (side: "base" | "quote") => (e: { target: { value: string } }) =>
          update(swapIfSame({ base: form.base as Currency, quote: form.quote as Currency }, side, e.target.value as Currency));
        return (
          <>
            <SelectField {...bind("base")} onChange={pick("base")}>
              {options}
            </SelectField>
            <SelectField {...bind("quote")} onChange={pick("quote")}>
              {options}
            </SelectField>
            <TextField {...bind("date")} type="date" hint="The day the rate is for; one rate per pair and day." autoFocus={!row} />
            <TextField {...bind("rate")} hint="Above 0, up to 8 decimals, e.g. 0.8512." inputMode="decimal" autoComplete="off" />
            <TextField {...bind("source")} hint="Where it came from: ECB, Bank of England, manual." autoComplete="off" />
            <p className="muted span-2" aria-live="polite" data-testid="fx-preview">
              {preview ?? "Enter a date and a rate to see what it means."}
            </p>
          </>
        );
      }}
    </EditorDialog>
  );
}
