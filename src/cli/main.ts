/** The `limebridge` command line. */
import { Command } from 'commander';
import { registerAdminCommands } from './commands/admin.ts';
import { migrate } from './commands/migrate.ts';
import { serve } from './commands/serve.ts';

const program = new Command('limebridge').description(
  'Keeps a Lime venue and its CRMs (amoCRM, Bitrix24) in step.',
);
program.command('serve').description('run the hub (configured by the environment)').action(serve);
program.command('migrate').description('bring the database schema up to date').action(migrate);
program
  .command('demo')
  .description('the hub on embedded PGlite with CRM sandboxes, a venue simulator and a dashboard')
  .option('--port <port>', 'hub port', '8080')
  .option('--data-dir <dir>', 'where the demo keeps its data', './data/demo')
  .option('--pace <eventsPerSecond>', 'how busy the venue is', '2')
  .action(async (flags: { port: string; dataDir: string; pace: string }) => {
    const { runDemo } = await import('./commands/demo.ts');
    await runDemo({ port: Number(flags.port), dataDir: flags.dataDir, pace: Number(flags.pace) });
  });
registerAdminCommands(program);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`limebridge: ${error.message}\n`);
  process.exit(1);
});
