import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the staff queues at 100k tickets (issue 14): the review queue walks the active
 * tickets newest first instead of sorting all of them; the QC queue finds the waiting tickets and
 * when each moved to waiting_qc by index instead of scanning; the per-ticket XP lookup compares
 * `payload ->> 'ticket_id'` as text, the expression the existing (user_id, ticket id) index holds.
 * Frozen.
 */
export class Migration20261209090000_staff_queue_indexes extends Migration {
  override up(): void {
    this.addSql(
      `create index "ticket_active_created_at_id_index" on "ticket" ("created_at" desc, "id" desc) where status <> 'done' and deleted_at is null`,
    );
    this.addSql(
      `create index "ticket_waiting_qc_index" on "ticket" ("created_at", "id") where status = 'waiting_qc' and deleted_at is null`,
    );
    this.addSql(
      `create index "ticket_transition_to_waiting_qc_index" on "ticket_transition" ("ticket_id", "created_at") where action = 'to_waiting_qc'`,
    );
  }

  override down(): void {
    this.addSql(`drop index if exists "ticket_transition_to_waiting_qc_index"`);
    this.addSql(`drop index if exists "ticket_waiting_qc_index"`);
    this.addSql(`drop index if exists "ticket_active_created_at_id_index"`);
  }
}
