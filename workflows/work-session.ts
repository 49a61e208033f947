// WorkSessionWorkflow (`work-session-<id>`): running ⇄ paused → stopped. While paused, a durable
// timer fires at the exact moment the technician's daily pause budget runs out and resumes the
// session then, unless a manual resume (or stop) comes first.
import * as wf from '@temporalio/workflow';
import type { UpdateDefinition } from '@temporalio/common';
import {
  pauseWorkSession,
  resumeWorkSession,
  stopWorkSession,
  type WorkSession,
  type WorkSessionAction,
  type WorkSessionStatus,
} from '../src/domain';
import { asWorkflowFailure, guard } from '../src/contracts/failures';
import type { Activities } from '../activities';
import { LOCAL_PERSISTENCE_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import {
  pauseUpdate,
  resumeIfBudgetSpentUpdate,
  resumeUpdate,
  sessionChangedSignal,
  stopUpdate,
  ticketWorkflowId,
  workSessionViewQuery,
  type ActorInput,
  type PressedMessage,
  type WorkSessionResult,
  type WorkSessionView,
  type WorkSessionWorkflowInput,
} from '../src/contracts/messages';
import { Mutex } from './mutex';

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

const transitions = wf.proxyLocalActivities<Activities>(LOCAL_PERSISTENCE_OPTIONS);

/**
 * Runs from this patch on answer a press as soon as its transaction committed: the transaction is
 * a local activity, and the ticket workflow is not told the new status (send to QC reads it in
 * Postgres; this workflow's own card shows it). Runs recorded before keep the old path, which
 * signals the ticket workflow (asked once, at the start).
 */
export const SESSION_PRESS_FAST_PATH = 'session-press-fast-path';

export async function workSessionWorkflow(input: WorkSessionWorkflowInput): Promise<WorkSessionResult> {
  // Versioned by its input from WORK_SESSION_WORKFLOW_VERSION 1 on; runs started before ask the patch.
  const fastPress = (input.version ?? (wf.patched(SESSION_PRESS_FAST_PATH) ? 1 : 0)) >= 1;
  let status: WorkSessionStatus = input.status;
  let activeSeconds = 0;
  let pauseBudgetExhaustsAt = input.pauseBudgetExhaustsAt;
  const mutex = new Mutex();
  const view = (): WorkSessionView => ({
    sessionId: input.sessionId,
    ticketId: input.ticketId,
    technicianId: input.technicianId,
    status,
    activeSeconds,
    pauseBudgetExhaustsAt,
  });

  // The guards need only who owns the session and its state; the pause budget is checked inside
  // the activity's transaction, against the technician's sessions of the day.
  const asDomainSession = (): WorkSession => ({
    ticketId: input.ticketId,
    technicianId: input.technicianId,
    status,
    startedAt: 0,
    lastStartedAt: null,
    endedAt: null,
    activeSeconds,
    transitions: [],
  });
  const checks: Record<Exclude<WorkSessionAction, 'started'>, (actorId: number) => unknown> = {
    paused: (actorId) => pauseWorkSession(asDomainSession(), { actorId, remainingPauseSeconds: 1, now: Date.now() }),
    resumed: (actorId) => resumeWorkSession(asDomainSession(), { actorId, now: Date.now() }),
    stopped: (actorId) => stopWorkSession(asDomainSession(), { actorId, now: Date.now() }),
  };

  // The Web UI's card: what the session is now (older runs have no serial or name in their input).
  const details = () =>
    [
      `**Work session #${input.sessionId}** · ticket #${input.ticketId}${input.serial ? ` · \`${input.serial}\`` : ''}`,
      `- technician: ${input.technicianName ? `${input.technicianName} (#${input.technicianId})` : `#${input.technicianId}`}`,
      `- status: **${status}**`,
      `- active: ${activeSeconds} s`,
      pauseBudgetExhaustsAt && status === 'paused'
        ? `- auto-resume at ${new Date(pauseBudgetExhaustsAt).toISOString()}`
        : null,
    ]
      .filter((line) => line !== null)
      .join('\n');

  const publish = async () => {
    wf.setCurrentDetails(details());
    try {
      await wf
        .getExternalWorkflowHandle(ticketWorkflowId(input.ticketId))
        .signal(sessionChangedSignal, { id: input.sessionId, technicianId: input.technicianId, status });
    } catch (err) {
      // The ticket workflow is always running while its session is open; log if it is not.
      wf.log.warn('ticket workflow not signalled', { ticketId: input.ticketId, error: String(err) });
    }
  };

  const run = (
    action: Exclude<WorkSessionAction, 'started'>,
    actorId: number,
    timer?: { auto: true; at: number },
    pressed?: PressedMessage,
  ) =>
    mutex.run(async () => {
      try {
        const auto = timer !== undefined;
        // Re-check under the mutex: an earlier update may have changed the state meanwhile.
        if (!auto) checks[action](actorId);
        const summary = `${auto ? 'auto-resume' : action.replace(/ed$/, '')} session #${input.sessionId}`;
        const params = {
          sessionId: input.sessionId,
          action,
          actorId,
          auto,
          at: timer?.at ?? Date.now(),
          opKey: `${wf.workflowInfo().workflowId}/${wf.currentUpdateInfo()?.id ?? wf.uuid4()}`,
          ...(pressed ? { pressed } : {}),
        };
        const result = fastPress
          ? await transitions.applyWorkSessionAction.executeWithOptions({ summary }, [params])
          : await persistence.applyWorkSessionAction.executeWithOptions({ summary }, [params]);
        const changed = result.status !== status;
        status = result.status;
        activeSeconds = result.activeSeconds;
        pauseBudgetExhaustsAt = result.pauseBudgetExhaustsAt;
        if (changed) {
          if (fastPress) wf.setCurrentDetails(details());
          else await publish();
        }
        // The press draws its card from the one the transaction committed.
        return { ...view(), card: result.card };
      } catch (err) {
        throw asWorkflowFailure(err);
      }
    });

  const register = (
    update: UpdateDefinition<WorkSessionView, [ActorInput]>,
    action: keyof typeof checks,
    description: string,
  ) =>
    wf.setHandler(update, ({ actor, pressed }) => run(action, actor.id, undefined, pressed), {
      validator: ({ actor }) => guard(() => checks[action](actor.id)),
      description,
    });

  wf.setHandler(workSessionViewQuery, view, { description: 'The session as the workflow holds it' });
  register(pauseUpdate, 'paused', 'Pause: refused when the daily pause budget is spent');
  register(resumeUpdate, 'resumed', 'Resume a paused session');
  register(stopUpdate, 'stopped', 'Stop (terminal); the ticket may then go to QC');
  wf.setHandler(
    resumeIfBudgetSpentUpdate,
    ({ exhaustedAt }) => run('resumed', input.technicianId, { auto: true, at: exhaustedAt }),
    { description: 'The paused-session sweep: auto-resume as the lost timer would have' },
  );

  wf.setCurrentDetails(details());

  // Handlers change `status` between awaits; read it through a function so TS does not narrow it.
  const currentStatus = (): WorkSessionStatus => status;
  while (currentStatus() !== 'stopped') {
    if (status === 'paused' && pauseBudgetExhaustsAt !== null) {
      const armedFor = pauseBudgetExhaustsAt;
      const interrupted = await wf.condition(
        () => status !== 'paused' || pauseBudgetExhaustsAt !== armedFor,
        Math.max(armedFor - Date.now(), 1),
        { summary: 'auto-resume when the daily pause budget runs out' },
      );
      // The budget ran out with the session still paused: resume it now, at that moment. The
      // activity re-checks the budget (a pause crossing midnight gets the new day's) and either
      // resumes or tells when the new budget runs out.
      if (!interrupted) await run('resumed', input.technicianId, { auto: true, at: armedFor });
    } else {
      await wf.condition(
        () =>
          status === 'stopped' ||
          (status === 'paused' && pauseBudgetExhaustsAt !== null) ||
          wf.workflowInfo().continueAsNewSuggested,
      );
      if (wf.workflowInfo().continueAsNewSuggested && currentStatus() !== 'stopped') {
        await wf.condition(wf.allHandlersFinished);
        await wf.continueAsNew<typeof workSessionWorkflow>({ ...input, status, pauseBudgetExhaustsAt });
      }
    }
  }
  await wf.condition(wf.allHandlersFinished);
  return { sessionId: input.sessionId, activeSeconds };
}
