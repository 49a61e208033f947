import { Migration } from '@mikro-orm/migrations';

/**
 * Weekly level evaluation and level history (issue 15): one `level_evaluation` per (user, week),
 * the weeks whose run completed (`level_evaluation_week`, where a catch-up starts), and every level
 * change with its reason (`level_change`). Evaluations and changes are append-only, like the XP
 * ledger; manual XP adjustments are `manual_adjustment` rows of `xp_transaction`.
 */
export class Migration20261208090000_progression extends Migration {
  override up(): void {
    this.addSql(`
      create table "level_evaluation" (
        "id" serial primary key,
        "user_id" int not null,
        "week_start" date not null,
        "status" text not null,
        "previous_level" int not null,
        "new_level" int not null,
        "week_xp" int not null,
        "cumulative_xp" int not null,
        "rules_version" int not null,
        "coupon_amount" int not null default 0,
        "warning_active" boolean not null default false,
        "created_at" timestamptz not null default now(),
        constraint "level_evaluation_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "level_evaluation_user_id_week_start_unique" unique ("user_id", "week_start"),
        constraint "level_evaluation_status_check" check (status = any (array['level_up', 'maintained', 'warning', 'reset_to_l1'])),
        constraint "level_evaluation_previous_level_check" check (previous_level >= 1 and previous_level <= 5),
        constraint "level_evaluation_new_level_check" check (new_level >= 1 and new_level <= 5),
        constraint "level_evaluation_coupon_amount_check" check (coupon_amount >= 0)
      )`);
    this.addSql(`create index "level_evaluation_week_start_index" on "level_evaluation" ("week_start")`);

    this.addSql(`
      create table "level_evaluation_week" (
        "week_start" date not null,
        "counts" jsonb not null default '{}',
        "completed_at" timestamptz not null default now(),
        constraint "level_evaluation_week_pkey" primary key ("week_start")
      )`);

    this.addSql(`
      create table "level_change" (
        "id" serial primary key,
        "user_id" int not null,
        "from_level" int not null,
        "to_level" int not null,
        "reason" text not null,
        "comment" text not null default '',
        "actor_id" int null,
        "evaluation_id" int null,
        "created_at" timestamptz not null default now(),
        constraint "level_change_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "level_change_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update no action on delete no action,
        constraint "level_change_evaluation_id_foreign" foreign key ("evaluation_id") references "level_evaluation" ("id") on update no action on delete no action,
        constraint "level_change_evaluation_id_unique" unique ("evaluation_id"),
        constraint "level_change_reason_check" check (reason = any (array['weekly', 'manual'])),
        constraint "level_change_from_level_check" check (from_level >= 1 and from_level <= 5),
        constraint "level_change_to_level_check" check (to_level >= 1 and to_level <= 5)
      )`);
    this.addSql(`create index "level_change_user_id_id_index" on "level_change" ("user_id", "id")`);

    for (const table of ['level_evaluation', 'level_change']) {
      this.addSql(
        `create trigger "${table}_append_only" before update or delete on "${table}" for each row execute function "reject_append_only_change"()`,
      );
    }
  }

  override down(): void {
    this.addSql(`drop table if exists "level_change"`);
    this.addSql(`drop table if exists "level_evaluation_week"`);
    this.addSql(`drop table if exists "level_evaluation"`);
  }
}
