import { strandedDeliveries, type DbHandle } from '@foresight/db';
import {
  deliverWebhook,
  emailNotification,
  evaluateAlerts,
  sendWeeklyDigests,
  webhookKey,
} from '@foresight/alerts';
import type { MailEnv } from '@foresight/mail';
import {
  ALERT_SWEEP_CRON,
  WEEKLY_DIGEST_CRON,
  jobDefinitions,
  type QueueClient,
} from '@foresight/queue';

/** What delivering notifications needs from the environment (the web's, shared by every service). */
export interface AlertSettings {
  /** BETTER_AUTH_SECRET: webhook signing secrets are encrypted with a key derived from it. */
  appSecret: string | null;
  /** The app's public origin, for links in webhooks and e-mails. */
  baseUrl: string;
  allowLocalWebhooks: boolean;
  mail: MailEnv;
}

const defs = jobDefinitions;

/**
 * The alert side of a trainer: evaluates rules (after imports and training, and hourly for every
 * organization, when it also re-queues deliveries whose job was never queued), delivers webhooks
 * with retries, e-mails notifications, and sends the weekly digest (Mondays).
 */
export async function startAlertWork(
  queue: QueueClient,
  db: DbHandle,
  settings: AlertSettings,
  log: (line: string) => void,
): Promise<void> {
  const report = (message: string, error?: unknown) =>
    log(error ? `${message}: ${(error as Error).stack ?? String(error)}` : message);
  const secretKey = settings.appSecret ? webhookKey(settings.appSecret) : null;
  const polling = { batchSize: 1, pollingIntervalSeconds: 2 };

  await queue.boss.work<unknown>(defs.evaluateAlerts.queue, polling, async ([item]) => {
    if (!item) return;
    const payload = defs.evaluateAlerts.schema.parse(item.data);
    const summary = await evaluateAlerts({ db, queue, log: report }, payload);
    if (summary.evaluated) log(`alerts (${payload.reason}): ${JSON.stringify(summary)}`);
    if (payload.reason === 'schedule') {
      for (const deliveryId of await strandedDeliveries(db))
        await queue.send('deliverWebhook', { deliveryId });
    }
  });
  await queue.boss.work<unknown>(defs.deliverWebhook.queue, polling, async ([item]) => {
    if (!item) return;
    const payload = defs.deliverWebhook.schema.parse(item.data);
    if (!secretKey)
      throw new Error('BETTER_AUTH_SECRET is not set: webhook secrets cannot be read');
    const tryNumber = item.retryCount + 1;
    const outcome = await deliverWebhook(
      { db, secretKey, baseUrl: settings.baseUrl, allowLocalHttp: settings.allowLocalWebhooks },
      payload,
      { tryNumber, lastTry: item.retryCount >= defs.deliverWebhook.policy.retryLimit },
    );
    log(`webhook delivery ${payload.deliveryId} (try ${tryNumber}): ${outcome.status}`);
  });
  await queue.boss.work<unknown>(defs.emailNotification.queue, polling, async ([item]) => {
    if (!item) return;
    const payload = defs.emailNotification.schema.parse(item.data);
    await emailNotification({ db, mail: settings.mail, baseUrl: settings.baseUrl, log }, payload);
  });
  await queue.boss.work<unknown>(defs.weeklyDigest.queue, polling, async ([item]) => {
    if (!item) return;
    const sent = await sendWeeklyDigests({ db, queue, log }, new Date());
    log(`weekly digest: ${sent.length} organization(s)`);
  });
  const sweep = { organizationId: null, datasetId: null, reason: 'schedule' } as const;
  await queue.boss.schedule(defs.evaluateAlerts.queue, ALERT_SWEEP_CRON, sweep, { tz: 'UTC' });
  await queue.boss.schedule(defs.weeklyDigest.queue, WEEKLY_DIGEST_CRON, {}, { tz: 'UTC' });
}
