// The front-end (web/) built for the tests that serve it, when web/dist is older than its sources:
// `npm test` needs no manual build, and a targeted run does not rebuild what is current.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../..');
const webDir = path.join(repoRoot, 'web');

function newestChange(entry: string): number {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newestChange(path.join(entry, name))));
}

export function ensureWebBuilt(): void {
  const built = ['app', 'miniapp'].map((page) => path.join(webDir, 'dist', page, 'index.html'));
  const sources = ['src', 'build.ts', 'package.json'].map((name) => path.join(webDir, name));
  const sourceTime = Math.max(...sources.map(newestChange), newestChange(path.join(repoRoot, 'locales')));
  if (built.every((file) => existsSync(file) && statSync(file).mtimeMs >= sourceTime)) return;
  execFileSync(process.execPath, [require.resolve('tsx/cli'), 'build.ts'], { cwd: webDir, stdio: 'inherit' });
}
