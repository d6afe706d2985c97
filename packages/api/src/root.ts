import { alertsRouter } from './router/alerts';
import { analyticsRouter } from './router/analytics';
import { apiKeysRouter } from './router/api-keys';
import { churnRouter } from './router/churn';
import { datasetsRouter } from './router/datasets';
import { forecastsRouter } from './router/forecasts';
import { invitationsRouter } from './router/invitations';
import { jobsRouter } from './router/jobs';
import { membersRouter } from './router/members';
import { modelsRouter } from './router/models';
import { notificationsRouter } from './router/notifications';
import { orgRouter } from './router/org';
import { recommendationsRouter } from './router/recommendations';
import { riskRouter } from './router/risk';
import { uploadsRouter } from './router/uploads';
import { webhooksRouter } from './router/webhooks';
import { createTRPCRouter } from './trpc';

export const appRouter = createTRPCRouter({
  alerts: alertsRouter,
  analytics: analyticsRouter,
  apiKeys: apiKeysRouter,
  churn: churnRouter,
  datasets: datasetsRouter,
  forecasts: forecastsRouter,
  invitations: invitationsRouter,
  jobs: jobsRouter,
  members: membersRouter,
  models: modelsRouter,
  notifications: notificationsRouter,
  org: orgRouter,
  recommendations: recommendationsRouter,
  risk: riskRouter,
  uploads: uploadsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
