import { readConfig } from '../../config.ts';
import { startHub } from '../../hub.ts';
import { createLogger } from '../../log.ts';

/** `limebridge serve`: the hub alone, configured by the environment (lime-protocol.md §4). */
export async function serve(): Promise<void> {
  const config = readConfig();
  const log = createLogger(config.logLevel);
  const hub = await startHub({ config, log });
  const base = hub.url;
  process.stdout.write(
    [
      '',
      `limebridge is running (${hub.database.engine === 'pglite' ? `embedded PGlite in ${config.dataDir}` : 'PostgreSQL'})`,
      `  dashboard   ${base}/`,
      `  Lime API    ${base}/v1/events   (Authorization: Bearer <tenant API key>)`,
      `  admin API   ${base}/admin/v1    (Authorization: Bearer <admin token>)`,
      `  API docs    ${base}/docs`,
      `  health      ${base}/healthz   metrics ${base}/metrics`,
      `  admin token ${hub.adminTokenGenerated ? hub.adminToken : '(from LIMEBRIDGE_ADMIN_TOKEN)'}`,
      '',
    ].join('\n'),
  );
  stopOnSignals(log, () => hub.close());
}

export function stopOnSignals(log: { info: (msg: string) => void }, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info(`${signal} received, stopping`);
    close()
      .then(() => process.exit(0))
      .catch(() => process.exit(1));
    setTimeout(() => process.exit(1), 20_000).unref();
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
