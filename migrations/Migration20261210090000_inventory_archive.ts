import { Migration } from '@mikro-orm/migrations';

/**
 * Inventories, categories and parts can be archived like items (issue 16): `archived_at` set means
 * left out of pickers and intake, kept for the tickets and items that name them; null means live.
 * Frozen.
 */
export class Migration20261210090000_inventory_archive extends Migration {
  override up(): void {
    for (const table of ['inventory', 'category', 'inventory_item_part']) {
      this.addSql(`alter table "${table}" add column "archived_at" timestamptz null`);
    }
  }

  override down(): void {
    for (const table of ['inventory_item_part', 'category', 'inventory']) {
      this.addSql(`alter table "${table}" drop column if exists "archived_at"`);
    }
  }
}
