import { useId } from "react";
import { formatDate, todayIn } from "../../shared/format";
import { useLocale } from "../../shared/locale";
import { PERIOD_PRESETS, type Period, type PeriodPreset, presetPeriod, validatePeriod } from "../../shared/periods";
import type { ReportingCurrency } from "./types";

export const CURRENCIES: readonly ReportingCurrency[] = ["GBP", "EUR", "USD"];

export interface FilterState {
  preset: PeriodPreset;
  custom: Period;
  currency: ReportingCurrency;
}

/** The period a filter state stands for, or an error text for an invalid custom range. */
export function resolvePeriod(state: FilterState, timeZone: string | undefined): Period | string {
  if (state.preset !== "custom") return presetPeriod(state.preset, todayIn(timeZone));
  return validatePeriod(state.custom) ?? state.custom;
}

export function Filters({ value, onChange }: { value: FilterState; onChange: (next: FilterState) => void }) {
  const { locale, timeZone } = useLocale();
  const id = useId();
  const period = resolvePeriod(value, timeZone);
  return (
    <div className="filters" role="group" aria-label="Dashboard filters">
      <fieldset className="segmented">
        <legend>Period</legend>
        {PERIOD_PRESETS.map((p) => (
          <label key={p.id} className={value.preset === p.id ? "is-selected" : undefined}>
            <input
              type="radio"
              name={`${id}-period`}
              value={p.id}
              checked={value.preset === p.id}
              onChange={() => onChange({ ...value, preset: p.id })}
              data-testid={`period-${p.id}`}
            />
            {p.label}
          </label>
        ))}
      </fieldset>
      {value.preset === "custom" ? (
        <div className="custom-range">
          <label>
            From
            <input
              type="date"
              value={value.custom.from}
              max={value.custom.to || undefined}
              onChange={(e) => onChange({ ...value, custom: { ...value.custom, from: e.target.value } })}
              data-testid="period-from"
            />
          </label>
          <label>
            To
            <input
              type="date"
              value={value.custom.to}
              min={value.custom.from || undefined}
              onChange={(e) => onChange({ ...value, custom: { ...value.custom, to: e.target.value } })}
              data-testid="period-to"
            />
          </label>
        </div>
      ) : null}
      <label className="currency-picker">
        Reporting currency
        <select
          value={value.currency}
          onChange={(e) => onChange({ ...value, currency: e.target.value as ReportingCurrency })}
          data-testid="currency"
        >
          {CURRENCIES.map((c) => (
            <option key={c} value={c}>
              {c}
            </option>
          ))}
        </select>
      </label>
      <p className="period-summary" aria-live="polite" data-testid="period-summary">
        {typeof period === "string" ? (
          <span className="field-error">{period}</span>
        ) : (
          <>
            {formatDate(period.from, locale)} – {formatDate(period.to, locale)}
          </>
        )}
      </p>
    </div>
  );
}
