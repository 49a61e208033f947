// Access requests (workshop-domain.md §9): submission in one transaction (an inactive user, the
// pending request, the profile linked), then AccessRequestWorkflow `access-request-<telegramId>`
// takes it from there; approve / reject are updates on that workflow, as the moderator, with the
// Telegram callback id as update id (a repeated press is applied once) and a deadline.
import { type Client, WithStartWorkflowOperation, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/postgresql';
import {
  type AccessRequestStatus,
  type Actor,
  canModerateAccess,
  checkAccessRequestSubmission,
  DomainError,
  requireCapability,
  requirePhone,
  type RoleSlug,
  validateFirstName,
  validateLastName,
} from '../domain';
import { AccessRequest, TelegramProfile, User } from '../db/entities';
import type { Orm } from '../db/orm';
import type { Logger } from '../logger';
import type { RedisClient } from '../redis';
import { forgetIdentities } from '../redis/identity-cache';
import { callTemporal } from './temporal-call';
import { loadAccessRequestCard, type AccessRequestCardView } from '../reads/access-requests';
import type { accessRequestWorkflow } from '../../workflows/access-request';
import {
  accessRequestViewQuery,
  accessRequestWorkflowId,
  approveAccessUpdate,
  rejectAccessUpdate,
  type AccessRequestView,
  type AccessRequestWorkflowInput,
} from '../contracts/messages';
import { NotFoundError } from './errors';

/** The person already has a pending request ("already under review"). */
export class AccessRequestPendingError extends Error {
  override readonly name = 'AccessRequestPendingError';
  constructor() {
    super('Your request is already under review.');
  }
}

export interface AccessRequestSubmission {
  telegramId: number;
  firstName: string;
  lastName: string;
  phone: string;
}

export interface AccessDecisionOptions {
  /** Idempotency key: the Telegram callback query id. */
  updateId?: string;
  /** How long the caller waits for the workflow (default 15 s). */
  deadlineMs?: number;
}

export interface AccessRequestServiceDeps {
  orm: Orm;
  redis: RedisClient;
  temporal: Client;
  logger: Logger;
  config: { temporal: { taskQueue: string }; accessRequestTtlHours: number };
}

const DEFAULT_DEADLINE_MS = 15_000;
/** How long a submission waits for the workflow of the person's previous (decided) request to finish. */
const PREVIOUS_RUN_WAIT_ATTEMPTS = 10;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class AccessRequestService {
  constructor(private readonly deps: AccessRequestServiceDeps) {}

  private em(): EntityManager {
    return this.deps.orm.em.fork() as EntityManager;
  }

  /** The person's pending request, if any. */
  async pendingOf(telegramId: number): Promise<AccessRequest | null> {
    return this.em().findOne(AccessRequest, { telegramId, status: 'pending' });
  }

  async statusOf(requestId: number): Promise<AccessRequestStatus | null> {
    const row = await this.em().findOne(AccessRequest, { id: requestId }, { fields: ['status'] });
    return row?.status ?? null;
  }

  /** Pending requests, oldest first, as the moderators' cards show them. */
  async listPending(limit = 10): Promise<AccessRequestCardView[]> {
    const em = this.em();
    const rows = await em.find(AccessRequest, { status: 'pending' }, { orderBy: { id: 'asc' }, limit });
    const ttlMs = this.deps.config.accessRequestTtlHours * 3_600_000;
    const cards = await Promise.all(
      rows.map((row) => loadAccessRequestCard(em, row.id, row.createdAt.getTime() + ttlMs)),
    );
    return cards.filter((card) => card !== null).map((card) => card.view);
  }

  // ------------------------------------------------------------------------------------------
  // Submission

  /**
   * Validates the form, then in one transaction: refusals per §9 (already linked and active,
   * already approved, phone used by another account), the inactive user (reused from an earlier
   * rejection), the pending request and the profile link. Then the workflow starts.
   */
  async submit(submission: AccessRequestSubmission): Promise<{ requestId: number }> {
    const firstName = validateFirstName(submission.firstName);
    const lastName = validateLastName(submission.lastName);
    const phone = requirePhone(submission.phone);
    const { telegramId } = submission;
    let request: AccessRequest;
    try {
      request = await this.em().transactional(async (tx) => {
        const profile =
          (await tx.findOne(TelegramProfile, { telegramId }, { populate: ['user'] })) ??
          tx.create(TelegramProfile, { telegramId, firstName });
        if ((await tx.count(AccessRequest, { telegramId, status: 'pending' })) > 0) {
          throw new AccessRequestPendingError();
        }
        const latest = await tx.findOne(AccessRequest, { telegramId }, { orderBy: { id: 'desc' }, populate: ['user'] });
        const reusable = [profile.user, latest?.user].find((user) => user && !user.isActive) ?? null;
        const phoneOwner = await tx.findOne(User, { phone });
        checkAccessRequestSubmission({
          linkedToActiveUser: profile.user?.isActive === true,
          alreadyApproved: (await tx.count(AccessRequest, { telegramId, status: 'approved' })) > 0,
          phoneUsedByAnotherAccount: phoneOwner !== null && phoneOwner.id !== reusable?.id,
        });
        const user = reusable ?? tx.create(User, { username: await this.freeUsername(tx, telegramId) });
        tx.assign(user, { firstName, lastName, phone, isActive: false });
        profile.user = user;
        const created = tx.create(AccessRequest, { telegramId, firstName, lastName, phone, user, status: 'pending' });
        await tx.flush();
        return created;
      });
    } catch (err) {
      // Races the checks above could not see: the database constraints settle them.
      if (err instanceof UniqueConstraintViolationException) {
        if (err.message.includes('access_request_one_pending_per_telegram_id')) throw new AccessRequestPendingError();
        if (err.message.includes('app_user_phone_unique')) throw new DomainError('access.phone_in_use');
      }
      throw err;
    }
    // The profile is linked to the (inactive) user now: the bot's cached identity of this person is read anew.
    await forgetIdentities(this.deps, [telegramId]);
    await this.startWorkflow(request, PREVIOUS_RUN_WAIT_ATTEMPTS).catch((err: unknown) =>
      this.deps.logger.error(
        { err, request_id: request.id },
        'access request workflow not started; /start or a decision starts it',
      ),
    );
    return { requestId: request.id };
  }

  /** Starts the request's workflow unless it runs already (recovers a submission whose start failed). */
  async ensureWorkflow(request: AccessRequest): Promise<void> {
    await this.startWorkflow(request, 1);
  }

  private async freeUsername(em: EntityManager, telegramId: number): Promise<string> {
    const base = `tg_${telegramId}`;
    for (let n = 1; ; n += 1) {
      const candidate = n === 1 ? base : `${base}_${n}`;
      if ((await em.count(User, { username: candidate })) === 0) return candidate;
    }
  }

  private workflowInput(request: AccessRequest): AccessRequestWorkflowInput {
    return {
      requestId: request.id,
      telegramId: request.telegramId,
      fullName: `${request.firstName} ${request.lastName}`.trim(),
      ttlHours: this.deps.config.accessRequestTtlHours,
    };
  }

  private startOptions(request: AccessRequest) {
    const input = this.workflowInput(request);
    return {
      workflowId: accessRequestWorkflowId(request.telegramId),
      taskQueue: this.deps.config.temporal.taskQueue,
      args: [input] as [AccessRequestWorkflowInput],
      workflowIdReusePolicy: 'ALLOW_DUPLICATE' as const,
      staticSummary: `Access request · ${input.fullName}`,
      staticDetails: `**Access request #${input.requestId}** of ${input.fullName}, Telegram ${input.telegramId}`,
    };
  }

  /**
   * Starts the workflow. One already running for this request is fine; one running for the
   * person's previous request is finishing its messages, so wait for it (up to `attempts` tries).
   */
  private async startWorkflow(request: AccessRequest, attempts: number): Promise<void> {
    const options = { ...this.startOptions(request), workflowIdConflictPolicy: 'FAIL' as const };
    for (let attempt = 1; ; attempt += 1) {
      try {
        await this.deps.temporal.workflow.start<typeof accessRequestWorkflow>('accessRequestWorkflow', options);
        return;
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
        const running = await this.deps.temporal.workflow
          .getHandle(options.workflowId)
          .query(accessRequestViewQuery)
          .catch(() => null);
        if (running?.requestId === request.id) return;
        if (attempt >= attempts) throw err;
        await sleep(500);
      }
    }
  }

  // ------------------------------------------------------------------------------------------
  // Decisions

  approve(
    actor: Actor,
    requestId: number,
    roles: readonly RoleSlug[],
    options: AccessDecisionOptions = {},
  ): Promise<AccessRequestView> {
    return this.decide(actor, requestId, options, (startWorkflowOperation) =>
      this.deps.temporal.workflow.executeUpdateWithStart(approveAccessUpdate, {
        args: [{ actor, requestId, roles: [...roles] }],
        updateId: options.updateId,
        startWorkflowOperation,
      }),
    );
  }

  reject(actor: Actor, requestId: number, options: AccessDecisionOptions = {}): Promise<AccessRequestView> {
    return this.decide(actor, requestId, options, (startWorkflowOperation) =>
      this.deps.temporal.workflow.executeUpdateWithStart(rejectAccessUpdate, {
        args: [{ actor, requestId }],
        updateId: options.updateId,
        startWorkflowOperation,
      }),
    );
  }

  private async decide(
    actor: Actor,
    requestId: number,
    options: AccessDecisionOptions,
    execute: (start: WithStartWorkflowOperation<typeof accessRequestWorkflow>) => Promise<AccessRequestView>,
  ): Promise<AccessRequestView> {
    // Early refusals from what the database says; the workflow's validator has the last word.
    requireCapability(actor, canModerateAccess, 'role.forbidden');
    const request = await this.em().findOne(AccessRequest, { id: requestId });
    if (!request) throw new NotFoundError('AccessRequest', requestId);
    if (request.status !== 'pending') throw new DomainError('access_request.closed', { status: request.status });
    // Update-with-start: should the submission's start have failed, the decision starts it.
    const start = new WithStartWorkflowOperation<typeof accessRequestWorkflow>('accessRequestWorkflow', {
      ...this.startOptions(request),
      workflowIdConflictPolicy: 'USE_EXISTING',
    });
    return callTemporal(this.deps, options.deadlineMs ?? DEFAULT_DEADLINE_MS, () => execute(start));
  }
}
