import { Migration } from '@mikro-orm/migrations';

/** Tables whose rows are never updated or deleted once written (a trigger rejects both). */
const APPEND_ONLY_TABLES = ['ticket_transition', 'work_session_transition', 'xp_transaction', 'event'] as const;

/**
 * The initial schema: accounts, inventory, workshop, support desk.
 *
 * Hand-written and frozen: enum values are spelled out here (not imported from src/domain), so a
 * later change to the code needs a new migration. The entities in src/db/entities declare the same
 * columns, checks and indexes; test/integration/db checks that the ORM sees no difference.
 *
 * Naming: `<table>_<column>_check`, `<table>_<columns>_unique`, `<table>_<columns>_index`,
 * `<table>_<column>_foreign`; partial unique indexes that carry a business rule have descriptive
 * names (`ticket_one_active_per_item`, ...), so code can map a violation back to the rule.
 */
export class Migration20261121000000_initial extends Migration {
  override up(): void {
    // ------------------------------------------------------------ accounts

    this.addSql(`
      create table "app_user" (
        "id" serial primary key,
        "username" text not null,
        "first_name" text not null default '',
        "last_name" text not null default '',
        "phone" text null,
        "level" int not null default 1,
        "is_active" boolean not null default true,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "app_user_username_unique" unique ("username"),
        constraint "app_user_phone_unique" unique ("phone"),
        constraint "app_user_level_check" check (level >= 1 and level <= 5)
      )`);

    this.addSql(`
      create table "user_role" (
        "id" serial primary key,
        "user_id" int not null,
        "role" text not null,
        constraint "user_role_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete cascade,
        constraint "user_role_user_id_role_unique" unique ("user_id", "role"),
        constraint "user_role_role_check" check (role = any (array['super_admin', 'ops_manager', 'master', 'technician', 'qc_inspector']))
      )`);
    this.addSql(`create index "user_role_role_index" on "user_role" ("role")`);

    this.addSql(`
      create table "telegram_profile" (
        "id" serial primary key,
        "telegram_id" bigint not null,
        "user_id" int null,
        "username" text null,
        "first_name" text null,
        "last_name" text null,
        "language_code" text null,
        "last_seen_at" timestamptz not null default now(),
        "is_blocked" boolean not null default false,
        "created_at" timestamptz not null default now(),
        constraint "telegram_profile_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete set null,
        constraint "telegram_profile_telegram_id_unique" unique ("telegram_id")
      )`);
    this.addSql(`create index "telegram_profile_user_id_index" on "telegram_profile" ("user_id")`);

    this.addSql(`
      create table "access_request" (
        "id" serial primary key,
        "telegram_id" bigint not null,
        "first_name" text not null,
        "last_name" text not null,
        "phone" text not null,
        "status" text not null default 'pending',
        "user_id" int null,
        "roles_granted" text[] not null default '{}',
        "resolved_by_id" int null,
        "resolved_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        constraint "access_request_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete set null,
        constraint "access_request_resolved_by_id_foreign" foreign key ("resolved_by_id") references "app_user" ("id") on update no action on delete set null,
        constraint "access_request_status_check" check (status = any (array['pending', 'approved', 'rejected', 'expired'])),
        constraint "access_request_roles_granted_check" check (roles_granted <@ array['super_admin', 'ops_manager', 'master', 'technician', 'qc_inspector'])
      )`);
    this.addSql(
      `create unique index "access_request_one_pending_per_telegram_id" on "access_request" ("telegram_id") where status = 'pending'`,
    );
    this.addSql(`create index "access_request_telegram_id_id_index" on "access_request" ("telegram_id", "id" desc)`);
    this.addSql(`create index "access_request_user_id_id_index" on "access_request" ("user_id", "id" desc)`);
    this.addSql(`create index "access_request_status_created_at_index" on "access_request" ("status", "created_at")`);

    this.addSql(`
      create table "api_token" (
        "id" serial primary key,
        "user_id" int not null,
        "name" text not null,
        "token_hash" text not null,
        "created_at" timestamptz not null default now(),
        "last_used_at" timestamptz null,
        "revoked_at" timestamptz null,
        constraint "api_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete cascade,
        constraint "api_token_token_hash_unique" unique ("token_hash")
      )`);
    this.addSql(`create index "api_token_user_id_index" on "api_token" ("user_id")`);

    // ------------------------------------------------------------ inventory

    this.addSql(`
      create table "inventory" (
        "id" serial primary key,
        "name" text not null,
        constraint "inventory_name_unique" unique ("name")
      )`);

    this.addSql(`
      create table "category" (
        "id" serial primary key,
        "name" text not null,
        constraint "category_name_unique" unique ("name")
      )`);

    this.addSql(`
      create table "inventory_item" (
        "id" serial primary key,
        "inventory_id" int not null,
        "category_id" int not null,
        "serial_number" text not null,
        "name" text not null,
        "status" text not null default 'ready',
        "is_active" boolean not null default true,
        "archived_at" timestamptz null,
        constraint "inventory_item_inventory_id_foreign" foreign key ("inventory_id") references "inventory" ("id") on update no action on delete no action,
        constraint "inventory_item_category_id_foreign" foreign key ("category_id") references "category" ("id") on update no action on delete no action,
        constraint "inventory_item_serial_number_unique" unique ("serial_number"),
        constraint "inventory_item_status_check" check (status = any (array['ready', 'in_service', 'rented', 'blocked', 'write_off'])),
        constraint "inventory_item_serial_number_check" check (char_length(serial_number) >= 1 and char_length(serial_number) <= 32)
      )`);
    this.addSql(`create index "inventory_item_inventory_id_index" on "inventory_item" ("inventory_id")`);
    this.addSql(`create index "inventory_item_category_id_index" on "inventory_item" ("category_id")`);

    this.addSql(`
      create table "inventory_item_part" (
        "id" serial primary key,
        "item_id" int not null,
        "category_id" int not null,
        "name" text not null,
        constraint "inventory_item_part_item_id_foreign" foreign key ("item_id") references "inventory_item" ("id") on update no action on delete cascade,
        constraint "inventory_item_part_category_id_foreign" foreign key ("category_id") references "category" ("id") on update no action on delete no action,
        constraint "inventory_item_part_item_id_name_unique" unique ("item_id", "name")
      )`);
    this.addSql(`create index "inventory_item_part_category_id_index" on "inventory_item_part" ("category_id")`);

    // ------------------------------------------------------------ workshop

    this.addSql(`
      create table "ticket" (
        "id" serial primary key,
        "inventory_item_id" int not null,
        "master_id" int not null,
        "technician_id" int null,
        "title" text null,
        "total_duration" int not null default 0,
        "flag_minutes" int not null default 0,
        "flag_color" text not null default 'green',
        "xp_amount" int not null default 0,
        "is_manual" boolean not null default false,
        "approved_by_id" int null,
        "approved_at" timestamptz null,
        "status" text not null default 'under_review',
        "assigned_at" timestamptz null,
        "started_at" timestamptz null,
        "finished_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        "deleted_at" timestamptz null,
        constraint "ticket_inventory_item_id_foreign" foreign key ("inventory_item_id") references "inventory_item" ("id") on update no action on delete no action,
        constraint "ticket_master_id_foreign" foreign key ("master_id") references "app_user" ("id") on update no action on delete no action,
        constraint "ticket_technician_id_foreign" foreign key ("technician_id") references "app_user" ("id") on update no action on delete no action,
        constraint "ticket_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on update no action on delete no action,
        constraint "ticket_status_check" check (status = any (array['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc', 'rework', 'done'])),
        constraint "ticket_flag_color_check" check (flag_color = any (array['green', 'yellow', 'red'])),
        constraint "ticket_total_duration_check" check (total_duration >= 0),
        constraint "ticket_flag_minutes_check" check (flag_minutes >= 0),
        constraint "ticket_xp_amount_check" check (xp_amount >= 0)
      )`);
    this.addSql(
      `create unique index "ticket_one_active_per_item" on "ticket" ("inventory_item_id") where status <> 'done' and deleted_at is null`,
    );
    this.addSql(`create index "ticket_inventory_item_id_index" on "ticket" ("inventory_item_id")`);
    this.addSql(
      `create index "ticket_technician_id_status_id_index" on "ticket" ("technician_id", "status", "id" desc)`,
    );
    this.addSql(`create index "ticket_status_created_at_index" on "ticket" ("status", "created_at")`);
    this.addSql(`create index "ticket_master_id_status_index" on "ticket" ("master_id", "status")`);

    this.addSql(`
      create table "ticket_part_spec" (
        "id" serial primary key,
        "ticket_id" int not null,
        "part_id" int not null,
        "color" text not null,
        "comment" text not null default '',
        "minutes" int not null,
        "deleted_at" timestamptz null,
        constraint "ticket_part_spec_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "ticket_part_spec_part_id_foreign" foreign key ("part_id") references "inventory_item_part" ("id") on update no action on delete no action,
        constraint "ticket_part_spec_color_check" check (color = any (array['green', 'yellow', 'red'])),
        constraint "ticket_part_spec_minutes_check" check (minutes > 0)
      )`);
    this.addSql(
      `create unique index "ticket_part_spec_ticket_id_part_id_unique" on "ticket_part_spec" ("ticket_id", "part_id") where deleted_at is null`,
    );
    this.addSql(`create index "ticket_part_spec_part_id_index" on "ticket_part_spec" ("part_id")`);

    this.addSql(`
      create table "ticket_transition" (
        "id" serial primary key,
        "ticket_id" int not null,
        "from_status" text null,
        "to_status" text not null,
        "action" text not null,
        "actor_id" int null,
        "note" text not null default '',
        "metadata" jsonb not null default '{}',
        "created_at" timestamptz not null default now(),
        constraint "ticket_transition_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "ticket_transition_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update no action on delete no action,
        constraint "ticket_transition_from_status_check" check (from_status = any (array['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc', 'rework', 'done'])),
        constraint "ticket_transition_to_status_check" check (to_status = any (array['under_review', 'new', 'assigned', 'in_progress', 'waiting_qc', 'rework', 'done'])),
        constraint "ticket_transition_action_check" check (action = any (array['created', 'assigned', 'started', 'to_waiting_qc', 'qc_pass', 'qc_fail']))
      )`);
    this.addSql(`create index "ticket_transition_ticket_id_id_index" on "ticket_transition" ("ticket_id", "id")`);
    this.addSql(`create index "ticket_transition_actor_id_index" on "ticket_transition" ("actor_id")`);

    this.addSql(`
      create table "work_session" (
        "id" serial primary key,
        "ticket_id" int not null,
        "technician_id" int not null,
        "status" text not null default 'running',
        "started_at" timestamptz not null,
        "last_started_at" timestamptz null,
        "ended_at" timestamptz null,
        "active_seconds" int not null default 0,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "work_session_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "work_session_technician_id_foreign" foreign key ("technician_id") references "app_user" ("id") on update no action on delete no action,
        constraint "work_session_status_check" check (status = any (array['running', 'paused', 'stopped'])),
        constraint "work_session_active_seconds_check" check (active_seconds >= 0)
      )`);
    this.addSql(
      `create unique index "work_session_one_open_per_ticket" on "work_session" ("ticket_id") where status in ('running', 'paused')`,
    );
    this.addSql(
      `create unique index "work_session_one_open_per_technician" on "work_session" ("technician_id") where status in ('running', 'paused')`,
    );
    this.addSql(`create index "work_session_technician_id_status_index" on "work_session" ("technician_id", "status")`);
    this.addSql(
      `create index "work_session_technician_id_started_at_index" on "work_session" ("technician_id", "started_at")`,
    );
    this.addSql(
      `create index "work_session_ticket_id_technician_id_id_index" on "work_session" ("ticket_id", "technician_id", "id")`,
    );

    this.addSql(`
      create table "work_session_transition" (
        "id" serial primary key,
        "session_id" int not null,
        "ticket_id" int not null,
        "from_status" text null,
        "to_status" text not null,
        "action" text not null,
        "actor_id" int null,
        "event_at" timestamptz not null,
        "metadata" jsonb not null default '{}',
        constraint "work_session_transition_session_id_foreign" foreign key ("session_id") references "work_session" ("id") on update no action on delete no action,
        constraint "work_session_transition_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "work_session_transition_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update no action on delete no action,
        constraint "work_session_transition_from_status_check" check (from_status = any (array['running', 'paused', 'stopped'])),
        constraint "work_session_transition_to_status_check" check (to_status = any (array['running', 'paused', 'stopped'])),
        constraint "work_session_transition_action_check" check (action = any (array['started', 'paused', 'resumed', 'stopped']))
      )`);
    this.addSql(
      `create index "work_session_transition_session_id_event_at_id_index" on "work_session_transition" ("session_id", "event_at", "id")`,
    );
    this.addSql(
      `create index "work_session_transition_ticket_id_id_index" on "work_session_transition" ("ticket_id", "id")`,
    );

    this.addSql(`
      create table "xp_transaction" (
        "id" serial primary key,
        "user_id" int not null,
        "amount" int not null,
        "entry_type" text not null,
        "reference" text not null,
        "description" text not null default '',
        "payload" jsonb not null default '{}',
        "created_at" timestamptz not null default now(),
        constraint "xp_transaction_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "xp_transaction_reference_unique" unique ("reference"),
        constraint "xp_transaction_entry_type_check" check (entry_type = any (array['attendance_punctuality', 'ticket_base_xp', 'ticket_qc_first_pass_bonus', 'ticket_qc_status_update', 'manual_adjustment']))
      )`);
    this.addSql(`create index "xp_transaction_user_id_id_index" on "xp_transaction" ("user_id", "id" desc)`);
    this.addSql(
      `create index "xp_transaction_user_id_ticket_id_index" on "xp_transaction" ("user_id", (payload ->> 'ticket_id'))`,
    );

    this.addSql(`
      create table "rules_config" (
        "id" serial primary key,
        "version" int not null,
        "config" jsonb not null,
        "checksum" text not null,
        "diff" jsonb not null default '{}',
        "action" text not null,
        "is_active" boolean not null default false,
        "created_by_id" int null,
        "created_at" timestamptz not null default now(),
        constraint "rules_config_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update no action on delete no action,
        constraint "rules_config_version_unique" unique ("version"),
        constraint "rules_config_action_check" check (action = any (array['bootstrap', 'update', 'rollback'])),
        constraint "rules_config_version_check" check (version > 0)
      )`);
    this.addSql(`create unique index "rules_config_one_active" on "rules_config" ("is_active") where is_active`);

    // ------------------------------------------------------------ support desk

    this.addSql(`
      create table "support_ticket" (
        "id" serial primary key,
        "client_telegram_id" bigint not null,
        "client_name" text not null default '',
        "client_username" text null,
        "status" text not null default 'new',
        "main_chat_id" bigint not null,
        "main_thread_id" int null,
        "technician_id" int null,
        "workflow_id" text null,
        "first_response_at" timestamptz null,
        "sla_breached_at" timestamptz null,
        "client_blocked_at" timestamptz null,
        "created_at" timestamptz not null default now(),
        "closed_at" timestamptz null,
        constraint "support_ticket_technician_id_foreign" foreign key ("technician_id") references "app_user" ("id") on update no action on delete no action,
        constraint "support_ticket_workflow_id_unique" unique ("workflow_id"),
        constraint "support_ticket_status_check" check (status = any (array['new', 'work', 'closed']))
      )`);
    this.addSql(
      `create unique index "support_ticket_one_open_per_client" on "support_ticket" ("client_telegram_id") where status <> 'closed'`,
    );
    this.addSql(
      `create index "support_ticket_client_telegram_id_status_index" on "support_ticket" ("client_telegram_id", "status")`,
    );
    this.addSql(
      `create index "support_ticket_technician_id_status_index" on "support_ticket" ("technician_id", "status")`,
    );
    this.addSql(
      `create index "support_ticket_main_chat_id_main_thread_id_index" on "support_ticket" ("main_chat_id", "main_thread_id")`,
    );

    this.addSql(`
      create table "tech_thread" (
        "id" serial primary key,
        "support_ticket_id" int not null,
        "technician_id" int not null,
        "tech_chat_id" bigint not null,
        "tech_thread_id" int not null,
        "created_at" timestamptz not null default now(),
        "closed_at" timestamptz null,
        constraint "tech_thread_support_ticket_id_foreign" foreign key ("support_ticket_id") references "support_ticket" ("id") on update no action on delete no action,
        constraint "tech_thread_technician_id_foreign" foreign key ("technician_id") references "app_user" ("id") on update no action on delete no action
      )`);
    this.addSql(
      `create unique index "tech_thread_one_open_per_ticket_technician" on "tech_thread" ("support_ticket_id", "technician_id") where closed_at is null`,
    );
    this.addSql(
      `create index "tech_thread_tech_chat_id_tech_thread_id_index" on "tech_thread" ("tech_chat_id", "tech_thread_id")`,
    );
    this.addSql(`create index "tech_thread_technician_id_index" on "tech_thread" ("technician_id")`);

    this.addSql(`
      create table "message_link" (
        "id" serial primary key,
        "support_ticket_id" int not null,
        "source_chat_id" bigint not null,
        "source_message_id" int not null,
        "target_chat_id" bigint not null,
        "target_thread_id" int null,
        "target_message_id" int not null,
        "created_at" timestamptz not null default now(),
        constraint "message_link_support_ticket_id_foreign" foreign key ("support_ticket_id") references "support_ticket" ("id") on update no action on delete no action,
        constraint "message_link_source_message_target_chat_unique" unique ("source_chat_id", "source_message_id", "target_chat_id")
      )`);
    this.addSql(
      `create index "message_link_target_chat_id_target_message_id_index" on "message_link" ("target_chat_id", "target_message_id")`,
    );
    this.addSql(`create index "message_link_support_ticket_id_index" on "message_link" ("support_ticket_id")`);

    this.addSql(`
      create table "feedback" (
        "id" serial primary key,
        "support_ticket_id" int not null,
        "q1" smallint null,
        "q2" smallint null,
        "q3" smallint null,
        "comment" text null,
        "status" text not null default 'pending',
        "created_at" timestamptz not null default now(),
        "completed_at" timestamptz null,
        constraint "feedback_support_ticket_id_foreign" foreign key ("support_ticket_id") references "support_ticket" ("id") on update no action on delete no action,
        constraint "feedback_support_ticket_id_unique" unique ("support_ticket_id"),
        constraint "feedback_q1_check" check (q1 >= 1 and q1 <= 5),
        constraint "feedback_q2_check" check (q2 >= 1 and q2 <= 5),
        constraint "feedback_q3_check" check (q3 >= 1 and q3 <= 5),
        constraint "feedback_status_check" check (status = any (array['pending', 'completed', 'expired']))
      )`);

    this.addSql(`
      create table "event" (
        "id" serial primary key,
        "support_ticket_id" int null,
        "actor" text not null,
        "action" text not null,
        "payload" jsonb not null default '{}',
        "created_at" timestamptz not null default now(),
        constraint "event_support_ticket_id_foreign" foreign key ("support_ticket_id") references "support_ticket" ("id") on update no action on delete no action,
        constraint "event_actor_check" check (actor = any (array['CLIENT', 'TECH', 'STAFF', 'SYSTEM']))
      )`);
    this.addSql(`create index "event_support_ticket_id_id_index" on "event" ("support_ticket_id", "id")`);

    // ------------------------------------------------------------ append-only tables

    this.addSql(`
      create function "reject_append_only_change"() returns trigger
      language plpgsql as $$
      begin
        raise exception 'append-only table: % rejects %', TG_TABLE_NAME, TG_OP
          using errcode = 'restrict_violation';
      end
      $$`);
    for (const table of APPEND_ONLY_TABLES) {
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "${table}" for each row execute function "reject_append_only_change"()`,
      );
    }
  }

  override down(): void {
    for (const table of [
      'event',
      'feedback',
      'message_link',
      'tech_thread',
      'support_ticket',
      'rules_config',
      'xp_transaction',
      'work_session_transition',
      'work_session',
      'ticket_transition',
      'ticket_part_spec',
      'ticket',
      'inventory_item_part',
      'inventory_item',
      'category',
      'inventory',
      'api_token',
      'access_request',
      'telegram_profile',
      'user_role',
      'app_user',
    ]) {
      this.addSql(`drop table if exists "${table}"`);
    }
    this.addSql(`drop function if exists "reject_append_only_change"()`);
  }
}
