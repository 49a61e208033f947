import { Migration } from '@mikro-orm/migrations';

/**
 * The ticket notification outbox: one row per (notification, recipient chat), written in the
 * transaction of the transition that caused it and delivered in id order by that chat's lane
 * (the `notify-chat-<chat id>` workflow), so a chat sees its notifications in commit order
 * whatever Telegram answers in between. Frozen like the initial migration.
 */
export class Migration20261206050000_notification_outbox extends Migration {
  override up(): void {
    this.addSql(`
      create table "notification_outbox" (
        "id" serial primary key,
        "chat_id" bigint not null,
        "user_id" int not null,
        "ticket_id" int not null,
        "locale" text not null,
        "event" text not null,
        "notification_key" text not null,
        "payload" jsonb not null default '{}',
        "status" text not null default 'pending',
        "attempts" int not null default 0,
        "last_error" text null,
        "created_at" timestamptz not null default now(),
        "sent_at" timestamptz null,
        constraint "notification_outbox_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "notification_outbox_ticket_id_foreign" foreign key ("ticket_id") references "ticket" ("id") on update no action on delete no action,
        constraint "notification_outbox_notification_key_chat_id_unique" unique ("notification_key", "chat_id"),
        constraint "notification_outbox_status_check" check (status = any (array['pending', 'sent', 'skipped', 'dropped']))
      )`);
    this.addSql(
      `create index "notification_outbox_pending_per_chat" on "notification_outbox" ("chat_id", "id") where status = 'pending'`,
    );
    this.addSql(`create index "notification_outbox_user_id_index" on "notification_outbox" ("user_id")`);
    this.addSql(`create index "notification_outbox_ticket_id_index" on "notification_outbox" ("ticket_id")`);
  }

  override down(): void {
    this.addSql(`drop table if exists "notification_outbox"`);
  }
}
