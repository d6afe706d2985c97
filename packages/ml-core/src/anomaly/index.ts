// The anomaly-band entry (`@foresight/ml-core/anomaly`): pure functions over numbers, no
// TensorFlow.js, so alert evaluation and the web server can load it cheaply.
export {
  DEFAULT_BAND_WINDOW,
  MIN_BAND_POINTS,
  checkNewestPoint,
  minimumBandPoints,
  oneStepBands,
} from './one-step-band';
export type { NewestPointCheck, OneStepBandOptions, OneStepBands, OneStepModel } from './types';
