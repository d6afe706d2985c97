/** A churn driver as the API returns it; `value`, `typical` and `text` are absent in older models. */
export interface ChurnDriverView {
  feature: string;
  contribution: number;
  value?: number | string | null | undefined;
  typical?: number | string | null | undefined;
  text?: string | undefined;
}

/**
 * The driver as a founder reads it: the sentence the trainer wrote ("no activity for 41 days
 * (typical 6)"), or, for a model trained before drivers had words, the feature name and that it
 * raises the risk.
 */
export function driverSentence(driver: ChurnDriverView): string {
  const text = driver.text?.trim();
  if (text) return text;
  return `${driver.feature} (raises the risk)`;
}

/** The hover detail: how much the driver adds to the model's log-odds of churn. */
export function driverDetail(driver: ChurnDriverView): string {
  const sign = driver.contribution >= 0 ? '+' : '−';
  return `${driver.feature}: ${sign}${Math.abs(driver.contribution).toFixed(2)} log-odds of churn vs a typical customer`;
}
