/** Name, timezone and Lime webhook URL of a tenant: used to create one and to edit it. */
import { type FormEvent, useId, useState } from 'react';
import type { TenantInput } from '../api/endpoints.ts';
import { useT } from '../i18n/i18n.tsx';

type Props = {
  readonly initial?: { name: string; timezone: string; limeWebhookUrl: string | null };
  readonly busy: boolean;
  readonly submitLabel: string;
  readonly onSubmit: (input: TenantInput) => void;
};

const ZONES: readonly string[] = supportedZones();

export function TenantForm({ initial, busy, submitLabel, onSubmit }: Props) {
  const t = useT();
  const listId = useId();
  const [name, setName] = useState(initial?.name ?? '');
  const [timezone, setTimezone] = useState(initial?.timezone ?? 'Europe/Moscow');
  const [webhook, setWebhook] = useState(initial?.limeWebhookUrl ?? '');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit({ name: name.trim(), timezone: timezone.trim(), limeWebhookUrl: webhook.trim() || null });
  };
  return (
    <form className="form" onSubmit={submit}>
      <label className="field">
        <span>{t('tenantForm.name')}</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={200}
          data-testid="tenant-name"
          placeholder={t('tenantForm.namePlaceholder')}
        />
      </label>
      <label className="field">
        <span>{t('tenantForm.timezone')}</span>
        <input
          value={timezone}
          onChange={(e) => setTimezone(e.target.value)}
          list={listId}
          required
          data-testid="tenant-timezone"
        />
        <datalist id={listId}>
          {ZONES.map((zone) => (
            <option key={zone} value={zone} />
          ))}
        </datalist>
        <small className="muted">{t('tenantForm.timezoneHint')}</small>
      </label>
      <label className="field">
        <span>{t('tenantForm.webhook')}</span>
        <input
          type="url"
          value={webhook}
          onChange={(e) => setWebhook(e.target.value)}
          placeholder="https://lime.example.ru/limebridge"
          data-testid="tenant-webhook"
        />
        <small className="muted">{t('tenantForm.webhookHint')}</small>
      </label>
      <button type="submit" className="button primary" disabled={busy} data-testid="tenant-submit">
        {busy ? t('common.working') : submitLabel}
      </button>
    </form>
  );
}

function supportedZones(): string[] {
  const intl = Intl as { supportedValuesOf?: (key: 'timeZone') => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? [];
  const russian = all.filter((zone) =>
    /^(Europe\/(Moscow|Kaliningrad|Samara|Volgograd|Kirov|Ulyanovsk|Saratov|Astrakhan)|Asia\/)/.test(zone),
  );
  return russian.length > 0 ? russian : ['Europe/Moscow'];
}
