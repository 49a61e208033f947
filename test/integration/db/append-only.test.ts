import type { EntityName } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import { Event, TicketTransition, WorkSessionTransition, XpTransaction } from '../../../src/db/entities';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTicket, createUser, createWorkSession, uniqueSuffix } from '../../support/factories';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

type AppendOnly = TicketTransition | WorkSessionTransition | XpTransaction | Event;

/** Each append-only table with a way to write one row through the ORM. */
const tables: { table: string; entity: EntityName<AppendOnly>; write: (em: EntityManager) => Promise<AppendOnly> }[] = [
  {
    table: 'ticket_transition',
    entity: TicketTransition as EntityName<AppendOnly>,
    write: async (em) => {
      const ticket = await createTicket(em);
      const row = em.create(TicketTransition, {
        ticket,
        toStatus: 'under_review',
        action: 'created',
        actor: ticket.master,
        metadata: { total_duration: ticket.totalDuration },
      });
      await em.flush();
      return row;
    },
  },
  {
    table: 'work_session_transition',
    entity: WorkSessionTransition as EntityName<AppendOnly>,
    write: async (em) => {
      const session = await createWorkSession(em, { ticket: await createTicket(em, { status: 'in_progress' }) });
      const row = em.create(WorkSessionTransition, {
        session,
        ticket: session.ticket,
        toStatus: 'running',
        action: 'started',
        actor: session.technician,
        eventAt: new Date(),
      });
      await em.flush();
      return row;
    },
  },
  {
    table: 'xp_transaction',
    entity: XpTransaction as EntityName<AppendOnly>,
    write: async (em) => {
      const row = em.create(XpTransaction, {
        user: await createUser(em),
        amount: 2,
        entryType: 'ticket_base_xp',
        reference: `ticket_base_xp:${uniqueSuffix()}`,
        payload: { ticket_id: 1 },
      });
      await em.flush();
      return row;
    },
  },
  {
    table: 'event',
    entity: Event as EntityName<AppendOnly>,
    write: async (em) => {
      const row = em.create(Event, { actor: 'SYSTEM', action: 'test', payload: { n: 1 } });
      await em.flush();
      return row;
    },
  },
];

describe.each(tables)('$table is append-only', ({ table, entity, write }) => {
  const sql = (query: string, params: unknown[] = []) => db.orm.em.getConnection().execute(query, params);
  const rejection = (op: 'UPDATE' | 'DELETE') => ({
    code: '23001',
    message: expect.stringContaining(`append-only table: ${table} rejects ${op}`),
  });

  it('accepts inserts, rejects UPDATE and DELETE in SQL', async () => {
    const row = await write(db.orm.em.fork());
    const before = await sql(`select * from "${table}" where id = ?`, [row.id]);

    await expect(sql(`update "${table}" set id = id where id = ?`, [row.id])).rejects.toMatchObject(
      rejection('UPDATE'),
    );
    await expect(sql(`delete from "${table}" where id = ?`, [row.id])).rejects.toMatchObject(rejection('DELETE'));
    await expect(sql(`delete from "${table}"`)).rejects.toMatchObject(rejection('DELETE'));

    expect(await sql(`select * from "${table}" where id = ?`, [row.id])).toEqual(before);
  });

  it('rejects changes and removals flushed through the ORM', async () => {
    const em = db.orm.em.fork();
    const row = await write(em);

    if ('metadata' in row) row.metadata = { changed: true };
    else row.payload = { changed: true };
    await expect(em.flush()).rejects.toMatchObject(rejection('UPDATE'));

    const fresh = db.orm.em.fork();
    fresh.remove(await fresh.findOneOrFail(entity, row.id));
    await expect(fresh.flush()).rejects.toMatchObject(rejection('DELETE'));

    // Bulk paths too.
    await expect(db.orm.em.fork().nativeDelete(entity, { id: row.id })).rejects.toMatchObject(rejection('DELETE'));
  });
});
