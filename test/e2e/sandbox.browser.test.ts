// The sandbox in real Chromium (Debian's package, driven by playwright-core; never a downloaded
// browser): a technician works a ticket, QC passes it, a client writes and gets the staff reply.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Locator, type Page } from 'playwright-core';

import { startDemoInBrowser, type DemoInBrowser } from '../support/browser';

jest.setTimeout(180_000);

const shots = path.resolve(__dirname, '../../test-results/sandbox');
/** UPDATE_README_SCREENSHOT=1 writes the technician's screenshot here too (README shows it). */
const readmeShot = path.resolve(__dirname, '../../docs/sandbox.png');

let demo: DemoInBrowser;
let system: DemoInBrowser['system'];
let browser: DemoInBrowser['browser'];
let page: Page;

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  demo = await startDemoInBrowser('sandbox');
  ({ system, browser } = demo);
  page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
  await page.goto(`${system.url}/sandbox`);
});

afterAll(async () => {
  await demo?.stop();
});

async function become(name: string) {
  const option = page.locator('#persona option', { hasText: name });
  const telegramId = (await option.getAttribute('value'))!;
  await page.selectOption('#persona', { value: telegramId });
  // The private chat with the bot has the persona's id: wait until the page shows that chat.
  await page.locator(`#messages[data-chat-id="${telegramId}"]`).waitFor({ state: 'attached' });
}

async function say(text: string) {
  await page.fill('#text', text);
  await page.press('#text', 'Enter');
}

const message = (id: number) => page.locator(`.msg[data-message-id="${id}"]`);

const messageIds = (messages: Locator) =>
  messages.evaluateAll((items) => items.map((m) => Number(m.getAttribute('data-message-id'))));

/** Says `text` and returns the bot's answer: its first message newer than the chat's last one that shows `answer`. */
async function ask(text: string, answer: RegExp): Promise<Locator> {
  const before = Math.max(0, ...(await messageIds(page.locator('.msg'))));
  await say(text);
  const replies = page.locator('.msg:not(.mine)').filter({ hasText: answer });
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await page.waitForTimeout(100)) {
    const reply = (await messageIds(replies)).find((id) => id > before);
    if (reply !== undefined) return message(reply);
  }
  throw new Error(`no answer to ${text} showing ${answer}`);
}

/**
 * Clicks an inline button of that message. Never "the newest button with this label": the chat may
 * hold other cards of the same ticket (the demo's notifications), and the page may not show the
 * last edit yet.
 */
async function press(card: Locator, label: string | RegExp) {
  await card.locator('.inline-keyboard button', { hasText: label }).click();
}

/** Waits (up to 20 s) until one of the elements shows the text. */
async function shows(locator: Locator, text: string | RegExp) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
}

const buttonsOf = (card: Locator) => card.locator('.inline-keyboard button').allTextContents();
const toast = () => page.locator('#toast');

describe('sandbox in a browser', () => {
  it('renders the seeded people and the bot chat', async () => {
    expect(await page.locator('#persona option').count()).toBe(6);
    await shows(page.locator('.chats button'), 'ticketflow bot');
    await page.screenshot({ path: path.join(shots, '01-start.png') });
  });

  it('walks the technician flow: dashboard → ticket → start, pause, resume, stop → send to QC', async () => {
    await become('Tom Technician');
    // The list /queue answers with becomes the ticket's card when the ticket is opened from it.
    const card = await ask('/queue', /Active Tickets/);
    await press(card, /RM-BIKE-0001/);
    await shows(card, 'Technician ticket controls');
    // Each press edits the card it was made on (the toast comes first, the edit right after).
    for (const [button, toastText, cardText] of [
      ['Start work', 'Work session started', /Work session:\s*Running/],
      ['Pause work', 'Work session paused', /Work session:\s*Paused/],
      ['Resume work', 'Work session resumed', /Work session:\s*Running/],
      ['Stop session', 'Work session stopped', /Work session:\s*Stopped/],
      ['Send to QC', 'Ticket sent to QC', /Status:\s*Waiting QC/],
    ] as const) {
      await press(card, button);
      await shows(toast(), toastText);
      await shows(card, cardText);
    }
    // Only the way back to the list is left on it: no stale Start (or any other action).
    expect(await buttonsOf(card)).toEqual([expect.stringContaining('Back to waiting QC tickets')]);
    await page.screenshot({ path: path.join(shots, '02-technician.png') });
    // README's picture ("a technician's ticket card after sending it to QC") is this one.
    if (process.env.UPDATE_README_SCREENSHOT === '1') copyFileSync(path.join(shots, '02-technician.png'), readmeShot);
  });

  it('lets the QC inspector pass the ticket', async () => {
    await become('Quinn Inspector');
    const panel = await ask('/qc', /My QC Checks/);
    await press(panel, /RM-BIKE-0001/);
    await shows(panel, 'QC Ticket Action Panel');
    await press(panel, 'QC Pass');
    await shows(toast(), 'QC passed');
    await shows(panel, /Status:\s*Done/);
    expect((await buttonsOf(panel)).filter((label) => /QC (Pass|Fail)/.test(label))).toEqual([]);
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

  it('keeps the newest message in view after the /stats chart loads, and opens the chart full size', async () => {
    await become('Alice Admin');
    await ask('/stats', /Workshop statistics/);
    // The chart (a photo) comes first, then the numbers as text: wait for both and for the picture.
    const chart = page.locator('.msg img').last();
    await shows(page.locator('.msg').last(), /Days are local days/);
    await chart.waitFor();
    const photos = page.locator('.msg img');
    for (const deadline = Date.now() + 10_000; ; await page.waitForTimeout(100)) {
      const loaded = await photos.evaluateAll((imgs) =>
        imgs.every((img) => (img as unknown as { complete: boolean }).complete),
      );
      if (loaded) break;
      if (Date.now() > deadline) throw new Error('the photos did not load');
    }
    await page.waitForTimeout(300);
    const bottom = async (locator: Locator) => {
      const box = (await locator.boundingBox())!;
      return box.y + box.height;
    };
    const last = await bottom(page.locator('.msg').last());
    const list = await bottom(page.locator('#messages'));
    expect(last).toBeLessThanOrEqual(list + 1);
    await page.screenshot({ path: path.join(shots, '05-stats.png') });

    // A click opens the photo full size, as in Telegram; Escape (or a click) closes it.
    const lightbox = page.locator('#lightbox');
    await chart.click();
    await lightbox.waitFor({ state: 'visible' });
    const full = page.locator('#lightbox-image');
    expect(await full.getAttribute('src')).toBe(await chart.getAttribute('src'));
    expect((await full.boundingBox())!.width).toBeGreaterThan((await chart.boundingBox())!.width);
    await page.screenshot({ path: path.join(shots, '06-photo.png') });
    await page.keyboard.press('Escape');
    await lightbox.waitFor({ state: 'hidden' });
    await chart.click();
    await lightbox.waitFor({ state: 'visible' });
    await lightbox.click();
    await lightbox.waitFor({ state: 'hidden' });
  });
});
