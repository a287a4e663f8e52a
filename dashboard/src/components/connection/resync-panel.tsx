/** Starts a full pass (products, clients or all) and follows its progress until it is done. */
import { useEffect, useState } from 'react';
import { admin } from '../../api/endpoints.ts';
import type { ResyncRun, ResyncScope } from '../../api/types.ts';
import { useAction } from '../../hooks/use-action.ts';
import { useT } from '../../i18n/i18n.tsx';
import { ErrorBox } from '../error-box.tsx';
import { ProgressBar } from '../progress-bar.tsx';

const SCOPES: readonly ResyncScope[] = ['all', 'clients', 'products'];

export function ResyncPanel({ connectionId }: { readonly connectionId: string }) {
  const t = useT();
  const [scope, setScope] = useState<ResyncScope>('all');
  const [runId, setRunId] = useState<string | null>(() => sessionStorage.getItem(storageKey(connectionId)));
  const run = useResyncRun(connectionId, runId);
  const start = useAction(async () => {
    const { runId: id } = await admin.resync(connectionId, scope);
    sessionStorage.setItem(storageKey(connectionId), id);
    setRunId(id);
  });
  const active = run !== null && (run.state === 'queued' || run.state === 'running');
  return (
    <div className="resync" data-testid="resync">
      <p className="muted">{t('resync.lead')}</p>
      <div className="row-actions">
        <select
          value={scope}
          onChange={(e) => setScope(e.target.value as ResyncScope)}
          aria-label={t('resync.scope')}
        >
          {SCOPES.map((s) => (
            <option key={s} value={s}>
              {t(`resync.scope.${s}`)}
            </option>
          ))}
        </select>
        <button
          type="button"
          className="button"
          onClick={() => void start.run()}
          disabled={start.busy || active}
          data-testid="resync-start"
        >
          {t('resync.start')}
        </button>
      </div>
      <ErrorBox error={start.error} onClose={start.clearError} />
      {run ? (
        <div className="resync-run" data-testid="resync-run">
          <ProgressBar value={run.state === 'done' ? 1 : run.progress} label={t('resync.progress')} />
          <p className="small">
            {t(`resync.state.${run.state}`)} ·{' '}
            {t('resync.counts', { done: run.done, total: run.total ?? '?' })}
          </p>
          {run.error ? <p className="error-text small">{run.error}</p> : null}
        </div>
      ) : null}
    </div>
  );
}

function storageKey(connectionId: string): string {
  return `limebridge.resync.${connectionId}`;
}

/** Polls the run every second while it is queued or running. */
function useResyncRun(connectionId: string, runId: string | null): ResyncRun | null {
  const [run, setRun] = useState<ResyncRun | null>(null);
  useEffect(() => {
    if (!runId) return;
    let stopped = false;
    let timer = 0;
    const poll = async () => {
      try {
        const next = await admin.resyncRun(connectionId, runId);
        if (stopped) return;
        setRun(next);
        if (next.state === 'queued' || next.state === 'running') timer = window.setTimeout(poll, 1000);
      } catch {
        if (!stopped) sessionStorage.removeItem(storageKey(connectionId));
      }
    };
    void poll();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
    };
  }, [connectionId, runId]);
  return run;
}
