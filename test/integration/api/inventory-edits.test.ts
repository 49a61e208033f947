// PATCH /api/items/:id: staff rename an item, change its status, archive it (not while a ticket of
// it is open) and restore it; others are refused.
import { createTicket } from '../../support/factories';
import { startApi, type ApiHarness } from './support';

jest.setTimeout(120_000);

let api: ApiHarness;
let categoryId: number;
beforeAll(async () => {
  api = await startApi();
  categoryId = (await api.call('POST', '/api/categories', { body: { name: 'Scooters' } })).body.id;
});
afterAll(() => api?.stop());

let serials = 0;
async function newItem() {
  const serial = `RM-EDIT-${String(++serials).padStart(4, '0')}`;
  const res = await api.call('POST', '/api/items', { body: { serial_number: serial, category_id: categoryId } });
  expect(res.status).toBe(201);
  return res.body as { id: number; serial_number: string };
}

const patch = (id: number, body: unknown, token?: string) =>
  api.call('PATCH', `/api/items/${id}`, { body, ...(token ? { token } : {}) });

it('renames an item and changes its status; a blank name falls back to the serial', async () => {
  const item = await newItem();
  expect(await patch(item.id, { name: 'Scooter 1', status: 'blocked' })).toMatchObject({
    status: 200,
    body: { name: 'Scooter 1', status: 'blocked', archived_at: null },
  });
  expect((await patch(item.id, { name: '  ' })).body).toMatchObject({ name: item.serial_number, status: 'blocked' });
});

it('archives an item out of the lists and restores it', async () => {
  const item = await newItem();
  const archived = await patch(item.id, { archived: true });
  expect(archived.status).toBe(200);
  expect(archived.body.archived_at).toEqual(expect.any(String));
  const listed = async (includeArchived: boolean) =>
    (await api.call('GET', `/api/items?serial=${item.serial_number}&include_archived=${includeArchived}`)).body.items;
  expect(await listed(false)).toEqual([]);
  expect(await listed(true)).toEqual([expect.objectContaining({ id: item.id })]);
  expect((await patch(item.id, { archived: false })).body).toMatchObject({ archived_at: null, is_active: true });
  expect(await listed(false)).toEqual([expect.objectContaining({ id: item.id })]);
});

it('refuses to archive an item whose ticket is not done (409), and leaves it as it was', async () => {
  const ticket = await createTicket(api.workshop.db.orm, { status: 'in_progress' });
  const itemId = ticket.inventoryItem.id;
  const refused = await patch(itemId, { archived: true, name: 'renamed' });
  expect(refused).toMatchObject({ status: 409, body: { code: 'item_in_service' } });
  expect((await api.call('GET', `/api/items/${itemId}`)).body).toMatchObject({ archived_at: null });
  expect((await api.call('GET', `/api/items/${itemId}`)).body.name).not.toBe('renamed');
});

it('answers 403 to a technician, 404 for an unknown item and 400 for an unknown status', async () => {
  const item = await newItem();
  const technician = await api.userWithToken(['technician']);
  expect((await patch(item.id, { name: 'x' }, technician.token)).status).toBe(403);
  expect((await patch(99_999_999, { name: 'x' })).status).toBe(404);
  expect(await patch(item.id, { status: 'lost' })).toMatchObject({
    status: 400,
    body: { fields: { status: expect.any(String) } },
  });
});
