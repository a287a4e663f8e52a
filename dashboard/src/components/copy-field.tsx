/** A value the operator must copy somewhere else (a URL, a key), with a Copy button. */
import { useState } from 'react';
import { useT } from '../i18n/i18n.tsx';

type Props = {
  readonly label?: string;
  readonly value: string;
  readonly secret?: boolean;
  readonly testId?: string;
};

export function CopyField({ label, value, secret = false, testId }: Props) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const copy = async (target: HTMLInputElement | null) => {
    const done = await copyText(value, target);
    setCopied(done);
    if (done) window.setTimeout(() => setCopied(false), 2000);
  };
  return (
    <div className="copy-field">
      {label ? <span className="copy-label">{label}</span> : null}
      <div className="copy-row">
        <input
          readOnly
          value={value}
          className={secret ? 'mono secret' : 'mono'}
          data-testid={testId}
          onFocus={(event) => event.currentTarget.select()}
        />
        <button
          type="button"
          className="button"
          onClick={(event) => copy(event.currentTarget.previousElementSibling as HTMLInputElement | null)}
        >
          {copied ? t('common.copied') : t('common.copy')}
        </button>
      </div>
    </div>
  );
}

/** The Clipboard API exists only on https and localhost; elsewhere fall back to selecting the input. */
async function copyText(value: string, input: HTMLInputElement | null): Promise<boolean> {
  try {
    if (navigator.clipboard) {
      await navigator.clipboard.writeText(value);
      return true;
    }
  } catch {
    // fall through to the selection
  }
  if (!input) return false;
  input.select();
  return document.execCommand('copy');
}
