import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, type AppRouter } from './root';
export {
  createCallerFactory,
  type Actor,
  type ApiContext,
  type JobSender,
  type SessionInfo,
} from './trpc';
export { MAX_UPLOAD_BYTES } from './router/datasets';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
