/**
 * The one-command demo: the hub on embedded PGlite, an amoCRM and a Bitrix24 sandbox, a venue simulator
 * playing Lime, and a scripted CRM manager — wired through the public APIs. Open the dashboard URL it
 * prints and watch data move both ways.
 */
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startAmoSandbox } from '../sandbox/amocrm/index.ts';
import { startBitrixSandbox } from '../sandbox/bitrix24/index.ts';
import { startVenueSimulator } from '../sandbox/venue/index.ts';
import { readConfig } from '../src/config.ts';
import { startHub } from '../src/hub.ts';
import { createLogger } from '../src/log.ts';
import { startCrmUser } from './crm-user.ts';
import { wireDemo } from './wiring.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.PORT ?? '8080' },
    'data-dir': { type: 'string', default: process.env.LIMEBRIDGE_DATA_DIR ?? './data' },
    pace: { type: 'string', default: '2' },
    'crm-user-every': { type: 'string', default: '20' },
  },
});

const say = (line: string) => process.stdout.write(`[demo] ${line}\n`);

async function main(): Promise<void> {
  const dataDir = resolve(values['data-dir'] ?? './data');
  const port = Number(values.port);
  mkdirSync(join(dataDir, 'sandboxes'), { recursive: true });
  say('starting the CRM sandboxes (amoCRM, Bitrix24)…');
  const amo = await startAmoSandbox({ port: port + 1, stateFile: join(dataDir, 'sandboxes', 'amocrm.json') });
  const bitrix = await startBitrixSandbox({
    port: port + 2,
    stateFile: join(dataDir, 'sandboxes', 'bitrix24.json'),
  });
  say(`starting the hub on embedded PGlite (${dataDir})…`);
  const config = readConfig({
    ...process.env,
    PORT: String(port),
    LIMEBRIDGE_DATA_DIR: dataDir,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const hub = await startHub({ config, log: createLogger(config.logLevel) });
  const venue = await startVenueSimulator({
    hubUrl: hub.url,
    apiKey: 'pending',
    webhookSecret: 'pending',
    port: port + 3,
    venueType: 'water_park',
    seed: 2026,
    clients: 40,
    stateFile: join(dataDir, 'sandboxes', 'venue.json'),
    pace: { eventsPerSecond: Number(values.pace), batchSize: 5 },
    logLevel: 'warn',
  });
  const wiring = await wireDemo(
    { url: hub.url, token: hub.adminToken },
    dataDir,
    { amo, bitrix },
    venue.webhookUrl,
    say,
  );
  venue.setCredentials({ apiKey: wiring.apiKey, webhookSecret: wiring.webhookSecret });
  await venue.start();
  const stopCrmUser = startCrmUser({ amo, bitrix }, say, Number(values['crm-user-every']) * 1000);
  process.stdout.write(
    [
      '',
      '  limebridge demo is running',
      '',
      `  Dashboard     ${hub.url}/      (log in with the admin token below)`,
      `  Admin token   ${hub.adminToken}`,
      `  API docs      ${hub.url}/docs`,
      '',
      `  amoCRM sandbox    ${amo.baseUrl}/_sandbox/contacts   (what the CRM holds)`,
      `  Bitrix24 sandbox  ${bitrix.portalUrl}/_sandbox/contacts`,
      `  Venue simulator   ${venue.url}/lime/stats          (plays Lime: ${values.pace} events/s)`,
      '',
      '  Within a minute: products in both catalogs, contacts with children and the last 10 transactions,',
      '  notes per transaction, contact edits flowing back to Lime, pre-orders built in the CRMs reaching',
      '  Lime and their status coming back. Ctrl+C stops everything; data stays in the data directory.',
      '',
    ].join('\n'),
  );
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    say('stopping…');
    stopCrmUser();
    await venue.close();
    await hub.close();
    await Promise.all([amo.close(), bitrix.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: Error) => {
  process.stderr.write(`[demo] failed: ${error.stack ?? error.message}\n`);
  process.exit(1);
});
