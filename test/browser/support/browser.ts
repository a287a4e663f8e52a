/** Debian's chromium driven by playwright-core (`npx playwright install` cannot download here). */
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';

export const CHROMIUM = process.env.LIMEBRIDGE_CHROMIUM ?? '/usr/bin/chromium';
export const SCREENSHOTS = fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
/** Screens whose documented pictures come from the demo's real data (shoot-demo.ts); tests keep theirs here. */
export const SCRATCH_SCREENSHOTS = join(tmpdir(), 'limebridge-browser-screenshots/');

export const hasChromium = existsSync(CHROMIUM);

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--headless',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
}

/** Saves a full-page screenshot to docs/screenshots/<name>.png (or, for `scratch`, to a temp directory). */
export async function screenshot(
  page: Page,
  name: string,
  where: 'docs' | 'scratch' = 'docs',
): Promise<void> {
  const dir = where === 'docs' ? SCREENSHOTS : SCRATCH_SCREENSHOTS;
  mkdirSync(dir, { recursive: true });
  // The top bar is sticky: from a scrolled position it would be drawn mid-page in a full-page capture.
  await page.evaluate('window.scrollTo(0, 0)');
  await page.screenshot({ path: `${dir}${name}.png`, fullPage: true });
}
