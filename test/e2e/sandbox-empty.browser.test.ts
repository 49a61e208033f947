// The sandbox as plain `npm run dev` (no `--seed demo`) opens it in real Chromium: nobody in it yet.
// The page says what to do (create a persona, or restart with the demo) instead of an empty
// persona list, and the controls that need a persona stay off until there is one.
import { type Page } from 'playwright-core';

import { startDemoInBrowser, type DemoInBrowser } from '../support/browser';

jest.setTimeout(180_000);

let empty: DemoInBrowser;
let page: Page;

beforeAll(async () => {
  empty = await startDemoInBrowser('sandbox-empty', { seed: null });
  page = await empty.browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${empty.system.url}/sandbox`);
});

afterAll(async () => {
  await empty?.stop();
});

describe('sandbox without a demo', () => {
  it('says how to start, hides the empty persona list and keeps persona-only controls off', async () => {
    const status = page.locator('#demo-status');
    await status.filter({ hasText: 'No people yet' }).waitFor({ timeout: 20_000 });
    const hint = await status.textContent();
    expect(hint).toContain('Create a persona below');
    expect(hint).toContain('npm run dev -- --seed demo');
    expect(hint).toContain('people, bicycles and tickets');
    expect(await page.locator('#persona').isVisible()).toBe(false);
    expect(await page.locator('label[for="persona"]').isVisible()).toBe(false);
    expect(await page.locator('#share-contact').isVisible()).toBe(false);
    for (const control of ['#text', '#composer button[type="submit"]', '#send-photo', '#open-miniapp'])
      expect(await page.locator(control).isDisabled()).toBe(true);
    // Creating one is possible right here.
    expect(await page.locator('#new-persona button[type="submit"]').isEnabled()).toBe(true);
    expect(await page.locator('#persona-kind option').count()).toBeGreaterThan(0);
  });

  it('turns into the persona picker and a chat once a persona is created', async () => {
    await page.fill('#persona-name', 'Nia');
    await page.click('#new-persona button[type="submit"]');
    await page.locator('#persona option', { hasText: 'Nia' }).waitFor({ state: 'attached' });
    await page.locator('#messages[data-chat-id]').waitFor({ state: 'attached' });
    expect(await page.locator('#demo-status').isVisible()).toBe(false);
    expect(await page.locator('#persona').isVisible()).toBe(true);
    expect(await page.locator('#text').isEnabled()).toBe(true);
    expect(await page.locator('#open-miniapp').isEnabled()).toBe(true);
  });
});
