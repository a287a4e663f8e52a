/** What setup found or created in the CRM, and the manual steps left, with their URLs copyable. */
import type { SetupReport } from '../../api/types.ts';
import { useT } from '../../i18n/i18n.tsx';
import { setupStatusLabel, setupWhatLabel } from '../../lib/labels.ts';
import { CopyField } from '../copy-field.tsx';

export function SetupReportView({ report }: { readonly report: SetupReport }) {
  const t = useT();
  const manual = report.items.filter((item) => item.status === 'manual');
  return (
    <div className="setup-report" data-testid="setup-report">
      {report.instructions.length > 0 || manual.length > 0 ? (
        <div className="alert alert-warn">
          <strong>{t('setup.manualTitle')}</strong>
          <ol className="instructions">
            {report.instructions.map((text) => (
              <li key={text}>
                <Instruction text={text} />
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="ok-text">{t('setup.allDone')}</p>
      )}
      <table className="setup-items">
        <thead>
          <tr>
            <th>{t('setup.col.what')}</th>
            <th>{t('setup.col.name')}</th>
            <th>{t('setup.col.status')}</th>
            <th>{t('setup.col.remoteId')}</th>
          </tr>
        </thead>
        <tbody>
          {report.items.map((item) => (
            <tr key={`${item.what}:${item.name}`}>
              <td>{setupWhatLabel(t, item.what)}</td>
              <td>
                {item.name}
                {item.note ? <div className="muted small">{item.note}</div> : null}
              </td>
              <td>
                <span className={`badge setup-${item.status}`}>{setupStatusLabel(t, item.status)}</span>
              </td>
              <td className="mono">{item.remoteId ?? '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

const URL_PATTERN = /https?:\/\/[^\s"'<>]+[^\s"'<>.,;)]/g;

type Segment = { readonly at: number; readonly text: string; readonly url: boolean };

/** Splits an instruction into plain text and URLs, each keyed by where it starts. */
export function segments(text: string): Segment[] {
  const found: Segment[] = [];
  let last = 0;
  for (const match of text.matchAll(URL_PATTERN)) {
    if (match.index > last) found.push({ at: last, text: text.slice(last, match.index), url: false });
    found.push({ at: match.index, text: match[0], url: true });
    last = match.index + match[0].length;
  }
  if (last < text.length) found.push({ at: last, text: text.slice(last), url: false });
  return found;
}

/** Instruction text with each URL turned into a copyable field. */
function Instruction({ text }: { readonly text: string }) {
  return (
    <>
      {segments(text).map((s) =>
        s.url ? <CopyField key={s.at} value={s.text} /> : <span key={s.at}>{s.text}</span>,
      )}
    </>
  );
}
