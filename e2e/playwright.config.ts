import { defineConfig } from '@playwright/test';

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://localhost:${port}`;
// A second app with event logs in ClickHouse (chDB) for the specs that read events.
const chdbPort = port + 1;
const chdbBaseURL = `http://localhost:${chdbPort}`;

const appEnv = (url: string, appPort: number) => ({
  PORT: String(appPort),
  BETTER_AUTH_URL: url,
  NEXT_TELEMETRY_DISABLED: '1',
  // Small enough for the rate-limit test to reach in a few requests.
  FORESIGHT_API_KEY_REQUESTS_PER_MINUTE: '60',
});
const server = {
  command: 'node --import tsx serve.ts',
  timeout: 180_000,
  reuseExistingServer: false,
  stdout: 'pipe',
  stderr: 'pipe',
  gracefulShutdown: { signal: 'SIGTERM', timeout: 20_000 },
} as const;

export default defineConfig({
  testDir: './tests',
  timeout: 180_000,
  expect: { timeout: 15_000 },
  forbidOnly: !!process.env.CI,
  retries: 0,
  workers: 1,
  reporter: [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  use: {
    baseURL,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      // Debian's Chromium; Playwright's own browser download is not possible offline.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  projects: [
    { name: 'postgres', use: { baseURL } },
    {
      name: 'chdb',
      use: { baseURL: chdbBaseURL },
      testMatch: ['analytics.spec.ts', 'churn-recommendations.spec.ts'],
    },
  ],
  webServer: [
    { ...server, url: `${baseURL}/sign-in`, env: appEnv(baseURL, port) },
    {
      ...server,
      url: `${chdbBaseURL}/sign-in`,
      env: {
        ...appEnv(chdbBaseURL, chdbPort),
        FORESIGHT_EVENTS_ENGINE: 'chdb',
        FORESIGHT_CHDB_PORT: String(chdbPort + 1000),
      },
    },
  ],
});
