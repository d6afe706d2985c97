// Behaviour analytics of a ClickHouse events dataset, computed at read time from its raw events
// (no rollups, so always 'ready'), with the same definitions and outputs as the PostgreSQL ones
// in @foresight/db (ARCHITECTURE.md "Behaviour analytics"); every query is scoped by SCOPE_SQL.
export { clickhouseDaily, clickhouseOverview } from './analytics-overview';
export { clickhouseFeatures, clickhouseFunnel, clickhouseRetention } from './analytics-cohorts';
