export * from './rule-schema';
export { decryptSecret, encryptSecret, newWebhookSecret, webhookKey } from './delivery/secret';
export { webhookUrlProblem } from './delivery/url';
export {
  AlertEvaluationError,
  evaluateAlerts,
  type EvaluateAlertsDeps,
  type EvaluateAlertsSummary,
} from './evaluate-job';
export {
  evaluateRule,
  isSkipped,
  ruleLink,
  type RuleOutcome,
  type RuleSkipped,
  type RuleTarget,
} from './evaluate';
export {
  DELIVERY_HEADER,
  SIGNATURE_HEADER,
  WEBHOOK_TIMEOUT_MS,
  WebhookTryError,
  deliverWebhook,
  signWebhook,
  verifyWebhookSignature,
  webhookPayload,
  type WebhookDeps,
  type WebhookOutcome,
  type WebhookPayload,
  type WebhookTry,
} from './delivery/webhook';
export { emailNotification, type EmailDeps, type EmailOutcome } from './delivery/email';
export { buildDigest } from './digest/build-digest';
export { sendWeeklyDigests, type DigestDeps, type DigestSent } from './digest/send-weekly-digests';
export { digestWeekStart, isoWeekKey } from './digest/week';
export type { DigestSection, WeeklyDigest } from './digest/types';
