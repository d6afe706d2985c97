import { datasetsRouter } from './router/datasets';
import { forecastsRouter } from './router/forecasts';
import { jobsRouter } from './router/jobs';
import { orgRouter } from './router/org';
import { riskRouter } from './router/risk';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  datasets: datasetsRouter,
  forecasts: forecastsRouter,
  jobs: jobsRouter,
  org: orgRouter,
  risk: riskRouter,
});

export type AppRouter = typeof appRouter;
