/**
 * Bundles the CLI that `bin/infralint.js` runs (`npm run build` calls it after tsc).
 *
 * Why: start-up is most of a one-stack or `--staged` run (DESIGN.md wants the
 * whole process under 150 ms). Loading tsc's output means resolving, reading,
 * compiling and linking ~80 ES modules: 65–80 ms here. The same code as a few
 * CommonJS files loads in ~30 ms (bench/RESULTS.md). The tests import the
 * per-module output in `dist/src`; the bundle is built from that same output,
 * so both run the same code.
 *
 * Output: `dist/src/cli/main.cjs` and its lazily loaded chunks in
 * `dist/src/cli/chunks/`, beside the modules they were built from, so that
 * every path computed from `import.meta.url` (`packageRoot()`, the generated
 * config validator) resolves as it does for `dist/src/cli/main.js`.
 *
 * Not bundled:
 * - the ink UI (`dist/src/cli/ui/`) and its packages (ink, react): ESM only, so a
 *   CommonJS file cannot `require` them; the bundle keeps the `import()` of
 *   `./ui/index.js`, which loads the ES modules beside it, only on a TTY.
 * - packages (`@cdktf/hcl2json`, `ajv`, `picomatch`, `ignore`): loaded from
 *   node_modules when a run needs them, as before.
 */
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'rolldown';
import { CONFIG_VALIDATOR_MODULE } from '../src/engine/config.js';

const CLI_DIR = resolve('dist', 'src', 'cli');
const UI_DIR = join(CLI_DIR, 'ui');

/** Whether `id` (as written, or resolved to a path) stays out of the bundle. */
function isExternal(id: string, importer: string | undefined): boolean {
  if (id.startsWith('node:')) return true;
  if (!id.startsWith('.') && !id.startsWith('/')) return true;
  const path = importer !== undefined && id.startsWith('.') ? resolve(importer, '..', id) : id;
  return path === UI_DIR || path.startsWith(UI_DIR + '/');
}

export async function bundleCli(): Promise<void> {
  rmSync(join(CLI_DIR, 'chunks'), { recursive: true, force: true });
  await build({
    input: join(CLI_DIR, 'main.js'),
    platform: 'node',
    external: (id, importer) => isExternal(id, importer),
    logLevel: 'warn',
    output: {
      format: 'cjs',
      dir: CLI_DIR,
      entryFileNames: 'main.cjs',
      chunkFileNames: 'chunks/[name]-[hash].cjs',
    },
  });
}

await bundleCli();
// The config validator's path is relative to the module that imports it (src/engine/config.ts):
// it resolves from the bundle only while that code is in the entry file, beside dist/src/engine.
if (!readFileSync(join(CLI_DIR, 'main.cjs'), 'utf8').includes(CONFIG_VALIDATOR_MODULE)) {
  throw new Error('scripts/bundle.ts: the config loader is no longer in dist/src/cli/main.cjs; the generated validator would not be found');
}
