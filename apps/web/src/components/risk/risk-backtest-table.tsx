import { modelName, seriesName } from '~/lib/model-names';
import type { RiskMetrics } from './types';

type Backtest = RiskMetrics['backtest'];

const BASELINE = 'seasonal_naive';

/** Each candidate's backtest error per series, relative to the seasonal-naive baseline. */
export function RiskBacktestTable({ backtest }: { backtest: Backtest }) {
  const candidates = Object.keys(backtest[0]?.mase ?? {});
  return (
    <table aria-label="Risk backtest">
      <thead>
        <tr>
          <th>Series</th>
          <th>Chosen</th>
          {candidates.map((k) => (
            <th key={k} className="num" data-model={k}>
              {modelName(k)}
            </th>
          ))}
        </tr>
      </thead>
      <tbody>
        {backtest.map((b) => {
          const naive = b.mase[BASELINE];
          return (
            <tr key={b.series}>
              <td>{seriesName(b.series)}</td>
              <td>{modelName(b.chosen)}</td>
              {Object.entries(b.mase).map(([k, v]) => (
                <td
                  key={k}
                  className="num"
                  title={v === null ? 'too little data' : `MASE ${v.toFixed(3)}`}
                >
                  {v === null ? '—' : naive ? `×${(v / naive).toFixed(2)}` : v.toFixed(3)}
                </td>
              ))}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
