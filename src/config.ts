import { z } from 'zod';

/** The environment, read once at start (lime-protocol.md §4). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().min(1).default('127.0.0.1'),
  LIMEBRIDGE_ADMIN_TOKEN: z.string().min(16).optional(),
  DATABASE_URL: z.string().url().optional(),
  LIMEBRIDGE_DATA_DIR: z.string().min(1).default('./data'),
  LIMEBRIDGE_SECRET_KEY: z.string().min(16).optional(),
  LIMEBRIDGE_PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Which jobs this process runs: `all` (default), `none` (HTTP only), or a comma list of job groups. */
  LIMEBRIDGE_WORKERS: z.string().default('all'),
});

export type Config = {
  readonly port: number;
  readonly host: string;
  readonly adminToken: string | undefined;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
  readonly secretKey: string | undefined;
  readonly publicUrl: string | undefined;
  readonly logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  readonly workers: string;
};

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid configuration:\n  ${problems.join('\n  ')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    adminToken: e.LIMEBRIDGE_ADMIN_TOKEN,
    databaseUrl: e.DATABASE_URL,
    dataDir: e.LIMEBRIDGE_DATA_DIR,
    secretKey: e.LIMEBRIDGE_SECRET_KEY,
    publicUrl: e.LIMEBRIDGE_PUBLIC_URL?.replace(/\/+$/, ''),
    logLevel: e.LOG_LEVEL,
    workers: e.LIMEBRIDGE_WORKERS,
  };
}

/** The base of the URLs handed to CRMs and Lime: `LIMEBRIDGE_PUBLIC_URL`, else `http://<HOST>:<PORT>`. */
export function publicBaseUrl(config: Config, boundPort: number): string {
  return config.publicUrl ?? `http://${config.host}:${boundPort}`;
}
