export * from './rule-schema';
export { decryptSecret, encryptSecret, newWebhookSecret, webhookKey } from './delivery/secret';
export { webhookUrlProblem } from './delivery/url';
