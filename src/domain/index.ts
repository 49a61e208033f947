// The pure workshop domain: no I/O, no clock, no imports from outside this folder. Workflows,
// activities, the bot and the REST API all call these rules.
export * from './enums';
export * from './types';
export * from './errors';
export * from './roles';
export * from './time-zone';
export * from './rules';
export * from './metrics';
export * from './intake';
export * from './work-session';
export * from './pause-budget';
export * from './ticket';
export * from './ticket-card';
export * from './xp';
export * from './availability';
export * from './access-request';
export * from './support-desk';
export * from './text';
export * from './people';
export * from './attendance';
export * from './locale';
