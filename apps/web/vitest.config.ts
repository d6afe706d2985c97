import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The app's `~/` imports (tsconfig paths), so components can be rendered in tests.
  resolve: { alias: { '~': fileURLToPath(new URL('./src', import.meta.url)) } },
  // tsconfig keeps JSX for Next.js to compile; tests compile it themselves.
  oxc: { jsx: { runtime: 'automatic' } },
});
