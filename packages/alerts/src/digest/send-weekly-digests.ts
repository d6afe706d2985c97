import { createNotification, organizationsWithDatasets, type DbHandle } from '@foresight/db';
import type { JobSender } from '@foresight/queue';
import { buildDigest } from './build-digest';
import { digestWeekStart } from './week';

export interface DigestDeps {
  db: DbHandle;
  /** Queues the follow-up deliverWebhook and emailNotification jobs. */
  queue: JobSender;
  log?: (line: string) => void;
}

export interface DigestSent {
  organizationId: string;
  periodKey: string;
  /**
   * sent: the notification was created and its jobs queued; already-sent: this week's digest
   * exists (a retried or repeated run); nothing-to-report: no section had data; error: see
   * `error` (the others were still sent; the job then fails so the queue retries).
   */
  status: 'sent' | 'already-sent' | 'nothing-to-report' | 'error';
  notificationId: string | null;
  /** deliverWebhook jobs queued (one per enabled endpoint). */
  webhooks: number;
  /** Whether an emailNotification job was queued (it does nothing when SMTP is not set). */
  email: boolean;
  error?: string;
}

/**
 * The weeklyDigest job: for each organization with a dataset, the digest of the last full ISO
 * week before `now` (the job runs Mondays, so: the week that just ended), created once as a
 * 'digest' notification keyed by the week ('2026-W49'), then a deliverWebhook job per webhook
 * endpoint and one emailNotification job. Idempotent: a second run in the same week finds the
 * notification and sends nothing. An organization that fails does not stop the others; the
 * job then throws at the end so the queue retries (and the retry skips the ones already sent).
 */
export async function sendWeeklyDigests(deps: DigestDeps, now: Date): Promise<DigestSent[]> {
  const log = deps.log ?? ((line: string) => console.info(line));
  const weekStart = digestWeekStart(now);
  const results: DigestSent[] = [];
  for (const org of await organizationsWithDatasets(deps.db)) {
    const base = { organizationId: org.id, notificationId: null, webhooks: 0, email: false };
    let periodKey = '';
    try {
      const digest = await buildDigest(deps.db, org.id, weekStart);
      periodKey = digest.periodKey;
      if (digest.sections.length === 0) {
        results.push({ ...base, periodKey, status: 'nothing-to-report' });
        continue;
      }
      const { text, ...structured } = digest;
      const created = await createNotification(deps.db, org.id, {
        kind: 'digest',
        periodKey,
        title: digest.title,
        body: text,
        link: '/',
        data: structured,
      });
      if (!created) {
        results.push({ ...base, periodKey, status: 'already-sent' });
        continue;
      }
      for (const deliveryId of created.deliveryIds) {
        await deps.queue.send('deliverWebhook', { deliveryId });
      }
      await deps.queue.send('emailNotification', { notificationId: created.notificationId });
      results.push({
        ...base,
        periodKey,
        status: 'sent',
        notificationId: created.notificationId,
        webhooks: created.deliveryIds.length,
        email: true,
      });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`[digest] ${org.id}: ${message}`);
      results.push({ ...base, periodKey, status: 'error', error: message });
    }
  }
  const failed = results.filter((r) => r.status === 'error');
  if (failed.length > 0) {
    throw new Error(
      `The weekly digest failed for ${failed.length} of ${results.length} organizations (${failed
        .map((f) => `${f.organizationId}: ${f.error}`)
        .join('; ')}); the others were sent`,
    );
  }
  return results;
}
