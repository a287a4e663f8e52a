/** The first-run explanation: what limebridge does (four functions) and the steps to get data flowing. */
import { useT } from '../i18n/i18n.tsx';
import { FlowDiagram } from './flow-diagram.tsx';
import { FunctionIcon, type FunctionIconName } from './function-icon.tsx';

const FUNCTIONS: readonly FunctionIconName[] = ['contacts', 'history', 'catalog', 'preorders'];
const STEPS = ['1', '2', '3', '4', '5'] as const;

type Props = { readonly onDismiss?: (() => void) | undefined };

export function IntroPanel({ onDismiss }: Props) {
  const t = useT();
  return (
    <section className="panel intro" data-testid="intro-panel">
      <header className="panel-head">
        <h2>{t('intro.title')}</h2>
        {onDismiss ? (
          <button type="button" className="button ghost" onClick={onDismiss}>
            {t('intro.dismiss')}
          </button>
        ) : null}
      </header>
      <p className="intro-lead">{t('intro.lead')}</p>
      <FlowDiagram />
      <div className="function-grid">
        {FUNCTIONS.map((name) => (
          <article key={name} className="function-card">
            <FunctionIcon name={name} />
            <h3>{t(`intro.fn.${name}.title`)}</h3>
            <p>{t(`intro.fn.${name}.text`)}</p>
          </article>
        ))}
      </div>
      <p className="muted">{t('intro.twoWay')}</p>
      <h3>{t('intro.stepsTitle')}</h3>
      <ol className="steps">
        {STEPS.map((step) => (
          <li key={step}>
            <strong>{t(`intro.step${step}.title`)}</strong> — {t(`intro.step${step}.text`)}
          </li>
        ))}
      </ol>
    </section>
  );
}
