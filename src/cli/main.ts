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
registerAdminCommands(program);

program.parseAsync(process.argv).catch((error: Error) => {
  process.stderr.write(`limebridge: ${error.message}\n`);
  process.exit(1);
});
