import { latestRisk, NotFoundError, requireDatasetOfKind, type DbHandle } from '@foresight/db';
import {
  prepareRiskScenarios,
  runScenario,
  type CashSimulation,
  type PreparedRisk,
  type Scenario,
} from '@foresight/ml-core/risk';

// Prepared Monte Carlo draws per model: rebuilding them takes a few ms, caching makes a what-if
// slider pure arithmetic. Models are immutable, so entries never go stale; the cap bounds memory.
const MAX_CACHED = 50;
const prepared = new Map<string, PreparedRisk>();

function preparedFor(modelId: string, build: () => PreparedRisk): PreparedRisk {
  let entry = prepared.get(modelId);
  if (!entry) {
    entry = build();
    if (prepared.size >= MAX_CACHED) prepared.delete(prepared.keys().next().value!);
    prepared.set(modelId, entry);
  } else {
    // Refresh recency.
    prepared.delete(modelId);
    prepared.set(modelId, entry);
  }
  return entry;
}

/**
 * Re-runs the latest risk model's cash simulation under a scenario (growth change, new monthly
 * cost, fundraise), from the forecasts and error draws stored with the model: no retraining.
 */
export async function runRiskWhatIf(options: {
  db: DbHandle;
  organizationId: string;
  datasetId: string;
  scenario: Scenario;
}): Promise<CashSimulation & { modelId: string }> {
  await requireDatasetOfKind(options.db, options.organizationId, options.datasetId, 'financials');
  const risk = await latestRisk(options.db, options.organizationId, options.datasetId);
  if (!risk) throw new NotFoundError('Risk assessment');
  const { input, paths, horizon, seed, dates } = risk.params;
  const ready = preparedFor(risk.modelId, () =>
    prepareRiskScenarios(input, { paths, horizon, seed, dates }),
  );
  return { ...runScenario(ready, options.scenario), modelId: risk.modelId };
}
