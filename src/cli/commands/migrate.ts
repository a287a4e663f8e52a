import { readConfig } from '../../config.ts';
import { openDatabase } from '../../store/db.ts';

/** `limebridge migrate`: brings the database schema up to date (serve does it too, at start). */
export async function migrate(): Promise<void> {
  const config = readConfig();
  const database = await openDatabase(
    config.databaseUrl ? { url: config.databaseUrl } : { dataDir: config.dataDir },
  );
  await database.close();
  process.stdout.write(`schema is up to date (${database.engine})\n`);
}
