import type { EntityManager } from '@mikro-orm/postgresql';
import {
  RulesConfig,
  SupportTicket,
  Ticket,
  TicketPartSpec,
  WorkSession,
  XpTransaction,
} from '../../../src/db/entities';
import {
  type InventoryItemStatus,
  ACCESS_REQUEST_STATUSES,
  EVENT_ACTORS,
  FEEDBACK_STATUSES,
  INVENTORY_ITEM_STATUSES,
  ROLE_SLUGS,
  SUPPORT_TICKET_STATUSES,
  TICKET_COLORS,
  TICKET_STATUSES,
  TICKET_TRANSITION_ACTIONS,
  WORK_SESSION_ACTIONS,
  WORK_SESSION_STATUSES,
  XP_ENTRY_TYPES,
} from '../../../src/domain/enums';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import {
  createItemWithParts,
  createTicket,
  createUser,
  createWorkSession,
  uniqueSerial,
  uniqueSuffix,
  uniqueTelegramId,
} from '../../support/factories';

let db: TestDatabase;
let em: EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});
beforeEach(() => {
  em = db.orm.em.fork();
});

/** Raw SQL with `?` placeholders; returns the rows. */
async function sql<T = Record<string, unknown>>(query: string, params: unknown[] = []): Promise<T[]> {
  return db.orm.em.getConnection().execute<T[]>(query, params);
}

/** Raw insert returning the new id. */
async function insert(table: string, values: Record<string, unknown>): Promise<number> {
  const columns = Object.keys(values);
  const rows = await sql<{ id: number }>(
    `insert into "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) values (${columns.map(() => '?').join(', ')}) returning id`,
    Object.values(values),
  );
  return rows[0]!.id;
}

/** The promise is rejected by the database constraint (or index) with this name. */
async function violates(promise: Promise<unknown>, constraint: string): Promise<void> {
  await expect(promise).rejects.toMatchObject({ constraint });
}

// Parents reused by the raw inserts below.
async function supportTicket(values: Record<string, unknown> = {}): Promise<number> {
  return insert('support_ticket', { client_telegram_id: uniqueTelegramId(), main_chat_id: -1001234567890, ...values });
}

describe('enum columns accept exactly the values of src/domain/enums.ts', () => {
  // Each case inserts a row whose enum column holds `value`; parents are created once per case.
  const cases: {
    constraint: string;
    values: readonly string[];
    insert: (value: string) => Promise<unknown>;
  }[] = [
    {
      constraint: 'user_role_role_check',
      values: ROLE_SLUGS,
      insert: async (role) => insert('user_role', { user_id: (await createUser(em)).id, role }),
    },
    {
      constraint: 'access_request_status_check',
      values: ACCESS_REQUEST_STATUSES,
      insert: (status) =>
        insert('access_request', {
          telegram_id: uniqueTelegramId(),
          first_name: 'Ann',
          last_name: 'Lee',
          phone: '+998901234567',
          status,
        }),
    },
    {
      constraint: 'inventory_item_status_check',
      values: INVENTORY_ITEM_STATUSES,
      insert: (status) => createItemWithParts(em, { status: status as InventoryItemStatus, partNames: [] }),
    },
    {
      constraint: 'ticket_status_check',
      values: TICKET_STATUSES,
      insert: (status) => createTicket(em, { status: status as Ticket['status'] }),
    },
    {
      constraint: 'ticket_flag_color_check',
      values: TICKET_COLORS,
      insert: (flagColor) => createTicket(em, { flagColor: flagColor as Ticket['flagColor'] }),
    },
    {
      constraint: 'ticket_part_spec_color_check',
      values: TICKET_COLORS,
      insert: async (color) => {
        const { item, parts } = await createItemWithParts(em, { partNames: ['Frame'] });
        return createTicket(em, { item, specs: [{ part: parts[0]!, color: color as TicketPartSpec['color'] }] });
      },
    },
    ...(['from_status', 'to_status'] as const).map((column) => ({
      constraint: `ticket_transition_${column}_check`,
      values: TICKET_STATUSES,
      insert: async (value: string) =>
        insert('ticket_transition', {
          ticket_id: (await createTicket(em)).id,
          from_status: 'new',
          to_status: 'new',
          action: 'created',
          [column]: value,
        }),
    })),
    {
      constraint: 'ticket_transition_action_check',
      values: TICKET_TRANSITION_ACTIONS,
      insert: async (action) =>
        insert('ticket_transition', { ticket_id: (await createTicket(em)).id, to_status: 'new', action }),
    },
    {
      constraint: 'work_session_status_check',
      values: WORK_SESSION_STATUSES,
      insert: async (status) =>
        createWorkSession(em, {
          ticket: await createTicket(em, { status: 'in_progress' }),
          status: status as WorkSession['status'],
        }),
    },
    ...(['from_status', 'to_status', 'action'] as const).map((column) => ({
      constraint: `work_session_transition_${column}_check`,
      values: column === 'action' ? WORK_SESSION_ACTIONS : WORK_SESSION_STATUSES,
      insert: async (value: string) => {
        const session = await createWorkSession(em, { ticket: await createTicket(em, { status: 'in_progress' }) });
        return insert('work_session_transition', {
          session_id: session.id,
          ticket_id: session.ticket.id,
          from_status: 'running',
          to_status: 'paused',
          action: 'paused',
          event_at: new Date(),
          [column]: value,
        });
      },
    })),
    {
      constraint: 'xp_transaction_entry_type_check',
      values: XP_ENTRY_TYPES,
      insert: async (entryType) =>
        insert('xp_transaction', {
          user_id: (await createUser(em)).id,
          amount: 1,
          entry_type: entryType,
          reference: `ref:${uniqueSuffix()}`,
        }),
    },
    {
      constraint: 'rules_config_action_check',
      values: ['bootstrap', 'update', 'rollback'],
      insert: (action) =>
        insert('rules_config', {
          version: 1 + Math.floor(Math.random() * 1e9),
          config: '{}',
          checksum: 'x',
          action,
        }),
    },
    {
      constraint: 'support_ticket_status_check',
      values: SUPPORT_TICKET_STATUSES,
      // One open ticket per client: every insert uses a fresh client.
      insert: (status) => supportTicket({ status }),
    },
    {
      constraint: 'feedback_status_check',
      values: FEEDBACK_STATUSES,
      insert: async (status) => insert('feedback', { support_ticket_id: await supportTicket(), status }),
    },
    {
      constraint: 'event_actor_check',
      values: EVENT_ACTORS,
      insert: (actor) => insert('event', { actor, action: 'test' }),
    },
  ];

  it.each(cases)('$constraint', async ({ constraint, values, insert: insertWith }) => {
    for (const value of values) await insertWith(value);
    em.clear();
    await violates(insertWith('bogus'), constraint);
    em.clear();
    // Case matters: the values are exact.
    const first = values[0]!;
    await violates(insertWith(first === first.toUpperCase() ? first.toLowerCase() : first.toUpperCase()), constraint);
  });

  it('ticket_transition.from_status and work_session_transition.from_status may be null', async () => {
    const session = await createWorkSession(em, { ticket: await createTicket(em, { status: 'in_progress' }) });
    await insert('ticket_transition', { ticket_id: session.ticket.id, to_status: 'under_review', action: 'created' });
    await insert('work_session_transition', {
      session_id: session.id,
      ticket_id: session.ticket.id,
      to_status: 'running',
      action: 'started',
      event_at: new Date(),
    });
  });
});

describe('accounts', () => {
  it('app_user: unique username, unique phone (several nulls are fine)', async () => {
    const a = await createUser(em, { phone: `+99890${Date.now() % 10_000_000}` });
    await violates(createUser(db.orm, { username: a.username }), 'app_user_username_unique');
    await violates(createUser(db.orm, { phone: a.phone }), 'app_user_phone_unique');
    await createUser(db.orm, { phone: null });
    await createUser(db.orm, { phone: null });
  });

  it('app_user_level_check: level is 1..5', async () => {
    for (const level of [1, 2, 3, 4, 5]) await createUser(db.orm, { level });
    await violates(createUser(db.orm, { level: 0 }), 'app_user_level_check');
    await violates(createUser(db.orm, { level: 6 }), 'app_user_level_check');
  });

  it('user_role_user_id_role_unique: a role once per user; the same role for another user is fine', async () => {
    const user = await createUser(em, { roles: ['technician'] });
    await violates(insert('user_role', { user_id: user.id, role: 'technician' }), 'user_role_user_id_role_unique');
    await insert('user_role', { user_id: user.id, role: 'qc_inspector' });
    await createUser(db.orm, { roles: ['technician'] });
  });

  it('telegram_profile_telegram_id_unique', async () => {
    const telegramId = uniqueTelegramId();
    await insert('telegram_profile', { telegram_id: telegramId });
    await violates(insert('telegram_profile', { telegram_id: telegramId }), 'telegram_profile_telegram_id_unique');
    // Telegram ids above 32 bits round-trip as numbers.
    const [row] = await sql<{ telegram_id: string }>('select telegram_id from telegram_profile where telegram_id = ?', [
      telegramId,
    ]);
    expect(Number(row!.telegram_id)).toBe(telegramId);
  });

  it('access_request_one_pending_per_telegram_id: one pending; resolved ones do not count', async () => {
    const telegramId = uniqueTelegramId();
    const request = (status: string) =>
      insert('access_request', {
        telegram_id: telegramId,
        first_name: 'Ann',
        last_name: 'Lee',
        phone: '+1234567890',
        status,
      });
    const first = await request('pending');
    await violates(request('pending'), 'access_request_one_pending_per_telegram_id');
    await request('rejected');
    await request('expired');
    await sql(`update access_request set status = 'rejected', resolved_at = now() where id = ?`, [first]);
    await request('pending');
    // Another person may have a pending request at the same time.
    await insert('access_request', {
      telegram_id: uniqueTelegramId(),
      first_name: 'Bob',
      last_name: 'Ray',
      phone: '+1234567891',
    });
  });

  it('access_request_roles_granted_check: only role slugs', async () => {
    const request = (roles: string[]) =>
      sql(
        `insert into access_request (telegram_id, first_name, last_name, phone, status, roles_granted) values (?, 'A', 'B', '+1234567890', 'approved', ?::text[])`,
        [uniqueTelegramId(), `{${roles.join(',')}}`],
      );
    await request([]);
    await request(['technician', 'qc_inspector']);
    await violates(request(['technician', 'admin']), 'access_request_roles_granted_check');
  });

  it('api_token_token_hash_unique', async () => {
    const user = await createUser(em);
    const hash = `sha256:${uniqueSuffix()}`;
    await insert('api_token', { user_id: user.id, name: 'ci', token_hash: hash });
    await violates(
      insert('api_token', { user_id: user.id, name: 'ci2', token_hash: hash }),
      'api_token_token_hash_unique',
    );
  });
});

describe('inventory', () => {
  it('inventory and category names are unique', async () => {
    const { inventory, category } = await createItemWithParts(em);
    await violates(insert('inventory', { name: inventory.name }), 'inventory_name_unique');
    await violates(insert('category', { name: category.name }), 'category_name_unique');
  });

  it('inventory_item: unique serial of 1..32 characters', async () => {
    const { item } = await createItemWithParts(em);
    await violates(
      createItemWithParts(db.orm, { serialNumber: item.serialNumber }),
      'inventory_item_serial_number_unique',
    );
    await createItemWithParts(db.orm, { serialNumber: uniqueSerial('RM-').padEnd(32, 'X') });
    await violates(
      createItemWithParts(db.orm, { serialNumber: uniqueSerial('RM-').padEnd(33, 'X') }),
      'inventory_item_serial_number_check',
    );
    await violates(createItemWithParts(db.orm, { serialNumber: '' }), 'inventory_item_serial_number_check');
  });

  it('inventory_item_part_item_id_name_unique: part names are unique per item, not globally', async () => {
    const { item, category } = await createItemWithParts(em, { partNames: ['Frame'] });
    await violates(
      insert('inventory_item_part', { item_id: item.id, category_id: category.id, name: 'Frame' }),
      'inventory_item_part_item_id_name_unique',
    );
    await createItemWithParts(db.orm, { partNames: ['Frame'], category });
  });
});

describe('tickets', () => {
  it('ticket_one_active_per_item: a second active ticket is refused until the first is done', async () => {
    const { item, parts } = await createItemWithParts(em, { partNames: ['Frame'] });
    const again = (status?: Ticket['status']) => createTicket(db.orm, { item, specs: [{ part: parts[0]! }], status });
    const first = await again('in_progress');

    for (const status of ['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc', 'rework'] as const) {
      await sql('update ticket set status = ? where id = ?', [status, first.id]);
      await violates(again(), 'ticket_one_active_per_item');
      await violates(again('rework'), 'ticket_one_active_per_item');
    }
    await sql(`update ticket set status = 'done' where id = ?`, [first.id]);
    const second = await again();
    await violates(again(), 'ticket_one_active_per_item');
    // Done tickets pile up next to the active one.
    await again('done');
    // A soft-deleted active ticket does not count.
    await sql('update ticket set deleted_at = now() where id = ?', [second.id]);
    await again();
  });

  it('ticket metrics are never negative', async () => {
    const ticket = await createTicket(em);
    for (const column of ['total_duration', 'flag_minutes', 'xp_amount']) {
      await violates(sql(`update ticket set ${column} = -1 where id = ?`, [ticket.id]), `ticket_${column}_check`);
      await sql(`update ticket set ${column} = 0 where id = ?`, [ticket.id]);
    }
  });

  it('a technician may hold several in_progress tickets', async () => {
    const technician = await createUser(em, { roles: ['technician'] });
    await createTicket(em, { status: 'in_progress', technician });
    await createTicket(em, { status: 'in_progress', technician });
    await createTicket(em, { status: 'assigned', technician });
    const count = await em.count(Ticket, { technician, status: 'in_progress' });
    expect(count).toBe(2);
  });

  it('ticket_part_spec: positive minutes; one live spec per (ticket, part); soft-deleted ones do not count', async () => {
    const { item, parts } = await createItemWithParts(em, { partNames: ['Frame', 'Wheel'] });
    const ticket = await createTicket(em, { item, specs: [{ part: parts[0]!, minutes: 1 }] });
    const spec = (part: number, minutes = 5) =>
      insert('ticket_part_spec', { ticket_id: ticket.id, part_id: part, color: 'green', minutes });

    await violates(spec(parts[1]!.id, 0), 'ticket_part_spec_minutes_check');
    await violates(spec(parts[1]!.id, -5), 'ticket_part_spec_minutes_check');
    await violates(spec(parts[0]!.id), 'ticket_part_spec_ticket_id_part_id_unique');
    await spec(parts[1]!.id);

    await em.nativeUpdate(TicketPartSpec, { ticket, part: parts[0]! }, { deletedAt: new Date() });
    await spec(parts[0]!.id);
    await violates(spec(parts[0]!.id), 'ticket_part_spec_ticket_id_part_id_unique');
  });
});

describe('work sessions', () => {
  it('work_session_one_open_per_ticket: one running or paused session per ticket', async () => {
    const ticket = await createTicket(em, { status: 'in_progress' });
    const other = await createUser(em, { roles: ['technician'] });
    const first = await createWorkSession(em, { ticket, status: 'paused' });

    await violates(createWorkSession(db.orm, { ticket, technician: other }), 'work_session_one_open_per_ticket');
    await violates(
      createWorkSession(db.orm, { ticket, technician: other, status: 'paused' }),
      'work_session_one_open_per_ticket',
    );
    // Stopped sessions pile up; once the open one stops a new one may start (rework).
    await createWorkSession(db.orm, { ticket, technician: other, status: 'stopped' });
    await em.nativeUpdate(WorkSession, { id: first.id }, { status: 'stopped', endedAt: new Date() });
    await createWorkSession(db.orm, { ticket });
  });

  it('work_session_one_open_per_technician: one open session across all of a technician’s tickets', async () => {
    const technician = await createUser(em, { roles: ['technician'] });
    const a = await createTicket(em, { status: 'in_progress', technician });
    const b = await createTicket(em, { status: 'in_progress', technician });
    const first = await createWorkSession(em, { ticket: a });

    await violates(createWorkSession(db.orm, { ticket: b }), 'work_session_one_open_per_technician');
    await violates(createWorkSession(db.orm, { ticket: b, status: 'paused' }), 'work_session_one_open_per_technician');
    await createWorkSession(db.orm, { ticket: b, status: 'stopped' });

    await em.nativeUpdate(WorkSession, { id: first.id }, { status: 'stopped', endedAt: new Date() });
    await createWorkSession(db.orm, { ticket: b });
    // Other technicians are unaffected.
    const c = await createTicket(em, { status: 'in_progress' });
    await createWorkSession(db.orm, { ticket: c });
  });

  it('work_session_active_seconds_check', async () => {
    const session = await createWorkSession(em, { ticket: await createTicket(em, { status: 'in_progress' }) });
    await violates(
      sql('update work_session set active_seconds = -1 where id = ?', [session.id]),
      'work_session_active_seconds_check',
    );
  });
});

describe('xp and rules', () => {
  it('xp_transaction_reference_unique; amounts are signed', async () => {
    const user = await createUser(em);
    const reference = `ticket_base_xp:${uniqueSuffix()}`;
    em.create(XpTransaction, { user, amount: 3, entryType: 'ticket_base_xp', reference, payload: { ticket_id: 1 } });
    await em.flush();
    em.create(XpTransaction, { user, amount: -1, entryType: 'manual_adjustment', reference: `${reference}:neg` });
    await em.flush();
    await violates(
      insert('xp_transaction', { user_id: user.id, amount: 3, entry_type: 'ticket_base_xp', reference }),
      'xp_transaction_reference_unique',
    );
    // The idempotent write path: insert ... on conflict do nothing leaves the original row.
    await sql(
      `insert into xp_transaction (user_id, amount, entry_type, reference) values (?, 99, 'ticket_base_xp', ?) on conflict (reference) do nothing`,
      [user.id, reference],
    );
    const rows = await sql<{ amount: number }>('select amount from xp_transaction where reference = ?', [reference]);
    expect(rows).toEqual([{ amount: 3 }]);
  });

  it('rules_config: unique positive version, at most one active', async () => {
    const fork = db.orm.em.fork();
    fork.create(RulesConfig, { version: 1, config: {}, checksum: 'a', action: 'bootstrap', isActive: true });
    fork.create(RulesConfig, { version: 2, config: {}, checksum: 'b', action: 'update', isActive: false });
    await fork.flush();
    const add = (values: Record<string, unknown>) =>
      insert('rules_config', { config: '{}', checksum: 'c', action: 'update', ...values });

    await violates(add({ version: 3, is_active: true }), 'rules_config_one_active');
    await add({ version: 3, is_active: false });
    await violates(add({ version: 3 }), 'rules_config_version_unique');
    await violates(add({ version: 0 }), 'rules_config_version_check');
    // Switching the active version in one transaction.
    await fork.transactional(async (tx) => {
      await tx.nativeUpdate(RulesConfig, { isActive: true }, { isActive: false });
      await tx.nativeUpdate(RulesConfig, { version: 3 }, { isActive: true });
    });
    expect((await db.orm.em.fork().findOneOrFail(RulesConfig, { isActive: true })).version).toBe(3);
  });
});

describe('support desk', () => {
  it('support_ticket_one_open_per_client: one new-or-work ticket per client; closed ones do not count', async () => {
    const client = uniqueTelegramId();
    const first = await supportTicket({ client_telegram_id: client, status: 'new' });
    await violates(supportTicket({ client_telegram_id: client, status: 'new' }), 'support_ticket_one_open_per_client');
    await sql(`update support_ticket set status = 'work' where id = ?`, [first]);
    await violates(supportTicket({ client_telegram_id: client, status: 'work' }), 'support_ticket_one_open_per_client');
    await supportTicket({ client_telegram_id: client, status: 'closed' });
    await sql(`update support_ticket set status = 'closed', closed_at = now() where id = ?`, [first]);
    await supportTicket({ client_telegram_id: client });
    // Through the ORM too.
    em.create(SupportTicket, { clientTelegramId: uniqueTelegramId(), mainChatId: -1001 });
    await em.flush();
  });

  it('tech_thread_one_open_per_ticket_technician', async () => {
    const ticket = await supportTicket();
    const technician = await createUser(em, { roles: ['technician'] });
    const thread = (threadId: number) =>
      insert('tech_thread', {
        support_ticket_id: ticket,
        technician_id: technician.id,
        tech_chat_id: -1002,
        tech_thread_id: threadId,
      });
    const first = await thread(10);
    await violates(thread(11), 'tech_thread_one_open_per_ticket_technician');
    await sql('update tech_thread set closed_at = now() where id = ?', [first]);
    await thread(12);
    // Another technician on the same ticket is fine.
    await insert('tech_thread', {
      support_ticket_id: ticket,
      technician_id: (await createUser(em)).id,
      tech_chat_id: -1003,
      tech_thread_id: 5,
    });
  });

  it('message_link_source_message_target_chat_unique: one copy of a message per target chat', async () => {
    const ticket = await supportTicket();
    const link = (targetChat: number, targetMessage: number) =>
      insert('message_link', {
        support_ticket_id: ticket,
        source_chat_id: 4_000_000_001,
        source_message_id: 77,
        target_chat_id: targetChat,
        target_message_id: targetMessage,
      });
    await link(-1001, 500);
    await violates(link(-1001, 501), 'message_link_source_message_target_chat_unique');
    await link(-1002, 500);
  });

  it('feedback: one per support ticket, scores 1..5 or null', async () => {
    const ticket = await supportTicket();
    await insert('feedback', { support_ticket_id: ticket });
    await violates(insert('feedback', { support_ticket_id: ticket }), 'feedback_support_ticket_id_unique');
    for (const q of ['q1', 'q2', 'q3']) {
      const other = await supportTicket();
      await violates(insert('feedback', { support_ticket_id: other, [q]: 0 }), `feedback_${q}_check`);
      await violates(insert('feedback', { support_ticket_id: other, [q]: 6 }), `feedback_${q}_check`);
      await insert('feedback', { support_ticket_id: other, q1: 1, q2: 5, q3: 3, [q]: 5 });
    }
  });
});

describe('indexes behind dashboards and lookups', () => {
  it('exist with the expected definitions', async () => {
    const rows = await sql<{ indexname: string; indexdef: string }>(
      `select indexname, indexdef from pg_indexes where schemaname = 'public'`,
    );
    const defs = new Map(rows.map((r) => [r.indexname, r.indexdef]));
    const expected: Record<string, RegExp> = {
      ticket_technician_id_status_id_index: /\(technician_id, status, id DESC\)/,
      ticket_status_created_at_index: /\(status, created_at\)/,
      ticket_master_id_status_index: /\(master_id, status\)/,
      work_session_technician_id_status_index: /\(technician_id, status\)/,
      ticket_transition_ticket_id_id_index: /\(ticket_id, id\)/,
      work_session_transition_ticket_id_id_index: /\(ticket_id, id\)/,
      work_session_transition_session_id_event_at_id_index: /\(session_id, event_at, id\)/,
      xp_transaction_user_id_id_index: /\(user_id, id DESC\)/,
      event_support_ticket_id_id_index: /\(support_ticket_id, id\)/,
      support_ticket_client_telegram_id_status_index: /\(client_telegram_id, status\)/,
      support_ticket_technician_id_status_index: /\(technician_id, status\)/,
      message_link_target_chat_id_target_message_id_index: /\(target_chat_id, target_message_id\)/,
      ticket_one_active_per_item:
        /UNIQUE .*\(inventory_item_id\) WHERE \(\(status <> 'done'::text\) AND \(deleted_at IS NULL\)\)/,
      work_session_one_open_per_ticket: /UNIQUE .*\(ticket_id\) WHERE \(status = ANY/,
      work_session_one_open_per_technician: /UNIQUE .*\(technician_id\) WHERE \(status = ANY/,
      support_ticket_one_open_per_client: /UNIQUE .*\(client_telegram_id\) WHERE \(status <> 'closed'::text\)/,
      access_request_one_pending_per_telegram_id: /UNIQUE .*\(telegram_id\) WHERE \(status = 'pending'::text\)/,
      rules_config_one_active: /UNIQUE .*\(is_active\) WHERE is_active/,
      xp_transaction_reference_unique: /UNIQUE .*\(reference\)/,
    };
    for (const [name, pattern] of Object.entries(expected)) {
      expect([name, defs.get(name)]).toEqual([name, expect.stringMatching(pattern)]);
    }
  });
});
