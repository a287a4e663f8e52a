/** A one-line reading of an activity entry's free-form `detail` (error message, reason, changed fields). */
import type { Translate } from '../i18n/i18n.tsx';
import { fieldLabel } from './labels.ts';

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
  for (const [key, value] of Object.entries(d)) {
    if (KNOWN.has(key) || value === null || value === undefined) continue;
    parts.push(`${key}: ${typeof value === 'object' ? JSON.stringify(value) : String(value)}`);
  }
  return parts.length > 0 ? parts.join(' · ') : null;
}

const KNOWN = new Set(['message', 'detail', 'reason', 'fields', 'matchedBy', 'created', 'eventId']);
