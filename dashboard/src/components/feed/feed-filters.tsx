/** Filters of the feed: entity, id and connection go to the server; source and outcome filter what is held. */
import { useState } from 'react';
import type { Connection } from '../../api/types.ts';
import type { FeedFilter } from '../../hooks/use-feed.ts';
import { useT } from '../../i18n/i18n.tsx';
import { entityLabel, outcomeLabel, sourceLabel } from '../../lib/labels.ts';

export type LocalFilter = { readonly source: string; readonly outcome: string };

const SOURCES = ['lime', 'crm', 'lime_out', 'admin', 'system'] as const;
const OUTCOMES = ['problems', 'ok', 'error', 'skipped', 'conflict', 'duplicate', 'stale'] as const;
const ENTITIES = ['client', 'product', 'transaction', 'preorder', 'family', 'connection', 'tenant'] as const;

type Props = {
  readonly server: FeedFilter;
  readonly local: LocalFilter;
  readonly onServer: (filter: FeedFilter) => void;
  readonly onLocal: (filter: LocalFilter) => void;
  readonly connections: readonly Connection[] | null;
};

export function FeedFilters({ server, local, onServer, onLocal, connections }: Props) {
  const t = useT();
  const [entityId, setEntityId] = useState(server.entityId ?? '');
  const setServer = (patch: Partial<FeedFilter>) => onServer(clean({ ...server, ...patch }));
  return (
    <form
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        setServer({ entityId: entityId.trim() || undefined });
      }}
    >
      <select
        value={local.source}
        onChange={(e) => onLocal({ ...local, source: e.target.value })}
        aria-label={t('feed.filter.source')}
        data-testid="filter-source"
      >
        <option value="">{t('feed.filter.anySource')}</option>
        {SOURCES.map((s) => (
          <option key={s} value={s}>
            {sourceLabel(t, s)}
          </option>
        ))}
      </select>
      <select
        value={local.outcome}
        onChange={(e) => onLocal({ ...local, outcome: e.target.value })}
        aria-label={t('feed.filter.outcome')}
        data-testid="filter-outcome"
      >
        <option value="">{t('feed.filter.anyOutcome')}</option>
        {OUTCOMES.map((o) => (
          <option key={o} value={o}>
            {o === 'problems' ? t('feed.filter.problems') : outcomeLabel(t, o)}
          </option>
        ))}
      </select>
      <select
        value={server.entity ?? ''}
        onChange={(e) => setServer({ entity: e.target.value || undefined })}
        aria-label={t('feed.filter.entity')}
      >
        <option value="">{t('feed.filter.anyEntity')}</option>
        {ENTITIES.map((e) => (
          <option key={e} value={e}>
            {entityLabel(t, e)}
          </option>
        ))}
      </select>
      {connections ? (
        <select
          value={server.connectionId ?? ''}
          onChange={(e) => setServer({ connectionId: e.target.value || undefined })}
          aria-label={t('feed.filter.connection')}
        >
          <option value="">{t('feed.filter.anyConnection')}</option>
          {connections.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      ) : null}
      <input
        value={entityId}
        onChange={(e) => setEntityId(e.target.value)}
        placeholder={t('feed.filter.entityId')}
        aria-label={t('feed.filter.entityId')}
      />
      <button type="submit" className="button">
        {t('feed.filter.apply')}
      </button>
    </form>
  );
}

function clean(filter: FeedFilter): FeedFilter {
  return Object.fromEntries(
    Object.entries(filter).filter(([, v]) => v !== undefined && v !== ''),
  ) as FeedFilter;
}
