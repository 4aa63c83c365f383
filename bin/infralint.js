#!/usr/bin/env node
import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';

// Let V8's old generation grow to at most twice what survived the last full
// collection (its default is up to four times). A lint run promotes each file's
// parse tree and drops it soon after; with the default, a 5,000-stack run's heap
// grew to ~400 MB around ~65 MB of live data. Same CPU time, measured in
// bench/RESULTS.md. The flag is read at each full collection, so setting it
// here, before any work, takes effect.
setFlagsFromString('--heap-growing-percent=100');

// A CLI run is one cold pass: the parser and rules run mostly before TurboFan
// has optimised them, and on two cores its compile threads compete with the
// main thread. Without inlining TurboFan compiles less and delivers sooner:
// whole 150-stack run 1.59 -> 1.37 s wall, 2.35 -> 1.90 s CPU, cold parse of
// the corpus 249 -> 186 ms, warm speed barely changed (bench/RESULTS.md).
// Read when functions are compiled, so setting it before the CLI loads takes effect.
setFlagsFromString('--no-turbo-inlining');

// The bundled CLI (scripts/bundle.ts): a few CommonJS files load in about half
// the time of the ~80 ES modules in dist/src that it is built from.
// INFRALINT_UNBUNDLED=1 runs the ES modules the bundle is built from (the same
// code): tests that preload a hook patching one of those modules set it.
const { main } = process.env.INFRALINT_UNBUNDLED === '1' ? await import('../dist/src/cli/main.js') : createRequire(import.meta.url)('../dist/src/cli/main.cjs');

// For the benchmark: peak resident memory and CPU time (user + system) of the whole process.
if (process.env.INFRALINT_REPORT_RSS) {
  process.on('exit', () => {
    const usage = process.resourceUsage();
    process.stderr.write(`infralint-max-rss-kb=${usage.maxRSS} infralint-cpu-ms=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`infralint: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
