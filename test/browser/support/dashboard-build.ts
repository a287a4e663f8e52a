/** Builds dashboard/dist when it is missing or older than the dashboard's sources (the hub serves it at `/`). */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const DASHBOARD = fileURLToPath(new URL('../../../dashboard', import.meta.url));
const BUILT = join(DASHBOARD, 'dist', 'index.html');

export async function ensureDashboardBuilt(): Promise<void> {
  if (existsSync(BUILT) && newestSource(DASHBOARD) <= statSync(BUILT).mtimeMs) return;
  await build({ configFile: join(DASHBOARD, 'vite.config.ts'), logLevel: 'warn' });
  if (!existsSync(BUILT)) throw new Error('the dashboard build produced no dashboard/dist/index.html');
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'dist' || entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(path) : statSync(path).mtimeMs);
  }
  return newest;
}
