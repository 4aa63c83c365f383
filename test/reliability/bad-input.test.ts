/**
 * The bad-input matrix, end to end: the built CLI on real files in temporary
 * repositories. Every case puts a normal file with a known finding
 * (stacks/ok/main.tf, redis-endpoint at 2:11) beside the bad input and checks
 * the exact report, the exact stderr and the exit code, that the normal file
 * is still linted, and that no run hangs or prints a stack trace.
 */
import { chmodSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { Config } from '../../src/engine/config.js';
import { lint } from '../../src/engine/runner.js';
import { diskSource } from '../../src/project/repo-index.js';
import { ruleRegistry } from '../../rules/index.js';
import { tempRepo, type TempRepo } from '../helpers/temp-repo.js';
import { CLEAN_TF, expectSane, lines, preloadHook, REDIS_TF, redisFinding, runCli, type CliRun } from './cli-helpers.js';

let repo: TempRepo | undefined;
afterEach(() => {
  if (repo) chmodSync(repo.dir, 0o700);
  repo?.cleanup();
  repo = undefined;
});

/** A repository with the normal neighbour file and the given bad files. */
function repoWith(files: Readonly<Record<string, string | Uint8Array>>): TempRepo {
  repo = tempRepo({ '.infralintrc.json': '{}\n', 'stacks/ok/main.tf': REDIS_TF, 'stacks/ok/clean.tf': CLEAN_TF, ...files }, 'infralint-bad-');
  return repo;
}

/** Compact lines with the redis-endpoint message cut after its stable start. */
function report(run: CliRun): string[] {
  return lines(run.stdout).map((l) => (l.includes('[redis-endpoint] do not use redis.redis.svc.cluster.local') ? l.replace(/(redis\.redis\.svc\.cluster\.local).*$/, '$1') : l));
}

const OK = redisFinding('stacks/ok/main.tf');

function lint1(r: TempRepo, ...args: string[]): CliRun {
  const run = runCli(['--format', 'compact', ...args], r.dir);
  expectSane(run);
  return run;
}

const GITCRYPT = Buffer.concat([Buffer.from('\0GITCRYPT\0', 'latin1'), Buffer.from([0x8f, 0x11, 0xfe, 0x00, 0x42, 0xc3, 0x28, 0xff, 0x10])]);

describe('bad input: every case is reported exactly, the rest of the run goes on', () => {
  it('a syntax error in one file of many: a parse-error for that file only; the other files, even in its stack, are linted (exit 1)', () => {
    const r = repoWith({ 'stacks/web/broken.tf': 'locals {\n  a = \n}\n', 'stacks/web/main.tf': REDIS_TF, 'stacks/web/clean.tf': CLEAN_TF });
    const run = lint1(r);
    expect(report(run)).toEqual([
      OK,
      'stacks/web/broken.tf:2:7: error [parse-error] Missing expression: Expected the start of an expression, but found the end of the line.',
      redisFinding('stacks/web/main.tf'),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('git-crypt ciphertext named .tf, .tfvars and .json is skipped without a word, and --fix leaves it byte for byte', () => {
    const r = repoWith({
      '.gitattributes': 'stacks/sec/** filter=git-crypt diff=git-crypt\n',
      'stacks/sec/secrets.tf': GITCRYPT,
      'stacks/sec/terraform.tfvars': GITCRYPT,
      'stacks/sec/secrets.json': GITCRYPT,
    });
    const run = lint1(r);
    expect(report(run)).toEqual([OK]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const fixed = lint1(r, '--fix', '--unsafe-fixes');
    expect(fixed.stderr).toBe('');
    for (const f of ['secrets.tf', 'terraform.tfvars', 'secrets.json']) expect(readFileSync(r.path(`stacks/sec/${f}`))).toEqual(GITCRYPT);
    expect(r.read('stacks/ok/main.tf')).toContain('var.redis_host');
  });

  it('a binary file named .tf is a parse-error at 1:1 (exit 1)', () => {
    const r = repoWith({ 'stacks/bin/blob.tf': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0x3e, 0]) });
    const run = lint1(r);
    expect(report(run)).toEqual(['stacks/bin/blob.tf:1:1: error [parse-error] binary content in an HCL file; it cannot be linted', OK]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('invalid UTF-8 is reported at its position, the file is still linted, and --fix never rewrites it', () => {
    const bytes = Buffer.concat([Buffer.from('locals {\n  a = "caf'), Buffer.from([0xe9]), Buffer.from('"\n  redis = "redis.redis.svc.cluster.local"\n}\n')]);
    const r = repoWith({ 'stacks/latin1/main.tf': bytes });
    const run = lint1(r);
    expect(report(run)).toEqual([
      'stacks/latin1/main.tf:2:11: error [parse-error] invalid UTF-8 at byte 19; the file is linted as decoded but never fixed',
      redisFinding('stacks/latin1/main.tf', 3, 11),
      OK,
    ]);
    expect(run.code).toBe(1);
    const fixed = lint1(r, '--fix', '--unsafe-fixes');
    expect(lines(fixed.stdout)).toContainEqual(expect.stringMatching(/^stacks\/latin1\/main\.tf:3:11: error \[redis-endpoint\] .* \(not fixed: the file is not valid UTF-8; infralint never rewrites it\)$/));
    expect(readFileSync(r.path('stacks/latin1/main.tf'))).toEqual(bytes);
    expect(r.read('stacks/ok/main.tf')).toContain('var.redis_host');
    expect(fixed.code).toBe(1);
  });

  it('a UTF-8 BOM takes no column, and --fix keeps it', () => {
    const r = repoWith({ 'stacks/bom/main.tf': '\ufefflocals { redis = "redis.redis.svc.cluster.local" }\n' });
    const run = lint1(r);
    expect(report(run)).toEqual([redisFinding('stacks/bom/main.tf', 1, 18), OK]);
    expect(run.code).toBe(1);
    expect(lint1(r, '--fix', '--unsafe-fixes').stderr).toBe('');
    expect(readFileSync(r.path('stacks/bom/main.tf'), 'utf8')).toBe('\ufefflocals { redis = var.redis_host }\n\nvariable "redis_host" {\n  type = string\n}\n');
  });

  it('CRLF and mixed line endings: exact positions, and --fix keeps every untouched line ending and writes new lines in the dominant one; a lone CR is an error as in hclsyntax', () => {
    const r = repoWith({
      'stacks/crlf/main.tf': 'locals {\r\n  redis = "redis.redis.svc.cluster.local"\r\n}\r\n',
      'stacks/mixed/main.tf': 'locals {\r\n  redis = "redis.redis.svc.cluster.local"\n}\r\n# end\n',
      'stacks/cr/main.tf': 'locals {\r  a = 1\r}\r',
    });
    const run = lint1(r);
    const loneCr = 'error [parse-error] Invalid character: Found a carriage return that is not followed by a line feed; expected a "\\n" or "\\r\\n" line ending.';
    expect(report(run)).toEqual([
      `stacks/cr/main.tf:1:9: ${loneCr}`,
      `stacks/cr/main.tf:2:8: ${loneCr}`,
      `stacks/cr/main.tf:3:2: ${loneCr}`,
      redisFinding('stacks/crlf/main.tf'),
      redisFinding('stacks/mixed/main.tf'),
      OK,
    ]);
    expect(run.code).toBe(1);
    expect(lint1(r, '--fix', '--unsafe-fixes').stderr).toBe('');
    expect(r.read('stacks/crlf/main.tf')).toBe('locals {\r\n  redis = var.redis_host\r\n}\r\n\r\nvariable "redis_host" {\r\n  type = string\r\n}\r\n');
    expect(r.read('stacks/mixed/main.tf')).toBe('locals {\r\n  redis = var.redis_host\n}\r\n# end\n\nvariable "redis_host" {\n  type = string\n}\n');
    expect(r.read('stacks/cr/main.tf')).toBe('locals {\r  a = 1\r}\r');
  });

  it('a 20 MB file (4 MB of blocks, a 16 MB heredoc dashboard) is linted to its last line, and its neighbours too', () => {
    const block = (i: number): string => `resource "kubernetes_config_map" "cm_${i}" {\n  metadata {\n    name      = "cm-${i}"\n    namespace = "apps"\n  }\n  data = {\n    "app.conf" = "key=value-${i} \${var.suffix}"\n  }\n}\n`;
    const panel = (i: number): string => `      {"id": ${i}, "type": "timeseries", "title": "Panel ${i}", "targets": [{"expr": "rate(http_requests_total{job=\\"app-${i}\\"}[5m])"}]},\n`;
    const parts: string[] = [];
    let size = 0;
    for (let i = 0; size < 4 * 1024 * 1024; i++) {
      parts.push(block(i));
      size += parts[parts.length - 1]!.length;
    }
    parts.push('resource "kubernetes_config_map" "dashboard" {\n  data = {\n    "dashboard.json" = <<-EOT\n    {"panels": [\n');
    for (let i = 0; size < 20 * 1024 * 1024; i++) {
      parts.push(panel(i));
      size += parts[parts.length - 1]!.length;
    }
    parts.push('    ]}\n    EOT\n  }\n}\n');
    const lineCount = parts.join('').split('\n').length - 1;
    parts.push(REDIS_TF);
    const r = repoWith({ 'stacks/big/main.tf': parts.join('') });
    expect(statSync(r.path('stacks/big/main.tf')).size).toBeGreaterThan(20 * 1024 * 1024);
    const run = runCli(['--format', 'compact'], r.dir, { timeoutMs: 150_000 });
    expectSane(run);
    expect(report(run)).toEqual([redisFinding('stacks/big/main.tf', lineCount + 2, 11), OK]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 180_000);

  it('10,000-deep nesting (brackets, blocks) is one "Nesting too deep" error per file, no stack overflow; 400-deep nesting is linted normally', () => {
    const r = repoWith({
      'stacks/deep/brackets.tf': `locals {\n  a = ${'['.repeat(10_000)}${']'.repeat(10_000)}\n}\n`,
      'stacks/deep/blocks.tf': `${'b {\n'.repeat(10_000)}${'}\n'.repeat(10_000)}`,
      'stacks/deep/templates.tf': `locals {\n  a = ${'"${'.repeat(10_000)}1${'}"'.repeat(10_000)}\n}\n`,
      'stacks/shallow/main.tf': `locals {\n  a = ${'['.repeat(400)}${']'.repeat(400)}\n  redis = "redis.redis.svc.cluster.local"\n}\n`,
    });
    const run = lint1(r);
    const tooDeep = 'error [parse-error] Nesting too deep: Found more than 500 levels of nested blocks, brackets or operators here; expected a shallower structure.';
    expect(report(run)).toEqual([
      `stacks/deep/blocks.tf:501:3: ${tooDeep}`,
      `stacks/deep/brackets.tf:2:506: ${tooDeep}`,
      `stacks/deep/templates.tf:2:1504: ${tooDeep}`,
      OK,
      redisFinding('stacks/shallow/main.tf', 3, 11),
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 60_000);

  it('a 100,000-element list parses and the finding after it has its exact position', () => {
    const items = Array.from({ length: 100_000 }, (_, i) => `    "item-${i}",\n`).join('');
    const r = repoWith({
      'stacks/list/main.tf': `locals {\n  items = [\n${items}  ]\n  redis = "redis.redis.svc.cluster.local"\n}\n`,
      'stacks/list/inline.tf': `locals {\n  ports = [${Array.from({ length: 100_000 }, (_, i) => i).join(', ')}]\n}\n`,
    });
    const run = runCli(['--format', 'compact'], r.dir, { timeoutMs: 120_000 });
    expectSane(run);
    expect(report(run)).toEqual([redisFinding('stacks/list/main.tf', 100_004, 11), OK]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 150_000);

  it('an unterminated heredoc, string, comment, template interpolation and template directive: one exact error each', () => {
    const r = repoWith({
      'stacks/open/heredoc.tf': 'locals {\n  a = <<EOF\nhello\n',
      'stacks/open/string.tf': 'locals {\n  a = "abc\n}\n',
      'stacks/open/comment.tf': 'locals {\n  a = 1\n}\n/* never closed\n',
      'stacks/open/interpolation.tf': 'locals {\n  a = <<EOF\n${var.x\nEOF\n}\n',
      'stacks/open/directive.tf': 'locals {\n  a = "%{ if true }x"\n}\n',
    });
    const run = lint1(r);
    expect(report(run)).toEqual([
      OK,
      'stacks/open/comment.tf:4:1: error [parse-error] Unterminated comment: The comment that starts here is not closed by "*/" before the end of the file.',
      'stacks/open/directive.tf:2:21: error [parse-error] Unexpected end of template: Found the end of the string; the if directive at 2:8 is missing its corresponding endif directive.',
      'stacks/open/heredoc.tf:1:8: error [parse-error] Unclosed configuration block: There is no closing brace for this block before the end of the file; expected a "}". This may be caused by incorrect brace nesting elsewhere in this file.',
      'stacks/open/heredoc.tf:2:7: error [parse-error] Unterminated heredoc: The heredoc that starts here has no closing "EOF" line before the end of the file; expected a line containing only "EOF".',
      'stacks/open/interpolation.tf:1:8: error [parse-error] Unclosed configuration block: There is no closing brace for this block before the end of the file; expected a "}". This may be caused by incorrect brace nesting elsewhere in this file.',
      'stacks/open/interpolation.tf:4:1: error [parse-error] Extra characters after interpolation expression: Found "EOF"; expected a closing brace "}" to end the template interpolation.',
      'stacks/open/string.tf:2:7: error [parse-error] Unterminated template string: The string that starts here is not closed by a \'"\' before the end of the line.',
    ]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  }, 60_000);

  it('a symlink loop is never followed: the run ends with the normal findings; naming the loop is a usage error', () => {
    const r = repoWith({});
    mkdirSync(r.path('loop'));
    symlinkSync('self', r.path('loop/self'));
    symlinkSync('..', r.path('loop/up'));
    symlinkSync('b', r.path('loop/a'));
    symlinkSync('a', r.path('loop/b'));
    symlinkSync('../stacks/ok', r.path('loop/ok'));
    const run = lint1(r);
    expect(report(run)).toEqual([OK]);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
    const named = lint1(r, 'loop/self');
    expect(named).toMatchObject({ code: 2, stdout: '', stderr: 'infralint: no such file or directory: loop/self\n' });
    const through = lint1(r, 'loop/ok');
    expect(report(through)).toEqual([OK]);
    expect(through.code).toBe(1);
  });

  it('an unreadable file (mode 000) is an I/O error naming it (exit 2); the other files are still reported', () => {
    const r = repoWith({ 'stacks/ok/locked.tf': CLEAN_TF });
    chmodSync(r.path('stacks/ok/locked.tf'), 0o000);
    // root reads through any mode, so the run drops to an unprivileged user then
    const asRoot = process.getuid?.() === 0;
    if (asRoot) for (const d of [r.dir, r.path('stacks'), r.path('stacks/ok')]) chmodSync(d, 0o755);
    const run = runCli(['--format', 'compact'], r.dir, asRoot ? { uid: 65534, gid: 65534 } : {});
    expectSane(run);
    expect(report(run)).toEqual([OK]);
    expect(run.stderr).toBe('infralint: stacks/ok/locked.tf: cannot read the file (it was deleted or is not readable)\n');
    expect(run.code).toBe(2);
  });

  it('a FIFO or a folder named .tf: skipped by discovery, and a FIFO named on the command line is unreadable instead of a hang', () => {
    const r = repoWith({});
    execFileSync('mkfifo', [r.path('stacks/ok/pipe.tf')]);
    mkdirSync(r.path('stacks/ok/folder.tf'));
    writeFileSync(r.path('stacks/ok/folder.tf/inner.tf'), REDIS_TF);
    const run = lint1(r);
    expect(report(run)).toEqual([redisFinding('stacks/ok/folder.tf/inner.tf'), OK]);
    expect(run.code).toBe(1);
    const named = runCli(['--format', 'compact', 'stacks/ok/pipe.tf', 'stacks/ok/main.tf'], r.dir, { timeoutMs: 20_000 });
    expectSane(named);
    expect(report(named)).toEqual([OK]);
    expect(named.stderr).toBe('infralint: stacks/ok/pipe.tf: cannot read the file (it was deleted or is not readable)\n');
    expect(named.code).toBe(2);
    expect(lstatSync(r.path('stacks/ok/pipe.tf')).isFIFO()).toBe(true);
  });

  it('an empty file is clean', () => {
    const r = repoWith({ 'stacks/ok/empty.tf': '', 'stacks/empty/main.tf': '', 'stacks/empty/terraform.tfvars': '' });
    const run = lint1(r);
    expect(report(run)).toEqual([OK]);
    expect(run.code).toBe(1);
    expect(lint1(r, 'stacks/empty')).toMatchObject({ code: 0, stderr: '' });
  });

  it('a file deleted between discovery and reading is an I/O error naming it (exit 2); the others are still reported', () => {
    const r = repoWith({ 'stacks/ok/vanishing.tf': CLEAN_TF });
    const hook = preloadHook(r.dir, 'delete-before-read', 'src/project/repo-index.js', [
      "import { existsSync, unlinkSync } from 'node:fs';",
      'const read = m.diskSource.read;',
      "m.diskSource.read = (p) => { if (p.endsWith('vanishing.tf') && existsSync(p)) unlinkSync(p); return read(p); };",
    ].join('\n'));
    const run = runCli(['--format', 'compact'], r.dir, { nodeArgs: hook });
    expectSane(run);
    expect(existsSync(r.path('stacks/ok/vanishing.tf'))).toBe(false);
    expect(report(run)).toEqual([OK]);
    expect(run.stderr).toBe('infralint: stacks/ok/vanishing.tf: cannot read the file (it was deleted or is not readable)\n');
    expect(run.code).toBe(2);
  });

  it('in process: a FileSource that loses a file after discovery gives one error for it and the other findings unchanged', async () => {
    const r = repoWith({ 'stacks/ok/vanishing.tf': CLEAN_TF });
    const gone = r.path('stacks/ok/vanishing.tf');
    const result = await lint({
      cwd: r.dir,
      root: r.dir,
      paths: ['.'],
      rules: ruleRegistry,
      config: new Config(undefined, r.dir, {}, ruleRegistry, new Map(), []),
      source: { read: (p) => (p === gone ? undefined : diskSource.read(p)) },
    });
    expect(result.errors).toEqual([{ path: gone, message: 'cannot read the file (it was deleted or is not readable)' }]);
    expect(result.results.flatMap((x) => x.findings.map((f) => `${f.ruleId} ${x.path.slice(r.dir.length + 1)}:${f.line}:${f.column}`))).toEqual(['redis-endpoint stacks/ok/main.tf:2:11']);
  });

  it('a rule that throws is an internal error naming the rule and the file (exit 2); the other rules still report', () => {
    const r = repoWith({ 'stacks/ok/nfs.tf': 'locals {\n  nfs = "192.168.1.127"\n}\n' });
    const hook = preloadHook(r.dir, 'crashing-rule', 'rules/index.js', [
      "const rule = m.ruleRegistry.get('redis-endpoint');",
      "m.ruleRegistry.set('redis-endpoint', { ...rule, check() { throw new TypeError('kaboom'); } });",
    ].join('\n'));
    const run = runCli(['--format', 'compact'], r.dir, { nodeArgs: hook });
    expectSane(run);
    expect(run.stderr).toBe(
      ['clean.tf', 'main.tf', 'nfs.tf'].map((f) => `infralint: stacks/ok/${f}: internal error in rule redis-endpoint: kaboom\n`).join(''),
    );
    expect(lines(run.stdout)).toContainEqual(expect.stringMatching(/^stacks\/ok\/nfs\.tf:2:9: error \[shared-variables\] /));
    expect(run.code).toBe(2);
  });

  it('an internal error prints one line, and its stack only with --debug', () => {
    const r = repoWith({});
    const hook = preloadHook(r.dir, 'broken-read', 'src/project/repo-index.js', "m.diskSource.read = () => { throw new TypeError('boom'); };");
    const run = runCli(['--format', 'compact'], r.dir, { nodeArgs: hook });
    expectSane(run);
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: 'infralint: internal error: boom\n' });
    const debug = runCli(['--format', 'compact', '--debug'], r.dir, { nodeArgs: hook });
    expect(debug.code).toBe(2);
    expect(debug.stderr).toMatch(/^infralint: internal error: boom\nTypeError: boom\n\s+at /);
  });
});

describe('infralint json on bad input', () => {
  it('a syntax error and an attribute set twice are errors with file:line:col; the good file is still printed (exit 2)', () => {
    const r = repoWith({ 'dup.tf': 'a = 1\na = 2\n', 'broken.tf': 'locals {\n  a = \n}\n' });
    const run = runCli(['json', 'dup.tf', 'broken.tf', 'stacks/ok/clean.tf'], r.dir);
    expectSane(run);
    expect(run.code).toBe(2);
    expect(run.stderr).toBe(
      'dup.tf:2:1: error: Attribute redefined; the argument "a" was already set at line 1\n' +
        'broken.tf:2:7: error: Missing expression: Expected the start of an expression, but found the end of the line.\n',
    );
    expect(JSON.parse(run.stdout)).toEqual({ 'stacks/ok/clean.tf': { locals: [{ replicas: 2 }] } });
  });
});

describe('bad configuration and arguments: exit 2, one line naming the problem, nothing linted', () => {
  function badConfig(config: string): { run: CliRun; file: string } {
    const r = repoWith({ '.infralintrc.json': config });
    const run = lint1(r);
    return { run, file: r.path('.infralintrc.json') };
  }

  function jsonError(text: string): string {
    try {
      JSON.parse(text);
    } catch (error) {
      return (error as Error).message;
    }
    throw new Error('valid JSON');
  }

  it('a config that is not valid JSON', () => {
    for (const text of ['{ "rules": { oops', '']) {
      const { run, file } = badConfig(text);
      expect(run).toMatchObject({ code: 2, stdout: '', stderr: `infralint: ${file}: invalid JSON: ${jsonError(text)}\n` });
    }
  });

  it('a config that fails the schema', () => {
    const { run, file } = badConfig('{ "rules": { "redis-endpoint": "loud" }, "ignorePatterns": [] }');
    expect(run).toMatchObject({
      code: 2,
      stdout: '',
      stderr: `infralint: ${file}: rules.redis-endpoint: must be "off", "warn" or "error", [severity, options] or { "severity", "options", "suppressible" }\n`,
    });
    const second = badConfig('{ "ignorePatterns": "stacks/old" }');
    expect(second.run).toMatchObject({ code: 2, stdout: '', stderr: `infralint: ${second.file}: ignorePatterns: must be array\n` });
  });

  it('a config that names an unknown rule', () => {
    const { run, file } = badConfig('{ "rules": { "no-such-rule": "warn" } }');
    const known = [...ruleRegistry.keys()].sort().join(', ');
    expect(run).toMatchObject({ code: 2, stdout: '', stderr: `infralint: ${file}: rules: unknown rule "no-such-rule" (known rules: ${known})\n` });
  });

  it('an unknown CLI flag', () => {
    const r = repoWith({});
    expect(lint1(r, '--frobnicate')).toMatchObject({
      code: 2,
      stdout: '',
      stderr: "infralint: unknown option '--frobnicate'. To specify a positional argument starting with a '-', place it at the end of the command after '--', as in '-- \"--frobnicate\"\nRun `infralint --help` for the list of options.\n",
    });
  });

  it('a path that does not exist, alone or beside one that does', () => {
    const r = repoWith({});
    expect(lint1(r, 'stacks/nope')).toMatchObject({ code: 2, stdout: '', stderr: 'infralint: no such file or directory: stacks/nope\n' });
    expect(lint1(r, 'stacks/ok', 'nope.tf', 'stacks/gone')).toMatchObject({ code: 2, stdout: '', stderr: 'infralint: no such file or directory: nope.tf, stacks/gone\n' });
    expect(readdirSync(r.dir).sort()).toEqual(['.infralintrc.json', 'stacks']);
  });
});
