import type { CandidateScore } from "../../lib/ipc";
import { useLocale } from "../../shared/locale";
import { biasText, chosenCandidate, maseText, wapeText } from "./figures";

/** The models tried on the series, best backtest first; the one in use is marked. */
export function CandidatesTable({
  candidates,
  modelName,
  modelType,
}: {
  candidates: CandidateScore[];
  modelName: string;
  modelType: string;
}) {
  const { locale } = useLocale();
  if (candidates.length === 0) {
    return (
      <p className="muted" data-testid="forecast-candidates">
        No other model was compared: the history was too short for a backtest.
      </p>
    );
  }
  const chosen = chosenCandidate(candidates, modelName, modelType);
  return (
    <div className="table-wrap">
      <table className="data-table compact" data-testid="forecast-candidates">
        <caption className="visually-hidden">Models compared on the backtest, best first</caption>
        <thead>
          <tr>
            <th scope="col" className="num">
              Rank
            </th>
            <th scope="col">Kind</th>
            <th scope="col">Model</th>
            <th scope="col" className="num">
              MASE
            </th>
            <th scope="col" className="num">
              WAPE
            </th>
            <th scope="col" className="num">
              Bias
            </th>
          </tr>
        </thead>
        <tbody>
          {candidates.map((c, i) => {
            const inUse = i === chosen;
            return (
              <tr key={`${c.kind}-${c.model}-${i}`} data-testid="forecast-candidate" data-chosen={String(inUse)} aria-current={inUse || undefined}>
                <td className="num">{i + 1}</td>
                <td>{inUse ? <strong>{c.kind}</strong> : c.kind}</td>
                <td>
                  {inUse ? <strong>{c.model}</strong> : c.model}
                  {inUse ? <span className="tag tag-ok">in use</span> : null}
                </td>
                <td className="num">{maseText(c.mase, locale)}</td>
                <td className="num">{wapeText(c.wape, locale)}</td>
                <td className="num">{biasText(c.bias, locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
