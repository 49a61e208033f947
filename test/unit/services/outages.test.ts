// The one classification of "infrastructure out of reach" (src/services/errors.ts): what it calls an
// outage is answered "try again" (the API's 503, the webhook's 503 so Telegram redelivers); what it
// does not stays a 500 or the bot's own answer. Errors are built as the drivers build them.
import vm from 'node:vm';
import { ConnectionException, DriverException } from '@mikro-orm/core';
import { ServiceError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Client as PgClient } from 'pg';
import { DomainError } from '../../../src/domain';
import { errorResponse } from '../../../src/http/api/errors';
import { isInfrastructureOutage } from '../../../src/services/errors';
import { freePort } from '../../support/tcp-proxy';

/** A Postgres error as pg-protocol makes it (a DatabaseError with the SQLSTATE as `code`). */
function pgError(code: string, message: string): Error {
  return Object.assign(new Error(message), { name: 'error', code, severity: 'FATAL' });
}

/** A gRPC status error as @grpc/grpc-js makes it. */
function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

/** The real error of pg connecting to a port nobody listens on, as MikroORM reports it. */
async function refusedConnection(): Promise<Error> {
  const client = new PgClient({ host: '127.0.0.1', port: await freePort(), user: 'postgres', database: 'x' });
  const err = await client.connect().then(
    () => new Error('connected to nothing?'),
    (e: unknown) => e as Error,
  );
  return new DriverException(err);
}

describe('isInfrastructureOutage', () => {
  it.each<[string, () => Error | Promise<Error>]>([
    ['a refused pg connection (MikroORM DriverException)', refusedConnection],
    ['a reset connection deep in a cause chain', () => new Error('query failed', { cause: pgError('08006', 'x') })],
    [
      'a socket error from another realm',
      () => vm.runInNewContext(`Object.assign(new Error('write ECONNRESET'), { code: 'ECONNRESET' })`) as Error,
    ],
    ['SQLSTATE 08001 (cannot connect)', () => pgError('08001', 'could not connect to server')],
    ['57P01 admin shutdown', () => pgError('57P01', 'terminating connection due to administrator command')],
    ['57P02 crash shutdown', () => pgError('57P02', 'terminating connection because of crash of another process')],
    ['57P03 the database is starting up', () => pgError('57P03', 'the database system is starting up')],
    ['pg losing its connection', () => new DriverException(new Error('Connection terminated unexpectedly'))],
    [
      'a knex pool acquire timeout',
      () =>
        Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
          name: 'KnexTimeoutError',
        }),
    ],
    [
      'a knex pool acquire timeout MikroORM rewrapped',
      () =>
        new DriverException(
          Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), {
            name: 'KnexTimeoutError',
          }),
        ),
    ],
    ['a MikroORM ConnectionException', () => new ConnectionException(new Error('lost'))],
    [
      'Temporal unreachable (the client ServiceError around gRPC UNAVAILABLE)',
      () =>
        new ServiceError('Failed to signalWithStart Workflow', {
          cause: grpcError(14, 'No connection established. Last error: connect ECONNREFUSED 127.0.0.1:7233'),
        }),
    ],
    ['a bare gRPC UNAVAILABLE', () => grpcError(14, 'No connection established')],
    [
      'ioredis giving up while Redis is down',
      () =>
        Object.assign(new Error('Reached the max retries per request limit'), { name: 'MaxRetriesPerRequestError' }),
    ],
  ])('counts %s', async (_, make) => {
    const err = await make();
    expect(isInfrastructureOutage(err)).toBe(true);
    expect(errorResponse(err)).toEqual({
      status: 503,
      body: {
        error: 'unavailable',
        code: 'unavailable',
        message: 'The workshop service is unavailable right now. Please try again later.',
      },
    });
  });

  it.each<[string, unknown, number]>([
    ['a bug', new TypeError('x is undefined'), 500],
    ['a message that only mentions a refused connection', new Error('upstream said ECONNREFUSED'), 500],
    ['a value the column cannot store (22P02)', pgError('22P02', 'invalid input syntax for type integer'), 400],
    ['a NUL byte in SQL text (08P01, a protocol violation)', pgError('08P01', 'invalid message format'), 400],
    ['a unique violation (23505)', pgError('23505', 'duplicate key value'), 409],
    ['a syntax error (42601)', pgError('42601', 'syntax error at or near "selec"'), 500],
    ['a domain refusal', new DomainError('ticket.review_wrong_status'), 409],
    ['Temporal refusing a request (INVALID_ARGUMENT)', new ServiceError('x', { cause: grpcError(3, 'bad') }), 500],
    [
      'an update the workflow failed',
      new WorkflowUpdateFailedError('Workflow Update failed', ApplicationFailure.create({ message: 'no' })),
      500,
    ],
    ['a thrown string', 'ECONNREFUSED', 500],
  ])('does not count %s', (_, err, status) => {
    expect(isInfrastructureOutage(err)).toBe(false);
    expect(errorResponse(err).status).toBe(status);
  });
});
