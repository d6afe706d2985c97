// `pnpm db:migrate`: applies the committed migrations to DATABASE_URL and exits. For production
// where web and trainer run as separate services (docs/deploy/): run it once per release before
// starting them (systemd ExecStartPre, a compose one-shot service). `pnpm start` migrates itself.
import { applyMigrations } from '@foresight/db/migrate';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('[migrate] DATABASE_URL is not set: name the PostgreSQL server to migrate');
  process.exit(2);
}
try {
  const result = await applyMigrations(url, { log: (l) => console.log(`[migrate] ${l}`) });
  console.log(
    `[migrate] ${result.applied.length} applied, ${result.alreadyApplied.length} already applied`,
  );
} catch (error) {
  console.error(`[migrate] failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}
