/** Tabs as links (each tab is a route, so a reload or a shared link opens the same tab). */
import type { ReactNode } from 'react';

export type Tab = { readonly id: string; readonly href: string; readonly label: ReactNode };

export function Tabs({ tabs, current }: { readonly tabs: readonly Tab[]; readonly current: string }) {
  return (
    <nav className="tabs">
      {tabs.map((tab) => (
        <a
          key={tab.id}
          href={tab.href}
          className={tab.id === current ? 'tab active' : 'tab'}
          aria-current={tab.id === current ? 'page' : undefined}
        >
          {tab.label}
        </a>
      ))}
    </nav>
  );
}
