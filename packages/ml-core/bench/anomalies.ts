/**
 * Precision/recall of risk anomaly detection on seeded synthetic data (trend + season + noise with
 * ~2% injected spikes/drops of 5–8 sigma). Run: pnpm --filter @foresight/ml-core exec tsx bench/anomalies.ts
 */
import { detectAnomalies } from '../src/risk/anomalies';
import { anomalyPrecisionRecall, syntheticAnomalySeries } from '../src/risk/synthetic-anomalies';

const seasonality = 12;
const labelled = syntheticAnomalySeries({ count: 20, length: 120, seasonality, seed: 2024 });
const results = [0.99, 0.995, 0.999].map((coverage) => {
  const started = performance.now();
  const flagged = detectAnomalies(labelled, { seasonality, coverage });
  return {
    coverage,
    ...anomalyPrecisionRecall(labelled, flagged),
    ms: Math.round(performance.now() - started),
  };
});
console.log(JSON.stringify({ series: labelled.length, length: 120, results }, null, 2));
