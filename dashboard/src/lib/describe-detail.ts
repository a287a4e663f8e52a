/** A one-line reading of an activity entry's free-form `detail` (error message, reason, changed fields). */
import { hasMessage, type Translate } from '../i18n/i18n.tsx';
import { errorKindLabel, fieldLabel } from './labels.ts';

export function describeDetail(t: Translate, detail: unknown): string | null {
  if (detail === null || detail === undefined) return null;
  if (typeof detail === 'string') return detail;
  if (typeof detail !== 'object' || Array.isArray(detail)) return JSON.stringify(detail);
  const d = detail as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of ['message', 'detail', 'reason'] as const) {
    if (typeof d[key] === 'string') parts.push(d[key]);
  }
  if (Array.isArray(d.fields) && d.fields.length > 0) {
    parts.push(t('detail.fields', { fields: d.fields.map((f) => fieldLabel(t, String(f))).join(', ') }));
  }
  if (typeof d.matchedBy === 'string') parts.push(t('detail.matchedBy', { key: d.matchedBy }));
  if (typeof d.created === 'number') parts.push(t('detail.created', { n: d.created }));
  if (typeof d.eventId === 'string') parts.push(t('detail.eventId', { id: d.eventId }));
  if (typeof d.transactionId === 'string') parts.push(t('detail.transactionId', { id: d.transactionId }));
  if (typeof d.error === 'string') parts.push(errorKindLabel(t, d.error));
  if (d.winner === 'lime' || d.winner === 'crm') parts.push(t(`detail.winner.${d.winner}`));
  const stage = `options.stage.${String(d.stage)}`;
  if (typeof d.stage === 'string' && hasMessage(stage)) parts.push(t(stage));
  if (typeof d.amount === 'string') parts.push(t('detail.amount', { amount: d.amount }));
  if (typeof d.notes === 'number' && d.notes > 0) parts.push(t('detail.notes', { n: d.notes }));
  if (d.delivery === 'push' || d.delivery === 'pull') parts.push(t(`detail.delivery.${d.delivery}`));
  if (typeof d.scope === 'string') parts.push(t('detail.scope', { scope: scopeLabel(t, d.scope) }));
  for (const [key, value] of Object.entries(d)) {
    if (KNOWN.has(key) || value === null || value === undefined) continue;
    parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

const KNOWN = new Set([
  'message',
  'detail',
  'reason',
  'fields',
  'matchedBy',
  'created',
  'eventId',
  'transactionId',
  'error',
  'winner',
  'scope',
  'stage',
  'amount',
  'notes',
  'delivery',
  // A resync's id means nothing to an operator; its start and finish are already in the feed.
  'runId',
]);

function scopeLabel(t: Translate, scope: string): string {
  const key = `resync.scope.${scope}`;
  return hasMessage(key) ? t(key).toLowerCase() : scope;
}
