/**
 * docs/benchmarks.md holds one section per benchmark between markers; a run replaces only its own
 * section, so sections written by other benchmarks (and hand-written text) stay as they are.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';

const HEADER =
  '# Benchmarks\n\nWritten by `npm run bench` (`bench/run.ts`); each section is replaced by its own benchmark.\n';

export function markers(name: string): { start: string; end: string } {
  return { start: `<!-- bench:${name}:start -->`, end: `<!-- bench:${name}:end -->` };
}

export function replaceSection(document: string, name: string, markdown: string): string {
  const { start, end } = markers(name);
  const section = `${start}\n${markdown.trim()}\n${end}`;
  const from = document.indexOf(start);
  const to = document.indexOf(end, from);
  if (from === -1 || to === -1) return `${document.trimEnd()}\n\n${section}\n`;
  return `${document.slice(0, from)}${section}${document.slice(to + end.length)}`;
}

export function writeSection(file: string, name: string, markdown: string): void {
  const document = existsSync(file) ? readFileSync(file, 'utf8') : HEADER;
  writeFileSync(file, replaceSection(document, name, markdown));
}
