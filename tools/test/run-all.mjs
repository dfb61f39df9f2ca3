#!/usr/bin/env node
// `npm test`: every test, in order — unit (Node), GPU (Vitest browser mode in Chromium with
// WebGPU on SwiftShader), end-to-end (Playwright) — then one closing line with the totals
// ("N passed, N failed"), so CI and people read the same summary. Exits non-zero if any
// suite fails or if no test ran at all.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const reportDir = join(process.cwd(), 'artifacts', 'test-report');
rmSync(reportDir, { recursive: true, force: true });
mkdirSync(reportDir, { recursive: true });
const env = { ...process.env, BITLAB_REPORT_DIR: reportDir };

const suites = [
  { name: 'types', cmd: 'npx', args: ['tsc', '-p', '.'], counts: null },
  { name: 'lint', cmd: 'npx', args: ['eslint', '.'], counts: null },
  { name: 'unit + gpu (vitest)', cmd: 'npx', args: ['vitest', 'run'], counts: 'vitest.json' },
  { name: 'e2e (playwright)', cmd: 'npx', args: ['playwright', 'test'], counts: 'playwright.json' },
];

let passed = 0;
let failed = 0;
let skipped = 0;
const failures = [];
for (const suite of suites) {
  process.stdout.write(`\n=== ${suite.name} ===\n`);
  const started = Date.now();
  const result = spawnSync(suite.cmd, suite.args, { stdio: 'inherit', env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  process.stdout.write(`=== ${suite.name}: exit ${result.status} in ${seconds} s ===\n`);
  if (result.status !== 0) failures.push(suite.name);
  if (!suite.counts) continue;
  const file = join(reportDir, suite.counts);
  if (!existsSync(file)) {
    failures.push(`${suite.name} (no report written)`);
    continue;
  }
  const report = JSON.parse(readFileSync(file, 'utf8'));
  if (suite.counts === 'vitest.json') {
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
  } else {
    passed += report.stats.expected;
    failed += report.stats.unexpected + report.stats.flaky;
    skipped += report.stats.skipped;
  }
}

if (passed + failed === 0) failures.push('no test ran');
if (failures.length) process.stdout.write(`\nFailed: ${failures.join('; ')}\n`);
process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped} skipped\n`);
process.exit(failures.length || failed ? 1 : 0);
