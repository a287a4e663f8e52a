/** Runs the connection's setup (idempotent) and shows its report; a CRM failure shows with its details. */
import { useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { SetupReport } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { When } from '../when.tsx';
import { SetupReportView } from './setup-report.tsx';

type Props = {
  readonly connectionId: string;
  readonly report: SetupReport | null;
  readonly at: string | null;
  readonly onDone: (report: SetupReport) => void;
};

export function SetupRunner({ connectionId, report, at, onDone }: Props) {
  const t = useT();
  const [ranNow, setRanNow] = useState(false);
  const setup = useAction(async () => {
    const result = await admin.setup(connectionId);
    setRanNow(true);
    onDone(result);
    return result;
  });
  return (
    <div className="setup-runner" data-testid="setup-runner">
      <p className="muted">{t('setup.lead')}</p>
      <div className="row-actions">
        <button
          type="button"
          className="button primary"
          onClick={() => void setup.run()}
          disabled={setup.busy}
          data-testid="run-setup"
        >
          {setup.busy ? t('setup.running') : report ? t('setup.again') : t('setup.run')}
        </button>
        {at ? (
          <span className="muted small">
            {t('setup.lastRun')} <When at={at} relative />
          </span>
        ) : null}
      </div>
      <ErrorBox error={setup.error} onClose={setup.clearError} />
      {report ? <SetupReportView report={report} connectionId={connectionId} fresh={ranNow} /> : null}
    </div>
  );
}
