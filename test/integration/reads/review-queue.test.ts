// The staff review queue (/ticket_review) read straight from a database: which tickets it lists, in
// which order (ties in the creation time included), how it pages and clamps, and what a row says.
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Ticket } from '../../../src/db/entities';
import type { TicketStatus } from '../../../src/domain';
import { sqlRun } from '../../../src/db/sql';
import { reviewQueue, STAFF_PAGE_SIZE } from '../../../src/reads/staff-queries';
import { createTestDatabase, type TestDatabase } from '../../support/db';
import { createTicket, createUser, createUserWithProfile } from '../../support/factories';

let db: TestDatabase;
const em = () => db.orm.em.fork() as EntityManager;

beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db.drop();
});

/** A ticket created at `minute` minutes past a fixed hour (equal minutes are ties in the sort key). */
async function ticketAt(minute: number, status: TicketStatus, options: { deleted?: boolean } = {}) {
  const ticket = await createTicket(db.orm, { status, deletedAt: options.deleted ? new Date() : null });
  await sqlRun(em(), `update ticket set created_at = ? where id = ?`, [
    new Date(Date.UTC(2026, 11, 1, 9, minute)),
    ticket.id,
  ]);
  return ticket;
}

describe('review queue', () => {
  it('is empty on an empty workshop: one page, no rows', async () => {
    expect(await reviewQueue(em(), 1)).toEqual({ page: 1, pageCount: 1, total: 0, rows: [] });
    expect(await reviewQueue(em(), 3)).toEqual({ page: 1, pageCount: 1, total: 0, rows: [] });
  });

  it('lists every active ticket newest first (ties by id, newest first), pages and clamps', async () => {
    const technician = await createUserWithProfile(db.orm, { firstName: 'Tia', lastName: 'Tech', telegramId: true });
    const unnamed = await createUser(db.orm, { firstName: '', lastName: '', username: 'acct_only' });
    const statuses: TicketStatus[] = ['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc', 'rework'];
    // 12 active tickets over 8 distinct minutes (minutes 3 and 5 are shared), plus a done and a deleted one.
    const minutes = [1, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 9];
    const active: Ticket[] = [];
    for (const [i, minute] of minutes.entries()) active.push(await ticketAt(minute, statuses[i % statuses.length]));
    await sqlRun(em(), `update ticket set technician_id = ? where id = ?`, [technician.user.id, active[2].id]);
    await sqlRun(em(), `update ticket set technician_id = ? where id = ?`, [unnamed.id, active[3].id]);
    await ticketAt(10, 'done');
    await ticketAt(11, 'new', { deleted: true });

    const expectedOrder = [...active]
      .sort((a, b) => minutes[active.indexOf(b)] - minutes[active.indexOf(a)] || b.id - a.id)
      .map((t) => t.id);
    const pages = [];
    for (let page = 1; page <= 3; page += 1) pages.push(await reviewQueue(em(), page));
    expect(pages.map((p) => [p.page, p.pageCount, p.total, p.rows.length])).toEqual([
      [1, 3, 12, STAFF_PAGE_SIZE],
      [2, 3, 12, STAFF_PAGE_SIZE],
      [3, 3, 12, 2],
    ]);
    expect(pages.flatMap((p) => p.rows.map((r) => r.id))).toEqual(expectedOrder);

    const rows = new Map(pages.flatMap((p) => p.rows).map((r) => [r.id, r]));
    expect(rows.get(active[0].id)).toEqual({
      id: active[0].id,
      serial: active[0].inventoryItem.serialNumber,
      status: 'under_review',
      reviewed: false,
      technician: null,
    });
    expect(rows.get(active[1].id)).toMatchObject({ status: 'new', reviewed: true, technician: null });
    expect(rows.get(active[2].id)).toMatchObject({
      status: 'assigned',
      reviewed: true,
      technician: `Tia Tech (@${technician.user.username})`,
    });
    expect(rows.get(active[3].id)).toMatchObject({ status: 'in_progress', technician: 'acct_only' });

    // Past the last page shows the last page; below the first, or unparsable, the first.
    expect(await reviewQueue(em(), 99)).toEqual(pages[2]);
    expect(await reviewQueue(em(), Number.MAX_VALUE)).toEqual(pages[2]);
    expect(await reviewQueue(em(), 0)).toEqual(pages[0]);
    expect(await reviewQueue(em(), Number.NaN)).toEqual(pages[0]);
  });
});
