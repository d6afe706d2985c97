import type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
import type { AppRouter } from './root';

export { appRouter, type AppRouter } from './root';
export {
  createCallerFactory,
  type Actor,
  type ApiContext,
  type InvitationMailer,
  type JobSender,
  type SessionInfo,
} from './trpc';
export type { UploadView } from './schemas/uploads';

export type RouterInputs = inferRouterInputs<AppRouter>;
export type RouterOutputs = inferRouterOutputs<AppRouter>;
