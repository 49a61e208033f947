import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_initial } from './Migration20261121000000_initial';
import { Migration20261206050000_notification_outbox } from './Migration20261206050000_notification_outbox';
import { Migration20261206120000_api_token_lifecycle } from './Migration20261206120000_api_token_lifecycle';
import { Migration20261207100000_ticket_message } from './Migration20261207100000_ticket_message';
import { Migration20261208090000_progression } from './Migration20261208090000_progression';
import { Migration20261207123000_ledger_audit_indexes } from './Migration20261207123000_ledger_audit_indexes';
import { Migration20261208100000_attendance } from './Migration20261208100000_attendance';
import { Migration20261209090000_staff_queue_indexes } from './Migration20261209090000_staff_queue_indexes';
import { Migration20261210090000_inventory_archive } from './Migration20261210090000_inventory_archive';
import { Migration20261210100000_qc_waiting_since } from './Migration20261210100000_qc_waiting_since';

/** Every migration, in order. Listed explicitly so the same code runs from .ts (tsx, jest) and compiled .js. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121000000_initial', class: Migration20261121000000_initial },
  { name: 'Migration20261206050000_notification_outbox', class: Migration20261206050000_notification_outbox },
  { name: 'Migration20261206120000_api_token_lifecycle', class: Migration20261206120000_api_token_lifecycle },
  { name: 'Migration20261207100000_ticket_message', class: Migration20261207100000_ticket_message },
  { name: 'Migration20261208090000_progression', class: Migration20261208090000_progression },
  { name: 'Migration20261207123000_ledger_audit_indexes', class: Migration20261207123000_ledger_audit_indexes },
  { name: 'Migration20261208100000_attendance', class: Migration20261208100000_attendance },
  { name: 'Migration20261209090000_staff_queue_indexes', class: Migration20261209090000_staff_queue_indexes },
  { name: 'Migration20261210090000_inventory_archive', class: Migration20261210090000_inventory_archive },
  { name: 'Migration20261210100000_qc_waiting_since', class: Migration20261210100000_qc_waiting_since },
];
