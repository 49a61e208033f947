// The web console and the Mini App in real Chromium (Debian's package, driven by playwright-core),
// on the sandbox's demo workshop: a staff member signs in with the bot's one-time link, imports
// items with parts from CSV, creates a category and an inventory, edits and archives parts (and reads
// refusals in Russian and Uzbek), creates and assigns a ticket, edits the rules and rolls them back; a
// technician works a ticket in the Mini App opened from the sandbox and the chat's card follows;
// the QC inspector fails it with a reason.
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type FrameLocator, type Locator, type Page } from 'playwright-core';

import { startDemoInBrowser, type DemoInBrowser } from '../support/browser';

jest.setTimeout(240_000);

const shots = path.resolve(__dirname, '../../test-results/web');
/** UPDATE_README_SCREENSHOT=1 copies the README's pictures to docs/. */
const readmeShot = (name: string) => {
  if (process.env.UPDATE_README_SCREENSHOT === '1') {
    copyFileSync(path.join(shots, name), path.resolve(__dirname, '../../docs', name));
  }
};

let demo: DemoInBrowser;
let system: DemoInBrowser['system'];
let browser: DemoInBrowser['browser'];
let sandbox: Page;
let console_: Page;
/** Whatever the pages' Content-Security-Policy blocked (it must be nothing). */
const blocked: string[] = [];

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  demo = await startDemoInBrowser('web');
  ({ system, browser } = demo);
  sandbox = await browser.newPage({ viewport: { width: 1200, height: 860 } });
  await sandbox.goto(`${system.url}/sandbox`);
  console_ = await browser.newPage({ viewport: { width: 1360, height: 900 } });
  for (const page of [sandbox, console_]) {
    page.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) blocked.push(message.text());
    });
  }
});

afterAll(async () => {
  await demo?.stop();
  expect(blocked).toEqual([]);
});

async function become(name: string) {
  const option = sandbox.locator('#persona option', { hasText: name });
  const telegramId = (await option.getAttribute('value'))!;
  await sandbox.selectOption('#persona', { value: telegramId });
  await sandbox.locator(`#messages[data-chat-id="${telegramId}"]`).waitFor({ state: 'attached' });
}

const messageIds = (messages: Locator) =>
  messages.evaluateAll((items) => items.map((m) => Number(m.getAttribute('data-message-id'))));

/** Says `text` in the sandbox chat and returns the bot's first newer message showing `answer`. */
async function ask(text: string, answer: RegExp): Promise<Locator> {
  const before = Math.max(0, ...(await messageIds(sandbox.locator('.msg'))));
  await sandbox.fill('#text', text);
  await sandbox.press('#text', 'Enter');
  const replies = sandbox.locator('.msg:not(.mine)').filter({ hasText: answer });
  for (const deadline = Date.now() + 20_000; Date.now() < deadline; await sandbox.waitForTimeout(100)) {
    const reply = (await messageIds(replies)).find((id) => id > before);
    if (reply !== undefined) return sandbox.locator(`.msg[data-message-id="${reply}"]`);
  }
  throw new Error(`no answer to ${text} showing ${answer}`);
}

async function shows(locator: Locator, text: string | RegExp) {
  await locator.filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
}

async function openMiniApp(): Promise<FrameLocator> {
  await sandbox.click('#open-miniapp');
  await sandbox.locator('#miniapp[open]').waitFor();
  return sandbox.frameLocator('#miniapp-frame');
}

const CSV_ROWS = Array.from(
  { length: 20 },
  (_, i) => `RM-CSV-${String(i + 1).padStart(4, '0')},Cargo bike ${i + 1},Cargo bikes,Frame;Brakes;"Chain, 11-speed"`,
);
const CSV = [
  'serial_number,name,category,parts',
  ...CSV_ROWS,
  'bad serial,Broken row,Cargo bikes,Frame',
  'RM-CSV-0001,Duplicate,Cargo bikes,Frame',
].join('\n');

describe('the console', () => {
  it('signs in with the one-time link the bot sends for /console, once', async () => {
    await become('Alice Admin');
    const reply = await ask('/console', /Web console/);
    const code = /#signin=([\w-]{43})/.exec((await reply.textContent())!)![1];
    await console_.goto(`${system.url}/app/#signin=${code}`);
    await shows(console_.getByTestId('signed-in-as'), 'Alice Admin (super admin)');
    // The code left the address bar; the same link in another tab is refused.
    expect(console_.url()).not.toContain(code);
    const again = await browser.newPage();
    await again.goto(`${system.url}/app/#signin=${code}`);
    await shows(again.locator('.error'), /used or expired/);
    await again.close();
  });

  it('imports 20 items with parts from CSV, after a preview that shows the bad rows; archives and restores one', async () => {
    await console_.click('text=Inventory');
    await console_.fill('textarea[name=csv]', CSV);
    await console_.click('button:has-text("Preview")');
    await shows(console_.getByTestId('import-summary'), '22 rows: 20 ready, 2 with errors');
    const bad = console_.locator('[data-testid=import-preview] tr.row-error');
    expect(await bad.count()).toBe(2);
    await shows(bad, 'serial_number must look like RM-XXXX');
    await shows(bad, 'serial_number repeats line 2');
    await console_.click('button:has-text("Import 20 items")');
    await shows(console_.getByTestId('import-summary'), '20 imported');
    await shows(console_.getByTestId('items'), 'RM-CSV-0020');
    await console_.screenshot({ path: path.join(shots, 'console-import.png'), fullPage: false });

    // Archive one: it leaves the list, shows again with archived items, and comes back on restore.
    const row = console_.locator('[data-testid=items] tr', { hasText: 'RM-CSV-0020' });
    await row.locator('button:has-text("Archive")').click();
    await row.waitFor({ state: 'detached' });
    await console_.check('input[name=include-archived]');
    await shows(row, '(archived)');
    await row.locator('button:has-text("Restore")').click();
    await row.filter({ hasNotText: '(archived)' }).waitFor();
  });

  it('creates a category and an inventory, edits and archives parts; intake leaves archived parts out', async () => {
    await console_.click('summary:has-text("Categories and inventories")');
    for (const [kind, name] of [
      ['categories', 'E-scooters'],
      ['inventories', 'Workshop B'],
    ] as const) {
      const section = console_.getByTestId(`catalog-${kind}`);
      await section.locator(`input[name=new-${kind}]`).fill(name);
      await section.locator('button:has-text("Add")').click();
      await section.locator(`tr[data-name="${name}"]`).waitFor();
    }
    const scooters = console_.locator('[data-testid=catalog-categories] tr[data-name="E-scooters"]');
    await scooters.locator('button:has-text("Archive")').click();
    await shows(scooters, 'archived');

    // One item's parts: rename one, archive another.
    await console_
      .locator('[data-testid=items] tr', { hasText: 'RM-CSV-0019' })
      .locator('button:has-text("Parts")')
      .click();
    const parts = console_.getByTestId('item-parts');
    await shows(parts, 'Parts of RM-CSV-0019');
    await parts.locator('tr[data-name="Brakes"] input').fill('Disc brakes');
    await parts.locator('tr[data-name="Brakes"] button:has-text("Rename")').click();
    await parts.locator('tr[data-name="Disc brakes"]').waitFor();
    await parts.locator('tr[data-name="Frame"] button:has-text("Archive")').click();
    await shows(parts.locator('tr[data-name="Frame"]'), 'archived');

    // A refusal in the reader's language: a name the item already has, with the console in Russian.
    await console_.selectOption('select[name=language]', 'ru');
    await parts.locator('tr[data-name="Disc brakes"] input').fill('Chain, 11-speed');
    await parts.locator('tr[data-name="Disc brakes"] button:has-text("Переименовать")').click();
    await shows(parts.locator('.error'), 'Название «Chain, 11-speed» уже занято.');
    await console_.selectOption('select[name=language]', 'en');
    await console_.screenshot({ path: path.join(shots, 'console-inventory.png'), fullPage: true });

    // Intake offers the renamed part and not the archived one.
    await console_.click('text=New ticket');
    await console_.fill('input[name=serial]', 'RM-CSV-0019');
    await console_.click('button:has-text("Find item")');
    await console_.locator('input[aria-label="repair Disc brakes"]').waitFor();
    expect(await console_.locator('input[aria-label="repair Frame"]').count()).toBe(0);
  });

  it('words the CSV preview’s row problems in the reader’s language', async () => {
    await console_.click('text=Inventory');
    await console_.selectOption('select[name=language]', 'uz');
    await console_.fill('textarea[name=csv]', CSV);
    await console_.click('button:has-text("Oldindan ko‘rish")');
    const bad = console_.locator('[data-testid=import-preview] tr.row-error');
    await shows(bad, 'serial_number 2-qatorni takrorlaydi');
    await console_.selectOption('select[name=language]', 'en');
    await shows(bad, 'serial_number repeats line 2');
  });

  it('creates a ticket for an imported item, approves its review and assigns it', async () => {
    await console_.click('text=New ticket');
    await console_.fill('input[name=serial]', 'RM-CSV-0007');
    await console_.click('button:has-text("Find item")');
    await console_.check('input[aria-label="repair Chain, 11-speed"]');
    await console_.click('button:has-text("Create ticket")');
    const status = console_.getByTestId('ticket-status');
    await shows(status, 'under review');
    await shows(console_.locator('table'), 'Chain, 11-speed');
    await console_.click('button:has-text("Approve review")');
    await shows(status, /^new$/);
    const tom = console_.locator('select[name=assign-technician] option', { hasText: 'Tom Technician' });
    await console_.selectOption('select[name=assign-technician]', { value: (await tom.getAttribute('value'))! });
    await console_.click('button:has-text("Assign")');
    await shows(status, /^assigned$/);
    await console_.click('summary:has-text("Manual metrics")');
    await console_.selectOption('select[name=metrics-flag]', 'red');
    await console_.fill('input[name=metrics-xp]', '9');
    await console_.click('button:has-text("Set metrics")');
    await shows(console_.locator('main p'), /flag red · 9 XP/);
    await console_.click('text=Tickets');
    await shows(console_.locator('[data-status=assigned] article'), 'RM-CSV-0007');
    await console_.screenshot({ path: path.join(shots, 'console.png') });
    readmeShot('console.png');
  });

  it('edits the rules as a new version, then rolls back to the one before', async () => {
    await console_.click('text=Rules');
    const version = console_.getByTestId('rules-version');
    await version.waitFor();
    const before = Number(/\d+/.exec((await version.textContent())!)![0]);
    const field = console_.locator('input[name="ticket_xp.first_pass_bonus"]');
    const original = await field.inputValue();
    await field.fill(String(Number(original) + 7));
    await console_.click('button:has-text("Save as a new version")');
    await shows(version, `version ${before + 1}`);
    const row = console_.locator(`[data-testid=rules-history] tr[data-version="${before + 1}"]`);
    await shows(row, `ticket_xp.first_pass_bonus: ${original} → ${Number(original) + 7}`);
    await console_.click(`button:has-text("Roll back to ${before}")`);
    await shows(version, `version ${before + 2}`);
    expect(await field.inputValue()).toBe(original);
    await console_.screenshot({ path: path.join(shots, 'console-rules.png'), fullPage: true });
  });

  it('lists the day’s attendance, the XP ledger and the team analytics', async () => {
    await console_.click('nav >> text=Attendance');
    await shows(console_.locator('h2'), /Attendance · \d{4}-\d{2}-\d{2}/);
    await console_.click('nav >> text=XP ledger');
    // The demo's finished ticket earned its technician XP.
    await shows(console_.locator('table tbody tr'), /ticket/i);
    await console_.click('nav >> text=Analytics');
    await shows(console_.getByTestId('team'), 'Tina Technician');
    await console_.screenshot({ path: path.join(shots, 'console-analytics.png'), fullPage: true });
    // The language switch: the console in Russian, from the texts the bot and the Mini App use.
    await console_.selectOption('select[name=language]', 'ru');
    await shows(console_.locator('h2'), 'Аналитика');
    await shows(console_.locator('nav'), 'Журнал XP');
    await console_.selectOption('select[name=language]', 'en');
    await shows(console_.locator('h2'), 'Analytics');
  });
});

describe('the Mini App in the sandbox', () => {
  it('lets the technician start, pause, resume, stop and send to QC; the chat card follows', async () => {
    await become('Tom Technician');
    // The ticket's card in the chat, to compare with afterwards.
    const card = await ask('/queue', /Active Tickets/);
    await card.locator('.inline-keyboard button', { hasText: /RM-BIKE-0001/ }).click();
    await shows(card, 'Technician ticket controls');

    const app = await openMiniApp();
    await app.locator('[data-testid=my-queue] article', { hasText: 'RM-BIKE-0001' }).click();
    const session = app.getByTestId('session');
    for (const [action, state] of [
      ['start', 'running'],
      ['pause', 'paused'],
      ['resume', 'running'],
      ['stop', 'stopped'],
    ] as const) {
      await app.locator(`button[data-action=${action}]`).click();
      await shows(session, `Work session: ${state}`);
    }
    await app.locator('button[data-action=send-to-qc]').click();
    await shows(app.getByTestId('status'), 'Status: waiting qc');
    await sandbox.screenshot({ path: path.join(shots, 'miniapp.png') });
    readmeShot('miniapp.png');
    await sandbox.click('#miniapp-close');
    // The chat's copy of the card was edited to the same state.
    await shows(card, /Status:\s*Waiting QC/);
  });

  it('lets the QC inspector fail the ticket with a reason', async () => {
    await become('Quinn Inspector');
    const app = await openMiniApp();
    await app.locator('[data-testid=qc-queue] article', { hasText: 'RM-BIKE-0001' }).click();
    await app.locator('textarea[name=reason]').fill('Chain still skips on the small sprocket');
    await app.locator('button[data-action=qc-fail]').click();
    await shows(app.getByTestId('status'), 'Status: rework');
    await sandbox.screenshot({ path: path.join(shots, 'miniapp-qc.png') });
    await sandbox.click('#miniapp-close');
  });

  it('takes a ticket in for the master, in the master’s language (ru)', async () => {
    await become('Marat Master');
    const app = await openMiniApp();
    const intake = app.getByTestId('intake');
    await intake.locator('input[name=serial]').fill('rm-csv-0011');
    await intake.locator('button[name=find]').click();
    await intake.locator('label', { hasText: 'Frame' }).locator('input').check();
    await shows(intake.locator('button[name=create]'), 'Создать заявку');
    await intake.locator('button[name=create]').click();
    await shows(app.getByTestId('status'), 'Статус: на рассмотрении');
    await shows(app.getByTestId('card'), 'RM-CSV-0011');
    await sandbox.click('#miniapp-close');
  });
});
