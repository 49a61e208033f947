import { Migration } from '@mikro-orm/migrations';

/**
 * Indexes for the XP ledger reads, the analytics and the audit feed (issue 15) at 100k tickets:
 * the ledger filtered by user / entry type / ticket / reference prefix and ordered by date or
 * amount; the audit feed's keyset walk (newest first) over each source by (time, id), also per
 * actor; QC decisions by action and time for the first-pass trend and the team view. Frozen.
 */
export class Migration20261207123000_ledger_audit_indexes extends Migration {
  override up(): void {
    this.addSql(`create index "xp_transaction_created_at_id_index" on "xp_transaction" ("created_at", "id")`);
    this.addSql(
      `create index "xp_transaction_user_id_created_at_id_index" on "xp_transaction" ("user_id", "created_at", "id")`,
    );
    this.addSql(`create index "xp_transaction_amount_id_index" on "xp_transaction" ("amount", "id")`);
    this.addSql(
      `create index "xp_transaction_entry_type_created_at_id_index" on "xp_transaction" ("entry_type", "created_at", "id")`,
    );
    this.addSql(
      `create index "xp_transaction_ticket_id_id_index" on "xp_transaction" ((payload ->> 'ticket_id'), "id")`,
    );
    this.addSql(
      `create index "xp_transaction_reference_pattern_index" on "xp_transaction" ("reference" text_pattern_ops)`,
    );
    this.addSql(`create index "ticket_transition_created_at_id_index" on "ticket_transition" ("created_at", "id")`);
    this.addSql(
      `create index "ticket_transition_actor_id_created_at_id_index" on "ticket_transition" ("actor_id", "created_at", "id")`,
    );
    this.addSql(
      `create index "ticket_transition_action_created_at_index" on "ticket_transition" ("action", "created_at")`,
    );
    this.addSql(
      `create index "work_session_transition_event_at_id_index" on "work_session_transition" ("event_at", "id")`,
    );
    this.addSql(
      `create index "work_session_transition_actor_id_event_at_id_index" on "work_session_transition" ("actor_id", "event_at", "id")`,
    );
    this.addSql(
      `create index "access_request_resolved_at_id_index" on "access_request" ("resolved_at", "id") where resolved_at is not null`,
    );
  }

  override down(): void {
    for (const index of [
      'xp_transaction_created_at_id_index',
      'xp_transaction_user_id_created_at_id_index',
      'xp_transaction_amount_id_index',
      'xp_transaction_entry_type_created_at_id_index',
      'xp_transaction_ticket_id_id_index',
      'xp_transaction_reference_pattern_index',
      'ticket_transition_created_at_id_index',
      'ticket_transition_actor_id_created_at_id_index',
      'ticket_transition_action_created_at_index',
      'work_session_transition_event_at_id_index',
      'work_session_transition_actor_id_event_at_id_index',
      'access_request_resolved_at_id_index',
    ]) {
      this.addSql(`drop index if exists "${index}"`);
    }
  }
}
