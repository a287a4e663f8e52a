/** 1 CRM · 2 Access · 3 Setup — where the operator is in the wizard. */
import { useT } from '../../i18n/i18n.tsx';

const STEPS = [1, 2, 3] as const;

export function WizardSteps({ current }: { readonly current: number }) {
  const t = useT();
  return (
    <ol className="wizard-steps">
      {STEPS.map((step) => (
        <li key={step} className={step === current ? 'current' : step < current ? 'done' : undefined}>
          <span className="step-no">{step}</span>
          {t(`connect.step${step}`)}
        </li>
      ))}
    </ol>
  );
}
