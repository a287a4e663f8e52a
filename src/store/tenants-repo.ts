import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from './db.ts';
import { connections, tenants } from './schema/index.ts';
import { hashToken, newId, newToken, type SecretBox } from './secrets.ts';

export type Tenant = {
  readonly id: string;
  readonly name: string;
  readonly timeZone: string;
  readonly limeWebhookUrl: string | null;
  readonly createdAt: Date;
};

export type TenantSecrets = Tenant & { readonly webhookSecret: string };

export async function createTenant(
  db: DbOrTx,
  box: SecretBox,
  input: { name: string; timeZone: string; limeWebhookUrl: string | null },
): Promise<{ tenant: Tenant; apiKey: string; webhookSecret: string }> {
  const apiKey = newToken('lbk');
  const webhookSecret = newToken('whsec');
  const [row] = await db
    .insert(tenants)
    .values({
      id: newId('tn'),
      name: input.name,
      timeZone: input.timeZone,
      limeWebhookUrl: input.limeWebhookUrl,
      apiKeyHash: hashToken(apiKey),
      webhookSecretEnc: box.seal(webhookSecret),
    })
    .returning();
  if (!row) throw new Error('tenant insert returned nothing');
  return { tenant: toTenant(row), apiKey, webhookSecret };
}

export async function tenantByApiKey(db: DbOrTx, apiKey: string): Promise<Tenant | null> {
  const [row] = await db
    .select()
    .from(tenants)
    .where(eq(tenants.apiKeyHash, hashToken(apiKey)));
  return row ? toTenant(row) : null;
}

export async function getTenant(db: DbOrTx, id: string): Promise<Tenant | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
  return row ? toTenant(row) : null;
}

export async function getTenantSecrets(
  db: DbOrTx,
  box: SecretBox,
  id: string,
): Promise<TenantSecrets | null> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, id));
  return row ? { ...toTenant(row), webhookSecret: box.open(row.webhookSecretEnc) } : null;
}

export async function listTenants(db: DbOrTx): Promise<Tenant[]> {
  const found = await db.select().from(tenants).orderBy(asc(tenants.createdAt));
  return found.map(toTenant);
}

export async function updateTenant(
  db: DbOrTx,
  id: string,
  patch: Partial<Pick<Tenant, 'name' | 'timeZone' | 'limeWebhookUrl'>>,
): Promise<Tenant | null> {
  if (Object.keys(patch).length === 0) return getTenant(db, id);
  const [row] = await db.update(tenants).set(patch).where(eq(tenants.id, id)).returning();
  return row ? toTenant(row) : null;
}

export async function rotateApiKey(db: DbOrTx, id: string): Promise<string | null> {
  const apiKey = newToken('lbk');
  const [row] = await db
    .update(tenants)
    .set({ apiKeyHash: hashToken(apiKey) })
    .where(eq(tenants.id, id))
    .returning();
  return row ? apiKey : null;
}

export async function tenantConnectionIds(db: DbOrTx, tenantId: string) {
  return db
    .select({
      id: connections.id,
      kind: connections.kind,
      options: connections.options,
      state: connections.state,
    })
    .from(connections)
    .where(eq(connections.tenantId, tenantId));
}

function toTenant(row: typeof tenants.$inferSelect): Tenant {
  return {
    id: row.id,
    name: row.name,
    timeZone: row.timeZone,
    limeWebhookUrl: row.limeWebhookUrl,
    createdAt: row.createdAt,
  };
}
