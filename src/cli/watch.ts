/**
 * `--watch`: lint once, then re-lint whenever a file under the repository
 * changes (debounced), printing each report. Runs until interrupted.
 */
import { watch, type FSWatcher } from 'node:fs';
import { relative } from 'node:path';

export interface WatchOptions {
  readonly root: string;
  /** Runs one lint and prints its report. */
  readonly runOnce: () => Promise<void>;
  readonly write: (text: string) => void;
  /** Milliseconds to wait for more changes before re-linting. */
  readonly debounceMs?: number;
  readonly signal?: AbortSignal;
}

const IGNORED = /(^|\/)(\.git|node_modules|\.terraform|\.terragrunt-cache)(\/|$)|\.infralint-\d+-[0-9a-f]+\.tmp$|(^|\/)\.infralintcache$/;

export async function watchAndLint(options: WatchOptions): Promise<void> {
  await options.runOnce();
  options.write('\nWatching for changes (Ctrl-C to stop)…\n');
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let again = false;
  const changed = new Set<string>();
  const trigger = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    const names = [...changed].sort();
    changed.clear();
    options.write(`\n${new Date().toLocaleTimeString()} changed: ${names.join(', ')}\n`);
    options
      .runOnce()
      .catch((error: unknown) => {
        options.write(`infralint: ${(error as Error).message}\n`);
      })
      .finally(() => {
        running = false;
        if (again) {
          again = false;
          trigger();
        }
      });
  };
  let watcher: FSWatcher;
  try {
    watcher = watch(options.root, { recursive: true }, (_event, name) => {
      if (name === null) return;
      const rel = relative('.', name).split('\\').join('/');
      if (IGNORED.test(rel)) return;
      changed.add(rel);
      if (timer) clearTimeout(timer);
      timer = setTimeout(trigger, options.debounceMs ?? 150);
    });
  } catch (error) {
    throw new Error(`cannot watch ${options.root}: ${(error as Error).message}`);
  }
  await new Promise<void>((resolveWait) => {
    const stop = (): void => {
      watcher.close();
      if (timer) clearTimeout(timer);
      resolveWait();
    };
    options.signal?.addEventListener('abort', stop, { once: true });
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
