// Is the Temporal namespace fit for ticketflow? It must exist and hold our custom search
// attributes with their types: workflows upsert them on every transition, and an upsert of an
// unknown attribute fails the workflow task, so every ticket action would time out. The app and
// the worker check (and, when allowed, register) at start; /readyz re-checks, cached.
import type { ConnectionLike } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import type { TemporalConfig } from '../config';
import type { Logger } from '../logger';
import { ALL_SEARCH_ATTRIBUTES } from '../contracts/search-attributes';

type TemporalConnection = Pick<ConnectionLike, 'workflowService' | 'operatorService'>;

// gRPC status codes (the same for @grpc/grpc-js and the native connection).
const INVALID_ARGUMENT = 3;
const NOT_FOUND = 5;
const PERMISSION_DENIED = 7;
const UNIMPLEMENTED = 12;
const UNAUTHENTICATED = 16;

/** temporal.api.enums.v1.IndexedValueType, and the names the CLI and Cloud UI use. */
const TYPES: Record<SearchAttributeType, { indexed: number; name: string }> = {
  TEXT: { indexed: 1, name: 'Text' },
  KEYWORD: { indexed: 2, name: 'Keyword' },
  INT: { indexed: 3, name: 'Int' },
  DOUBLE: { indexed: 4, name: 'Double' },
  BOOL: { indexed: 5, name: 'Bool' },
  DATETIME: { indexed: 6, name: 'Datetime' },
  KEYWORD_LIST: { indexed: 7, name: 'KeywordList' },
};
const typeNameOf = (indexed: number) =>
  Object.values(TYPES).find((t) => t.indexed === indexed)?.name ?? `type #${indexed}`;

export interface RequiredSearchAttribute {
  name: string;
  /** As the CLI and the Cloud UI spell it: Keyword, Int, ... */
  type: string;
  indexed: number;
}

/** ticketflow's custom search attributes (src/temporal/search-attributes.ts), with their types. */
export const REQUIRED_SEARCH_ATTRIBUTES: RequiredSearchAttribute[] = ALL_SEARCH_ATTRIBUTES.map((key) => ({
  name: key.name,
  type: TYPES[key.type].name,
  indexed: TYPES[key.type].indexed,
}));

export type NamespaceState =
  | { kind: 'ready' }
  | { kind: 'unknown-namespace' }
  | {
      kind: 'incomplete';
      missing: RequiredSearchAttribute[];
      /** Registered under our name with another type: nothing we may fix. */
      mismatched: (RequiredSearchAttribute & { actual: string })[];
    };

function grpcCode(err: unknown): number | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'number' ? code : undefined;
}

function grpcMessage(err: unknown): string {
  const e = err as { details?: unknown; message?: unknown };
  if (typeof e?.details === 'string' && e.details) return e.details;
  return typeof e?.message === 'string' ? e.message : String(err);
}

const notPermitted = (err: unknown) =>
  [PERMISSION_DENIED, UNIMPLEMENTED, UNAUTHENTICATED].includes(grpcCode(err) ?? -1);

function stateFrom(
  registered: Record<string, number | undefined> | undefined,
  mismatchedTypes: Record<string, string> = {},
): NamespaceState {
  const missing: RequiredSearchAttribute[] = [];
  const mismatched: (RequiredSearchAttribute & { actual: string })[] = [];
  for (const attribute of REQUIRED_SEARCH_ATTRIBUTES) {
    const actual = registered?.[attribute.name];
    if (mismatchedTypes[attribute.name]) mismatched.push({ ...attribute, actual: mismatchedTypes[attribute.name] });
    else if (actual === undefined || actual === null) missing.push(attribute);
    else if (actual !== attribute.indexed) mismatched.push({ ...attribute, actual: typeNameOf(actual) });
  }
  return missing.length || mismatched.length ? { kind: 'incomplete', missing, mismatched } : { kind: 'ready' };
}

/**
 * Without the operator API's list (a key that may not call it), a visibility query per attribute
 * tells the same: the server rejects a query on an unknown attribute, or of the wrong type.
 */
async function probeWithQueries(connection: TemporalConnection, namespace: string): Promise<NamespaceState> {
  const registered: Record<string, number> = {};
  const mismatchedTypes: Record<string, string> = {};
  for (const attribute of REQUIRED_SEARCH_ATTRIBUTES) {
    const sample = attribute.type === 'Int' ? '0' : "'0'";
    try {
      await connection.workflowService.countWorkflowExecutions({
        namespace,
        query: `${attribute.name} = ${sample}`,
      });
      registered[attribute.name] = attribute.indexed;
    } catch (err) {
      if (grpcCode(err) === NOT_FOUND) return { kind: 'unknown-namespace' };
      if (grpcCode(err) !== INVALID_ARGUMENT) throw err;
      const actual = /of type (\w+)/.exec(grpcMessage(err))?.[1];
      if (actual) mismatchedTypes[attribute.name] = actual;
    }
  }
  return stateFrom(registered, mismatchedTypes);
}

/** Reads the namespace's state; throws only when the server cannot be asked at all. */
export async function inspectNamespace(connection: TemporalConnection, namespace: string): Promise<NamespaceState> {
  try {
    const { customAttributes } = await connection.operatorService.listSearchAttributes({ namespace });
    return stateFrom(customAttributes ?? {});
  } catch (err) {
    if (grpcCode(err) === NOT_FOUND) return { kind: 'unknown-namespace' };
    if (notPermitted(err)) return probeWithQueries(connection, namespace);
    throw err;
  }
}

export type NamespaceProblem =
  | 'unknown-namespace'
  | 'mismatched-search-attributes'
  | 'registration-disabled'
  | 'registration-not-permitted'
  | 'registration-timed-out';

/** The namespace is not fit for ticketflow; the message says what is wrong and how to fix it. */
export class TemporalNamespaceError extends Error {
  override readonly name = 'TemporalNamespaceError';
  constructor(
    readonly problem: NamespaceProblem,
    message: string,
    readonly missing: RequiredSearchAttribute[] = [],
  ) {
    super(message);
  }
}

export interface NamespaceTarget {
  namespace: string;
  /** For the messages (and the CLI commands they suggest). */
  address?: string;
}

const listOf = (attributes: RequiredSearchAttribute[]) => attributes.map((a) => `${a.name} (${a.type})`).join(', ');

function howToAdd(target: NamespaceTarget, attributes: RequiredSearchAttribute[]): string {
  const address = target.address ? ` --address ${target.address}` : '';
  return [
    'Add them, then start again:',
    ...attributes.map(
      (a) =>
        `  temporal operator search-attribute create${address} --namespace ${target.namespace} --name ${a.name} --type ${a.type}`,
    ),
    'On Temporal Cloud, add them in the Cloud UI (Namespaces → your namespace → Custom Search Attributes) or with tcld:',
    `  tcld namespace search-attributes add --namespace ${target.namespace} ${attributes
      .map((a) => `--sa ${a.name}=${a.type}`)
      .join(' ')}`,
  ].join('\n');
}

function unknownNamespaceError(target: NamespaceTarget): TemporalNamespaceError {
  const where = target.address ? ` at ${target.address}` : '';
  return new TemporalNamespaceError(
    'unknown-namespace',
    `Temporal namespace "${target.namespace}" does not exist${where}. Create it ` +
      `(temporal operator namespace create --namespace ${target.namespace}, or in the Temporal Cloud UI) ` +
      'or set TEMPORAL_NAMESPACE to an existing namespace.',
  );
}

function mismatchedError(
  target: NamespaceTarget,
  mismatched: (RequiredSearchAttribute & { actual: string })[],
): TemporalNamespaceError {
  return new TemporalNamespaceError(
    'mismatched-search-attributes',
    `Temporal namespace "${target.namespace}" has search attributes of the wrong type for ticketflow: ` +
      mismatched.map((a) => `${a.name} is ${a.actual}, needs ${a.type}`).join('; ') +
      '. A search attribute cannot change its type: remove it ' +
      `(temporal operator search-attribute remove --namespace ${target.namespace} --name <name>) and create it ` +
      'with the right type, or use another namespace.',
    mismatched,
  );
}

function missingError(
  problem: Exclude<NamespaceProblem, 'unknown-namespace' | 'mismatched-search-attributes'>,
  target: NamespaceTarget,
  missing: RequiredSearchAttribute[],
  reason: string,
): TemporalNamespaceError {
  return new TemporalNamespaceError(
    problem,
    `Temporal namespace "${target.namespace}" lacks search attributes ticketflow needs: ${listOf(missing)}. ` +
      `${reason}\n${howToAdd(target, missing)}`,
    missing,
  );
}

export interface EnsureNamespaceOptions extends NamespaceTarget {
  /** Register missing search attributes (TEMPORAL_REGISTER_SEARCH_ATTRIBUTES). */
  register: boolean;
  logger?: Logger;
  /** How long to wait for registered attributes to show up. */
  timeoutMs?: number;
  pollMs?: number;
}

/**
 * At start: makes sure the namespace exists and holds every search attribute with its type,
 * registering missing ones when allowed (idempotent: concurrent app and worker starts are fine).
 * Throws a TemporalNamespaceError naming what is missing and how to add it otherwise.
 */
export async function ensureTemporalNamespace(
  connection: TemporalConnection,
  options: EnsureNamespaceOptions,
): Promise<{ registered: string[] }> {
  const { timeoutMs = 30_000, pollMs = 250 } = options;
  let state = await inspectNamespace(connection, options.namespace);
  if (state.kind === 'ready') return { registered: [] };
  if (state.kind === 'unknown-namespace') throw unknownNamespaceError(options);
  if (state.mismatched.length) throw mismatchedError(options, state.mismatched);
  const missing = state.missing;
  if (!options.register) {
    throw missingError(
      'registration-disabled',
      options,
      missing,
      'ticketflow does not register them itself: TEMPORAL_REGISTER_SEARCH_ATTRIBUTES is false.',
    );
  }

  options.logger?.info(
    { namespace: options.namespace, searchAttributes: missing.map((a) => `${a.name}:${a.type}`) },
    'registering missing Temporal search attributes',
  );
  const deadline = Date.now() + timeoutMs;
  let refusal = '';
  for (;;) {
    try {
      await connection.operatorService.addSearchAttributes({
        namespace: options.namespace,
        searchAttributes: Object.fromEntries(state.missing.map((a) => [a.name, a.indexed])),
      });
      refusal = '';
    } catch (err) {
      if (grpcCode(err) === NOT_FOUND) throw unknownNamespaceError(options);
      if (notPermitted(err)) {
        throw missingError(
          'registration-not-permitted',
          options,
          missing,
          `The server refused to register them (${grpcMessage(err)}): on Temporal Cloud and on clusters ` +
            'with an authorizer only an admin may add search attributes.',
        );
      }
      // Anything else (another process registering at the same time, a conflict): look again.
      refusal = grpcMessage(err);
      options.logger?.warn({ err: refusal }, 'registering search attributes failed; checking again');
    }
    // Registration is asynchronous: wait until the namespace lists them, re-adding now and then.
    const retryAt = Math.min(deadline, Date.now() + 5_000);
    do {
      state = await inspectNamespace(connection, options.namespace);
      if (state.kind !== 'incomplete' || state.mismatched.length) break;
      await new Promise((resolve) => setTimeout(resolve, pollMs));
    } while (Date.now() < retryAt);
    if (state.kind === 'ready') {
      options.logger?.info({ namespace: options.namespace }, 'Temporal search attributes registered');
      return { registered: missing.map((a) => a.name) };
    }
    if (state.kind === 'unknown-namespace') throw unknownNamespaceError(options);
    if (state.mismatched.length) throw mismatchedError(options, state.mismatched);
    if (Date.now() >= deadline) {
      throw missingError(
        'registration-timed-out',
        options,
        state.missing,
        refusal
          ? `Registering them failed: ${refusal}.`
          : `They were registered but did not show up within ${Math.round(timeoutMs / 1000)} s.`,
      );
    }
  }
}

/** The start-up check of app, worker and dev system, as configured. */
export function prepareTemporalNamespace(
  connection: TemporalConnection,
  config: TemporalConfig,
  logger: Logger,
): Promise<{ registered: string[] }> {
  return ensureTemporalNamespace(connection, {
    namespace: config.namespace,
    address: config.address,
    register: config.registerSearchAttributes,
    logger: logger.child({ component: 'temporal-namespace' }),
  });
}

/** For entry points: the namespace error's message alone (it says what to do), anything else with its stack. */
export function exitOnStartupError(err: unknown): never {
  if (err instanceof TemporalNamespaceError) process.stderr.write(`Cannot start: ${err.message}\n`);
  else console.error(err);
  process.exit(1);
}

/**
 * For /readyz: rejects with a short reason while the namespace is unknown or lacks search
 * attributes. Results (good or bad) are kept for `ttlMs`, so probes stay cheap.
 */
export function namespaceReadiness(
  connection: TemporalConnection & Pick<ConnectionLike, 'withDeadline'>,
  namespace: string,
  { ttlMs = 10_000, deadlineMs = 5_000 } = {},
): () => Promise<void> {
  let cached: { at: number; result: Promise<void> } | undefined;
  const check = async () => {
    const state = await connection.withDeadline(Date.now() + deadlineMs, () => inspectNamespace(connection, namespace));
    if (state.kind === 'unknown-namespace') throw new Error(`namespace "${namespace}" does not exist`);
    if (state.kind === 'incomplete') {
      const problems = [
        state.missing.length ? `lacks search attributes ${listOf(state.missing)}` : '',
        ...state.mismatched.map((a) => `search attribute ${a.name} is ${a.actual}, needs ${a.type}`),
      ].filter(Boolean);
      throw new Error(`namespace "${namespace}" ${problems.join('; ')}`);
    }
  };
  return () => {
    if (!cached || Date.now() - cached.at > ttlMs) {
      const entry = { at: Date.now(), result: check() };
      // Kept from when the answer came.
      const answered = () => {
        entry.at = Date.now();
      };
      entry.result.then(answered, answered);
      cached = entry;
    }
    return cached.result;
  };
}
