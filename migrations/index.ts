import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261121000000_initial } from './Migration20261121000000_initial';

/** Every migration, in order. Listed explicitly so the same code runs from .ts (tsx, jest) and compiled .js. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261121000000_initial', class: Migration20261121000000_initial },
];
