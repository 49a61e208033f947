// How a service call to Temporal reports a deadline: every shape the client throws for "not
// answered in time" must become ServiceUnavailableError (the webhook's 503, Telegram redelivers),
// never a "bot handler failed" with an answered 200 that loses the press.
import { type Client, ServiceError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { callTemporal } from '../../../src/services/temporal-call';
import { ServiceUnavailableError } from '../../../src/services/errors';
import type { Logger } from '../../../src/logger';

const DEADLINE_EXCEEDED = 4;
const CANCELLED = 1;
const UNAVAILABLE = 14;
const INVALID_ARGUMENT = 3;

function grpcError(code: number): Error {
  return Object.assign(new Error(`${code} call ended`), { code, details: 'call ended', metadata: {} });
}

const logger = { error: jest.fn() } as unknown as Logger;
const temporal = { withDeadline: <T>(_: number, fn: () => Promise<T>) => fn() } as unknown as Client;

async function failureOf(thrown: Error): Promise<unknown> {
  return callTemporal({ temporal, logger }, 1_000, () => Promise.reject(thrown)).then(
    () => undefined,
    (err: unknown) => err,
  );
}

describe('callTemporal', () => {
  it.each([
    [
      'an update RPC cut off by its deadline',
      new WorkflowUpdateRPCTimeoutOrCancelledError('timeout', { cause: grpcError(DEADLINE_EXCEEDED) }),
    ],
    [
      'an update RPC cancelled when its deadline struck',
      new WorkflowUpdateRPCTimeoutOrCancelledError('cancelled', { cause: grpcError(CANCELLED) }),
    ],
    ['a plain call past its deadline', grpcError(DEADLINE_EXCEEDED)],
  ])('reports %s as a timeout', async (_, thrown) => {
    const err = await failureOf(thrown);
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).reason).toBe('timeout');
  });

  it('reports an unreachable server as unavailable (the ServiceError the client wraps its retried UNAVAILABLE in)', async () => {
    const err = await failureOf(new ServiceError('Workflow Update failed', { cause: grpcError(UNAVAILABLE) }));
    expect(err).toBeInstanceOf(ServiceUnavailableError);
    expect((err as ServiceUnavailableError).reason).toBe('unavailable');
  });

  it('passes a request the server refused through as it is', async () => {
    const refused = new ServiceError('Failed to signal Workflow', { cause: grpcError(INVALID_ARGUMENT) });
    expect(await failureOf(refused)).toBe(refused);
  });

  it('passes a bug through as it is', async () => {
    const bug = new TypeError('x is undefined');
    expect(await failureOf(bug)).toBe(bug);
  });
});
