import type { RouterOutputs } from '@foresight/api';

/** The analytics API's shapes, taken from the router itself. */
export type Overview = RouterOutputs['analytics']['overview'];
export type Status = Overview['status'];
export type SeriesPoint = Overview['series'][number];
export type Retention = RouterOutputs['analytics']['retention'];
export type Cohort = Retention['cohorts'][number];
export type Features = RouterOutputs['analytics']['features'];
export type Feature = Features['features'][number];
export type Funnel = RouterOutputs['analytics']['funnel'];
export type FunnelStep = Funnel['steps'][number];
