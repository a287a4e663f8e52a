import { IntroPanel } from '../components/intro-panel.tsx';

export function AboutPage() {
  return <IntroPanel />;
}
