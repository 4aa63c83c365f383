/** --watch: the built CLI re-lints when a file changes. */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';

const BIN = resolve(import.meta.dirname, '../../bin/infralint.js');

let repo: TempRepo | undefined;
afterEach(() => {
  repo?.cleanup();
  repo = undefined;
});

describe('--watch', () => {
  it('lints once, then again after a file is saved, until interrupted', async () => {
    repo = tempRepo({ '.infralintrc.json': '{}\n', 'stacks/a/main.tf': 'locals {\n  a = 1\n}\n' });
    const child = spawn(process.execPath, [BIN, '--watch', '--format', 'compact'], { cwd: repo.dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
    const waitFor = async (pattern: RegExp, ms = 20_000): Promise<void> => {
      const until = Date.now() + ms;
      while (!pattern.test(out)) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${String(pattern)}; output so far:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await waitFor(/Watching for changes/);
      expect(out).not.toContain('parse-error');
      repo.write('stacks/a/main.tf', 'locals {\n  a = \n}\n');
      await waitFor(/stacks\/a\/main\.tf:\d+:\d+: error \[parse-error\]/);
      expect(out).toMatch(/changed: .*stacks\/a\/main\.tf/);
    } finally {
      child.kill('SIGINT');
    }
    const code = await new Promise<number | null>((r) => {
      child.on('exit', (c) => {
        r(c);
      });
    });
    expect(code).toBe(0);
  });
});
