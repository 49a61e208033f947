import { Migration } from '@mikro-orm/migrations';

/**
 * Every copy of a ticket's actionable messages (a notification with buttons, a technician card, a
 * QC panel, a review card), so that after a transition each copy can be edited to the ticket's
 * current state: one row per (chat, message). Written when the message is sent or drawn, refreshed
 * by the chat's notification lane, forgotten when the message shows something else.
 */
export class Migration20261207100000_ticket_message extends Migration {
  override up(): void {
    this.addSql(`
      create table "ticket_message" (
        "id" serial primary key,
        "ticket_id" int not null,
        "chat_id" bigint not null,
        "message_id" int not null,
        "user_id" int not null,
        "locale" text not null,
        "kind" text not null,
        "context" jsonb not null default '{}',
        "fingerprint" text not null default '',
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "ticket_message_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "ticket_message_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "ticket_message_chat_id_message_id_unique" unique ("chat_id", "message_id"),
        constraint "ticket_message_kind_check" check (kind = any (array['notification', 'technician_card', 'qc_panel', 'review_card']))
      )`);
    this.addSql(`create index "ticket_message_ticket_id_index" on "ticket_message" ("ticket_id")`);
    this.addSql(`create index "ticket_message_user_id_index" on "ticket_message" ("user_id")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "ticket_message"`);
  }
}
