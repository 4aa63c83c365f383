import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const uiDir = join(root, 'src/cli/ui');
const UI_ONLY_PACKAGES = ['ink', 'react', 'react/jsx-runtime', 'ink-testing-library'];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.(ts|tsx|mts)$/.test(entry.name) && !entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** Specifiers a module loads when it is evaluated (`import type` and `export type` load nothing). */
function staticImports(text: string): string[] {
  const pattern = /^[ \t]*(?:import|export)\s+(?!type\s)(?:[^;'"]*?\sfrom\s+)?['"]([^'"]+)['"]/gm;
  return [...text.matchAll(pattern)].map((match) => match[1]!);
}

const nonUiFiles = ['src', 'rules', 'bench']
  .flatMap((dir) => {
    try {
      return sourceFiles(join(root, dir));
    } catch {
      return [];
    }
  })
  .filter((file) => !file.startsWith(uiDir + '/'));

describe('the UI loads only through a dynamic import', () => {
  it('finds imports the way the guard below relies on', () => {
    const text = [
      "import type { Progress } from './ui/index.js';",
      "import { render } from 'ink';",
      "import {\n  a,\n  b,\n} from './ui/app.js';",
      "export * from './ui/model.js';",
      "export type { UiOptions } from './ui/types.js';",
      "const ui = await import('./ui/index.js');",
    ].join('\n');
    expect(staticImports(text)).toEqual(['ink', './ui/app.js', './ui/model.js']);
  });

  it('no module outside src/cli/ui imports it, ink or React statically', () => {
    expect(nonUiFiles.length).toBeGreaterThan(0);
    const offenders: string[] = [];
    for (const file of nonUiFiles) {
      for (const specifier of staticImports(readFileSync(file, 'utf8'))) {
        const loadsUi = specifier.startsWith('.') && resolve(dirname(file), specifier).startsWith(uiDir + '/');
        if (loadsUi || UI_ONLY_PACKAGES.includes(specifier)) {
          offenders.push(`${relative(root, file)} imports ${specifier}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it('no .tsx file outside src/cli/ui (JSX would load react/jsx-runtime)', () => {
    expect(nonUiFiles.filter((file) => file.endsWith('.tsx')).map((file) => relative(root, file))).toEqual([]);
  });
});
