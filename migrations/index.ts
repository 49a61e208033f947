import type { MigrationObject } from '@mikro-orm/core';

/** Every migration, in order. Listed explicitly so the same code runs from .ts (tsx, jest) and compiled .js. */
export const migrationsList: MigrationObject[] = [];
