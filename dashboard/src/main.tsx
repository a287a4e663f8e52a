import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app.tsx';
import { I18nProvider } from './i18n/i18n.tsx';
import './styles/base.css';
import './styles/layout.css';
import './styles/cards.css';
import './styles/forms.css';
import './styles/intro.css';
import './styles/wizard.css';
import './styles/tables.css';

const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <I18nProvider>
        <App />
      </I18nProvider>
    </StrictMode>,
  );
}
