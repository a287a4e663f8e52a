/** The ways to give limebridge access to the chosen CRM, as radio cards. */
import { useT } from '../../i18n/i18n.tsx';
import type { AuthMethod, MethodId } from './auth-methods.ts';

type Props = {
  readonly methods: readonly AuthMethod[];
  readonly current: MethodId;
  readonly onPick: (id: MethodId) => void;
};

export function MethodPicker({ methods, current, onPick }: Props) {
  const t = useT();
  return (
    <fieldset className="method-picker">
      <legend>{t('connect.method')}</legend>
      {methods.map((method) => (
        <label key={method.id} className={method.id === current ? 'method active' : 'method'}>
          <input
            type="radio"
            name="method"
            value={method.id}
            checked={method.id === current}
            onChange={() => onPick(method.id)}
            data-testid={`method-${method.id}`}
          />
          <span>
            <strong>{t(`method.${method.id}.title`)}</strong>
            <span className="muted small">{t(`method.${method.id}.short`)}</span>
          </span>
        </label>
      ))}
    </fieldset>
  );
}
