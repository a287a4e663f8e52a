import { afterEach, describe, expect, it } from 'vitest';
import { unwrap } from '../../core/result.ts';
import type { ContactWrite, InboundChange } from '../contract.ts';
import { bitrix24 } from './index.ts';
import type { BxSchema } from './schema.ts';
import { startPortal, type TestPortal } from './test-portal.ts';

let portal: TestPortal | undefined;
afterEach(async () => {
  await portal?.close();
  portal = undefined;
});

const ids = (changes: readonly InboundChange[], kind: InboundChange['kind']) =>
  changes.flatMap((change) => {
    if (change.kind !== kind) return [];
    return [change.kind === 'contact.snapshot' ? change.contact.remoteId : change.remoteId];
  });

describe('pollChanges', () => {
  it('starts at now; then a manager’s change shows up as a snapshot, and a pre-order deal as touched', async () => {
    portal = await startPortal();
    const { sandbox, conn } = portal;
    const schema = conn.schema as BxSchema;
    const before = sandbox.stats().requests;
    const start = unwrap(await bitrix24.pollChanges(conn, null));
    expect(start.changes).toEqual([]);
    expect(sandbox.stats().requests).toBe(before);

    const contact = sandbox.ui.createContact({
      NAME: 'Игорь',
      PHONE: [{ VALUE: '+79991234567', VALUE_TYPE: 'MOBILE' }],
    });
    const deal = sandbox.ui.createDeal({
      title: 'Предзаказ',
      categoryId: schema.categoryId,
      contactId: contact,
    });
    const other = sandbox.ui.createDeal({ title: 'Другая воронка', categoryId: 0 });
    const page = unwrap(await bitrix24.pollChanges(conn, start.cursor));
    expect(sandbox.stats().requests - before).toBe(1);
    const snapshot = page.changes.find((change) => change.kind === 'contact.snapshot');
    expect(snapshot).toMatchObject({
      kind: 'contact.snapshot',
      contact: { remoteId: String(contact), personal: { firstName: 'Игорь', phone: '+79991234567' } },
    });
    expect(ids(page.changes, 'preorder.touched')).toEqual([String(deal)]);
    expect(ids(page.changes, 'preorder.touched')).not.toContain(String(other));

    // A minute later the same records are behind the cursor for good.
    sandbox.advanceClock(60_000);
    const settled = unwrap(await bitrix24.pollChanges(conn, page.cursor));
    const quiet = unwrap(await bitrix24.pollChanges(conn, settled.cursor));
    expect(quiet.changes).toEqual([]);
    sandbox.ui.updateContact(contact, { LAST_NAME: 'Соколов' });
    const again = unwrap(await bitrix24.pollChanges(conn, quiet.cursor));
    expect(ids(again.changes, 'contact.snapshot')).toEqual([String(contact)]);
  });

  it('loses nothing when hundreds of contacts change within the same second', async () => {
    portal = await startPortal();
    const { sandbox, conn } = portal;
    let cursor = unwrap(await bitrix24.pollChanges(conn, null)).cursor;
    const created = new Set<string>();
    for (let batch = 0; batch < 10; batch += 1) {
      const writes = Array.from({ length: 50 }, (_, index): ContactWrite => {
        const limeId = `bulk-${batch * 50 + index}`;
        return { ref: limeId, remoteId: null, fields: { limeId, firstName: 'Массовый' }, state: {} };
      });
      for (const outcome of unwrap(await bitrix24.writeContacts(conn, writes)))
        if (outcome.ok) created.add(outcome.remoteId);
    }
    sandbox.advanceClock(60_000);
    const seen = new Set<string>();
    let polls = 0;
    for (;;) {
      const page = unwrap(await bitrix24.pollChanges(conn, cursor));
      polls += 1;
      for (const id of ids(page.changes, 'contact.snapshot')) seen.add(id);
      if (page.changes.length === 0 || polls > 20) break;
      cursor = page.cursor;
    }
    expect(seen).toEqual(created);
    // 500 changes at 400 per request: two polls with changes and a quiet one.
    expect(polls).toBe(3);
  });
});
