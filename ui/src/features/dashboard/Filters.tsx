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
  /** Market code, or null for all markets. */
  market: string | null;
  /** Sales channel id, or null for all channels. */
  channelId: string | null;
}

export interface FilterOptions {
  markets: { code: string; name: string }[];
  channels: { id: string; name: string; market: string }[];
}

export const INITIAL_FILTERS: FilterState = {
  // Most histories end at the last closed month, so a year shows data where "this month"
  // is often still empty.
  preset: "last12Months",
  custom: { from: "", to: "" },
  currency: "GBP",
  market: null,
  channelId: null,
};

const STORAGE_KEY = "sentia.dashboard.filters";

/** The filters survive moving to another screen and back (and a reload) within a session. */
export function loadFilters(): FilterState {
  try {
    const raw = window.sessionStorage.getItem(STORAGE_KEY);
    if (!raw) return INITIAL_FILTERS;
    const parsed = JSON.parse(raw) as Partial<FilterState>;
    return { ...INITIAL_FILTERS, ...parsed, custom: { ...INITIAL_FILTERS.custom, ...parsed.custom } };
  } catch {
    return INITIAL_FILTERS;
  }
}

export function saveFilters(state: FilterState): void {
  try {
    window.sessionStorage.setItem(STORAGE_KEY, JSON.stringify(state));
  } catch {
    // Storage full or disabled: the filters just do not persist.
  }
}

/** The period a filter state stands for, or an error text for an invalid custom range. */
export function resolvePeriod(state: FilterState, timeZone: string | undefined): Period | string {
  if (state.preset !== "custom") return presetPeriod(state.preset, todayIn(timeZone));
  return validatePeriod(state.custom) ?? state.custom;
}

export function Filters({
  value,
  onChange,
  options,
}: {
  value: FilterState;
  onChange: (next: FilterState) => void;
  options: FilterOptions;
}) {
  // A filter restored from an earlier visit stays visible even before the options load.
  const markets =
    value.market && !options.markets.some((m) => m.code === value.market)
      ? [...options.markets, { code: value.market, name: value.market }]
      : options.markets;
  const channels = options.channels.filter((c) => value.market == null || c.market === value.market);
  if (value.channelId && !channels.some((c) => c.id === value.channelId)) {
    channels.push({ id: value.channelId, name: "Selected channel", market: value.market ?? "" });
  }
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
              onChange={() =>
                // Switching to Custom starts from the range on screen rather than empty fields.
                onChange({
                  ...value,
                  preset: p.id,
                  custom: p.id === "custom" && typeof period !== "string" && !value.custom.from ? period : value.custom,
                })
              }
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
      <label className="currency-picker">
        Market
        <select
          value={value.market ?? ""}
          onChange={(e) => onChange({ ...value, market: e.target.value || null, channelId: null })}
          data-testid="filter-market"
        >
          <option value="">All markets</option>
          {markets.map((m) => (
            <option key={m.code} value={m.code}>
              {m.name}
            </option>
          ))}
        </select>
      </label>
      <label className="currency-picker">
        Channel
        <select
          value={value.channelId ?? ""}
          onChange={(e) => onChange({ ...value, channelId: e.target.value || null })}
          data-testid="filter-channel"
        >
          <option value="">All channels</option>
          {channels.map((c) => (
            <option key={c.id} value={c.id}>
              {c.name}
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
