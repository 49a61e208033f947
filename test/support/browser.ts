// The sandbox's demo workshop, started as `npm run dev -- --seed demo` starts it, with Debian's
// Chromium (driven by playwright-core; never a downloaded browser) to look at it: what the browser
// tests share.
import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startSystem, type RunningSystem } from '../../src/system';
import { createTestDatabase } from './db';
import { testRedisPrefix, testRedisUrl } from './redis';
import { startDevServer, uniqueTaskQueue, workflowBundle } from './temporal';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface DemoInBrowser {
  system: RunningSystem;
  browser: Browser;
  stop(): Promise<void>;
}

/**
 * The demo workshop on a dev server and a fresh database, and a headless Chromium; `seed: null`
 * starts it as plain `npm run dev` does, with nobody in it.
 */
export async function startDemoInBrowser(
  name: string,
  { seed = 'demo' }: { seed?: 'demo' | null } = {},
): Promise<DemoInBrowser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  const db = await createTestDatabase();
  const env = await startDevServer();
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue(name),
      HTTP_PORT: '0',
    },
    'dev',
  );
  const system = await startSystem(config, createLogger('silent'), {
    seed: seed ?? undefined,
    workflowBundle: workflowBundle(),
  });
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    system,
    browser,
    async stop() {
      await browser.close();
      await system.stop();
      await env.teardown();
      await db.drop();
    },
  };
}
