/** A titled white card: the building block of every page. */
import type { ReactNode } from 'react';

type Props = {
  readonly title?: ReactNode;
  readonly actions?: ReactNode;
  readonly children: ReactNode;
  readonly className?: string;
  readonly testId?: string;
};

export function Panel({ title, actions, children, className, testId }: Props) {
  return (
    <section className={`panel ${className ?? ''}`} data-testid={testId}>
      {title || actions ? (
        <header className="panel-head">
          {title ? <h2>{title}</h2> : <span />}
          {actions ? <div className="panel-actions">{actions}</div> : null}
        </header>
      ) : null}
      {children}
    </section>
  );
}
