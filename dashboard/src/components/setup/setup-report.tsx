/** What setup found or created in the CRM, and the manual steps left (translated), with their URLs copyable. */
import type { SetupInstruction, SetupReport } from '../../api/types.ts';
import { to } from '../../hooks/use-route.ts';
import { hasMessage, useT } from '../../i18n/i18n.tsx';
import { CopyField } from '../copy-field.tsx';
import { SetupItems } from './setup-items.tsx';

type Props = {
  readonly report: SetupReport;
  readonly connectionId?: string;
  /** A report of a run just now shows its items; a stored one folds them under a count. */
  readonly fresh?: boolean;
};

export function SetupReportView({ report, connectionId, fresh = true }: Props) {
  const t = useT();
  const manual = report.items.filter((item) => item.status === 'manual');
  return (
    <div className="setup-report" data-testid="setup-report">
      {report.instructions.length > 0 || manual.length > 0 ? (
        <div className="alert alert-warn">
          <strong>{t('setup.manualTitle')}</strong>
          <ol className="instructions" data-testid="setup-instructions">
            {report.instructions.map((step) => (
              <li key={typeof step === 'string' ? step : step.code}>
                <Instruction step={step} connectionId={connectionId} />
              </li>
            ))}
          </ol>
        </div>
      ) : (
        <p className="ok-text">{t('setup.allDone')}</p>
      )}
      <SetupItems items={report.items} open={fresh} />
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

type Part = { readonly at: number; readonly text: string; readonly param: string | null };

/** A translated message split at its `{param}` placeholders, each part keyed by where it starts. */
export function templateParts(message: string): Part[] {
  const parts: Part[] = [];
  let last = 0;
  for (const match of message.matchAll(/\{(\w+)\}/g)) {
    if (match.index > last) parts.push({ at: last, text: message.slice(last, match.index), param: null });
    parts.push({ at: match.index, text: match[0], param: match[1] ?? null });
    last = match.index + match[0].length;
  }
  if (last < message.length) parts.push({ at: last, text: message.slice(last), param: null });
  return parts;
}

type InstructionProps = {
  readonly step: SetupInstruction | string;
  readonly connectionId?: string | undefined;
};

/** The step in the operator's language when the dashboard knows its code, else the hub's English text. */
function Instruction({ step, connectionId }: InstructionProps) {
  const t = useT();
  const key = typeof step === 'string' ? '' : `instruction.${step.code}`;
  if (typeof step === 'string' || !hasMessage(key)) {
    return <Linked text={typeof step === 'string' ? step : step.text} />;
  }
  return (
    <>
      {templateParts(t(key)).map((part) => (
        <Param key={part.at} text={part.text} value={part.param ? step.params[part.param] : undefined} />
      ))}
      {connectionId && step.code.startsWith('bitrix24.applicationToken') ? (
        <>
          {' '}
          <a href={to('connections', connectionId, 'access')}>{t('setup.openAccess')}</a>
        </>
      ) : null}
    </>
  );
}

/** A parameter's value: a URL to copy, another value in code type; a placeholder without a value as is. */
function Param({ text, value }: { readonly text: string; readonly value: string | undefined }) {
  if (value === undefined) return <span>{text}</span>;
  return /^https?:\/\//.test(value) ? <CopyField value={value} /> : <code>{value}</code>;
}

/** Text with each URL turned into a copyable field. */
function Linked({ text }: { readonly text: string }) {
  return (
    <>
      {segments(text).map((s) =>
        s.url ? <CopyField key={s.at} value={s.text} /> : <span key={s.at}>{s.text}</span>,
      )}
    </>
  );
}
