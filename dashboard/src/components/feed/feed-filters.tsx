/** Filters of the feed, all applied by the hub: source, outcome, kind of operation, entity, connection, id. */
import { useEffect, useState } from 'react';
import type { Connection } from '../../api/types.ts';
import type { FeedFilter } from '../../hooks/use-feed.ts';
import { useT } from '../../i18n/i18n.tsx';
import { entityLabel, outcomeLabel, sourceLabel } from '../../lib/labels.ts';

const SOURCES = ['lime', 'crm', 'lime_out', 'admin', 'system'] as const;
const OUTCOMES = ['error', 'ok', 'skipped', 'conflict', 'duplicate', 'stale'] as const;
const ENTITIES = ['client', 'product', 'transaction', 'preorder', 'family', 'connection', 'tenant'] as const;
/** Operation prefixes (the hub matches `contact.` as "every contact.* operation"). */
const OPERATION_GROUPS = [
  'client',
  'contact',
  'note',
  'transaction',
  'product',
  'preorder',
  'family',
  'connection',
  'resync',
  'dead_letter',
  'token',
] as const;

type Props = {
  readonly filter: FeedFilter;
  readonly onChange: (filter: FeedFilter) => void;
  readonly connections: readonly Connection[] | null;
};

export function FeedFilters({ filter, onChange, connections }: Props) {
  const t = useT();
  const [entityId, setEntityId] = useState(filter.entityId ?? '');
  useEffect(() => setEntityId(filter.entityId ?? ''), [filter.entityId]);
  const set = (patch: Partial<FeedFilter>) => onChange(clean({ ...filter, ...patch }));
  return (
    <form
      className="filters"
      onSubmit={(event) => {
        event.preventDefault();
        set({ entityId: entityId.trim() || undefined });
      }}
    >
      <Choice
        label={t('feed.filter.source')}
        any={t('feed.filter.anySource')}
        value={filter.source}
        options={SOURCES.map((s) => [s, sourceLabel(t, s)])}
        onChange={(source) => set({ source })}
        testId="filter-source"
      />
      <Choice
        label={t('feed.filter.outcome')}
        any={t('feed.filter.anyOutcome')}
        value={filter.outcome}
        options={OUTCOMES.map((o) => [o, outcomeLabel(t, o)])}
        onChange={(outcome) => set({ outcome })}
        testId="filter-outcome"
      />
      <Choice
        label={t('feed.filter.operation')}
        any={t('feed.filter.anyOperation')}
        value={filter.operation}
        options={OPERATION_GROUPS.map((g) => [`${g}.`, t(`feed.opGroup.${g}`)])}
        onChange={(operation) => set({ operation })}
        testId="filter-operation"
      />
      <Choice
        label={t('feed.filter.entity')}
        any={t('feed.filter.anyEntity')}
        value={filter.entity}
        options={ENTITIES.map((e) => [e, entityLabel(t, e)])}
        onChange={(entity) => set({ entity })}
        testId="filter-entity"
      />
      {connections ? (
        <Choice
          label={t('feed.filter.connection')}
          any={t('feed.filter.anyConnection')}
          value={filter.connectionId}
          options={connections.map((c) => [c.id, c.label])}
          onChange={(connectionId) => set({ connectionId })}
          testId="filter-connection"
        />
      ) : null}
      <input
        value={entityId}
        onChange={(e) => setEntityId(e.target.value)}
        placeholder={t('feed.filter.entityId')}
        aria-label={t('feed.filter.entityId')}
        data-testid="filter-entity-id"
      />
      <button type="submit" className="button">
        {t('feed.filter.apply')}
      </button>
    </form>
  );
}

type ChoiceProps = {
  readonly label: string;
  readonly any: string;
  readonly value: string | undefined;
  readonly options: readonly (readonly [string, string])[];
  readonly onChange: (value: string | undefined) => void;
  readonly testId: string;
};

function Choice({ label, any, value, options, onChange, testId }: ChoiceProps) {
  return (
    <select
      value={value ?? ''}
      onChange={(e) => onChange(e.target.value || undefined)}
      aria-label={label}
      data-testid={testId}
      className={value ? 'filter-set' : undefined}
    >
      <option value="">{any}</option>
      {options.map(([id, text]) => (
        <option key={id} value={id}>
          {text}
        </option>
      ))}
    </select>
  );
}

export function isFiltered(filter: FeedFilter): boolean {
  return Object.values(filter).some((value) => value !== undefined && value !== '');
}

function clean(filter: FeedFilter): FeedFilter {
  const kept: Record<string, string> = {};
  for (const [key, value] of Object.entries(filter)) {
    if (typeof value === 'string' && value !== '') kept[key] = value;
  }
  return kept;
}
