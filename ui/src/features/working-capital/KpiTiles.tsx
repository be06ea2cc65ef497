import type { ReactNode } from "react";
import type { CashMonth, CashProjection } from "../../lib/ipc";
import { NO_VALUE, capitalise } from "../../shared/format";
import { type CashText, alertText, bandTone, bandText, cashAlerts, cccBand, covenantText, lineUse, lowestCash, riskPeak, runway } from "./figures";

/** A figure at the first period and at the end of the horizon, side by side, with what it means beneath when said. */
function PairTile({
  label,
  testId,
  first,
  end,
  firstMonth,
  endMonth,
  band,
  note,
}: {
  label: string;
  testId: string;
  first: ReactNode;
  end: ReactNode;
  firstMonth: string;
  endMonth: string;
  band?: string;
  note?: string | null;
}) {
  return (
    <article className="kpi wc-kpi" aria-labelledby={`${testId}-label`} data-testid={testId} data-band={band}>
      <h3 id={`${testId}-label`} className="kpi-label">
        {label}
      </h3>
      <dl className="wc-kpi-pair">
        <div>
          <dt>{firstMonth}</dt>
          <dd data-testid={`${testId}-first`}>{first}</dd>
        </div>
        <div>
          <dt>{endMonth}</dt>
          <dd data-testid={`${testId}-end`}>{end}</dd>
        </div>
      </dl>
      {note ? (
        <p className="kpi-change flat" data-testid={`${testId}-note`}>
          {note}
        </p>
      ) : null}
    </article>
  );
}

/** One figure for the whole horizon, with what it means beneath. */
function SingleTile({ label, testId, value, note }: { label: string; testId: string; value: string; note: ReactNode }) {
  return (
    <article className="kpi wc-kpi" aria-labelledby={`${testId}-label`} data-testid={testId}>
      <h3 id={`${testId}-label`} className="kpi-label">
        {label}
      </h3>
      <p className="kpi-value" data-testid={`${testId}-value`}>
        {value}
      </p>
      <p className="kpi-change flat">{note}</p>
    </article>
  );
}

function CccFigure({ month, target, text }: { month: CashMonth; target: string; text: CashText }) {
  const band = cccBand(month.cccBand);
  return (
    <>
      <span className="wc-kpi-figure">{month.ccc === null ? NO_VALUE : `${text.days(month.ccc)} days`}</span>
      <span className={`tag ${bandTone(band)} wc-band`} data-band={band ?? "none"}>
        {bandText(month, target, text)}
      </span>
    </>
  );
}

function LineFigure({ month, limit, text }: { month: CashMonth; limit: string; text: CashText }) {
  const use = lineUse(month, limit);
  return (
    <>
      <span className="wc-kpi-figure">{text.money(month.drawn)} drawn</span>
      <span className="wc-kpi-note">
        {text.money(month.headroom)} headroom{use === null ? "" : ` · ${text.percent(use)} drawn`}
      </span>
    </>
  );
}

function days(value: string | null, text: CashText): string {
  return value === null ? NO_VALUE : `${text.days(value)} days`;
}

/**
 * The cycle, its parts, the balances and cash at the first month and at the end of the
 * horizon; then the lowest cash, how long cash lasts above the minimum and, when simulated,
 * the highest chance of running short.
 */
export function KpiTiles({ projection: p, text }: { projection: CashProjection; text: CashText }) {
  const first = p.months[0];
  const end = p.months.at(-1);
  if (!first || !end) return null;
  const firstMonth = `${text.period(first.month)} (first ${text.unit})`;
  const endMonth = `${text.period(end.month)} (end)`;
  const pair = { firstMonth, endMonth };
  const lowest = lowestCash(p.months);
  const short = runway(p.months, p.minimumCash);
  const peak = p.risk ? riskPeak(p.risk) : null;
  const covenant = covenantText(p, text);
  return (
    <div className="kpi-strip wc-kpis" data-testid="wc-kpis">
      <PairTile
        label="Cash conversion cycle"
        testId="wc-kpi-ccc"
        band={cccBand(end.cccBand) ?? "none"}
        first={<CccFigure month={first} target={p.cccTargetDays} text={text} />}
        end={<CccFigure month={end} target={p.cccTargetDays} text={text} />}
        {...pair}
      />
      <PairTile label="Days sales outstanding (DSO)" testId="wc-kpi-dso" first={days(first.dso, text)} end={days(end.dso, text)} {...pair} />
      <PairTile label="Days inventory outstanding (DIO)" testId="wc-kpi-dio" first={days(first.dio, text)} end={days(end.dio, text)} {...pair} />
      <PairTile label="Days payables outstanding (DPO)" testId="wc-kpi-dpo" first={days(first.dpo, text)} end={days(end.dpo, text)} {...pair} />
      <PairTile
        label="Working capital"
        testId="wc-kpi-working-capital"
        first={text.money(first.workingCapital)}
        end={text.money(end.workingCapital)}
        {...pair}
      />
      <PairTile label="Closing cash" testId="wc-kpi-closing-cash" first={text.money(first.closingCash)} end={text.money(end.closingCash)} {...pair} />
      <PairTile
        label={`Credit line (${text.money(p.creditLimit)} limit)`}
        testId="wc-kpi-line"
        first={<LineFigure month={first} limit={p.creditLimit} text={text} />}
        end={<LineFigure month={end} limit={p.creditLimit} text={text} />}
        note={covenant === null ? null : `${capitalise(covenant)}.`}
        {...pair}
      />
      <SingleTile
        label="Lowest cash"
        testId="wc-kpi-lowest-cash"
        value={lowest ? text.money(lowest.closingCash) : NO_VALUE}
        note={lowest ? `at the end of ${text.period(lowest.month)}` : null}
      />
      <SingleTile
        label="Cash runway"
        testId="wc-kpi-runway"
        value={short ? text.periods(short.months) : "Whole horizon"}
        note={
          short
            ? `Cash falls below the ${text.money(p.minimumCash)} minimum ${text.when(short.month.month)}, even with the line fully drawn.`
            : `Cash stays at or above the ${text.money(p.minimumCash)} minimum through ${text.period(end.month)}.`
        }
      />
      {p.risk ? (
        <SingleTile
          label="Shortfall risk"
          testId="wc-kpi-risk"
          value={peak ? text.share(peak.shortfall ?? 0) : text.share(0)}
          note={peak ? `highest chance of running short, ${text.when(peak.month)}` : "No simulated path runs short of the minimum."}
        />
      ) : null}
    </div>
  );
}

/** What needs attention, each naming its period; nothing when all is well. */
export function CashAlerts({ projection, text }: { projection: CashProjection; text: CashText }) {
  const alerts = cashAlerts(projection);
  if (alerts.length === 0) return null;
  return (
    // Polite rather than assertive: the alerts change as the drivers are typed.
    <div className="banner banner-warning" role="status" data-testid="wc-alerts">
      <strong>Needs attention</strong>
      <ul className="wc-alert-list">
        {alerts.map((a) => (
          <li key={a.kind} data-kind={a.kind} data-month={a.month.month}>
            {alertText(a, projection, text)}
          </li>
        ))}
      </ul>
    </div>
  );
}
