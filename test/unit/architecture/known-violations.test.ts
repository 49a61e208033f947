// `npm run lint:deps` fails on any wrong-way import or cycle that is not in the recorded baseline
// (.dependency-cruiser-known-violations.json). This test keeps that baseline from going stale: a violation
// that has been fixed must leave the list, so the allowlist can only shrink.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(__dirname, '../../..');

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

const key = (v: Violation) => `${v.rule.name}: ${v.from} → ${v.to}`;

describe('dependency-cruiser baseline', () => {
  it('lists only violations that still exist', () => {
    const output = execFileSync(
      process.execPath,
      [
        path.join(root, 'node_modules/dependency-cruiser/bin/dependency-cruise.mjs'),
        ...['src', 'activities', 'workflows', 'migrations'],
        ...['--config', '.dependency-cruiser.cjs', '--output-type', 'json'],
      ],
      { cwd: root, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 },
    );
    const found = new Set((JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations.map(key));
    const known = (
      JSON.parse(readFileSync(path.join(root, '.dependency-cruiser-known-violations.json'), 'utf8')) as Violation[]
    ).map(key);
    expect(known.filter((violation) => !found.has(violation))).toEqual([]);
  });
});
