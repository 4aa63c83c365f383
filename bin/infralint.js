#!/usr/bin/env node
import { main } from '../dist/src/cli/main.js';

if (process.env.INFRALINT_REPORT_RSS) {
  process.on('exit', () => {
    process.stderr.write(`infralint-max-rss-kb=${process.resourceUsage().maxRSS}\n`);
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
