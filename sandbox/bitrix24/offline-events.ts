// Offline events: a per-application queue holding the latest change per object, read with
// event.offline.get (clear=1 by default; clear=0 reserves under a process_id), with auth_connector
// self-suppression (changes made by the same app with the same connector are not queued).

import { createHash } from 'node:crypto';
import { isDesc, paginate, sortRecords } from './listing.ts';
import { isset, phpEntries, phpInt, phpString, phpValues } from './php.ts';
import { type ChangeOrigin, type MethodCall, type MethodTable, method, ok, type Portal } from './portal.ts';
import { type BindingRecord, nextId, type OfflineEventRecord, randomToken } from './state.ts';

/** Returns true when a record was written. */
export function recordOffline(
  portal: Portal,
  binding: BindingRecord,
  event: string,
  data: Record<string, unknown>,
  origin: ChangeOrigin,
): boolean {
  const clientId = binding.clientId ?? '';
  if (
    binding.authConnector !== '' &&
    origin.clientId === clientId &&
    origin.authConnector === binding.authConnector
  ) {
    return false;
  }
  const objectId = JSON.stringify(data);
  const existing = Object.values(portal.state.offline).find(
    (record) =>
      record.clientId === clientId &&
      record.connector === binding.authConnector &&
      record.EVENT_NAME === event &&
      record.PROCESS_ID === '' &&
      JSON.stringify(record.EVENT_DATA) === objectId,
  );
  if (existing) {
    existing.TIMESTAMP_X = portal.now();
    existing.EVENT_ADDITIONAL = { user_id: String(origin.userId) };
  } else {
    const id = nextId(portal.state, 'offline');
    portal.state.offline[String(id)] = {
      ID: id,
      TIMESTAMP_X: portal.now(),
      EVENT_NAME: event,
      EVENT_DATA: data,
      EVENT_ADDITIONAL: { user_id: String(origin.userId) },
      MESSAGE_ID: createHash('md5').update(`${clientId}|${id}|${objectId}`).digest('hex'),
      clientId,
      connector: binding.authConnector,
      PROCESS_ID: '',
      ERROR: 0,
    };
  }
  portal.changed();
  return true;
}

function render(portal: Portal, record: OfflineEventRecord, full: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {
    ID: String(record.ID),
    TIMESTAMP_X: portal.codec.dates.formatDateTime(record.TIMESTAMP_X),
    EVENT_NAME: record.EVENT_NAME,
    EVENT_DATA: record.EVENT_DATA,
    EVENT_ADDITIONAL: record.EVENT_ADDITIONAL,
    MESSAGE_ID: record.MESSAGE_ID,
  };
  if (full) {
    out.PROCESS_ID = record.PROCESS_ID;
    out.ERROR = String(record.ERROR);
  }
  return out;
}

function own({ portal, principal, params }: MethodCall): OfflineEventRecord[] {
  const connector = phpString(params.auth_connector);
  return Object.values(portal.state.offline).filter(
    (record) => record.clientId === principal.clientId && record.connector === connector,
  );
}

function selected(records: OfflineEventRecord[], params: Record<string, unknown>, processId: string) {
  const ids = new Set(phpValues(params.id).map(phpInt));
  const messages = new Set(phpValues(params.message_id).map(String));
  return records.filter(
    (record) =>
      record.PROCESS_ID === processId &&
      (ids.size === 0 || ids.has(record.ID)) &&
      (messages.size === 0 || messages.has(record.MESSAGE_ID)),
  );
}

export const offlineMethods: MethodTable = {
  'event.offline.get': method(
    (call) => {
      const { portal, params } = call;
      const clear = isset(params.clear) ? phpInt(params.clear) !== 0 : true;
      const wantErrors = phpInt(params.error) === 1;
      const limit = isset(params.limit) ? Math.max(1, phpInt(params.limit)) : 50;
      const available = own(call).filter(
        (record) => record.PROCESS_ID === '' && (record.ERROR === 1) === wantErrors,
      );
      const batch = sortRecords(available, [
        { get: (record) => record.TIMESTAMP_X, desc: false },
        { get: (record) => record.ID, desc: false },
      ]).slice(0, limit);
      const processId = randomToken(32);
      const events = batch.map((record) => render(portal, record, false));
      for (const record of batch) {
        if (clear) delete portal.state.offline[String(record.ID)];
        else record.PROCESS_ID = processId;
      }
      portal.changed();
      return ok({ process_id: processId, events });
    },
    { appOnly: true },
  ),
  'event.offline.clear': method(
    (call) => {
      for (const record of selected(own(call), call.params, phpString(call.params.process_id))) {
        delete call.portal.state.offline[String(record.ID)];
      }
      call.portal.changed();
      return ok(true);
    },
    { appOnly: true },
  ),
  'event.offline.error': method(
    (call) => {
      for (const record of selected(own(call), call.params, phpString(call.params.process_id))) {
        record.ERROR = 1;
        record.PROCESS_ID = '';
      }
      call.portal.changed();
      return ok(true);
    },
    { appOnly: true },
  ),
  'event.offline.list': method(
    (call) => {
      const filter = Object.fromEntries(phpEntries(call.params.filter));
      const matched = own(call).filter((record) =>
        Object.entries(filter).every(
          ([key, value]) =>
            phpString((record as unknown as Record<string, unknown>)[key]) === phpString(value),
        ),
      );
      const keys = phpEntries(call.params.order).map(([key, direction]) => ({
        get: (record: OfflineEventRecord) =>
          (record as unknown as Record<string, string | number>)[key] ?? null,
        desc: isDesc(direction),
      }));
      const page = paginate(
        sortRecords(matched, [...keys, { get: (r) => r.ID, desc: false }]),
        call.params.start,
      );
      return ok(
        page.items.map((record) => render(call.portal, record, true)),
        page,
      );
    },
    { appOnly: true },
  ),
};
