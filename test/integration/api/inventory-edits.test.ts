// PATCH /api/items/:id: staff rename an item, change its status, archive it (not while a ticket of
// it is open) and restore it; others are refused. PATCH /api/categories/:id, /api/inventories/:id
// and /api/items/:id/parts/:partId: rename, archive (out of lists and intake) and restore.
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
  expect(refused).toMatchObject({ status: 409, body: { code: 'item_in_service', params: { ticket: ticket.id } } });
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

describe('categories and inventories', () => {
  it.each(['categories', 'inventories'])('%s: rename, archive out of the list and restore', async (kind) => {
    const created = await api.call('POST', `/api/${kind}`, { body: { name: `Old ${kind}` } });
    expect(created).toMatchObject({ status: 201, body: { name: `Old ${kind}`, archived_at: null } });
    const id = created.body.id as number;
    const listed = async (includeArchived: boolean) =>
      (await api.call('GET', `/api/${kind}?include_archived=${includeArchived}`)).body.items.filter(
        (entry: { id: number }) => entry.id === id,
      );

    expect(await api.call('PATCH', `/api/${kind}/${id}`, { body: { name: `New ${kind}` } })).toMatchObject({
      status: 200,
      body: { id, name: `New ${kind}`, archived_at: null },
    });
    const archived = await api.call('PATCH', `/api/${kind}/${id}`, { body: { archived: true } });
    expect(archived.body).toMatchObject({ name: `New ${kind}`, archived_at: expect.any(String) });
    expect(await listed(false)).toEqual([]);
    expect(await listed(true)).toEqual([expect.objectContaining({ archived_at: archived.body.archived_at })]);

    // No new item goes into an archived category or inventory; the refusal names the field.
    const field = kind === 'categories' ? 'category_id' : 'inventory_id';
    const refused = await api.call('POST', '/api/items', {
      body: { serial_number: `RM-ARCH-${kind.slice(0, 3).toUpperCase()}1`, category_id: categoryId, [field]: id },
    });
    expect(refused).toMatchObject({
      status: 400,
      body: {
        fields: { [field]: expect.stringContaining('archived') },
        field_errors: { [field]: { code: 'archived', params: { id } } },
      },
    });

    expect((await api.call('PATCH', `/api/${kind}/${id}`, { body: { archived: false } })).body.archived_at).toBeNull();
    expect(await listed(false)).toEqual([expect.objectContaining({ name: `New ${kind}` })]);
  });

  it('refuses a taken name (409), a blank one (400), an unknown id (404) and a technician (403)', async () => {
    const first = (await api.call('POST', '/api/categories', { body: { name: 'Bikes' } })).body;
    const second = (await api.call('POST', '/api/categories', { body: { name: 'Boards' } })).body;
    expect(await api.call('PATCH', `/api/categories/${second.id}`, { body: { name: 'Bikes' } })).toMatchObject({
      status: 409,
      body: { code: 'name_taken', params: { name: 'Bikes' } },
    });
    expect((await api.call('GET', `/api/categories`)).body.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: first.id, name: 'Bikes' })]),
    );
    expect(await api.call('PATCH', `/api/categories/${second.id}`, { body: { name: '   ' } })).toMatchObject({
      status: 400,
      body: { fields: { name: expect.any(String) }, field_errors: { name: { code: 'blank' } } },
    });
    expect(await api.call('PATCH', '/api/inventories/99999999', { body: { archived: true } })).toMatchObject({
      status: 404,
      body: { error: 'not_found', params: { id: 99_999_999 } },
    });
    const technician = await api.userWithToken(['technician']);
    expect(
      (await api.call('PATCH', `/api/categories/${first.id}`, { body: { archived: true }, token: technician.token }))
        .status,
    ).toBe(403);
  });

  it('keeps the default inventory, where intake puts new items, from being renamed or archived', async () => {
    await newItem(); // created without inventory_id: lands in the default inventory
    const inventories = (await api.call('GET', '/api/inventories')).body.items as { id: number; name: string }[];
    const defaultInventory = inventories.find((i) => i.name === 'Default')!;
    for (const body of [{ archived: true }, { name: 'Main' }]) {
      expect(await api.call('PATCH', `/api/inventories/${defaultInventory.id}`, { body })).toMatchObject({
        status: 409,
        body: { code: 'default_inventory' },
      });
    }
  });
});

describe('parts', () => {
  async function itemWithParts(...names: string[]) {
    const item = await newItem();
    const parts: { id: number; name: string }[] = [];
    for (const name of names) {
      parts.push((await api.call('POST', `/api/items/${item.id}/parts`, { body: { name } })).body);
    }
    return { item, parts };
  }

  it('renames a part; a name the item already has is refused (409)', async () => {
    const { item, parts } = await itemWithParts('Deck', 'Wheel');
    const [deck, wheel] = parts;
    expect(
      await api.call('PATCH', `/api/items/${item.id}/parts/${deck!.id}`, { body: { name: 'Deck plate' } }),
    ).toMatchObject({ status: 200, body: { id: deck!.id, item_id: item.id, name: 'Deck plate', archived_at: null } });
    expect(
      await api.call('PATCH', `/api/items/${item.id}/parts/${wheel!.id}`, { body: { name: 'Deck plate' } }),
    ).toMatchObject({ status: 409, body: { code: 'name_taken' } });
  });

  it('archives a part out of the item and out of intake, and restores it', async () => {
    const { item, parts } = await itemWithParts('Battery', 'Brake');
    const [battery, brake] = parts;
    const archived = await api.call('PATCH', `/api/items/${item.id}/parts/${battery!.id}`, {
      body: { archived: true },
    });
    expect(archived.body.archived_at).toEqual(expect.any(String));
    const partNames = async (query: string) =>
      ((await api.call('GET', `/api/items/${item.id}${query}`)).body.parts as { name: string }[]).map((p) => p.name);
    expect(await partNames('')).toEqual(['Brake']);
    expect(await partNames('?include_archived=true')).toEqual(['Battery', 'Brake']);
    expect((await api.call('GET', `/api/items/${item.id}/parts`)).body.items).toHaveLength(1);

    const intake = (partId: number) =>
      api.call('POST', '/api/tickets', {
        body: { serial_number: item.serial_number, part_specs: [{ part_id: partId, color: 'green', minutes: 10 }] },
      });
    expect(await intake(battery!.id)).toMatchObject({
      status: 400,
      body: {
        code: 'intake.part_ids_unknown',
        params: { ids: String(battery!.id) },
        field_errors: { part_specs: { code: 'intake.part_ids_unknown', params: { ids: String(battery!.id) } } },
      },
    });

    await api.call('PATCH', `/api/items/${item.id}/parts/${battery!.id}`, { body: { archived: false } });
    expect(await partNames('')).toEqual(['Battery', 'Brake']);
    expect((await intake(brake!.id)).status).toBe(201);
  });

  it('answers 404 for a part of another item and 403 to a technician', async () => {
    const one = await itemWithParts('Seat');
    const other = await itemWithParts('Seat');
    const seat = one.parts[0]!;
    expect(
      (await api.call('PATCH', `/api/items/${other.item.id}/parts/${seat.id}`, { body: { archived: true } })).status,
    ).toBe(404);
    const technician = await api.userWithToken(['technician']);
    expect(
      (
        await api.call('PATCH', `/api/items/${one.item.id}/parts/${seat.id}`, {
          body: { name: 'x' },
          token: technician.token,
        })
      ).status,
    ).toBe(403);
  });
});
