// `npm run dev` only: the front-end (web/) built once before the app starts (so /app and /miniapp
// are served from the first request), then rebuilt by Vite on every change while dev runs; a
// reload of the page shows the change.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { Logger } from './logger';

const repoRoot = path.resolve(__dirname, '..');
const tsxCli = require.resolve('tsx/cli');
const buildScript = path.join(repoRoot, 'web', 'build.ts');

function run(args: string[], logger: Logger) {
  const child = spawn(process.execPath, [tsxCli, buildScript, ...args], {
    cwd: path.join(repoRoot, 'web'),
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  child.stderr.on('data', (chunk: Buffer) => logger.warn({ web: chunk.toString().trim() }, 'web build'));
  return child;
}

export async function startWebBuild(logger: Logger): Promise<{ stop(): Promise<void> }> {
  const once = run([], logger);
  const code = await new Promise<number | null>((resolve, reject) => {
    once.on('error', reject);
    once.on('exit', resolve);
  });
  if (code !== 0) throw new Error(`the web build failed (exit ${code}); see the lines above`);
  const watch = run(['--watch'], logger);
  logger.info('web: built /app and /miniapp; rebuilding on change');
  return {
    async stop() {
      if (watch.exitCode !== null) return;
      const exited = new Promise((resolve) => watch.once('exit', resolve));
      watch.kill('SIGTERM');
      await exited;
    },
  };
}
