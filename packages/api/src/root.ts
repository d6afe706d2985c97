import { analyticsRouter } from './router/analytics';
import { apiKeysRouter } from './router/api-keys';
import { churnRouter } from './router/churn';
import { datasetsRouter } from './router/datasets';
import { forecastsRouter } from './router/forecasts';
import { invitationsRouter } from './router/invitations';
import { jobsRouter } from './router/jobs';
import { membersRouter } from './router/members';
import { modelsRouter } from './router/models';
import { orgRouter } from './router/org';
import { recommendationsRouter } from './router/recommendations';
import { riskRouter } from './router/risk';
import { uploadsRouter } from './router/uploads';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  analytics: analyticsRouter,
  apiKeys: apiKeysRouter,
  churn: churnRouter,
  datasets: datasetsRouter,
  forecasts: forecastsRouter,
  invitations: invitationsRouter,
  jobs: jobsRouter,
  members: membersRouter,
  models: modelsRouter,
  org: orgRouter,
  recommendations: recommendationsRouter,
  risk: riskRouter,
  uploads: uploadsRouter,
});

export type AppRouter = typeof appRouter;
