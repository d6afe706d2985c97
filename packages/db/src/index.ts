export { createDb, getDb, type Db, type DbHandle } from './client';
export { NotFoundError } from './errors';
export * from './datasets';
export * from './jobs';
export * from './forecasts';
export * from './organizations';
export type { DatasetKind, JobStatus, Task } from './generated/prisma/enums';
export * from './risk';
