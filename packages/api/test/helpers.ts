import { seedOrganization, type TestDatabase } from '@foresight/db/testing';
import { createCallerFactory, type JobSender } from '../src/trpc';
import { appRouter } from '../src/root';

const createCaller = createCallerFactory(appRouter);

export async function signedInCaller(t: TestDatabase, queue: JobSender, label: string) {
  const { userId, organizationId } = await seedOrganization(t.db, label);
  const caller = createCaller({
    db: t.db,
    queue,
    session: {
      userId,
      email: `${label}@example.com`,
      name: label,
      activeOrganizationId: organizationId,
    },
  });
  return { caller, userId, organizationId };
}

export function csvForm(csv: string, fields: Record<string, string>): FormData {
  const form = new FormData();
  form.set('file', new File([csv], 'upload.csv', { type: 'text/csv' }));
  for (const [k, v] of Object.entries(fields)) form.set(k, v);
  return form;
}

export const sampleCsv = [
  'date,region,revenue',
  ...Array.from({ length: 30 }, (_, i) => {
    const d = new Date(Date.UTC(2023, 0, 1 + i)).toISOString().slice(0, 10);
    return [`${d},north,${100 + i}`, `${d},south,${50 + 2 * i}`];
  }).flat(),
].join('\n');
