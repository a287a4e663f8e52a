/** Create a tenant (a venue); its API key and webhook secret are shown once, then the tenant page. */
import { useState } from 'react';
import { admin } from '../api/endpoints.ts';
import type { Info, TenantCreated } from '../api/types.ts';
import { ErrorBox } from '../components/error-box.tsx';
import { Panel } from '../components/panel.tsx';
import { SecretsOnce } from '../components/secrets-once.tsx';
import { TenantForm } from '../components/tenant-form.tsx';
import { useAction } from '../hooks/use-action.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';

export function NewTenantPage({ info }: { readonly info: Info }) {
  const t = useT();
  const [created, setCreated] = useState<TenantCreated | null>(null);
  const create = useAction(admin.createTenant);
  if (created) {
    return (
      <div className="page narrow">
        <h1>{t('newTenant.createdTitle')}</h1>
        <Panel>
          <SecretsOnce created={created} info={info} />
          <div className="row-actions">
            <a
              className="button primary"
              href={to('tenants', created.id, 'connect')}
              data-testid="go-connect"
            >
              {t('newTenant.nextConnect')}
            </a>
            <a className="button" href={to('tenants', created.id)}>
              {t('newTenant.nextTenant')}
            </a>
          </div>
        </Panel>
      </div>
    );
  }
  return (
    <div className="page narrow">
      <a href={to()} className="back">
        ← {t('nav.overview')}
      </a>
      <h1>{t('newTenant.title')}</h1>
      <p className="muted">{t('newTenant.lead')}</p>
      <Panel>
        <TenantForm
          busy={create.busy}
          submitLabel={t('newTenant.submit')}
          onSubmit={async (input) => {
            const result = await create.run(input);
            if (result) setCreated(result);
          }}
        />
        <ErrorBox error={create.error} />
      </Panel>
    </div>
  );
}
