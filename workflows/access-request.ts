// AccessRequestWorkflow (`access-request-<telegramId>`): one pending access request. It shows the
// request to everyone who may moderate access, takes the first decision (approve with roles, or
// reject) through updates whose validator is the pure guard below, and expires the request when
// its durable timer runs out first. Then it edits the moderators' cards and tells the requester.
import * as wf from '@temporalio/workflow';
import {
  type AccessRequestStatus,
  type Actor,
  canModerateAccess,
  DomainError,
  requireCapability,
  type RoleSlug,
} from '../src/domain';
import { asWorkflowFailure, guard } from '../src/contracts/failures';
import type { Activities } from '../activities';
import { NOTIFICATION_OPTIONS, PERSISTENCE_OPTIONS } from './activity-options';
import type { AccessCardRef, AccessDecision, AccessDecisionResult } from '../activities/access';
import {
  accessRequestClosedFailure,
  accessRequestViewQuery,
  approveAccessUpdate,
  closedStatusOf,
  rejectAccessUpdate,
  type AccessRequestView,
  type AccessRequestWorkflowInput,
} from '../src/contracts/messages';
import { GRANTABLE_ROLES } from '../src/domain';
import { Mutex } from './mutex';

const HOUR_MS = 3_600_000;

const persistence = wf.proxyActivities<Activities>(PERSISTENCE_OPTIONS);

// Expiry has nobody waiting on it: it keeps trying until the database takes it.
const expiry = wf.proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

// Telegram sends are best effort but durable: retried for a while (429 waits retry_after).
const telegram = wf.proxyActivities<Activities>(NOTIFICATION_OPTIONS);

export interface AccessDecisionState {
  readonly requestId: number;
  readonly status: AccessRequestStatus;
}

export interface AccessDecisionRequest {
  readonly requestId: number;
  readonly actor: Actor;
  /** Roles to grant (approval only). */
  readonly roles?: readonly RoleSlug[];
}

/**
 * The pure guard of a moderator's decision: the actor may moderate access, the roles are ones the
 * picker offers, and the request is the pending one this workflow holds. Throws DomainError, or
 * the "already closed" ApplicationFailure (with `pending` when the request is another one).
 */
export function checkAccessDecision(state: AccessDecisionState, request: AccessDecisionRequest): void {
  requireCapability(request.actor, canModerateAccess, 'role.forbidden');
  if (request.roles !== undefined) {
    const unknown = request.roles.filter((role) => !(GRANTABLE_ROLES as readonly string[]).includes(role));
    if (request.roles.length === 0 || unknown.length > 0) {
      throw new DomainError('input.invalid_choice', { value: unknown.join(',') || '[]' });
    }
  }
  if (request.requestId !== state.requestId) throw accessRequestClosedFailure('pending');
  if (state.status !== 'pending') throw accessRequestClosedFailure(state.status);
}

export async function accessRequestWorkflow(input: AccessRequestWorkflowInput): Promise<AccessRequestView> {
  let status: AccessRequestStatus = 'pending';
  let rolesGranted: RoleSlug[] = [];
  let resolvedById: number | null = null;
  const expiresAt = Date.now() + input.ttlHours * HOUR_MS;
  const mutex = new Mutex();
  const view = (): AccessRequestView => ({
    requestId: input.requestId,
    telegramId: input.telegramId,
    status,
    rolesGranted,
    resolvedById,
    expiresAt,
  });
  const state = (): AccessDecisionState => ({ requestId: input.requestId, status });

  const publish = () =>
    wf.setCurrentDetails(
      [
        `**Access request #${input.requestId}** · ${input.fullName} · Telegram ${input.telegramId}`,
        `- status: **${status}**`,
        status === 'pending' ? `- expires at ${new Date(expiresAt).toISOString()}` : null,
        status === 'approved' ? `- roles: ${rolesGranted.join(', ')}` : null,
        resolvedById !== null ? `- decided by user #${resolvedById}` : null,
      ]
        .filter((line) => line !== null)
        .join('\n'),
    );
  const adopt = (result: AccessDecisionResult) => {
    status = result.status;
    rolesGranted = result.rolesGranted;
    resolvedById = result.resolvedById;
    publish();
  };

  /** Persists a decision through its activity, under the mutex so decisions never interleave. */
  const decide = (decision: AccessDecision, actorId: number | null, roles: RoleSlug[], recheck: () => void) =>
    mutex.run(async () => {
      // An earlier decision may have landed while this one waited for the mutex.
      guard(recheck);
      try {
        const proxy = decision === 'expired' ? expiry : persistence;
        adopt(
          await proxy.decideAccessRequest.executeWithOptions(
            { summary: `${decision.replace(/d$/, '')} access request #${input.requestId}` },
            [{ requestId: input.requestId, decision, roles, actorId, at: Date.now() }],
          ),
        );
        return view();
      } catch (err) {
        // Decided outside this workflow: follow the database.
        const closed = closedStatusOf(err);
        if (closed !== null && closed !== 'pending') {
          status = closed;
          publish();
          throw accessRequestClosedFailure(closed);
        }
        throw asWorkflowFailure(err);
      }
    });

  wf.setHandler(accessRequestViewQuery, view, { description: 'The request as the workflow holds it' });
  wf.setHandler(
    approveAccessUpdate,
    ({ actor, requestId, roles = [] }) =>
      decide('approved', actor.id, [...new Set(roles)], () =>
        checkAccessDecision(state(), { actor, requestId, roles }),
      ),
    {
      // A payload without roles is refused like an empty grant.
      validator: ({ actor, requestId, roles = [] }) =>
        guard(() => checkAccessDecision(state(), { actor, requestId, roles })),
      description: 'Approve with roles: the user is activated and gets them',
    },
  );
  wf.setHandler(
    rejectAccessUpdate,
    ({ actor, requestId }) =>
      decide('rejected', actor.id, [], () => checkAccessDecision(state(), { actor, requestId })),
    {
      validator: ({ actor, requestId }) => guard(() => checkAccessDecision(state(), { actor, requestId })),
      description: 'Reject: the user stays inactive and may ask again',
    },
  );

  publish();

  // Show the request to every moderator; one card each, so a retry never repeats another's.
  let cards: AccessCardRef[] = [];
  try {
    const moderators = await telegram.listAccessModerators.executeWithOptions({ summary: 'find moderators' }, []);
    const sent = await Promise.all(
      moderators.map((moderator) =>
        telegram.sendAccessRequestCard
          .executeWithOptions({ summary: `show request to ${moderator.chatId}` }, [
            { requestId: input.requestId, moderator, expiresAt },
          ])
          .catch((err: unknown) => {
            wf.log.warn('access request card not delivered', { chatId: moderator.chatId, error: String(err) });
            return null;
          }),
      ),
    );
    cards = sent.filter((card): card is AccessCardRef => card !== null);
  } catch (err) {
    wf.log.warn('moderators not notified', { error: String(err) });
  }

  // Handlers change `status` between awaits; read it through a function so TS does not narrow it.
  const currentStatus = (): AccessRequestStatus => status;
  const decided = await wf.condition(() => status !== 'pending', Math.max(expiresAt - Date.now(), 1), {
    summary: `expire after ${input.ttlHours} h`,
  });
  if (!decided) {
    await decide('expired', null, [], () => {
      if (currentStatus() !== 'pending') throw accessRequestClosedFailure(currentStatus());
    }).catch((err: unknown) => {
      if (closedStatusOf(err) === null) throw err;
    });
  }
  await wf.condition(wf.allHandlersFinished);

  // The outcome: every moderator's card first (who decided), then the requester.
  await Promise.all(
    cards.map((card) =>
      telegram.refreshAccessRequestCard
        .executeWithOptions({ summary: `show outcome to ${card.chatId}` }, [{ requestId: input.requestId, card }])
        .catch((err: unknown) =>
          wf.log.warn('access request card not updated', { chatId: card.chatId, error: String(err) }),
        ),
    ),
  );
  try {
    await telegram.tellAccessRequester.executeWithOptions({ summary: `tell the requester: ${currentStatus()}` }, [
      { requestId: input.requestId },
    ]);
  } catch (err) {
    wf.log.warn('requester not told', { telegramId: input.telegramId, error: String(err) });
  }
  return view();
}
