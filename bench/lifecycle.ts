// One ticket's lifecycle, timed action by action, along two paths doing the same database work:
//
// - temporal: through TicketService exactly as the bot calls it (its pre-reads, then an
//   update-with-start on the ticket or work-session workflow, whose handler runs the activity);
// - plain: the activity functions called directly with the parameters the workflows pass them,
//   i.e. the identical transactions with no Temporal in between.
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ApplyTicketActionResult, TicketActionRequest } from '../src/contracts/tickets';
import type { ApplyWorkSessionActionResult, WorkSessionActionName } from '../activities/sessions';
import type { Actor, JsonObject, PartSpecInput } from '../src/domain';
import { ticketWorkflowId, workSessionWorkflowId, type TicketView } from '../src/contracts/messages';
import { createItemWithParts, createUser } from '../test/support/factories';
import type { BenchEnv } from './setup';

export const OPS = [
  'create',
  'approve',
  'assign',
  'start',
  'pause',
  'resume',
  'stop',
  'send_to_qc',
  'qc_pass',
] as const;
export type Op = (typeof OPS)[number];

export type PathName = 'temporal' | 'plain';

/** Who acts on every ticket. */
export interface Cast {
  master: Actor;
  qc: Actor;
}

/** What one lifecycle needs, prepared (untimed) before it runs: its own technician and item. */
export interface TicketFixture {
  technician: Actor;
  serial: string;
  partSpecs: PartSpecInput[];
}

export interface LifecycleRun {
  ticketId: number;
  sessionId: number;
  /** Milliseconds each action took, as the caller saw it. */
  ms: Record<Op, number>;
  /** From the create call to the QC pass returning. */
  wallMs: number;
}

/** Transition metadata, as the bot attaches it; the workflows pass it on to send_to_qc / qc_pass. */
const METADATA: JsonObject = { source: 'bench' };

export async function createCast(env: BenchEnv): Promise<Cast> {
  const master = await createUser(env.orm, { roles: ['master'] });
  const qc = await createUser(env.orm, { roles: ['qc_inspector'] });
  return { master: { id: master.id, roles: ['master'] }, qc: { id: qc.id, roles: ['qc_inspector'] } };
}

/**
 * A fresh technician and item per ticket: a technician's pause budget is computed from all their
 * sessions of the day, so reusing one would make later pauses read ever more rows.
 */
export async function prepareFixtures(env: BenchEnv, count: number): Promise<TicketFixture[]> {
  const fixtures: TicketFixture[] = [];
  for (let i = 0; i < count; i += 1) {
    const technician = await createUser(env.orm, { roles: ['technician'] });
    const { item, parts } = await createItemWithParts(env.orm, { partNames: ['Frame'] });
    fixtures.push({
      technician: { id: technician.id, roles: ['technician'] },
      serial: item.serialNumber,
      partSpecs: [{ partId: parts[0].id, color: 'green', minutes: 45 }],
    });
  }
  return fixtures;
}

function expectStatus(path: PathName, op: Op, actual: string | undefined, expected: string): void {
  if (actual !== expected) {
    throw new Error(`${path} path, ${op}: expected status ${expected}, got ${actual ?? 'nothing'}`);
  }
}

function timer() {
  const ms = {} as Record<Op, number>;
  const begun = performance.now();
  return {
    ms,
    async time<T>(op: Op, fn: () => Promise<T>): Promise<T> {
      const t0 = performance.now();
      const result = await fn();
      ms[op] = performance.now() - t0;
      return result;
    },
    wall: () => performance.now() - begun,
  };
}

/** The lifecycle through TicketService: every action a Temporal update, as from the bot. */
export async function temporalLifecycle(env: BenchEnv, cast: Cast, fixture: TicketFixture): Promise<LifecycleRun> {
  const { service, workerFailed } = env;
  const { master, qc } = cast;
  const tech = fixture.technician;
  // A callback query id per action, as the bot passes it (a repeated callback is applied once).
  const options = () => ({ updateId: randomUUID(), metadata: METADATA });
  const call = <T>(fn: () => Promise<T>) => Promise.race([fn(), workerFailed]);
  const t = timer();

  const created = await t.time('create', () =>
    call(() => service.createTicket(master, { serial: fixture.serial, partSpecs: fixture.partSpecs })),
  );
  const id = created.ticket.id;
  expectStatus('temporal', 'create', created.ticket.status, 'under_review');
  const step = async (op: Op, fn: () => Promise<TicketView>, status: string) => {
    const view = await t.time(op, () => call(fn));
    expectStatus('temporal', op, view.ticket.status, status);
    return view;
  };
  await step('approve', () => service.approveReview(master, id, options()), 'new');
  await step('assign', () => service.assign(master, id, tech.id, options()), 'assigned');
  const started = await step('start', () => service.start(tech, id, options()), 'in_progress');
  const sessionId = started.session?.id;
  if (sessionId === undefined) throw new Error('temporal path, start: no work session in the ticket view');
  for (const [op, status] of [
    ['pause', 'paused'],
    ['resume', 'running'],
    ['stop', 'stopped'],
  ] as const) {
    const view = await t.time(op, () => call(() => service[op](tech, id, options())));
    expectStatus('temporal', op, view.status, status);
  }
  await step('send_to_qc', () => service.sendToQc(tech, id, options()), 'waiting_qc');
  await step('qc_pass', () => service.qcPass(qc, id, options()), 'done');
  return { ticketId: id, sessionId, ms: t.ms, wallMs: t.wall() };
}

/**
 * The same lifecycle as plain database transactions: createTicket's transaction (the facade with
 * a Temporal client that starts nothing), then the activities with the workflows' parameters.
 */
export async function plainLifecycle(env: BenchEnv, cast: Cast, fixture: TicketFixture): Promise<LifecycleRun> {
  const { ticketActivities, sessionActivities, serviceWithoutTemporal } = env;
  const { master, qc } = cast;
  const tech = fixture.technician;
  const t = timer();

  const created = await t.time('create', () =>
    serviceWithoutTemporal.createTicket(master, { serial: fixture.serial, partSpecs: fixture.partSpecs }),
  );
  const ticketId = created.ticket.id;
  expectStatus('plain', 'create', created.ticket.status, 'under_review');
  // As the ticket workflow's `apply`: opKey `<workflow id>/<update id>`, `at` the action's time.
  const ticketStep = async (op: Op, request: TicketActionRequest, status: string) => {
    const result: ApplyTicketActionResult = await t.time(op, () =>
      ticketActivities.applyTicketAction({
        ticketId,
        opKey: `${ticketWorkflowId(ticketId)}/${randomUUID()}`,
        at: Date.now(),
        request,
      }),
    );
    expectStatus('plain', op, result.ticket.status, status);
    return result;
  };
  await ticketStep('approve', { action: 'approve_review', actor: master }, 'new');
  await ticketStep('assign', { action: 'assign', actor: master, technicianId: tech.id }, 'assigned');
  const started = await ticketStep('start', { action: 'start', actor: tech }, 'in_progress');
  const sessionId = started.startedSession?.id;
  if (sessionId === undefined) throw new Error('plain path, start: no work session opened');
  // As the work-session workflow's `run` for a manual action.
  const sessionStep = async (op: Op, action: WorkSessionActionName, status: string) => {
    const result: ApplyWorkSessionActionResult = await t.time(op, () =>
      sessionActivities.applyWorkSessionAction({
        sessionId,
        action,
        actorId: tech.id,
        auto: false,
        at: Date.now(),
        opKey: `${workSessionWorkflowId(sessionId)}/${randomUUID()}`,
      }),
    );
    expectStatus('plain', op, result.status, status);
  };
  await sessionStep('pause', 'paused', 'paused');
  await sessionStep('resume', 'resumed', 'running');
  await sessionStep('stop', 'stopped', 'stopped');
  await ticketStep('send_to_qc', { action: 'send_to_qc', actor: tech, metadata: METADATA }, 'waiting_qc');
  await ticketStep('qc_pass', { action: 'qc_pass', actor: qc, metadata: METADATA }, 'done');
  return { ticketId, sessionId, ms: t.ms, wallMs: t.wall() };
}
