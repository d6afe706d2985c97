/**
 * The least data each task can learn from. The task modules enforce these numbers and the API
 * checks them before it queues a job (so a founder hears "not enough data" before, not after,
 * "Training has started"). Pure constants: importable without TensorFlow.js
 * (`@foresight/ml-core/requirements`).
 */

/** Points ETS needs to fit; with one more held out, the least a series can be backtested on. */
export const ETS_MINIMUM_LENGTH = 4;
/** Points per series a forecast with a backtest needs. */
export const MIN_FORECAST_POINTS = ETS_MINIMUM_LENGTH + 1;
/** Months of revenue and expenses the runway forecast needs. */
export const MIN_HISTORY_MONTHS = 6;
/** Labelled customers of each class (churned, stayed) a churn table needs. */
export const MIN_ROWS_PER_CLASS = 10;
/** Churn from events: the log must span this many label windows (history, training, validation). */
export const MIN_EVENT_SPAN_WINDOWS = 3;
/** The churn label window by default, days. */
export const DEFAULT_CHURN_WINDOW_DAYS = 30;
/** Recommendations: users with at least two distinct items (one to hold out, one to learn from). */
export const MIN_EVAL_USERS = 5;
/** Recommendations: distinct items. */
export const MIN_RECOMMEND_ITEMS = 2;
