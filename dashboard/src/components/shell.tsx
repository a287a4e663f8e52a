/** The frame around every page: brand, navigation, language, logout, and the hub's version underneath. */
import type { ReactNode } from 'react';
import type { Info } from '../api/types.ts';
import { to } from '../hooks/use-route.ts';
import { useT } from '../i18n/i18n.tsx';
import { LanguageSwitch } from './language-switch.tsx';
import { LimeMark } from './lime-mark.tsx';

type Props = {
  readonly info: Info;
  readonly section: string;
  readonly onLogout: () => void;
  readonly children: ReactNode;
};

export function Shell({ info, section, onLogout, children }: Props) {
  const t = useT();
  const nav = [
    { id: 'overview', href: to(), label: t('nav.overview') },
    { id: 'about', href: to('about'), label: t('nav.about') },
  ];
  return (
    <div className="shell">
      <header className="topbar">
        <a className="brand" href={to()}>
          <LimeMark />
          <span className="brand-name">limebridge</span>
          <span className="brand-tagline">{t('brand.tagline')}</span>
        </a>
        <nav className="topnav">
          {nav.map((item) => (
            <a key={item.id} href={item.href} className={section === item.id ? 'active' : undefined}>
              {item.label}
            </a>
          ))}
        </nav>
        <div className="topbar-right">
          <LanguageSwitch />
          <button type="button" className="button ghost" onClick={onLogout} data-testid="logout">
            {t('nav.logout')}
          </button>
        </div>
      </header>
      <main className="content">{children}</main>
      <footer className="footer muted small">
        <span>
          {t('footer.version', {
            version: info.version,
            engine: t(`engine.${info.engine === 'postgres' ? 'postgres' : 'pglite'}`),
          })}
        </span>
        <a href="/docs" target="_blank" rel="noreferrer">
          {t('footer.apiDocs')}
        </a>
        <a href="/metrics" target="_blank" rel="noreferrer">
          {t('footer.metrics')}
        </a>
      </footer>
    </div>
  );
}
