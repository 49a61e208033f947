import { commandMenu, helpCommands, menuRows } from '../../../src/ui/render/menu';

describe('menu and /help by role', () => {
  it('shows an unregistered person only the way in: the greeting, and the access form for staff', () => {
    expect(helpCommands(null)).toEqual(['start', 'help', 'cancel', 'request_access']);
    expect(helpCommands(['technician'])).not.toContain('request_access');
    expect(menuRows(null)).toEqual([]);
  });

  it('gives technicians their dashboards and nothing of staff', () => {
    expect(menuRows(['technician'])).toEqual([
      ['menu-check-in', 'menu-check-out'],
      ['menu-active', 'menu-under-qc'],
      ['menu-past', 'menu-xp'],
      ['menu-xp-history', 'menu-profile'],
      ['menu-help'],
    ]);
    expect(helpCommands(['technician'])).not.toContain('ticket_review');
    expect(helpCommands(['technician'])).toEqual(expect.arrayContaining(['checkin', 'checkout']));
    expect(helpCommands(['technician'])).not.toContain('attendance');
  });

  it('offers access moderation only to those who may moderate (not masters)', () => {
    expect(helpCommands(['master'])).toEqual(expect.arrayContaining(['ticket_create', 'ticket_review', 'stats']));
    expect(helpCommands(['master'])).not.toContain('access_requests');
    // Support desk commands (in a ticket's topic) for staff only.
    expect(helpCommands(['master'])).toEqual(expect.arrayContaining(['close', 'ban', 'unban']));
    expect(helpCommands(['technician'])).not.toContain('close');
    expect(helpCommands(['qc_inspector'])).not.toContain('ban');
    expect(menuRows(['master']).flat()).not.toContain('menu-access');
    expect(helpCommands(['ops_manager'])).toContain('access_requests');
    // Staff record attendance on a technician's behalf and list the day; no check-in button of their own.
    expect(helpCommands(['master'])).toEqual(expect.arrayContaining(['attendance', 'checkin', 'checkout']));
    expect(menuRows(['master']).flat()).not.toContain('menu-check-in');
    expect(helpCommands(['qc_inspector'])).not.toContain('checkin');
    expect(menuRows(['ops_manager']).flat()).toContain('menu-access');
  });

  it('shows QC the QC entry, and a super admin everything', () => {
    expect(menuRows(['qc_inspector']).flat()).toEqual(['menu-qc', 'menu-profile', 'menu-help']);
    const all = helpCommands(['super_admin']);
    expect(all).toEqual(expect.arrayContaining(['qc', 'ticket_create', 'access_requests', 'leaderboard']));
  });

  it('lists /console (the web console sign-in) for anyone with a role, and in the command menu too', () => {
    expect(helpCommands(null)).not.toContain('console');
    expect(helpCommands([])).not.toContain('console');
    for (const role of ['technician', 'qc_inspector', 'master', 'ops_manager', 'super_admin'] as const) {
      expect(helpCommands([role])).toContain('console');
    }
    const t = (key: string) => `<${key}>`;
    expect(commandMenu(t, ['master'])).toContainEqual({ command: 'console', description: '<help-cmd-console>' });
    expect(commandMenu(t, ['master']).map((c) => c.command)).toEqual(helpCommands(['master']));
  });
});
