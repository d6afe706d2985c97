/**
 * The shapes the analytics API returns, as these components use them. The views pass the query
 * results in, so TypeScript checks them against the router's real output types.
 */
export type Status = 'ready' | 'computing';

export interface SeriesPoint {
  period: string;
  activeUsers: number;
  newUsers: number;
  returningUsers: number;
  events: number;
  revenue: number;
  stickiness: number | null;
}

export interface Overview {
  status: Status;
  range: { from: string; to: string } | null;
  eventNames: string[];
  series: SeriesPoint[];
  eventVolume: { event: string; events: number; users: number }[];
  activityDistribution: { bucket: string; users: number }[];
  totals: { users: number; events: number; revenue: number };
}

export interface Cohort {
  cohort: string;
  size: number;
  retained: number[];
}

export interface Retention {
  status: Status;
  cohorts: Cohort[];
}

export interface Feature {
  event: string;
  adopters: number;
  adoption: number;
  adopterRetention: number;
  nonAdopterRetention: number;
  difference: number;
  /** False when every eligible user did it (or none did): nothing to compare with. */
  comparable?: boolean;
  ci95: readonly [number, number] | number[];
  lift: number | null;
  significant: boolean;
}

export interface Features {
  status: Status;
  horizonDays: number;
  eligibleUsers: number;
  definition: string;
  features: Feature[];
}

export interface FunnelStep {
  event: string;
  users: number;
  conversionFromPrevious: number | null;
  conversionFromFirst: number;
  medianHoursFromPrevious: number | null;
}

export interface Funnel {
  status: Status;
  steps: FunnelStep[];
  definition: string;
}
