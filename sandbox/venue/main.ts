/**
 * Runs the venue simulator on its own:
 *   npx node sandbox/venue/main.ts --hub http://127.0.0.1:8080 --api-key … --secret …
 * (`--help` lists every option).
 */
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import { VENUE_TYPES, type VenueType } from './model.ts';
import { startVenueSimulator } from './simulator.ts';
import { total } from './stats.ts';

const USAGE = `venue simulator — plays a Lime installation against a limebridge hub

  --hub <url>             hub base URL (env VENUE_HUB_URL)            required
  --api-key <key>         tenant API key (env VENUE_API_KEY)          required
  --secret <secret>       tenant webhook secret (env VENUE_SECRET)    required
  --port <n>              webhook server port (default 8090; 0 = any)
  --host <host>           webhook server host (default 127.0.0.1)
  --venue <type>          ${VENUE_TYPES.join(' | ')} (default water_park)
  --seed <seed>           PRNG seed (default 1)
  --clients <n>           adult clients in the generated venue (default 100)
  --children <mean>       children per adult (default 1)
  --history <n>           past transactions per adult sent at start (default 2)
  --eps <n>               events per second during the day (default 2)
  --batch <n>             largest batch sent to the hub (default 20)
  --speed <x>             venue clock speed factor (default 1)
  --mode <push|pull>      how Lime gets the hub's events (default push)
  --state-file <path>     keep the Lime db across restarts
  --duplicate-rate <p>    share of events re-sent on purpose (default 0)
  --reorder-rate <p>      share of events held back behind newer ones (default 0)
  --webhook-fail-rate <p> share of pushes answered with 500 (default 0)
  --no-bootstrap          do not send the generated venue at start
  --log-level <level>     pino level (default info)
`;

const { values } = parseArgs({
  options: {
    hub: { type: 'string', default: process.env.VENUE_HUB_URL },
    'api-key': { type: 'string', default: process.env.VENUE_API_KEY },
    secret: { type: 'string', default: process.env.VENUE_SECRET },
    port: { type: 'string', default: '8090' },
    host: { type: 'string', default: '127.0.0.1' },
    venue: { type: 'string', default: 'water_park' },
    seed: { type: 'string', default: '1' },
    clients: { type: 'string', default: '100' },
    children: { type: 'string', default: '1' },
    history: { type: 'string', default: '2' },
    eps: { type: 'string', default: '2' },
    batch: { type: 'string', default: '20' },
    speed: { type: 'string', default: '1' },
    mode: { type: 'string', default: 'push' },
    'state-file': { type: 'string' },
    'duplicate-rate': { type: 'string', default: '0' },
    'reorder-rate': { type: 'string', default: '0' },
    'webhook-fail-rate': { type: 'string', default: '0' },
    'no-bootstrap': { type: 'boolean', default: false },
    'log-level': { type: 'string', default: 'info' },
    help: { type: 'boolean', default: false },
  },
});

function fail(message: string): never {
  process.stderr.write(`${message}\n\n${USAGE}`);
  process.exit(2);
}

function number(name: keyof typeof values): number {
  const value = Number(values[name]);
  if (!Number.isFinite(value) || value < 0) fail(`--${name} must be a non-negative number`);
  return value;
}

if (values.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
if (!values.hub || !values['api-key'] || !values.secret) fail('--hub, --api-key and --secret are required');
if (!VENUE_TYPES.includes(values.venue as VenueType)) fail(`unknown venue type ${values.venue}`);
if (values.mode !== 'push' && values.mode !== 'pull') fail('--mode must be push or pull');

const logger = pino({ name: 'venue', level: values['log-level'] });
const simulator = await startVenueSimulator({
  hubUrl: values.hub,
  apiKey: values['api-key'],
  webhookSecret: values.secret,
  port: number('port'),
  host: values.host,
  venueType: values.venue as VenueType,
  seed: values.seed,
  clients: number('clients'),
  childrenPerFamily: number('children'),
  transactionsPerClient: number('history'),
  pace: {
    eventsPerSecond: number('eps'),
    batchSize: Math.max(1, number('batch')),
    speed: number('speed') || 1,
  },
  mode: values.mode,
  stateFile: values['state-file'],
  bootstrap: !values['no-bootstrap'],
  knobs: {
    duplicateRate: number('duplicate-rate'),
    reorderRate: number('reorder-rate'),
    webhookFailRate: number('webhook-fail-rate'),
  },
  logger,
});
simulator.start();
logger.info(
  { venue: simulator.state.venue.name, webhookUrl: simulator.webhookUrl, mode: values.mode },
  'venue simulator running',
);

const report = setInterval(() => {
  const stats = simulator.stats();
  logger.info(
    {
      sent: total(stats.sent),
      queued: stats.queued,
      retries: stats.retries,
      rejected400: stats.rejected400,
      pushes: stats.pushesReceived,
      preorders: stats.preordersAnswered,
    },
    'venue stats',
  );
}, 10_000);

let stopping = false;
const shutdown = async (signal: string): Promise<void> => {
  if (stopping) return;
  stopping = true;
  logger.info({ signal }, 'stopping the venue simulator');
  clearInterval(report);
  await simulator.close();
  process.exit(0);
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
