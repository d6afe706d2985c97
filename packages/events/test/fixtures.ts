// Shared setup of the events tests that need both databases: a fresh PostgreSQL test database
// and a chDB server, with the ClickHouse engines over them, torn down after the file.
import { createTestDatabase, type TestDatabase } from '@foresight/db/testing';
import { afterAll, beforeAll } from 'vitest';
import { clickhouseEngines, type EventsEngines } from '../src';
import { startTestClickHouse, type TestClickHouse } from '../src/testing';

export interface ClickHouseEnginesFixture {
  t: TestDatabase;
  ch: TestClickHouse;
  engines: EventsEngines;
}

/** The file's databases and engines, filled in before its tests run. */
export function useClickHouseEngines(): ClickHouseEnginesFixture {
  const f = {} as ClickHouseEnginesFixture;
  beforeAll(async () => {
    [f.t, f.ch] = await Promise.all([createTestDatabase(), startTestClickHouse()]);
    f.engines = await clickhouseEngines(f.t.db, f.ch.target);
  });
  afterAll(async () => {
    await f.engines?.close();
    await f.ch?.close();
    await f.t?.drop();
  });
  return f;
}
