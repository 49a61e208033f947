import { Migration } from '@mikro-orm/migrations';

/**
 * Attendance (issue 15): one record per technician and business date (the local date in the rules
 * time zone), with the check-in's punctuality and the XP it earned (also written to xp_transaction
 * as `attendance_punctuality`, reference `attendance_checkin:<user>:<date>`, in the same transaction).
 */
export class Migration20261208100000_attendance extends Migration {
  override up(): void {
    this.addSql(`
      create table "attendance_record" (
        "id" serial primary key,
        "user_id" int not null,
        "business_date" date not null,
        "check_in_at" timestamptz not null,
        "check_out_at" timestamptz null,
        "punctuality" text not null,
        "xp_amount" int not null,
        "rules_version" int not null,
        "recorded_by_id" int not null,
        "checked_out_by_id" int null,
        "created_at" timestamptz not null default now(),
        "updated_at" timestamptz not null default now(),
        constraint "attendance_record_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update no action on delete no action,
        constraint "attendance_record_recorded_by_id_foreign" foreign key ("recorded_by_id") references "app_user" ("id") on update no action on delete no action,
        constraint "attendance_record_checked_out_by_id_foreign" foreign key ("checked_out_by_id") references "app_user" ("id") on update no action on delete no action,
        constraint "attendance_record_user_id_business_date_unique" unique ("user_id", "business_date"),
        constraint "attendance_record_punctuality_check" check (punctuality = any (array['early', 'on_time', 'late'])),
        constraint "attendance_record_check_out_after_check_in_check" check (check_out_at is null or check_out_at >= check_in_at),
        constraint "attendance_record_check_out_by_check" check ((check_out_at is null) = (checked_out_by_id is null)),
        constraint "attendance_record_rules_version_check" check (rules_version > 0)
      )`);
    this.addSql(
      `create index "attendance_record_business_date_punctuality_index" on "attendance_record" ("business_date", "punctuality")`,
    );
  }

  override down(): void {
    this.addSql(`drop table if exists "attendance_record"`);
  }
}
