import type pg from 'pg';
import type { DbHandle } from './client';
import { NotFoundError } from './errors';
import { inTransaction } from './transaction';
import type { AlertKind, DatasetKind } from './generated/prisma/enums';

/** An alert rule as stored; `subject` and `params` are checked by `@foresight/alerts` (zod). */
export interface AlertRuleRecord {
  id: string;
  organizationId: string;
  kind: AlertKind;
  name: string;
  datasetId: string;
  datasetName: string;
  datasetKind: DatasetKind;
  subject: unknown;
  params: unknown;
  email: boolean;
  enabled: boolean;
  createdAt: Date;
  lastEvaluatedAt: Date | null;
  lastState: { text: string; values: Record<string, unknown> } | null;
  lastFiredAt: Date | null;
  firedCount: number;
}

const RULE_COLUMNS = `r.id, r.organization_id AS "organizationId", r.kind, r.name,
  r.dataset_id AS "datasetId", d.name AS "datasetName", d.kind AS "datasetKind", r.subject, r.params,
  r.email, r.enabled, r.created_at AS "createdAt", r.last_evaluated_at AS "lastEvaluatedAt",
  r.last_state AS "lastState",
  (SELECT max(e.fired_at) FROM alert_events e WHERE e.rule_id = r.id) AS "lastFiredAt",
  (SELECT count(*)::int FROM alert_events e WHERE e.rule_id = r.id) AS "firedCount"`;

const RULE_FROM = 'alert_rules r JOIN datasets d ON d.id = r.dataset_id';

export interface NewAlertRule {
  kind: AlertKind;
  name: string;
  datasetId: string;
  subject: object;
  params: object;
  email: boolean;
}

/** Creates a rule on one of the organization's datasets (NOT_FOUND for another's). */
export async function createAlertRule(
  db: DbHandle,
  organizationId: string,
  userId: string | null,
  rule: NewAlertRule,
): Promise<AlertRuleRecord> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO alert_rules (organization_id, kind, name, dataset_id, subject, params, email, created_by_id)
     SELECT $1, $2, $3, d.id, $5, $6, $7, $8 FROM datasets d WHERE d.id = $4 AND d.organization_id = $1
     RETURNING id`,
    [
      organizationId,
      rule.kind,
      rule.name,
      rule.datasetId,
      JSON.stringify(rule.subject),
      JSON.stringify(rule.params),
      rule.email,
      userId,
    ],
  );
  if (!rows[0]) throw new NotFoundError('Dataset');
  return getAlertRule(db, organizationId, rows[0].id);
}

export async function getAlertRule(
  db: DbHandle,
  organizationId: string,
  ruleId: string,
): Promise<AlertRuleRecord> {
  const { rows } = await db.pool.query<AlertRuleRecord>(
    `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM} WHERE r.id = $1 AND r.organization_id = $2`,
    [ruleId, organizationId],
  );
  if (!rows[0]) throw new NotFoundError('Alert rule');
  return rows[0];
}

/** The organization's rules, newest first (optionally of one dataset). */
export async function listAlertRules(
  db: DbHandle,
  organizationId: string,
  datasetId: string | null = null,
): Promise<AlertRuleRecord[]> {
  const { rows } = await db.pool.query<AlertRuleRecord>(
    `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM}
     WHERE r.organization_id = $1 AND ($2::uuid IS NULL OR r.dataset_id = $2)
     ORDER BY r.created_at DESC`,
    [organizationId, datasetId],
  );
  return rows;
}

export async function updateAlertRule(
  db: DbHandle,
  organizationId: string,
  ruleId: string,
  patch: { name?: string; params?: object; enabled?: boolean; email?: boolean },
): Promise<AlertRuleRecord> {
  const { rowCount } = await db.pool.query(
    `UPDATE alert_rules SET name = coalesce($3, name), params = coalesce($4, params),
            enabled = coalesce($5, enabled), email = coalesce($6, email), updated_at = now()
     WHERE id = $1 AND organization_id = $2`,
    [
      ruleId,
      organizationId,
      patch.name ?? null,
      patch.params ? JSON.stringify(patch.params) : null,
      patch.enabled ?? null,
      patch.email ?? null,
    ],
  );
  if (rowCount !== 1) throw new NotFoundError('Alert rule');
  return getAlertRule(db, organizationId, ruleId);
}

export async function deleteAlertRule(
  db: DbHandle,
  organizationId: string,
  ruleId: string,
): Promise<void> {
  const { rowCount } = await db.pool.query(
    'DELETE FROM alert_rules WHERE id = $1 AND organization_id = $2',
    [ruleId, organizationId],
  );
  if (rowCount !== 1) throw new NotFoundError('Alert rule');
}

/**
 * Enabled rules to evaluate: of one organization (and dataset), or of every organization (the
 * scheduled sweep).
 */
export async function rulesToEvaluate(
  db: DbHandle,
  scope: { organizationId: string | null; datasetId: string | null },
): Promise<AlertRuleRecord[]> {
  const { rows } = await db.pool.query<AlertRuleRecord>(
    `SELECT ${RULE_COLUMNS} FROM ${RULE_FROM}
     WHERE r.enabled AND ($1::text IS NULL OR r.organization_id = $1)
       AND ($2::uuid IS NULL OR r.dataset_id = $2)
     ORDER BY r.organization_id, r.created_at`,
    [scope.organizationId, scope.datasetId],
  );
  return rows;
}

/** What the last evaluation saw (shown beside the rule). */
export async function recordRuleState(
  db: DbHandle,
  ruleId: string,
  state: { text: string; values: Record<string, unknown> },
): Promise<void> {
  await db.pool.query(
    'UPDATE alert_rules SET last_state = $2, last_evaluated_at = now() WHERE id = $1',
    [ruleId, JSON.stringify(state)],
  );
}

/** An in-app notification (and the webhook deliveries it makes), as created once per period. */
export interface NewNotification {
  kind: 'alert' | 'digest';
  periodKey: string;
  title: string;
  body: string;
  link: string | null;
  data: object;
}

export interface Notified {
  notificationId: string;
  /** One per enabled webhook endpoint of the organization, to send (`deliverWebhook`). */
  deliveryIds: string[];
}

/**
 * Inside a transaction: the notification, unless this kind and period already has one (then
 * null), and a pending delivery to each enabled webhook endpoint.
 */
async function notifyIn(
  client: pg.PoolClient,
  organizationId: string,
  n: NewNotification,
  alertEventId: string | null,
): Promise<Notified | null> {
  const inserted = await client.query<{ id: string }>(
    `INSERT INTO notifications (organization_id, kind, period_key, alert_event_id, title, body, link, data)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
     ON CONFLICT (organization_id, kind, period_key) DO NOTHING RETURNING id`,
    [
      organizationId,
      n.kind,
      n.periodKey,
      alertEventId,
      n.title,
      n.body,
      n.link,
      JSON.stringify(n.data),
    ],
  );
  const notificationId = inserted.rows[0]?.id;
  if (!notificationId) return null;
  const deliveries = await client.query<{ id: string }>(
    `INSERT INTO webhook_deliveries (organization_id, endpoint_id, notification_id)
     SELECT $1, e.id, $2 FROM webhook_endpoints e
     WHERE e.organization_id = $1 AND e.disabled_at IS NULL
     RETURNING id`,
    [organizationId, notificationId],
  );
  return { notificationId, deliveryIds: deliveries.rows.map((r) => r.id) };
}

export interface FiredAlert extends Notified {
  eventId: string;
}

/**
 * Records that a rule fired for a period, with its notification and deliveries, in one
 * transaction — or nothing, returning null, when the rule already fired for that period (a
 * retried job, or two trainers evaluating at once): each alert fires exactly once.
 */
export async function fireAlert(
  db: DbHandle,
  rule: Pick<AlertRuleRecord, 'id' | 'organizationId'>,
  fire: { periodKey: string; summary: string; values: object },
  notification: Omit<NewNotification, 'kind' | 'periodKey' | 'data'>,
): Promise<FiredAlert | null> {
  return inTransaction(db, async (client) => {
    const event = await client.query<{ id: string }>(
      `INSERT INTO alert_events (organization_id, rule_id, period_key, summary, values)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (rule_id, period_key) DO NOTHING RETURNING id`,
      [rule.organizationId, rule.id, fire.periodKey, fire.summary, JSON.stringify(fire.values)],
    );
    const eventId = event.rows[0]?.id;
    if (!eventId) return null;
    const notified = await notifyIn(
      client,
      rule.organizationId,
      {
        ...notification,
        kind: 'alert',
        periodKey: eventId,
        data: { ruleId: rule.id, periodKey: fire.periodKey, values: fire.values },
      },
      eventId,
    );
    return { eventId, ...notified! };
  });
}

/** A notification that is not an alert (the weekly digest), once per kind and period. */
export function createNotification(
  db: DbHandle,
  organizationId: string,
  n: NewNotification,
): Promise<Notified | null> {
  return inTransaction(db, (client) => notifyIn(client, organizationId, n, null));
}

export interface AlertEventRecord {
  id: string;
  ruleId: string;
  ruleName: string;
  kind: AlertKind;
  periodKey: string;
  summary: string;
  values: Record<string, unknown>;
  firedAt: Date;
}

/** Fired alerts, newest first (of one rule, or all), with the numbers that fired them. */
export async function listAlertEvents(
  db: DbHandle,
  organizationId: string,
  options: { ruleId?: string | null; since?: Date | null; limit?: number } = {},
): Promise<AlertEventRecord[]> {
  const { rows } = await db.pool.query<AlertEventRecord>(
    `SELECT e.id, e.rule_id AS "ruleId", r.name AS "ruleName", r.kind, e.period_key AS "periodKey",
            e.summary, e.values, e.fired_at AS "firedAt"
     FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id
     WHERE e.organization_id = $1 AND ($2::uuid IS NULL OR e.rule_id = $2)
       AND ($3::timestamptz IS NULL OR e.fired_at >= $3)
     ORDER BY e.fired_at DESC LIMIT $4`,
    [organizationId, options.ruleId ?? null, options.since ?? null, options.limit ?? 100],
  );
  return rows;
}

export interface NotificationRecord {
  id: string;
  kind: 'alert' | 'digest';
  title: string;
  body: string;
  link: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

const NOTIFICATION_COLUMNS = `id, kind, title, body, link, data, created_at AS "createdAt", read_at AS "readAt"`;

export async function listNotifications(
  db: DbHandle,
  organizationId: string,
  limit = 50,
): Promise<{ items: NotificationRecord[]; unread: number }> {
  const [items, unread] = await Promise.all([
    db.pool.query<NotificationRecord>(
      `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE organization_id = $1
       ORDER BY created_at DESC LIMIT $2`,
      [organizationId, limit],
    ),
    db.pool.query<{ n: number }>(
      'SELECT count(*)::int AS n FROM notifications WHERE organization_id = $1 AND read_at IS NULL',
      [organizationId],
    ),
  ]);
  return { items: items.rows, unread: unread.rows[0]!.n };
}

export async function getNotification(
  db: DbHandle,
  organizationId: string,
  id: string,
): Promise<NotificationRecord> {
  const { rows } = await db.pool.query<NotificationRecord>(
    `SELECT ${NOTIFICATION_COLUMNS} FROM notifications WHERE id = $1 AND organization_id = $2`,
    [id, organizationId],
  );
  if (!rows[0]) throw new NotFoundError('Notification');
  return rows[0];
}

/** Marks the given notifications (or, with null, all) read. */
export async function markNotificationsRead(
  db: DbHandle,
  organizationId: string,
  ids: string[] | null,
): Promise<number> {
  const { rowCount } = await db.pool.query(
    `UPDATE notifications SET read_at = now()
     WHERE organization_id = $1 AND read_at IS NULL AND ($2::uuid[] IS NULL OR id = ANY($2))`,
    [organizationId, ids],
  );
  return rowCount ?? 0;
}

export interface WebhookEndpointRecord {
  id: string;
  url: string;
  description: string;
  secretPrefix: string;
  createdAt: Date;
  disabledAt: Date | null;
  lastDelivery: { status: string; statusCode: number | null; at: Date } | null;
}

export async function createWebhookEndpoint(
  db: DbHandle,
  organizationId: string,
  userId: string | null,
  endpoint: { url: string; description: string; secretCiphertext: string; secretPrefix: string },
): Promise<WebhookEndpointRecord> {
  const { rows } = await db.pool.query<{ id: string }>(
    `INSERT INTO webhook_endpoints (organization_id, url, description, secret_ciphertext, secret_prefix, created_by_id)
     VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
    [
      organizationId,
      endpoint.url,
      endpoint.description,
      endpoint.secretCiphertext,
      endpoint.secretPrefix,
      userId,
    ],
  );
  return (await listWebhookEndpoints(db, organizationId)).find((e) => e.id === rows[0]!.id)!;
}

export async function listWebhookEndpoints(
  db: DbHandle,
  organizationId: string,
): Promise<WebhookEndpointRecord[]> {
  const { rows } = await db.pool.query<WebhookEndpointRecord>(
    `SELECT e.id, e.url, e.description, e.secret_prefix AS "secretPrefix", e.created_at AS "createdAt",
            e.disabled_at AS "disabledAt",
            (SELECT jsonb_build_object('status', d.status, 'statusCode', d.last_status_code, 'at', d.updated_at)
             FROM webhook_deliveries d WHERE d.endpoint_id = e.id AND d.attempts > 0
             ORDER BY d.updated_at DESC LIMIT 1) AS "lastDelivery"
     FROM webhook_endpoints e WHERE e.organization_id = $1 ORDER BY e.created_at DESC`,
    [organizationId],
  );
  return rows;
}

export async function deleteWebhookEndpoint(
  db: DbHandle,
  organizationId: string,
  endpointId: string,
): Promise<void> {
  const { rowCount } = await db.pool.query(
    'DELETE FROM webhook_endpoints WHERE id = $1 AND organization_id = $2',
    [endpointId, organizationId],
  );
  if (rowCount !== 1) throw new NotFoundError('Webhook endpoint');
}

/** A delivery with what sending it needs (the endpoint's encrypted secret included). */
export interface DeliveryToSend {
  id: string;
  organizationId: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  url: string;
  secretCiphertext: string;
  endpointDisabled: boolean;
  notification: NotificationRecord;
}

export async function deliveryToSend(
  db: DbHandle,
  deliveryId: string,
): Promise<DeliveryToSend | null> {
  const { rows } = await db.pool.query<DeliveryToSend>(
    `SELECT d.id, d.organization_id AS "organizationId", d.status, d.attempts, e.url,
            e.secret_ciphertext AS "secretCiphertext", e.disabled_at IS NOT NULL AS "endpointDisabled",
            jsonb_build_object('id', n.id, 'kind', n.kind, 'title', n.title, 'body', n.body,
              'link', n.link, 'data', n.data, 'createdAt', n.created_at, 'readAt', n.read_at) AS notification
     FROM webhook_deliveries d
     JOIN webhook_endpoints e ON e.id = d.endpoint_id
     JOIN notifications n ON n.id = d.notification_id
     WHERE d.id = $1`,
    [deliveryId],
  );
  return rows[0] ?? null;
}

/** One try of a delivery: delivered, failed for good, or still pending (to be retried). */
export async function recordDeliveryAttempt(
  db: DbHandle,
  deliveryId: string,
  attempt: {
    status: 'pending' | 'delivered' | 'failed';
    statusCode: number | null;
    error: string | null;
  },
): Promise<void> {
  await db.pool.query(
    `UPDATE webhook_deliveries SET attempts = attempts + 1, status = $2::delivery_status,
            last_status_code = $3, last_error = $4, updated_at = now(),
            delivered_at = CASE WHEN $2::delivery_status = 'delivered' THEN now() ELSE delivered_at END
     WHERE id = $1 AND status = 'pending'`,
    [deliveryId, attempt.status, attempt.statusCode, attempt.error],
  );
}

export interface DeliveryRecord {
  id: string;
  endpointId: string;
  notificationTitle: string;
  status: 'pending' | 'delivered' | 'failed';
  attempts: number;
  lastStatusCode: number | null;
  lastError: string | null;
  createdAt: Date;
  deliveredAt: Date | null;
}

export async function listDeliveries(
  db: DbHandle,
  organizationId: string,
  endpointId: string | null = null,
  limit = 50,
): Promise<DeliveryRecord[]> {
  const { rows } = await db.pool.query<DeliveryRecord>(
    `SELECT d.id, d.endpoint_id AS "endpointId", n.title AS "notificationTitle", d.status, d.attempts,
            d.last_status_code AS "lastStatusCode", d.last_error AS "lastError",
            d.created_at AS "createdAt", d.delivered_at AS "deliveredAt"
     FROM webhook_deliveries d JOIN notifications n ON n.id = d.notification_id
     WHERE d.organization_id = $1 AND ($2::uuid IS NULL OR d.endpoint_id = $2)
     ORDER BY d.created_at DESC LIMIT $3`,
    [organizationId, endpointId, limit],
  );
  return rows;
}

/**
 * Deliveries never tried although created over `olderThanMinutes` ago: their job was not queued
 * (the process died between the alert's commit and the send). The sweep queues them again; a
 * delivery carries a stable id, so a receiver can drop the rare duplicate.
 */
export async function strandedDeliveries(db: DbHandle, olderThanMinutes = 10): Promise<string[]> {
  const { rows } = await db.pool.query<{ id: string }>(
    `SELECT id FROM webhook_deliveries
     WHERE status = 'pending' AND attempts = 0 AND created_at < now() - make_interval(mins => $1)
     ORDER BY created_at LIMIT 500`,
    [olderThanMinutes],
  );
  return rows.map((r) => r.id);
}
