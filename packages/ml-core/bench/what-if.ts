/**
 * Time of one what-if (`runScenario`) on prepared draws: 24 months × 2,000 paths. Prints JSON with
 * the median and p90 milliseconds. Run: pnpm --filter @foresight/ml-core exec tsx bench/what-if.ts
 */
import { createRandom } from '../src/common/random';
import type { RiskForecastInput, Scenario } from '../src/risk/types';
import { prepareRiskScenarios, runScenario } from '../src/risk/what-if';

const horizon = 24;
const paths = 2000;
const random = createRandom(1);
const residuals = (scale: number): number[][] =>
  Array.from({ length: 4 }, () =>
    Array.from({ length: 12 }, (_, k) => scale * Math.sqrt(k + 1) * random.normal()),
  );
const input: RiskForecastInput = {
  currentCash: 2_000_000,
  revenue: {
    p50: Array.from({ length: horizon }, (_, h) => 80_000 * 1.04 ** (h + 1)),
    residuals: residuals(6_000),
    referenceLevel: 75_000,
  },
  expenses: {
    p50: Array.from({ length: horizon }, (_, h) => 180_000 + 1_000 * h),
    residuals: residuals(4_000),
    referenceLevel: 175_000,
  },
};

const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};

let started = performance.now();
const prepared = prepareRiskScenarios(input, { paths, horizon, seed: 42 });
const prepareMs = performance.now() - started;

const scenarios: Scenario[] = [
  {},
  { growthRateChange: 0.02 },
  { newMonthlyCost: { amount: 15_000, fromMonth: 3 } },
  { fundraise: { amount: 1_500_000, atMonth: 9 }, growthRateChange: -0.01 },
];
const times: number[] = [];
for (let i = 0; i < 200; i += 1) {
  const scenario = scenarios[i % scenarios.length] as Scenario;
  started = performance.now();
  runScenario(prepared, scenario);
  times.push(performance.now() - started);
}
const measured = times.slice(20); // after JIT warm-up
const p90 = [...measured].sort((a, b) => a - b)[Math.floor(0.9 * measured.length)] as number;
console.log(
  JSON.stringify({
    horizon,
    paths,
    prepareMs: Number(prepareMs.toFixed(2)),
    runScenarioMedianMs: Number(median(measured).toFixed(2)),
    runScenarioP90Ms: Number(p90.toFixed(2)),
    firstCallMs: Number((times[0] as number).toFixed(2)),
  }),
);
