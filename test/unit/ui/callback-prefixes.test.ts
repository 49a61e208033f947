// A press is routed by the first segment of its callback_data: two families sharing a prefix would
// answer each other's buttons. Every family declares its prefixes; each encoder writes one of its own.
import { CALLBACK_PREFIXES } from '../../../src/ui/callbacks';
import { ACCESS_PREFIXES, accessButton } from '../../../src/ui/callbacks/access';
import { QC_PREFIXES, qcButton, qcFailPromptButton, qcQueueButton } from '../../../src/ui/callbacks/qc';
import { intakeButton, reviewActionButton, reviewQueueButton, STAFF_PREFIXES } from '../../../src/ui/callbacks/staff';
import { SUPPORT_PREFIXES, supportButton } from '../../../src/ui/callbacks/support';
import { TEAM_STATS_PREFIXES, teamStatsButton } from '../../../src/ui/callbacks/team-stats';
import { queueButton, TECHNICIAN_PREFIXES, ticketButton, xpHistoryButton } from '../../../src/ui/callbacks/technician';

const prefixOf = (data: string) => data.split(':')[0];

describe('callback-data prefixes', () => {
  it('are unique across families', () => {
    const seen = new Map<string, number>();
    for (const prefix of CALLBACK_PREFIXES) seen.set(prefix, (seen.get(prefix) ?? 0) + 1);
    expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
    expect(CALLBACK_PREFIXES.length).toBeGreaterThanOrEqual(13);
  });

  it.each<[string, readonly string[], string[]]>([
    [
      'technician',
      TECHNICIAN_PREFIXES,
      [
        ticketButton.encode({ ticketId: 7, action: 'start' }),
        queueButton.encode({ kind: 'refresh', scope: 'active', page: 2 }),
        xpHistoryButton.encode({ limit: 5, offset: 10 }),
      ],
    ],
    [
      'qc',
      QC_PREFIXES,
      [
        qcButton.encode({ ticketId: 7, action: 'pass' }),
        qcQueueButton.encode({ kind: 'refresh', page: 1 }),
        qcFailPromptButton.encode({ ticketId: 7, action: 'skip' }),
      ],
    ],
    [
      'staff',
      STAFF_PREFIXES,
      [
        intakeButton.encode({ kind: 'list', page: 1 }),
        reviewQueueButton.encode({ kind: 'refresh', page: 1 }),
        reviewActionButton.encode({ kind: 'assign', ticketId: 7 }),
      ],
    ],
    ['support', SUPPORT_PREFIXES, [supportButton.encode({ kind: 'close', ticketId: 7 })]],
    ['access', ACCESS_PREFIXES, [accessButton.encode({ requestId: 7, action: 'reject' })]],
    ['team stats', TEAM_STATS_PREFIXES, [teamStatsButton.encode(7)]],
  ])('%s buttons encode under their own prefixes', (_family, prefixes, encoded) => {
    for (const data of encoded) expect(prefixes).toContain(prefixOf(data));
  });
});
