import {
  AccessRequest,
  Category,
  Inventory,
  InventoryItem,
  InventoryItemPart,
  SupportTicket,
  TelegramProfile,
  Ticket,
  TicketPartSpec,
  TicketTransition,
  User,
  UserRole,
} from '../../../src/db/entities';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import {
  createItemWithParts,
  createTicket,
  createUser,
  createUserWithProfile,
  uniqueSerial,
  uniqueSuffix,
  uniqueTelegramId,
} from '../../support/factories';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

describe('ORM round-trip', () => {
  it('a user with roles, an item with parts, a ticket with part specs', async () => {
    const em = db.orm.em.fork();
    const suffix = uniqueSuffix();
    const master = em.create(User, { username: `master_${suffix}`, firstName: 'Mia', lastName: 'Master' });
    master.roles.add(em.create(UserRole, { user: master, role: 'master' }));
    master.roles.add(em.create(UserRole, { user: master, role: 'ops_manager' }));
    const category = em.create(Category, { name: `Scooters ${suffix}` });
    const item = em.create(InventoryItem, {
      inventory: em.create(Inventory, { name: `Main ${suffix}` }),
      category,
      serialNumber: uniqueSerial(),
      name: 'Scooter',
    });
    const frame = em.create(InventoryItemPart, { item, category, name: 'Frame' });
    const wheel = em.create(InventoryItemPart, { item, category, name: 'Wheel' });
    const ticket = em.create(Ticket, {
      inventoryItem: item,
      master,
      title: 'Squeaky wheel',
      totalDuration: 45,
      flagMinutes: 45,
      flagColor: 'yellow',
      xpAmount: 3,
    });
    ticket.partSpecs.add(em.create(TicketPartSpec, { ticket, part: frame, color: 'green', minutes: 15 }));
    ticket.partSpecs.add(
      em.create(TicketPartSpec, { ticket, part: wheel, color: 'red', minutes: 30, comment: 'replace bearing' }),
    );
    em.create(TicketTransition, { ticket, toStatus: 'under_review', action: 'created', actor: master });
    await em.flush();

    // Database defaults come back on the flushed entities.
    expect(master).toMatchObject({ level: 1, isActive: true });
    expect(master.createdAt).toBeInstanceOf(Date);
    expect(item).toMatchObject({ status: 'ready', isActive: true });
    expect(ticket).toMatchObject({ status: 'under_review', isManual: false });

    const read = db.orm.em.fork();
    const loaded = await read.findOneOrFail(Ticket, ticket.id, {
      populate: ['master.roles', 'inventoryItem.category', 'inventoryItem.parts', 'partSpecs.part'],
      orderBy: { partSpecs: { minutes: 'asc' } },
    });
    expect(loaded).toMatchObject({
      title: 'Squeaky wheel',
      status: 'under_review',
      totalDuration: 45,
      flagMinutes: 45,
      flagColor: 'yellow',
      xpAmount: 3,
      isManual: false,
      technician: null,
      approvedBy: null,
      approvedAt: null,
      deletedAt: null,
    });
    expect(loaded.createdAt).toBeInstanceOf(Date);
    expect(loaded.master.username).toBe(`master_${suffix}`);
    expect(
      loaded.master.roles
        .getItems()
        .map((r) => r.role)
        .sort(),
    ).toEqual(['master', 'ops_manager']);
    expect(loaded.inventoryItem.category.name).toBe(`Scooters ${suffix}`);
    expect(
      loaded.inventoryItem.parts
        .getItems()
        .map((p) => p.name)
        .sort(),
    ).toEqual(['Frame', 'Wheel']);
    expect(loaded.partSpecs.getItems().map((s) => [s.part.name, s.color, s.minutes, s.comment])).toEqual([
      ['Frame', 'green', 15, ''],
      ['Wheel', 'red', 30, 'replace bearing'],
    ]);

    const [transition] = await read.find(TicketTransition, { ticket: ticket.id });
    expect(transition).toMatchObject({ fromStatus: null, toStatus: 'under_review', action: 'created', note: '' });
    expect(transition!.metadata).toEqual({});
    expect(transition!.actor?.id).toBe(master.id);
  });

  it('defaults land on the entity even when batched with rows that set the column', async () => {
    const em = db.orm.em.fork();
    const suffix = uniqueSuffix();
    const inventory = em.create(Inventory, { name: `Batch ${suffix}` });
    const category = em.create(Category, { name: `Batch ${suffix}` });
    const set = em.create(InventoryItem, {
      inventory,
      category,
      serialNumber: uniqueSerial(),
      name: 'a',
      status: 'blocked',
    });
    const unset = em.create(InventoryItem, { inventory, category, serialNumber: uniqueSerial(), name: 'b' });
    const user = await createUser(em);
    const withMeta = em.create(TicketTransition, {
      ticket: await createTicket(em),
      toStatus: 'under_review',
      action: 'created',
      actor: user,
      metadata: { a: 1 },
    });
    const withoutMeta = em.create(TicketTransition, { ticket: withMeta.ticket, toStatus: 'new', action: 'created' });
    await em.flush();
    expect([set.status, unset.status, unset.isActive]).toEqual(['blocked', 'ready', true]);
    expect([withMeta.metadata, withoutMeta.metadata, withoutMeta.note]).toEqual([{ a: 1 }, {}, '']);
  });

  it('updatedAt moves on change; createdAt does not', async () => {
    const em = db.orm.em.fork();
    const ticket = await createTicket(em);
    const { createdAt, updatedAt } = ticket;
    await new Promise((r) => setTimeout(r, 5));
    ticket.status = 'new';
    await em.flush();
    const reloaded = await db.orm.em.fork().findOneOrFail(Ticket, ticket.id);
    expect(reloaded.status).toBe('new');
    expect(reloaded.createdAt).toEqual(createdAt);
    expect(reloaded.updatedAt.getTime()).toBeGreaterThan(updatedAt.getTime());
  });

  it('Telegram ids (bigint) come back as numbers; text[] as arrays', async () => {
    const { user, profile } = await createUserWithProfile(db.orm, { roles: ['technician'], telegramId: true });
    const telegramId = profile!.telegramId;
    expect(telegramId).toBeGreaterThan(2 ** 32);

    const em = db.orm.em.fork();
    const loaded = await em.findOneOrFail(TelegramProfile, { telegramId }, { populate: ['user.roles'] });
    expect(loaded.telegramId).toBe(telegramId);
    expect(loaded.user?.id).toBe(user.id);
    expect(loaded.user?.roles.getItems().map((r) => r.role)).toEqual(['technician']);
    expect(loaded).toMatchObject({ isBlocked: false, languageCode: 'en' });

    em.create(AccessRequest, {
      telegramId,
      firstName: 'Ann',
      lastName: 'Lee',
      phone: '+998901234567',
      user,
      status: 'approved',
      rolesGranted: ['technician', 'qc_inspector'],
    });
    const pending = em.create(AccessRequest, {
      telegramId: uniqueTelegramId(),
      firstName: 'Bob',
      lastName: 'Ray',
      phone: '+998901234568',
    });
    const support = em.create(SupportTicket, {
      clientTelegramId: telegramId,
      clientName: 'Ann Lee',
      mainChatId: -1_001_234_567_890,
      mainThreadId: 42,
    });
    await em.flush();
    expect(pending.rolesGranted).toEqual([]);
    expect(support.status).toBe('new');

    const read = db.orm.em.fork();
    const requests = await read.find(AccessRequest, { telegramId }, { orderBy: { id: 'asc' } });
    expect(requests.map((r) => r.rolesGranted)).toEqual([['technician', 'qc_inspector']]);
    const loadedSupport = await read.findOneOrFail(SupportTicket, support.id);
    expect(loadedSupport).toMatchObject({
      clientTelegramId: telegramId,
      mainChatId: -1_001_234_567_890,
      mainThreadId: 42,
    });
  });

  it('factories build connected, unique data', async () => {
    const technician = await createUser(db.orm, { roles: ['technician', 'qc_inspector'] });
    const { item, parts } = await createItemWithParts(db.orm, { partNames: ['A', 'B', 'C'] });
    const ticket = await createTicket(db.orm, {
      item,
      specs: [
        { part: parts[0]!, minutes: 40 },
        { part: parts[2]!, minutes: 25, color: 'red' },
      ],
      technician,
      status: 'in_progress',
    });
    const loaded = await db.orm.em
      .fork()
      .findOneOrFail(Ticket, ticket.id, { populate: ['partSpecs', 'technician.roles', 'approvedBy'] });
    expect(loaded).toMatchObject({ status: 'in_progress', totalDuration: 65, flagColor: 'red', xpAmount: 4 });
    expect(
      loaded.technician?.roles
        .getItems()
        .map((r) => r.role)
        .sort(),
    ).toEqual(['qc_inspector', 'technician']);
    expect(loaded.approvedBy?.id).toBe(loaded.master.id);
    expect(loaded.assignedAt).toBeInstanceOf(Date);
    expect(loaded.startedAt).toBeInstanceOf(Date);
    expect(loaded.finishedAt).toBeNull();
    expect(loaded.partSpecs).toHaveLength(2);

    const other = await createTicket(db.orm);
    expect(other.master.id).not.toBe(loaded.master.id);
    expect(other.inventoryItem.id).not.toBe(item.id);
  });
});
