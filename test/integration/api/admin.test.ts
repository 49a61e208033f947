// Users and roles, inventory, manual metrics and access-request moderation through the REST API.
// Access decisions run the AccessRequestWorkflow updates, so the requester hears about them in
// Telegram (a fake Bot API here), exactly as for a decision made in the bot.
import { AccessRequestService } from '../../../src/services/access-requests';
import { createItemWithParts, uniqueSuffix } from '../../support/factories';
import { startFakeBotApi, TEST_BOT_TOKEN, type FakeBotApi } from '@ticketflow/telegram-emulator/testing';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let telegram: FakeBotApi;
let api: ApiHarness;
beforeAll(async () => {
  telegram = await startFakeBotApi();
  api = await startApi({ telegram: { token: TEST_BOT_TOKEN, apiRoot: telegram.url } });
});
afterAll(async () => {
  await api?.stop();
  await telegram?.close();
});

describe('users and roles', () => {
  it('creates, lists with filters, reads and updates users; guards super admins', async () => {
    const tag = uniqueSuffix();
    const created = await api.call('POST', '/api/users', {
      body: {
        username: `anna_${tag}`,
        first_name: 'Anna',
        last_name: 'Lee',
        phone: '+998 90 123 45 67',
        roles: ['technician', 'qc_inspector'],
      },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      username: `anna_${tag}`,
      phone: '+998901234567',
      is_active: true,
      level: 1,
      roles: ['qc_inspector', 'technician'],
      telegram_id: null,
    });
    const id = created.body.id as number;

    const filtered = await api.call('GET', `/api/users?role=qc_inspector&is_active=true&q=${tag}`);
    // The filter picks the user; the roles shown are all of theirs.
    expect(filtered.body).toMatchObject({ total: 1, items: [{ id, roles: ['qc_inspector', 'technician'] }] });
    expect((await api.call('GET', `/api/users?q=${tag}&is_active=false`)).body.total).toBe(0);
    const paged = await api.call('GET', '/api/users?limit=1&offset=1');
    expect(paged.body).toMatchObject({ limit: 1, offset: 1, items: [expect.any(Object)] });
    expect(paged.body.total).toBeGreaterThan(1);

    const updated = await api.call('PATCH', `/api/users/${id}`, {
      body: { roles: ['master'], is_active: false, last_name: 'Kim' },
    });
    expect(updated.body).toMatchObject({ roles: ['master'], is_active: false, last_name: 'Kim', first_name: 'Anna' });
    expect((await api.call('GET', `/api/users/${id}`)).body).toMatchObject({ roles: ['master'], is_active: false });

    const reserved = await api.call('POST', '/api/users', { body: { username: 'System', roles: [] } });
    expect(reserved).toMatchObject({ status: 400, body: { fields: { username: '"system" is reserved.' } } });

    const ops = await api.userWithToken(['ops_manager']);
    const admin = await api.call('POST', '/api/users', { body: { username: `admin_${tag}`, roles: ['super_admin'] } });
    expect(admin.status).toBe(201);
    const touchAdmin = await api.call('PATCH', `/api/users/${admin.body.id}`, {
      token: ops.token,
      body: { is_active: false },
    });
    expect(touchAdmin.status).toBe(403);
    const byOps = await api.call('PATCH', `/api/users/${id}`, { token: ops.token, body: { roles: ['technician'] } });
    expect(byOps).toMatchObject({ status: 200, body: { roles: ['technician'] } });
    const master = await api.userWithToken(['master']);
    expect(
      (await api.call('POST', '/api/users', { token: master.token, body: { username: `m_${tag}`, roles: [] } })).status,
    ).toBe(403);
  });
});

describe('inventory', () => {
  it('inventories, categories, items with filters, parts; staff writes, everyone reads', async () => {
    const tag = uniqueSuffix();
    const tech = await api.userWithToken(['technician']);
    const inventory = await api.call('POST', '/api/inventories', { body: { name: `Depot ${tag}` } });
    expect(inventory).toMatchObject({ status: 201, body: { name: `Depot ${tag}` } });
    const category = await api.call('POST', '/api/categories', { body: { name: `Bikes ${tag}` } });
    expect(category.status).toBe(201);
    expect((await api.call('POST', '/api/categories', { body: { name: `Bikes ${tag}` } })).body).toMatchObject({
      error: 'conflict',
      code: 'name_taken',
    });
    expect((await api.call('POST', '/api/categories', { token: tech.token, body: { name: 'x' } })).status).toBe(403);
    const categories = await api.call('GET', '/api/categories', { token: tech.token });
    expect(categories.body.items).toEqual(
      expect.arrayContaining([{ id: category.body.id, name: `Bikes ${tag}`, archived_at: null }]),
    );

    const bad = await api.call('POST', '/api/items', {
      body: { serial_number: 'bike-1', category_id: category.body.id, inventory_id: 999999 },
    });
    expect(bad).toMatchObject({
      status: 400,
      body: {
        code: 'intake.serial_invalid',
        fields: { serial_number: 'serial_number must match pattern RM-[A-Z0-9-]{4,29}.' },
      },
    });
    const noInventory = await api.call('POST', '/api/items', {
      body: { serial_number: `RM-B${tag}`, category_id: category.body.id, inventory_id: 999999 },
    });
    expect(noInventory).toMatchObject({
      status: 400,
      body: { fields: { inventory_id: 'Inventory 999999 does not exist.' } },
    });

    const serials = [`RM-B1${tag}`, `RM-B2${tag}`, `RM-B3${tag}`].map((s) => s.toUpperCase());
    for (const serial of serials) {
      const item = await api.call('POST', '/api/items', {
        body: {
          serial_number: serial.toLowerCase(),
          name: `Bike ${serial}`,
          category_id: category.body.id,
          inventory_id: inventory.body.id,
          status: serial === serials[2] ? 'blocked' : 'ready',
        },
      });
      expect(item).toMatchObject({ status: 201, body: { serial_number: serial, parts: [] } });
    }
    const inCategory = await api.call('GET', `/api/items?category_id=${category.body.id}&limit=2`, {
      token: tech.token,
    });
    expect(inCategory.body).toMatchObject({ total: 3, limit: 2, offset: 0 });
    expect(inCategory.body.items.map((i: { serial_number: string }) => i.serial_number)).toEqual(serials.slice(0, 2));
    const blocked = await api.call('GET', `/api/items?inventory_id=${inventory.body.id}&status=blocked`);
    expect(blocked.body).toMatchObject({ total: 1, items: [{ serial_number: serials[2], status: 'blocked' }] });
    const bySerial = await api.call('GET', `/api/items?serial=${serials[1].toLowerCase()}`);
    expect(bySerial.body).toMatchObject({ total: 1, items: [{ serial_number: serials[1] }] });

    const itemId = bySerial.body.items[0].id as number;
    const wheel = await api.call('POST', `/api/items/${itemId}/parts`, { body: { name: 'Wheel' } });
    expect(wheel).toMatchObject({
      status: 201,
      body: { item_id: itemId, category_id: category.body.id, name: 'Wheel' },
    });
    expect((await api.call('POST', `/api/items/${itemId}/parts`, { body: { name: 'Wheel' } })).status).toBe(409);
    expect((await api.call('POST', `/api/items/${itemId}/parts`, { body: { name: '   ' } })).status).toBe(400);
    expect((await api.call('GET', `/api/items/${itemId}/parts`, { token: tech.token })).body.items).toEqual([
      wheel.body,
    ]);
    expect((await api.call('GET', '/api/items/999999/parts')).status).toBe(404);
    const detail = await api.call('GET', `/api/items/${itemId}`, { token: tech.token });
    expect(detail.body).toMatchObject({
      inventory: { id: inventory.body.id },
      category: { id: category.body.id },
      parts: [wheel.body],
      active_ticket_id: null,
    });
  });
});

describe('manual metrics', () => {
  it('sets flag color and XP by hand; the values are validated', async () => {
    const { item, parts } = await createItemWithParts(api.workshop.db.orm);
    const created = await api.call('POST', '/api/tickets', {
      body: { serial_number: item.serialNumber, part_specs: [{ part_id: parts[0].id, color: 'green', minutes: 10 }] },
    });
    const id = created.body.id as number;
    const set = await api.call('PUT', `/api/tickets/${id}/metrics`, { body: { flag_color: 'red', xp_amount: 7 } });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({
      flag_color: 'red',
      xp_amount: 7,
      is_manual: true,
      total_duration: 10,
      potential_xp: 7,
    });
    const bad = await api.call('PUT', `/api/tickets/${id}/metrics`, { body: { flag_color: 'blue', xp_amount: -1 } });
    expect(bad.status).toBe(400);
    expect(Object.keys(bad.body.fields).sort()).toEqual(['flag_color', 'xp_amount']);
  });
});

describe('access requests', () => {
  async function pendingRequest(firstName: string) {
    const person = telegram.state.addUser({ first_name: firstName, language_code: 'en' });
    telegram.state.ensurePrivateChat(person);
    const service = new AccessRequestService({ ...api.deps });
    const phone = `+99890${String(Math.floor(Math.random() * 1e7)).padStart(7, '0')}`;
    const { requestId } = await service.submit({ telegramId: person.id, firstName, lastName: 'Tester', phone });
    return { person, requestId };
  }

  it('lists, approves with roles (the requester is told in Telegram), rejects, refuses a second decision', async () => {
    const { person, requestId } = await pendingRequest('Approved');
    const other = await pendingRequest('Rejected');

    const tech = await api.userWithToken(['technician']);
    expect((await api.call('GET', '/api/access-requests', { token: tech.token })).status).toBe(403);

    const pending = await api.call('GET', '/api/access-requests?status=pending');
    expect(pending.status).toBe(200);
    expect(pending.body.items.map((r: { id: number }) => r.id)).toEqual(
      expect.arrayContaining([requestId, other.requestId]),
    );
    expect(pending.body.items.find((r: { id: number }) => r.id === requestId)).toMatchObject({
      telegram_id: person.id,
      first_name: 'Approved',
      status: 'pending',
      roles_granted: [],
    });

    const superAdmin = await api.call('POST', `/api/access-requests/${requestId}/approve`, {
      body: { roles: ['super_admin'] },
    });
    expect(superAdmin).toMatchObject({
      status: 400,
      body: { fields: { 'roles[0]': expect.stringMatching(/^Must be one of/) } },
    });

    const approved = await api.call('POST', `/api/access-requests/${requestId}/approve`, {
      body: { roles: ['technician', 'qc_inspector'] },
    });
    expect(approved.status).toBe(200);
    const me = await api.call('GET', '/api/me');
    expect(approved.body).toMatchObject({
      status: 'approved',
      roles_granted: ['technician', 'qc_inspector'],
      resolved_by_id: me.body.user.id,
      resolved_at: expect.any(String),
    });
    const user = await api.call('GET', `/api/users/${approved.body.user_id}`);
    expect(user.body).toMatchObject({ is_active: true, roles: ['qc_inspector', 'technician'], telegram_id: person.id });
    await telegram.emulator.waitForCall('sendMessage', (c) => c.params.chat_id === person.id, 15_000);

    const twice = await api.call('POST', `/api/access-requests/${requestId}/reject`);
    expect(twice).toMatchObject({
      status: 409,
      body: { error: 'conflict', code: 'access_request.closed', message: 'Access request is already approved.' },
    });

    const rejected = await api.call('POST', `/api/access-requests/${other.requestId}/reject`);
    expect(rejected).toMatchObject({ status: 200, body: { status: 'rejected', roles_granted: [] } });
    await telegram.emulator.waitForCall('sendMessage', (c) => c.params.chat_id === other.person.id, 15_000);
    expect((await api.call('GET', `/api/users/${rejected.body.user_id}`)).body.is_active).toBe(false);

    const approvedList = await api.call('GET', '/api/access-requests?status=approved');
    expect(approvedList.body.items.map((r: { id: number }) => r.id)).toContain(requestId);
    expect((await api.call('GET', `/api/access-requests/${requestId}`)).body.status).toBe('approved');
    expect(
      (await api.call('POST', '/api/access-requests/999999/approve', { body: { roles: ['master'] } })).status,
    ).toBe(404);
  });
});
