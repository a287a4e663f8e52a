import type { Command } from 'commander';
import { adminTarget, callAdmin } from '../admin-client.ts';

type Flags = { url?: string; token?: string; json?: boolean };

const print = (value: unknown): void => {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
};

/** Tenants, connections, setup, resync, dead letters and status — every admin job, from a terminal. */
export function registerAdminCommands(program: Command): void {
  const withTarget = (command: Command) =>
    command
      .option('--url <url>', 'the hub (default LIMEBRIDGE_URL or http://HOST:PORT)')
      .option('--token <token>', 'admin token');

  const tenant = program.command('tenant').description('venues (tenants)');
  withTarget(
    tenant
      .command('create')
      .requiredOption('--name <name>')
      .option('--timezone <tz>')
      .option('--lime-webhook-url <url>'),
  )
    .description('create a tenant; prints its API key and webhook secret (shown once)')
    .action(async (flags: Flags & { name: string; timezone?: string; limeWebhookUrl?: string }) =>
      print(
        await callAdmin(adminTarget(flags), 'POST', '/admin/v1/tenants', {
          name: flags.name,
          timezone: flags.timezone,
          limeWebhookUrl: flags.limeWebhookUrl,
        }),
      ),
    );
  withTarget(tenant.command('list')).action(async (flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'GET', '/admin/v1/tenants')),
  );
  withTarget(tenant.command('show <tenantId>')).action(async (id: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'GET', `/admin/v1/tenants/${id}`)),
  );

  const connection = program.command('connection').description('CRM connections');
  withTarget(
    connection
      .command('add <tenantId>')
      .requiredOption('--kind <kind>', 'amocrm | bitrix24')
      .requiredOption('--auth <json>', 'the auth object as JSON (see the admin API docs)')
      .option('--base-url <url>', 'amoCRM account URL')
      .option('--options <json>', 'connection options as JSON'),
  ).action(
    async (
      tenantId: string,
      flags: Flags & { kind: string; auth: string; baseUrl?: string; options?: string },
    ) =>
      print(
        await callAdmin(adminTarget(flags), 'POST', `/admin/v1/tenants/${tenantId}/connections`, {
          kind: flags.kind,
          auth: JSON.parse(flags.auth),
          ...(flags.baseUrl ? { baseUrl: flags.baseUrl } : {}),
          ...(flags.options ? { options: JSON.parse(flags.options) } : {}),
        }),
      ),
  );
  withTarget(connection.command('list <tenantId>')).action(async (tenantId: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'GET', `/admin/v1/tenants/${tenantId}/connections`)),
  );
  withTarget(connection.command('show <connectionId>')).action(async (id: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'GET', `/admin/v1/connections/${id}`)),
  );
  withTarget(
    connection
      .command('setup <connectionId>')
      .description('create fields, catalog, pipeline and webhooks in the CRM')
      .option('--json', 'print the report as JSON'),
  ).action(async (id: string, flags: Flags) => {
    const report = (await callAdmin(
      adminTarget(flags),
      'POST',
      `/admin/v1/connections/${id}/setup`,
    )) as Report;
    if (flags.json) print(report);
    else printReport(report);
  });
  withTarget(connection.command('pause <connectionId>')).action(async (id: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'PATCH', `/admin/v1/connections/${id}`, { paused: true })),
  );
  withTarget(connection.command('resume <connectionId>')).action(async (id: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'PATCH', `/admin/v1/connections/${id}`, { paused: false })),
  );
  withTarget(
    connection.command('resync <connectionId>').option('--scope <scope>', 'products | clients | all', 'all'),
  ).action(async (id: string, flags: Flags & { scope: string }) => {
    const target = adminTarget(flags);
    const run = (await callAdmin(target, 'POST', `/admin/v1/connections/${id}/resync`, {
      scope: flags.scope,
    })) as { runId: string };
    await followResync(target, id, run.runId);
  });

  const dead = program.command('dead-letters').description('items a CRM refused');
  withTarget(dead.command('list').option('--tenant <id>').option('--connection <id>')).action(
    async (flags: Flags & { tenant?: string; connection?: string }) => {
      const query = new URLSearchParams({
        ...(flags.tenant ? { tenantId: flags.tenant } : {}),
        ...(flags.connection ? { connectionId: flags.connection } : {}),
      });
      print(await callAdmin(adminTarget(flags), 'GET', `/admin/v1/dead-letters?${query}`));
    },
  );
  withTarget(dead.command('retry <id>')).action(async (id: string, flags: Flags) =>
    print(await callAdmin(adminTarget(flags), 'POST', `/admin/v1/dead-letters/${id}/retry`)),
  );

  withTarget(program.command('status').description('every tenant and connection at a glance')).action(
    async (flags: Flags) => {
      const target = adminTarget(flags);
      const { tenants } = (await callAdmin(target, 'GET', '/admin/v1/tenants')) as {
        tenants: {
          id: string;
          name: string;
          limeDelivery: { mode: string; undelivered: number; lastError: string | null };
        }[];
      };
      for (const t of tenants) {
        process.stdout.write(
          `${t.name} (${t.id}) — Lime ${t.limeDelivery.mode}, ${t.limeDelivery.undelivered} undelivered${t.limeDelivery.lastError ? `, last error: ${t.limeDelivery.lastError}` : ''}\n`,
        );
        const { connections } = (await callAdmin(target, 'GET', `/admin/v1/tenants/${t.id}/connections`)) as {
          connections: {
            id: string;
            kind: string;
            label: string;
            state: string;
            backlog: Record<string, number>;
            lastError: { detail?: string } | null;
          }[];
        };
        for (const c of connections) {
          const backlog =
            Object.entries(c.backlog)
              .map(([flow, n]) => `${flow} ${n}`)
              .join(', ') || 'nothing owed';
          process.stdout.write(
            `  ${c.kind} ${c.label} (${c.id}): ${c.state}; ${backlog}${c.lastError?.detail ? `; last error: ${c.lastError.detail}` : ''}\n`,
          );
        }
      }
    },
  );
}

type Report = {
  items: { what: string; name: string; status: string; remoteId?: string; note?: string }[];
  instructions: { code: string; text: string }[];
};

/** What setup found or created, one line each, then the manual steps in English. */
function printReport(report: Report): void {
  for (const item of report.items) {
    const id = item.remoteId ? ` (${item.remoteId})` : '';
    const note = item.note ? ` — ${item.note}` : '';
    process.stdout.write(`${item.status.padEnd(8)} ${item.what}: ${item.name}${id}${note}\n`);
  }
  if (report.instructions.length === 0) return;
  process.stdout.write('\nTo do by hand:\n');
  report.instructions.forEach((step, index) => {
    process.stdout.write(`${index + 1}. ${step.text}\n`);
  });
}

async function followResync(
  target: ReturnType<typeof adminTarget>,
  connectionId: string,
  runId: string,
): Promise<void> {
  for (;;) {
    const run = (await callAdmin(target, 'GET', `/admin/v1/connections/${connectionId}/resync/${runId}`)) as {
      state: string;
      done: number;
      total: number;
      progress: number;
    };
    const width = 30;
    const filled = Math.round(run.progress * width);
    process.stdout.write(
      `\rresync ${run.state.padEnd(8)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${run.done}/${run.total}`,
    );
    if (run.state === 'done' || run.state === 'failed') {
      process.stdout.write('\n');
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
}
