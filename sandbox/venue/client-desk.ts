/**
 * Lime's side of `client.changed`: apply the CRM's edits to the client, then — like any Lime whose
 * state changed — emit `client.upserted` with the whole new state a little later.
 */
import type { Logger } from 'pino';
import type { TimerGroup, VenueClock } from './clock.ts';
import { clientUpserted, type EventDraft } from './events.ts';
import type { ChangeableField, ClientChangedData } from './inbound-schema.ts';
import type { Client } from './model.ts';
import type { VenueDb } from './state-store.ts';
import type { VenueStats } from './stats.ts';

export interface ClientDeskOptions {
  db: VenueDb;
  timers: TimerGroup;
  venueClock: VenueClock;
  stats: VenueStats;
  logger: Logger;
  emit: (drafts: EventDraft[]) => void;
  echoDelayMs: () => number;
}

export interface ClientDesk {
  applyChanges(data: ClientChangedData): void;
}

export function createClientDesk(options: ClientDeskOptions): ClientDesk {
  const { db, timers, venueClock, stats, logger, emit } = options;
  const echoPending = new Set<string>();

  const scheduleEcho = (clientId: string): void => {
    // One echo carries every change that arrived while it was pending.
    if (echoPending.has(clientId)) return;
    echoPending.add(clientId);
    timers.set(options.echoDelayMs(), () => {
      echoPending.delete(clientId);
      const client = db.clients.get(clientId);
      if (!client) return;
      stats.clientEchoes += 1;
      emit([clientUpserted(client, venueClock.now())]);
    });
  };

  return {
    applyChanges: (data) => {
      const client = db.clients.get(data.clientId);
      if (!client) {
        stats.clientChangesUnknown += 1;
        logger.warn({ clientId: data.clientId }, 'client.changed for a client Lime does not have');
        return;
      }
      if (!applyTo(client, data.changes, logger)) return;
      stats.clientChangesApplied += 1;
      scheduleEcho(client.clientId);
    },
  };
}

/** What Lime's own forms would refuse to store. */
const ACCEPTS: Partial<Record<ChangeableField, (value: string) => boolean>> = {
  birthDate: (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  email: (value) => /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(value),
  phone: (value) => value.replace(/\D/g, '').length >= 10,
};

/** Applies the changes (null clears a field); true when anything changed. */
function applyTo(client: Client, changes: ClientChangedData['changes'], logger: Logger): boolean {
  let changed = false;
  for (const [field, value] of Object.entries(changes) as [ChangeableField, string | null | undefined][]) {
    if (value === undefined) continue;
    if (value !== null && value.trim() !== '' && ACCEPTS[field]?.(value) === false) {
      logger.warn({ clientId: client.clientId, field, value }, 'Lime refuses this value; change ignored');
      continue;
    }
    if (field === 'firstName') {
      // Lime cannot store a client without a first name: a clearing edit is ignored.
      if (value === null || value.trim() === '' || value === client.firstName) continue;
      client.firstName = value;
      changed = true;
    } else if (value === null || value.trim() === '') {
      if (client[field] === undefined) continue;
      delete client[field];
      changed = true;
    } else if (client[field] !== value) {
      client[field] = value;
      changed = true;
    }
  }
  return changed;
}
