import { parseArgs } from 'node:util';
import { startAmoSandbox } from './index.ts';

// Standalone: `npx node sandbox/amocrm/main.ts --port 9101 [--state-file data/amo.json]
//   [--subdomain demo] [--timezone Europe/Moscow] [--rate-limit 7] [--filters]`

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '9101' },
    host: { type: 'string', default: '127.0.0.1' },
    subdomain: { type: 'string' },
    timezone: { type: 'string' },
    'state-file': { type: 'string' },
    'rate-limit': { type: 'string' },
    filters: { type: 'boolean', default: false },
    'redirect-uri': { type: 'string' },
  },
});

const sandbox = await startAmoSandbox({
  port: Number(values.port),
  host: values.host,
  ...(values.subdomain ? { subdomain: values.subdomain } : {}),
  ...(values.timezone ? { timezone: values.timezone } : {}),
  ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  ...(values['rate-limit'] ? { rateLimitPerSecond: Number(values['rate-limit']) } : {}),
  apiFilterEnabled: values.filters,
});

const lines = [`amoCRM sandbox on ${sandbox.baseUrl}  (control API: ${sandbox.baseUrl}/_sandbox)`];
if (values['redirect-uri']) {
  const integration = sandbox.createIntegration(values['redirect-uri']);
  lines.push(`integration client_id=${integration.clientId} client_secret=${integration.clientSecret}`);
  lines.push(`consent page: ${sandbox.baseUrl}/oauth?client_id=${integration.clientId}&state=demo`);
}
process.stdout.write(`${lines.join('\n')}\n`);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', stop);
process.once('SIGTERM', stop);
