/**
 * amoCRM webhook deliveries (pure). The body is a PHP bracket form, every value a string, with
 * legacy names (`custom_fields` with `id`/`values`, `last_modified`); one POST may hold several
 * entity/action groups and several items each. Companies arrive under `contacts` with
 * `type=company` (ignored); leads matter only inside the pre-order pipeline. Deliveries are not
 * signed: the account id must be ours.
 *
 * Contact items become snapshots (no request needed to tell our own echo from a manager's edit).
 * They carry `name` but not first/last names, so `personal` leaves those keys out.
 */
import { err, ok, type Result } from '../../core/result.ts';
import type { Conn, DecodeError, InboundChange, RawWebhook } from '../contract.ts';
import { type FormRecord, listOf, parsePhpForm, pathOf, recordsOf, textAt } from '../shared/bracket-form.ts';
import { type ContactParts, fromContactParts, type PartField } from './decode.ts';
import { fromWebhookValue } from './field-values.ts';
import { AmoSchema } from './schema.ts';

const CONTACT_UPSERTS = ['add', 'update', 'restore', 'responsible'];
const LEAD_ACTIONS = ['add', 'update', 'status', 'restore', 'responsible', 'delete'];

export function decodeAmoWebhook(conn: Conn, raw: RawWebhook): Result<InboundChange[], DecodeError> {
  const parsed = AmoSchema.safeParse(conn.schema);
  if (!parsed.success)
    return err({ kind: 'unauthorized', detail: 'setup has not been run: cannot verify the account' });
  const schema = parsed.data;
  if (!raw.contentType.toLowerCase().includes('application/x-www-form-urlencoded')) {
    return err({ kind: 'malformed', detail: `unexpected content type ${raw.contentType || '(none)'}` });
  }
  const form = parsePhpForm(raw.body);
  const accountId = textAt(recordAt(form, 'account'), 'id');
  if (accountId !== String(schema.account.id)) {
    return err({ kind: 'unauthorized', detail: `delivery for account ${accountId ?? '(none)'}, not ours` });
  }
  const changes = [...contactChanges(form, schema), ...leadChanges(form, schema)];
  const seen = new Set<string>();
  return ok(
    changes.filter((change) => {
      const key = `${change.kind}:${change.kind === 'contact.snapshot' ? change.contact.remoteId : change.remoteId}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    }),
  );
}

function contactChanges(form: FormRecord, schema: AmoSchema): InboundChange[] {
  const contacts = recordAt(form, 'contacts');
  if (!contacts) return [];
  const changes: InboundChange[] = [];
  for (const action of CONTACT_UPSERTS) {
    for (const item of recordsOf(contacts[action])) {
      if (textAt(item, 'type') === 'company') continue;
      const parts = contactParts(item, schema);
      if (parts)
        changes.push({
          kind: 'contact.snapshot',
          contact: fromContactParts(parts, schema, readerFor(schema)),
        });
    }
  }
  for (const item of listOf(contacts.delete)) {
    const record = typeof item === 'string' ? { id: item } : recordAt({ item }, 'item');
    if (!record || textAt(record, 'type') === 'company') continue;
    const id = textAt(record, 'id');
    if (id && /^\d+$/.test(id)) changes.push({ kind: 'contact.deleted', remoteId: id });
  }
  return changes;
}

function leadChanges(form: FormRecord, schema: AmoSchema): InboundChange[] {
  const leads = recordAt(form, 'leads');
  if (!leads) return [];
  const ours = String(schema.pipeline.id);
  const changes: InboundChange[] = [];
  for (const action of LEAD_ACTIONS) {
    for (const item of recordsOf(leads[action])) {
      const id = textAt(item, 'id');
      const inPipeline = textAt(item, 'pipeline_id') === ours || textAt(item, 'old_pipeline_id') === ours;
      if (id && /^\d+$/.test(id) && inPipeline) changes.push({ kind: 'preorder.touched', remoteId: id });
    }
  }
  return changes;
}

function contactParts(item: FormRecord, schema: AmoSchema): ContactParts | null {
  const id = textAt(item, 'id');
  if (!id || !/^\d+$/.test(id)) return null;
  const first = textAt(item, 'first_name');
  const last = textAt(item, 'last_name');
  const updated = textAt(item, 'updated_at') ?? textAt(item, 'last_modified');
  return {
    id: Number(id),
    name: textAt(item, 'name'),
    names: first !== null || last !== null ? { first: blank(first), last: blank(last) } : undefined,
    updatedAtSec: updated && /^\d+$/.test(updated) ? Number(updated) : null,
    fields: recordsOf(pathOf(item, 'custom_fields')).flatMap((field) => partField(field, schema)),
  };
}

function partField(field: FormRecord, schema: AmoSchema): PartField[] {
  const id = textAt(field, 'id');
  if (!id || !/^\d+$/.test(id)) return [];
  const values = listOf(field.values).flatMap((value) => {
    // Dates come as `values[0]=<unix>`, everything else as `values[j][value]` (+ `[enum]` id).
    if (typeof value === 'string') return [{ value, enumId: null, enumCode: null }];
    const record = recordAt({ value }, 'value');
    const text = textAt(record, 'value');
    if (text === null) return [];
    const enumId = textAt(record, 'enum');
    return [{ value: text, enumId: enumId && /^\d+$/.test(enumId) ? Number(enumId) : null, enumCode: null }];
  });
  const code = textAt(field, 'code');
  const known =
    Number(id) === schema.phone.fieldId ? 'PHONE' : Number(id) === schema.email.fieldId ? 'EMAIL' : code;
  return [{ fieldId: Number(id), code: known, values }];
}

function readerFor(schema: AmoSchema) {
  return (type: string, raw: unknown) => fromWebhookValue(type, String(raw), schema.account.timeZone);
}

function recordAt(form: FormRecord, key: string): FormRecord | null {
  const value = form[key];
  return value !== undefined && typeof value === 'object' && !Array.isArray(value)
    ? (value as FormRecord)
    : null;
}

function blank(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}
