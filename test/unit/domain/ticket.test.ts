import {
  approveReview,
  ASSIGNABLE_STATUSES,
  assign,
  awaitsReview,
  canBeAssigned,
  createTicket,
  type CreateTicketInput,
  qcFail,
  qcPass,
  sendToQc,
  setManualMetrics,
  start,
  TICKET_STATUSES,
  type TicketStatus,
} from '../../../src/domain';
import {
  domainErrorOf,
  makeTicket,
  master,
  opsManager,
  otherTechnician,
  qcInspector,
  rules,
  superAdmin,
  T0,
  technician,
} from './fixtures';

const technicianUser = { id: technician.id, roles: technician.roles };
const reviewed = { approvedById: opsManager.id, approvedAt: T0 - 1000 };

describe('T0 createTicket', () => {
  const input: CreateTicketInput = {
    actor: master,
    serial: {
      rawSerial: 'rm-0100',
      item: { id: 100, categoryId: 5, hasActiveTicket: false },
      archived: false,
      confirmCreate: false,
    },
    partSpecs: [
      { partId: 1, color: 'green', minutes: 20, comment: ' Inspect part A ' },
      { partId: 2, color: 'yellow', minutes: 25, comment: 'Fix part B' },
    ],
    knownParts: [
      { id: 1, categoryId: 5 },
      { id: 2, categoryId: 5 },
    ],
    title: 'Diagnostics',
    rules,
    now: T0,
  };

  it('creates an under_review ticket with auto metrics and logs `created` with metrics and intake info', () => {
    const result = createTicket(input);
    expect(result.ticket).toMatchObject({
      status: 'under_review',
      masterId: master.id,
      technicianId: null,
      title: 'Diagnostics',
      totalDuration: 45,
      flagMinutes: 45,
      flagColor: 'yellow',
      xpAmount: 3,
      isManual: false,
      approvedById: null,
      approvedAt: null,
    });
    expect(result.item).toEqual({ kind: 'existing', serial: 'RM-0100', itemId: 100, itemCategoryId: 5, categoryId: 5 });
    expect(result.partSpecs[0]?.comment).toBe('Inspect part A');
    expect(result.transition).toEqual({
      action: 'created',
      fromStatus: null,
      toStatus: 'under_review',
      actorId: master.id,
      note: null,
      metadata: {
        total_duration: 45,
        review_approved: false,
        flag_color: 'yellow',
        xp_amount: 3,
        is_manual: false,
        serial_number: 'RM-0100',
        inventory_item_created_during_intake: false,
        inventory_item_creation_reason: null,
        total_minutes: 45,
        part_specs_count: 2,
      },
    });
  });

  it('is refused to roles that cannot create', () => {
    expect(domainErrorOf(() => createTicket({ ...input, actor: technician })).code).toBe('role.forbidden');
    expect(createTicket({ ...input, actor: superAdmin }).ticket.masterId).toBe(superAdmin.id);
  });

  it('lets ops managers approve at creation, keeping the status under_review', () => {
    const result = createTicket({ ...input, actor: opsManager, approveReview: true });
    expect(result.ticket).toMatchObject({ status: 'under_review', approvedById: opsManager.id, approvedAt: T0 });
    expect(result.transition.metadata.review_approved).toBe(true);
  });

  it('refuses approve-at-creation to a master', () => {
    expect(domainErrorOf(() => createTicket({ ...input, approveReview: true })).message).toBe(
      'Only admin users can approve ticket review.',
    );
  });

  it('creates the inventory item for a confirmed unknown serial, in the parts category', () => {
    const result = createTicket({
      ...input,
      serial: { rawSerial: 'RM-0999', item: null, archived: false, confirmCreate: true, creationReason: 'verified' },
    });
    expect(result.item).toEqual({ kind: 'create', serial: 'RM-0999', reason: 'verified', categoryId: 5 });
    expect(result.transition.metadata).toMatchObject({
      inventory_item_created_during_intake: true,
      inventory_item_creation_reason: 'verified',
    });
  });

  it('checks the serial before the part selection, and both before the manual override', () => {
    const activeItem = { ...input.serial, item: { id: 100, categoryId: 5, hasActiveTicket: true } };
    expect(domainErrorOf(() => createTicket({ ...input, serial: activeItem, partSpecs: [] })).code).toBe(
      'intake.active_ticket_exists',
    );
    expect(domainErrorOf(() => createTicket({ ...input, partSpecs: [], manual: { xpAmount: 5 } })).code).toBe(
      'intake.part_specs_empty',
    );
  });

  it('checks field values (color, minutes, manual values) before the serial', () => {
    const activeItem = { ...input.serial, item: { id: 100, categoryId: 5, hasActiveTicket: true } };
    expect(
      domainErrorOf(() =>
        createTicket({ ...input, serial: activeItem, partSpecs: [{ partId: 1, color: 'green', minutes: 0 }] }),
      ).field,
    ).toBe('part_specs[0].minutes');
    expect(domainErrorOf(() => createTicket({ ...input, serial: activeItem, manual: { xpAmount: -2 } })).field).toBe(
      'xp_amount',
    );
  });

  it('applies a full manual override', () => {
    const result = createTicket({ ...input, manual: { flagColor: 'red', xpAmount: 99 } });
    expect(result.ticket).toMatchObject({ flagColor: 'red', xpAmount: 99, isManual: true, totalDuration: 45 });
  });

  it('refuses a half manual override', () => {
    expect(domainErrorOf(() => createTicket({ ...input, manual: { xpAmount: 50 } })).message).toBe(
      'Manual override requires both flag_color and xp_amount.',
    );
  });
});

describe('T1 approveReview', () => {
  it('moves under_review to new and records the reviewer, writing no transition', () => {
    const result = approveReview(makeTicket(), master, T0);
    expect(result.ticket).toMatchObject({ status: 'new', approvedById: master.id, approvedAt: T0 });
    expect(result.transition).toBeNull();
    expect(result.effects.notifications).toEqual([]);
  });

  it('approves a new ticket without changing its status', () => {
    expect(approveReview(makeTicket({ status: 'new' }), master, T0).ticket).toMatchObject({
      status: 'new',
      approvedById: master.id,
    });
  });

  it('is a no-op when already reviewed, whatever the status', () => {
    const ticket = makeTicket({ status: 'assigned', ...reviewed });
    expect(approveReview(ticket, master, T0).ticket).toBe(ticket);
  });

  it.each(['assigned', 'in_progress', 'waiting_qc', 'rework', 'done'] as TicketStatus[])(
    'refuses an unreviewed %s ticket',
    (status) => {
      expect(domainErrorOf(() => approveReview(makeTicket({ status }), master, T0)).message).toBe(
        'Ticket review can be approved only from UNDER_REVIEW or NEW status.',
      );
    },
  );

  it('is refused to a technician', () => {
    expect(domainErrorOf(() => approveReview(makeTicket(), technician, T0)).code).toBe('role.forbidden');
  });
});

describe('T2 assign', () => {
  it('assigns from under_review, new, assigned and rework only (the list the bot offers)', () => {
    expect([...ASSIGNABLE_STATUSES].sort()).toEqual(['assigned', 'new', 'rework', 'under_review']);
    for (const status of TICKET_STATUSES) {
      expect(canBeAssigned(status)).toBe(ASSIGNABLE_STATUSES.includes(status));
      const attempt = () => assign(makeTicket({ status, ...reviewed }), master, { technician: technicianUser }, T0);
      if (canBeAssigned(status)) expect(attempt).not.toThrow();
      else expect(attempt).toThrow(expect.objectContaining({ code: 'ticket.assign_wrong_status' }));
    }
  });

  it('treats under_review and new as still waiting for the review', () => {
    expect(TICKET_STATUSES.filter(awaitsReview).sort()).toEqual(['new', 'under_review']);
  });

  it('assigns a reviewed new ticket and logs technician and review flag', () => {
    const result = assign(makeTicket({ status: 'new', ...reviewed }), master, { technician: technicianUser }, T0);
    expect(result.ticket).toMatchObject({ status: 'assigned', technicianId: technician.id, assignedAt: T0 });
    expect(result.transition).toEqual({
      action: 'assigned',
      fromStatus: 'new',
      toStatus: 'assigned',
      actorId: master.id,
      note: null,
      metadata: { technician_id: technician.id, review_approved: true },
    });
    expect(result.effects.notifications).toEqual(['ticket_assigned_master', 'ticket_assigned_technician']);
  });

  it('assigns a ticket approved at creation while still under_review', () => {
    expect(assign(makeTicket({ ...reviewed }), master, { technician: technicianUser }, T0).ticket.status).toBe(
      'assigned',
    );
  });

  it.each(['assigned', 'rework'] as TicketStatus[])('reassigns a %s ticket keeping its status', (status) => {
    const result = assign(
      makeTicket({ status, technicianId: technician.id, ...reviewed }),
      master,
      { technician: { id: otherTechnician.id, roles: ['technician'] } },
      T0,
    );
    expect(result.ticket).toMatchObject({ status, technicianId: otherTechnician.id });
    expect(result.transition?.metadata).toEqual({ technician_id: otherTechnician.id, review_approved: false });
  });

  it('refuses an unreviewed ticket', () => {
    expect(
      domainErrorOf(() => assign(makeTicket({ status: 'new' }), master, { technician: technicianUser }, T0)).message,
    ).toBe('Ticket must pass admin review before assignment.');
  });

  it.each(['in_progress', 'waiting_qc', 'done'] as TicketStatus[])('refuses a %s ticket', (status) => {
    expect(
      domainErrorOf(() => assign(makeTicket({ status, ...reviewed }), master, { technician: technicianUser }, T0))
        .message,
    ).toBe('Ticket cannot be assigned in current status.');
  });

  it('checks the status before the review gate', () => {
    expect(
      domainErrorOf(() => assign(makeTicket({ status: 'done' }), master, { technician: technicianUser }, T0)).code,
    ).toBe('ticket.assign_wrong_status');
  });

  it('requires an existing target holding the technician role (super_admin is not enough)', () => {
    const ticket = makeTicket({ status: 'new', ...reviewed });
    expect(domainErrorOf(() => assign(ticket, master, { technician: null }, T0)).message).toBe(
      'Technician user does not exist.',
    );
    expect(
      domainErrorOf(() => assign(ticket, master, { technician: { id: 3, roles: ['super_admin'] } }, T0)).message,
    ).toBe('Selected user does not have TECHNICIAN role.');
  });

  it('is refused to a QC inspector', () => {
    expect(
      domainErrorOf(() =>
        assign(makeTicket({ status: 'new', ...reviewed }), qcInspector, { technician: technicianUser }, T0),
      ).code,
    ).toBe('role.forbidden');
  });
});

describe('T3 start', () => {
  const assigned = makeTicket({ status: 'assigned', technicianId: technician.id, ...reviewed });
  const free = { technicianHasOpenSession: false };

  it('moves to in_progress, puts the item in service and opens a running session', () => {
    const result = start(assigned, technician, free, T0);
    expect(result.ticket).toMatchObject({ status: 'in_progress', startedAt: T0 });
    expect(result.transition).toMatchObject({ action: 'started', fromStatus: 'assigned', toStatus: 'in_progress' });
    expect(result.effects.itemStatus).toBe('in_service');
    expect(result.effects.openSession?.session).toMatchObject({
      ticketId: assigned.id,
      technicianId: technician.id,
      status: 'running',
      startedAt: T0,
      lastStartedAt: T0,
    });
    expect(result.effects.openSession?.transition).toMatchObject({
      action: 'started',
      fromStatus: null,
      toStatus: 'running',
    });
  });

  it('keeps the first started_at when restarting from rework', () => {
    const rework = { ...assigned, status: 'rework' as const, startedAt: T0 - 10_000 };
    expect(start(rework, technician, free, T0).ticket.startedAt).toBe(T0 - 10_000);
  });

  it('refuses while the technician has an open session anywhere, before any other guard', () => {
    const error = domainErrorOf(() =>
      start(makeTicket({ status: 'done' }), technician, { technicianHasOpenSession: true }, T0),
    );
    expect(error.message).toBe(
      'Technician already has an active work session. Stop current work session or move ticket to waiting QC before starting another ticket.',
    );
  });

  it.each(['under_review', 'new', 'in_progress', 'waiting_qc', 'done'] as TicketStatus[])(
    'refuses a %s ticket',
    (status) => {
      expect(domainErrorOf(() => start({ ...assigned, status }, technician, free, T0)).message).toBe(
        'Ticket can be started only from ASSIGNED or REWORK.',
      );
    },
  );

  it('refuses a ticket without technician, then one assigned to someone else', () => {
    expect(domainErrorOf(() => start({ ...assigned, technicianId: null }, technician, free, T0)).message).toBe(
      'Ticket has no assigned technician.',
    );
    expect(domainErrorOf(() => start(assigned, otherTechnician, free, T0)).message).toBe(
      'Only assigned technician can start this ticket.',
    );
  });

  it('refuses when the ticket itself still has an open session', () => {
    expect(domainErrorOf(() => start(assigned, technician, { ...free, ticketHasOpenSession: true }, T0)).message).toBe(
      'Ticket already has an active work session.',
    );
  });

  it('is refused to non-technicians', () => {
    expect(domainErrorOf(() => start(assigned, master, free, T0)).message).toBe(
      '⛔ This action is available only for technicians.',
    );
  });
});

describe('T4 sendToQc', () => {
  const inProgress = makeTicket({ status: 'in_progress', technicianId: technician.id, ...reviewed });
  const botMetadata = { source: 'telegram_bot', channel: 'technician_callback', telegram_action: 'to_waiting_qc' };

  it('moves to waiting_qc with the caller metadata and notifies QC reviewers', () => {
    const result = sendToQc(inProgress, technician, { latestSessionStatus: 'stopped', metadata: botMetadata });
    expect(result.ticket.status).toBe('waiting_qc');
    expect(result.transition).toMatchObject({
      action: 'to_waiting_qc',
      fromStatus: 'in_progress',
      metadata: botMetadata,
    });
    expect(result.effects.notifications).toEqual(['ticket_waiting_qc_reviewers']);
  });

  it.each([null, 'running', 'paused'] as const)(
    'requires a stopped latest session (got %p), checked first',
    (status) => {
      expect(
        domainErrorOf(() => sendToQc({ ...inProgress, status: 'done' }, technician, { latestSessionStatus: status }))
          .message,
      ).toBe('Work session must be stopped before moving ticket to waiting QC.');
    },
  );

  it('refuses other statuses and other technicians', () => {
    expect(
      domainErrorOf(() =>
        sendToQc({ ...inProgress, status: 'assigned' }, technician, { latestSessionStatus: 'stopped' }),
      ).message,
    ).toBe('Ticket can be sent to QC only from IN_PROGRESS.');
    expect(domainErrorOf(() => sendToQc(inProgress, otherTechnician, { latestSessionStatus: 'stopped' })).message).toBe(
      'Only assigned technician can send ticket to QC.',
    );
    expect(
      domainErrorOf(() =>
        sendToQc({ ...inProgress, technicianId: null }, technician, { latestSessionStatus: 'stopped' }),
      ).message,
    ).toBe('Only assigned technician can send ticket to QC.');
  });
});

describe('T5 qcPass / T6 qcFail', () => {
  const waiting = makeTicket({ status: 'waiting_qc', technicianId: technician.id, ...reviewed, startedAt: T0 - 5000 });
  const passFacts = { rules, hadQcFail: false, totalActiveSeconds: 2700 };

  it('passes: done, finished_at, item ready, an XP plan for technician and inspector', () => {
    const result = qcPass(waiting, qcInspector, passFacts, T0);
    expect(result.ticket).toMatchObject({ status: 'done', finishedAt: T0 });
    expect(result.transition).toMatchObject({
      action: 'qc_pass',
      fromStatus: 'waiting_qc',
      toStatus: 'done',
      actorId: qcInspector.id,
    });
    expect(result.effects.itemStatus).toBe('ready');
    expect(result.effects.xp).toMatchObject({
      qcAction: 'qc_pass',
      qcActorId: qcInspector.id,
      hadQcFail: false,
      totalActiveSeconds: 2700,
    });
    expect(result.effects.notifications).toEqual(['ticket_qc_pass']);
  });

  it('refuses QC pass outside waiting_qc and without technician', () => {
    expect(domainErrorOf(() => qcPass({ ...waiting, status: 'in_progress' }, qcInspector, passFacts, T0)).message).toBe(
      'QC PASS allowed only from WAITING_QC.',
    );
    expect(domainErrorOf(() => qcPass({ ...waiting, technicianId: null }, qcInspector, passFacts, T0)).message).toBe(
      'Ticket must have an assigned technician before QC PASS.',
    );
  });

  it('fails: rework, finished_at cleared, technician kept, no item change, inspector XP planned', () => {
    const result = qcFail({ ...waiting, finishedAt: T0 - 1 }, qcInspector, { rules });
    expect(result.ticket).toMatchObject({ status: 'rework', finishedAt: null, technicianId: technician.id });
    expect(result.transition).toMatchObject({ action: 'qc_fail', fromStatus: 'waiting_qc', toStatus: 'rework' });
    expect(result.effects.itemStatus).toBeUndefined();
    expect(result.effects.xp?.qcAction).toBe('qc_fail');
  });

  it('refuses QC fail outside waiting_qc', () => {
    expect(domainErrorOf(() => qcFail({ ...waiting, status: 'done' }, qcInspector, { rules })).message).toBe(
      'QC FAIL allowed only from WAITING_QC.',
    );
  });

  it('needs qc_inspector or super_admin, not the ticket master', () => {
    expect(domainErrorOf(() => qcPass(waiting, master, passFacts, T0)).message).toBe(
      '⛔ This action is available only for QC inspectors.',
    );
    expect(domainErrorOf(() => qcFail(waiting, technician, { rules })).code).toBe('role.qc_inspectors_only');
    expect(qcPass(waiting, superAdmin, passFacts, T0).ticket.status).toBe('done');
  });
});

describe('T7 setManualMetrics', () => {
  it('sets color and xp, marks manual, keeps total, in any status, without a transition', () => {
    const ticket = makeTicket({ status: 'done' });
    const result = setManualMetrics(ticket, master, { flagColor: 'green', xpAmount: 0 });
    expect(result.ticket).toMatchObject({
      flagColor: 'green',
      xpAmount: 0,
      isManual: true,
      totalDuration: 45,
      status: 'done',
    });
    expect(result.transition).toBeNull();
  });

  it('validates color and xp ≥ 0', () => {
    expect(
      domainErrorOf(() => setManualMetrics(makeTicket(), master, { flagColor: 'purple', xpAmount: 1 })).message,
    ).toBe('"purple" is not a valid choice.');
    expect(domainErrorOf(() => setManualMetrics(makeTicket(), master, { flagColor: 'red', xpAmount: -1 })).field).toBe(
      'xp_amount',
    );
  });

  it('is refused to a technician', () => {
    expect(
      domainErrorOf(() => setManualMetrics(makeTicket(), technician, { flagColor: 'red', xpAmount: 1 })).code,
    ).toBe('role.forbidden');
  });
});
