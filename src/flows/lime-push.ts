/**
 * limebridge → Lime by push: a tenant's stream is delivered in order, in batches, signed; anything
 * but a 2xx within 10 s is retried with exponential backoff capped at one hour, forever (≥ 72 h).
 */
import { request } from 'undici';
import { signPush } from '../connectors/lime/signature.ts';
import { formatRfc3339 } from '../core/model/time.ts';
import { audit } from '../store/audit-repo.ts';
import { deliveryState, readOutbound, saveDelivery } from '../store/events-repo.ts';
import { getTenantSecrets } from '../store/tenants-repo.ts';
import type { Runtime } from './runtime.ts';

export const PUSH_TIMEOUT_MS = 10_000;
export const PUSH_BATCH = 100;
const RETRY_BASE_MS = 2_000;
const RETRY_CAP_MS = 60 * 60_000;

export type PushOutcome =
  | { readonly kind: 'done' }
  | { readonly kind: 'more' }
  | { readonly kind: 'retry'; readonly delayMs: number };

export async function pushToLime(runtime: Runtime, tenantId: string): Promise<PushOutcome> {
  const tenant = await getTenantSecrets(runtime.db, runtime.box, tenantId);
  if (!tenant?.limeWebhookUrl) return { kind: 'done' };
  const state = await deliveryState(runtime.db, tenantId);
  const events = await readOutbound(runtime.db, tenantId, state.deliveredSeq, PUSH_BATCH);
  const last = events.at(-1);
  if (!last) return { kind: 'done' };
  const body = JSON.stringify({
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      occurredAt: formatRfc3339(event.occurredAt.getTime(), tenant.timeZone),
      data: event.data,
    })),
  });
  const failure = await post(
    tenant.limeWebhookUrl,
    body,
    signPush(body, tenant.webhookSecret, Math.floor(runtime.now() / 1000)),
  );
  if (failure === null) {
    await runtime.db.transaction(async (tx) => {
      await saveDelivery(tx, {
        tenantId,
        deliveredSeq: last.seq,
        attempts: 0,
        nextAttemptAt: null,
        lastError: null,
        lastSuccessAt: new Date(),
        failingSince: null,
      });
      await audit(
        tx,
        events.map((event) => ({
          tenantId,
          source: 'lime_out' as const,
          operation: event.type,
          entity: subjectEntity(event.data),
          entityId: subjectId(event.data),
          outcome: 'ok' as const,
          detail: { eventId: event.id, delivery: 'push' },
        })),
      );
    });
    return events.length === PUSH_BATCH ? { kind: 'more' } : { kind: 'done' };
  }
  const attempts = state.attempts + 1;
  const delayMs = Math.min(RETRY_CAP_MS, RETRY_BASE_MS * 2 ** Math.min(attempts - 1, 20));
  await saveDelivery(runtime.db, {
    ...state,
    tenantId,
    attempts,
    nextAttemptAt: new Date(runtime.now() + delayMs),
    lastError: failure,
    failingSince: state.failingSince ?? new Date(),
  });
  runtime.log.warn({ tenantId, attempts, delayMs, failure }, 'push to Lime failed; will retry');
  return { kind: 'retry', delayMs };
}

async function post(url: string, body: string, signature: string): Promise<string | null> {
  try {
    const answer = await request(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-limebridge-signature': signature,
        'user-agent': 'limebridge/0.1',
      },
      body,
      headersTimeout: PUSH_TIMEOUT_MS,
      bodyTimeout: PUSH_TIMEOUT_MS,
      signal: AbortSignal.timeout(PUSH_TIMEOUT_MS),
    });
    await answer.body.dump();
    return answer.statusCode >= 200 && answer.statusCode < 300
      ? null
      : `Lime answered HTTP ${answer.statusCode}`;
  } catch (cause) {
    const error = cause as { name?: string; code?: string; message?: string };
    return error.name === 'TimeoutError'
      ? `no answer within ${PUSH_TIMEOUT_MS} ms`
      : `${error.code ?? error.name}: ${error.message}`;
  }
}

function subjectEntity(data: unknown): string {
  return typeof data === 'object' && data !== null && 'preorderId' in data ? 'preorder' : 'client';
}

function subjectId(data: unknown): string {
  const record = (data ?? {}) as { preorderId?: string; clientId?: string };
  return record.preorderId ?? record.clientId ?? '';
}
