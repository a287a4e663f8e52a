// Runs the Bitrix24 sandbox standalone:
//   npx node sandbox/bitrix24/main.ts [--port 8802] [--host 127.0.0.1] [--state-file data/bitrix24.json]
//                                     [--secret abcdef0123456789] [--timezone Europe/Moscow]

import { parseArgs } from 'node:util';
import { startBitrixSandbox } from './index.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: process.env.BITRIX_SANDBOX_PORT ?? '0' },
    host: { type: 'string', default: '127.0.0.1' },
    'state-file': { type: 'string', default: process.env.BITRIX_SANDBOX_STATE },
    secret: { type: 'string', default: process.env.BITRIX_SANDBOX_SECRET },
    timezone: { type: 'string', default: 'Europe/Moscow' },
  },
});

const sandbox = await startBitrixSandbox({
  port: Number(values.port),
  host: values.host,
  timezone: values.timezone,
  ...(values['state-file'] ? { stateFile: values['state-file'] } : {}),
  ...(values.secret ? { webhookSecret: values.secret } : {}),
});

console.log(
  JSON.stringify({
    portalUrl: sandbox.portalUrl,
    webhookUrl: sandbox.webhookUrl,
    oauthUrl: sandbox.oauthUrl,
  }),
);

const stop = async () => {
  await sandbox.close();
  process.exit(0);
};
process.once('SIGINT', () => void stop());
process.once('SIGTERM', () => void stop());
