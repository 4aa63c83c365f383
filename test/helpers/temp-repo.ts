import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A real temporary repository on disk; `cleanup` removes it. */
export interface TempRepo {
  readonly dir: string;
  path(rel: string): string;
  read(rel: string): string;
  write(rel: string, content: string | Uint8Array): void;
  cleanup(): void;
}

export function tempRepo(files: Readonly<Record<string, string | Uint8Array>>, prefix = 'infralint-test-'): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const repo: TempRepo = {
    dir,
    path: (rel) => join(dir, rel),
    read: (rel) => readFileSync(join(dir, rel), 'utf8'),
    write(rel, content) {
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    },
    cleanup: () => {
      rmSync(dir, { recursive: true, force: true });
    },
  };
  for (const [rel, content] of Object.entries(files)) repo.write(rel, content);
  return repo;
}
