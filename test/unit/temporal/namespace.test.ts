// The namespace check against a scripted server: what a real dev server cannot show (an
// authorizer refusing registration, a key that may not list attributes, a wrong type).
import {
  ensureTemporalNamespace,
  inspectNamespace,
  namespaceReadiness,
  TemporalNamespaceError,
} from '../../../src/temporal/namespace';

const PERMISSION_DENIED = 7;
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;

function grpcError(code: number, details: string): Error {
  return Object.assign(new Error(`${code} ${details}`), { code, details, metadata: {} });
}

/** A server holding `attributes` (name → IndexedValueType) for namespace `ns`. */
function fakeServer(attributes: Record<string, number>, behaviour: { list?: 'denied'; add?: 'denied' | 'works' } = {}) {
  const calls = { list: 0, add: 0, count: 0 };
  const connection = {
    operatorService: {
      async listSearchAttributes({ namespace }: { namespace: string }) {
        calls.list++;
        if (behaviour.list === 'denied') throw grpcError(PERMISSION_DENIED, 'Request unauthorized.');
        if (namespace !== 'ns') throw grpcError(NOT_FOUND, `Namespace ${namespace} is not found.`);
        return { customAttributes: { ...attributes } };
      },
      async addSearchAttributes({ searchAttributes }: { searchAttributes: Record<string, number> }) {
        calls.add++;
        if (behaviour.add === 'denied') throw grpcError(PERMISSION_DENIED, 'Request unauthorized.');
        Object.assign(attributes, searchAttributes);
        return {};
      },
    },
    workflowService: {
      async countWorkflowExecutions({ namespace, query }: { namespace: string; query: string }) {
        calls.count++;
        if (namespace !== 'ns') throw grpcError(NOT_FOUND, `Namespace ${namespace} is not found.`);
        const [, name, value] = /^(\w+) = (.+)$/.exec(query)!;
        const type = attributes[name];
        if (type === undefined) throw grpcError(INVALID_ARGUMENT, `invalid query: invalid search attribute: ${name}`);
        const isInt = !value.startsWith("'");
        if ((type === 3) !== isInt) {
          const typeName = type === 3 ? 'Int' : 'Keyword';
          throw grpcError(
            INVALID_ARGUMENT,
            `invalid query: invalid expression: invalid value type for search attribute ${name} of type ${typeName}: ${value}`,
          );
        }
        return { count: 0 };
      },
    },
    async withDeadline<R>(_deadline: number | Date, fn: () => Promise<R>) {
      return fn();
    },
  };
  // The functions above take the fields they read; the check passes whole proto requests.
  return { connection: connection as unknown as Parameters<typeof inspectNamespace>[0] & typeof connection, calls };
}

const ALL = { TicketStatus: 2, TechnicianId: 3, ItemSerial: 2, ClientTelegramId: 3 };

async function refusal(promise: Promise<unknown>): Promise<TemporalNamespaceError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(TemporalNamespaceError);
  return err as TemporalNamespaceError;
}

describe('the Temporal namespace check', () => {
  it('passes without registering anything when every attribute is there', async () => {
    const { connection, calls } = fakeServer({ ...ALL, Other: 1 });
    expect(await ensureTemporalNamespace(connection, { namespace: 'ns', register: true })).toEqual({ registered: [] });
    expect(calls.add).toBe(0);
  });

  it('registers only the missing ones', async () => {
    const attributes: Record<string, number> = { TicketStatus: 2, TechnicianId: 3 };
    const { connection } = fakeServer(attributes);
    const result = await ensureTemporalNamespace(connection, { namespace: 'ns', register: true, pollMs: 1 });
    expect(result.registered).toEqual(['ItemSerial', 'ClientTelegramId']);
    expect(attributes).toEqual(ALL);
  });

  it('refuses when the server does not permit registration (Temporal Cloud), naming the attributes and how to add them', async () => {
    const { connection } = fakeServer({ TicketStatus: 2 }, { add: 'denied' });
    const err = await refusal(
      ensureTemporalNamespace(connection, { namespace: 'ns', address: 'ns.acct.tmprl.cloud:7233', register: true }),
    );
    expect(err.problem).toBe('registration-not-permitted');
    expect(err.missing.map((a) => a.name)).toEqual(['TechnicianId', 'ItemSerial', 'ClientTelegramId']);
    expect(err.message).toContain('TechnicianId (Int), ItemSerial (Keyword), ClientTelegramId (Int)');
    expect(err.message).toContain('The server refused to register them (Request unauthorized.)');
    expect(err.message).toContain(
      'temporal operator search-attribute create --address ns.acct.tmprl.cloud:7233 --namespace ns --name ItemSerial --type Keyword',
    );
    expect(err.message).toContain(
      'tcld namespace search-attributes add --namespace ns --sa TechnicianId=Int --sa ItemSerial=Keyword --sa ClientTelegramId=Int',
    );
    expect(err.message).not.toContain('TicketStatus (Keyword)');
  });

  it('refuses an attribute registered with another type: that is not ours to fix', async () => {
    const { connection, calls } = fakeServer({ ...ALL, TechnicianId: 2 });
    const err = await refusal(ensureTemporalNamespace(connection, { namespace: 'ns', register: true }));
    expect(err.problem).toBe('mismatched-search-attributes');
    expect(err.message).toContain('TechnicianId is Keyword, needs Int');
    expect(calls.add).toBe(0);
  });

  it('without permission to list, asks visibility instead (existence and type)', async () => {
    const { connection, calls } = fakeServer({ TicketStatus: 2, TechnicianId: 2 }, { list: 'denied' });
    expect(await inspectNamespace(connection, 'ns')).toEqual({
      kind: 'incomplete',
      missing: [expect.objectContaining({ name: 'ItemSerial' }), expect.objectContaining({ name: 'ClientTelegramId' })],
      mismatched: [expect.objectContaining({ name: 'TechnicianId', actual: 'Keyword', type: 'Int' })],
    });
    expect(calls.count).toBe(4);
    expect(await inspectNamespace(fakeServer(ALL, { list: 'denied' }).connection, 'ns')).toEqual({ kind: 'ready' });
    expect(await inspectNamespace(connection, 'other')).toEqual({ kind: 'unknown-namespace' });
  });

  it('readiness: a short reason, and the answer is reused for a while', async () => {
    const attributes: Record<string, number> = { TicketStatus: 2 };
    const { connection, calls } = fakeServer(attributes);
    const check = namespaceReadiness(connection, 'ns', { ttlMs: 60_000 });
    await expect(check()).rejects.toThrow(
      'namespace "ns" lacks search attributes TechnicianId (Int), ItemSerial (Keyword), ClientTelegramId (Int)',
    );
    Object.assign(attributes, ALL);
    await expect(check()).rejects.toThrow('lacks search attributes');
    expect(calls.list).toBe(1);

    const fresh = namespaceReadiness(connection, 'ns', { ttlMs: 0 });
    await expect(fresh()).resolves.toBeUndefined();
    await new Promise((resolve) => setTimeout(resolve, 2));
    await expect(fresh()).resolves.toBeUndefined();
    expect(calls.list).toBe(3);

    await expect(namespaceReadiness(connection, 'gone')()).rejects.toThrow('namespace "gone" does not exist');
  });
});
