import { Migration } from '@mikro-orm/migrations';

/**
 * Per-user API tokens may expire: `expires_at` (null: never), always after the token was created.
 * `last_used_at` already exists; rotation revokes the old row and inserts a new one, so it needs no
 * column of its own. Frozen like the initial migration.
 */
export class Migration20261206120000_api_token_lifecycle extends Migration {
  override up(): void {
    this.addSql(`alter table "api_token" add column "expires_at" timestamptz null`);
    this.addSql(
      `alter table "api_token" add constraint "api_token_expires_at_check" check (expires_at is null or expires_at > created_at)`,
    );
  }

  override down(): void {
    this.addSql(`alter table "api_token" drop constraint if exists "api_token_expires_at_check"`);
    this.addSql(`alter table "api_token" drop column if exists "expires_at"`);
  }
}
