import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  // The tablet's state classes (ui/src/lib/*.svelte.ts) use runes: the unit tests compile them with Svelte.
  plugins: [svelte({ configFile: false })],
  test: {
    include: ['test/**/*.test.ts'],
    // Builds dist/ui once when it is missing or older than ui/ (the browser tests load the built page).
    globalSetup: ['test/e2e/global-setup.ts'],
    environment: 'node',
    testTimeout: 20_000,
    hookTimeout: 30_000,
    // Browser tests and socket tests each start their own servers on port 0; files may run in parallel.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
