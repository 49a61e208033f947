// The sandbox in real Chromium (Debian's package, driven by playwright-core; never a downloaded
// browser): a technician works a ticket, QC passes it, a client writes and gets the staff reply.
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { loadConfig } from '../../src/config';
import { createLogger } from '../../src/logger';
import { startSystem, type RunningSystem } from '../../src/system';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { testRedisPrefix, testRedisUrl } from '../support/redis';
import { startDevServer, uniqueTaskQueue, workflowBundle } from '../support/temporal';

jest.setTimeout(180_000);

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const shots = path.resolve(__dirname, '../../test-results/sandbox');

let db: TestDatabase;
let env: TestWorkflowEnvironment;
let system: RunningSystem;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium not found at ${CHROMIUM}: install Debian's chromium package (.ci/run does)`);
  mkdirSync(shots, { recursive: true });
  db = await createTestDatabase();
  env = await startDevServer();
  const config = loadConfig(
    {
      NODE_ENV: 'test',
      LOG_LEVEL: 'silent',
      DATABASE_URL: db.url,
      REDIS_URL: testRedisUrl,
      REDIS_PREFIX: testRedisPrefix(),
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: uniqueTaskQueue('sandbox'),
      HTTP_PORT: '0',
    },
    'dev',
  );
  system = await startSystem(config, createLogger('silent'), { seed: 'demo', workflowBundle: workflowBundle() });
  browser = await chromium.launch({
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
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${system.url}/sandbox`);
});

afterAll(async () => {
  await browser?.close();
  await system?.stop();
  await env?.teardown();
  await db?.drop();
});

async function become(name: string) {
  const option = page.locator('#persona option', { hasText: name });
  await page.selectOption('#persona', { value: (await option.getAttribute('value'))! });
  await page.locator('.chats button', { hasText: 'ticketflow bot' }).first().waitFor();
}

async function say(text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

/** Clicks an inline button in the newest message that has it, and waits for the bot's answer. */
async function pressButton(label: string | RegExp) {
  const button = page.locator('.msg .inline-keyboard button', { hasText: label }).last();
  await button.click();
}

/** Waits (up to 20 s) until one of the elements shows the text. */
async function shows(locator: Locator, text: string | RegExp) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
}

const botMessages = () => page.locator('.msg:not(.mine)');
const toast = () => page.locator('#toast');

describe('sandbox in a browser', () => {
  it('renders the seeded people and the bot chat', async () => {
    expect(await page.locator('#persona option').count()).toBe(6);
    await shows(page.locator('.chats button'), 'ticketflow bot');
    await page.screenshot({ path: path.join(shots, '01-start.png') });
  });

  it('walks the technician flow: dashboard → ticket → start, pause, resume, stop → send to QC', async () => {
    await become('Tom Technician');
    await say('/queue');
    await shows(botMessages(), 'Active Tickets');
    await pressButton(/RM-BIKE-0001/);
    await shows(botMessages(), 'Ticket: #');
    for (const [button, status] of [
      ['Start work', 'Work session started'],
      ['Pause work', 'Work session paused'],
      ['Resume work', 'Work session resumed'],
      ['Stop session', 'Work session stopped'],
      ['Send to QC', 'Ticket sent to QC'],
    ] as const) {
      await pressButton(button);
      await shows(toast(), status);
    }
    await shows(botMessages(), /waiting/i);
    await page.screenshot({ path: path.join(shots, '02-technician.png') });
  });

  it('lets the QC inspector pass the ticket', async () => {
    await become('Quinn Inspector');
    await say('/qc');
    await pressButton(/RM-BIKE-0001/);
    await pressButton('QC Pass');
    await shows(toast(), 'QC passed');
    await page.screenshot({ path: path.join(shots, '03-qc.png') });
  });

  it('carries a client message to the staff topic and the staff reply back', async () => {
    await become('Chris Client');
    await say('Hello, my bike squeaks');
    await become('Alice Admin');
    await page.locator('.chats button.topic').first().click();
    await shows(page.locator('.msg'), 'Hello, my bike squeaks');
    await say('We will look at it today');
    await become('Chris Client');
    await shows(page.locator('.msg'), 'We will look at it today');
    await page.screenshot({ path: path.join(shots, '04-support.png') });
  });
});
