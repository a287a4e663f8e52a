import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
/** Where `dashboard:dev` sends API calls: a hub started with `npm start`. */
const hub = process.env.LIMEBRIDGE_HUB_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 400 },
  server: {
    proxy: Object.fromEntries(['/admin', '/v1', '/oauth', '/healthz', '/docs'].map((path) => [path, hub])),
  },
});
