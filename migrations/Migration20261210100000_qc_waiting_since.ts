import { Migration } from '@mikro-orm/migrations';

/**
 * The QC queue at 100k tickets (issue 14): it is ordered by when each waiting ticket last moved to
 * waiting_qc, which took a lookup in ticket_transition for every waiting ticket before a page could
 * be cut. `ticket.waiting_qc_since` keeps that moment on the ticket (the latest `to_waiting_qc`
 * transition's time, kept by a trigger on the append-only transition log, so every writer keeps
 * it), and a partial index holds the queue in its order, with the columns it is computed from (so
 * a page is cut by an index-only scan). Frozen.
 */
export class Migration20261210100000_qc_waiting_since extends Migration {
  override up(): void {
    this.addSql(`alter table "ticket" add column "waiting_qc_since" timestamptz null`);
    this.addSql(
      `update "ticket" t set "waiting_qc_since" = w.since
       from (select ticket_id, max(created_at) as since from "ticket_transition"
             where action = 'to_waiting_qc' group by ticket_id) w
       where w.ticket_id = t.id`,
    );
    this.addSql(
      `create function "ticket_keep_waiting_qc_since"() returns trigger language plpgsql as $$
       begin
         update "ticket" set "waiting_qc_since" = greatest("waiting_qc_since", new.created_at)
           where id = new.ticket_id;
         return new;
       end $$`,
    );
    this.addSql(
      `create trigger "ticket_transition_keeps_waiting_qc_since" after insert on "ticket_transition"
       for each row when (new.action = 'to_waiting_qc') execute function "ticket_keep_waiting_qc_since"()`,
    );
    this.addSql(
      `create index "ticket_qc_queue_index" on "ticket" ((coalesce("waiting_qc_since", "created_at")), "id") include ("waiting_qc_since", "created_at") where status = 'waiting_qc' and deleted_at is null`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists "ticket_qc_queue_index"`);
    this.addSql(`drop trigger if exists "ticket_transition_keeps_waiting_qc_since" on "ticket_transition"`);
    this.addSql(`drop function if exists "ticket_keep_waiting_qc_since"()`);
    this.addSql(`alter table "ticket" drop column if exists "waiting_qc_since"`);
  }
}
