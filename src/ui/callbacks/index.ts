// Every callback_data prefix the bot answers, family by family: a press is routed by its prefix, so no two
// families may share one (test/unit/ui/callback-prefixes.test.ts).
import { ACCESS_PREFIXES } from './access';
import { QC_PREFIXES } from './qc';
import { STAFF_PREFIXES } from './staff';
import { SUPPORT_PREFIXES } from './support';
import { TEAM_STATS_PREFIXES } from './team-stats';
import { TECHNICIAN_PREFIXES } from './technician';

export const CALLBACK_PREFIXES: readonly string[] = [
  ...TECHNICIAN_PREFIXES,
  ...QC_PREFIXES,
  ...STAFF_PREFIXES,
  ...SUPPORT_PREFIXES,
  ...ACCESS_PREFIXES,
  ...TEAM_STATS_PREFIXES,
];
