import { existsSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PersistedState } from './types.ts';

/** Writes the state file at most once per debounce period (atomically: temp file + rename). */
export class Persister {
  private readonly file: string | undefined;
  private readonly debounceMs: number;
  private readonly snapshot: () => PersistedState;
  private timer: NodeJS.Timeout | undefined;
  private writing: Promise<void> | undefined;
  private dirty = false;

  constructor(file: string | undefined, debounceMs: number, snapshot: () => PersistedState) {
    this.file = file;
    this.debounceMs = debounceMs;
    this.snapshot = snapshot;
  }

  static load(file: string | undefined): PersistedState | undefined {
    if (!file || !existsSync(file)) return undefined;
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as PersistedState;
    if (parsed.version !== 1) throw new Error(`unsupported state file version in ${file}`);
    return parsed;
  }

  schedule(): void {
    if (!this.file) return;
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, this.debounceMs);
  }

  async flush(): Promise<void> {
    if (!this.file) return;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    while (this.writing) await this.writing;
    if (!this.dirty) return;
    this.dirty = false;
    this.writing = this.write(this.file).finally(() => {
      this.writing = undefined;
    });
    await this.writing;
  }

  private async write(file: string): Promise<void> {
    await mkdir(dirname(file), { recursive: true });
    const tmp = `${file}.${process.pid}.tmp`;
    await writeFile(tmp, JSON.stringify(this.snapshot()));
    await rename(tmp, file);
  }
}
