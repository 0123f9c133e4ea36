/**
 * Vite builds the tablet UI from ui/ into dist/ui, which the bridge serves. `npm run dev` serves ui/ with
 * hot reload and forwards /ws and /api to a running bridge (HEADROOM_BRIDGE_PORT, default 8080).
 */
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const bridgeUrl = `http://127.0.0.1:${process.env.HEADROOM_BRIDGE_PORT ?? 8080}`;
const bridgeProxy = {
  '/ws': { target: bridgeUrl, ws: true },
  '/api': { target: bridgeUrl },
};

export default defineConfig({
  root: fileURLToPath(new URL('./ui', import.meta.url)),
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: fileURLToPath(new URL('./dist/ui', import.meta.url)),
    emptyOutDir: true,
  },
  server: { proxy: bridgeProxy },
  preview: { proxy: bridgeProxy },
});
