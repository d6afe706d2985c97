/**
 * The Features page's retention horizons in days: the choices it offers, and the horizons a
 * ClickHouse refresh counts ahead (others are counted when asked). No imports: the web's client
 * bundle reads it.
 */
export const FEATURE_HORIZONS_DAYS = [7, 14, 30, 60, 90] as const;
