// The risk task's TensorFlow-free entry (`@foresight/ml-core/risk`): what-ifs over stored
// forecasts run in the web server without loading TensorFlow.js. Forecasting, assessRunway and
// anomaly detection are exported from the package root.
export { RiskInputError } from './errors';
export { prepareRiskScenarios, runScenario, validateScenario } from './what-if';
export type {
  CashFanPoint,
  CashOutProbability,
  CashOutSummary,
  CashSimulation,
  PreparedRisk,
  RiskForecastInput,
  RunwayDistribution,
  Scenario,
  SeriesErrorModel,
} from './types';
