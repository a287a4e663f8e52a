/** What the state means in plain words, and what to do about it. */
import type { ReactNode } from 'react';
import type { ConnectionState } from '../api/types.ts';
import { useT } from '../i18n/i18n.tsx';

type Props = { readonly state: ConnectionState; readonly action?: ReactNode };

export function StateAdvice({ state, action }: Props) {
  const t = useT();
  const tone = state === 'active' ? 'ok' : state === 'paused' ? 'info' : 'warn';
  return (
    <div className={`advice advice-${tone}`}>
      <p>{t(`stateAdvice.${state}`)}</p>
      {state !== 'active' ? <p className="advice-todo">{t(`stateTodo.${state}`)}</p> : null}
      {action}
    </div>
  );
}
