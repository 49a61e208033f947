// The compose stack's one-shot Temporal jobs (deploy/temporal/*.sh) against stand-ins for
// temporal-sql-tool and the temporal CLI that keep state in a folder and print the real tools'
// messages: each job must be repeatable, and fail on anything but the expected cases.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const deploy = path.resolve(__dirname, '../../../deploy/temporal');

// $STATE/db-<name>: database exists; $STATE/schema-<name>: its version tables exist.
const FAKE_SQL_TOOL = `#!/bin/sh
echo "$*" >> "$STATE/calls"
while [ "$1" != --db ]; do shift; done
db=$2 cmd=$3
if [ -n "\${FAIL_ON:-}" ] && [ "$cmd" = "$FAIL_ON" ]; then echo "$FAIL_WITH" >&2; exit 1; fi
case $cmd in
  create-database)
    if [ -e "$STATE/db-$db" ]; then echo "pq: database \\"$db\\" already exists" >&2; exit 1; fi
    touch "$STATE/db-$db" ;;
  setup-schema) touch "$STATE/schema-$db" ;;
  update-schema)
    if [ ! -e "$STATE/schema-$db" ]; then
      echo "error reading current schema version:pq: relation \\"schema_version\\" does not exist" >&2; exit 1
    fi ;;
esac
`;

// $STATE/health: failures left before the frontend serves; $STATE/ns-<name>; $STATE/sa-<name>: its type.
const FAKE_TEMPORAL = `#!/bin/sh
echo "$*" >> "$STATE/calls"
case "$2 $3" in
  "cluster health")
    left=$(cat "$STATE/health" 2>/dev/null || echo 0)
    if [ "$left" -gt 0 ]; then echo $((left - 1)) > "$STATE/health"; echo "Error: connection refused" >&2; exit 1; fi
    echo SERVING ;;
  "namespace describe")
    if [ -n "\${DESCRIBE_ERROR:-}" ]; then echo "$DESCRIBE_ERROR" >&2; exit 1; fi
    [ -e "$STATE/ns-$5" ] || { echo "Error: unable to describe namespace $5: Namespace $5 is not found." >&2; exit 1; }
    echo "{}" ;;
  "namespace create") touch "$STATE/ns-$5"; echo "Namespace $5 successfully registered." ;;
  "search-attribute list")
    echo '{'; echo '  "customAttributes": {'
    for f in "$STATE"/sa-*; do [ -e "$f" ] && echo "    \\"\${f##*/sa-}\\": \\"INDEXED_VALUE_TYPE_$(cat "$f")\\","; done
    echo '  },'; echo '  "systemAttributes": { "WorkflowId": "INDEXED_VALUE_TYPE_KEYWORD" }'; echo '}' ;;
  "search-attribute create")
    printf '%s' "$9" | tr '[:lower:]' '[:upper:]' > "$STATE/sa-$7"; echo "Search attributes have been added" ;;
  *) echo "unexpected: $*" >&2; exit 2 ;;
esac
`;

let dir: string;
let state: string;
let bin: string;

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'tf-temporal-jobs-'));
  state = path.join(dir, 'state');
  bin = path.join(dir, 'bin');
  mkdirSync(state);
  mkdirSync(bin);
  for (const [name, text] of [
    ['temporal-sql-tool', FAKE_SQL_TOOL],
    ['temporal', FAKE_TEMPORAL],
  ]) {
    writeFileSync(path.join(bin, name), text);
    chmodSync(path.join(bin, name), 0o755);
  }
  for (const schema of ['temporal', 'visibility'])
    mkdirSync(path.join(dir, 'schema', schema, 'versioned'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(script: string, env: Record<string, string> = {}) {
  writeFileSync(path.join(state, 'calls'), '');
  const result = spawnSync('sh', [path.join(deploy, script)], {
    encoding: 'utf8',
    timeout: 20_000,
    env: {
      PATH: `${bin}:${process.env.PATH}`,
      STATE: state,
      SQL_HOST: 'postgres',
      SQL_PORT: '5432',
      SQL_USER: 'ticketflow',
      SQL_PASSWORD: 'secret',
      SCHEMA_ROOT: path.join(dir, 'schema'),
      TEMPORAL_ADDRESS: 'temporal:7233',
      TEMPORAL_NAMESPACE: 'default',
      HEALTH_INTERVAL: '0',
      ...env,
    },
  });
  const calls = readFileSync(path.join(state, 'calls'), 'utf8').trim().split('\n').filter(Boolean);
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, calls };
}

/** "<database> <command>" of each temporal-sql-tool call. */
const sqlSteps = (calls: string[]) => calls.map((c) => /--db (\S+) (\S+)/.exec(c)!.slice(1).join(' '));

describe('setup-schema.sh', () => {
  it('sets up fresh databases, then on the next run only re-applies update-schema', () => {
    const first = run('setup-schema.sh');
    expect(first.status).toBe(0);
    expect(sqlSteps(first.calls)).toEqual([
      'temporal create-database',
      'temporal update-schema',
      'temporal setup-schema',
      'temporal update-schema',
      'temporal_visibility create-database',
      'temporal_visibility update-schema',
      'temporal_visibility setup-schema',
      'temporal_visibility update-schema',
    ]);
    expect(first.calls[0]).toContain('--plugin postgres12 --ep postgres -p 5432 -u ticketflow');
    expect(first.calls.join('\n')).not.toContain('secret'); // the password travels in SQL_PASSWORD only

    const again = run('setup-schema.sh');
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('database temporal: already exists');
    expect(sqlSteps(again.calls)).toEqual([
      'temporal create-database',
      'temporal update-schema',
      'temporal_visibility create-database',
      'temporal_visibility update-schema',
    ]);
  });

  it('fails on any other create-database error, before touching a schema', () => {
    const result = run('setup-schema.sh', {
      FAIL_ON: 'create-database',
      FAIL_WITH: 'pq: password authentication failed for user "ticketflow"',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('password authentication failed');
    expect(sqlSteps(result.calls)).toEqual(['temporal create-database']);
  });

  it('fails when update-schema fails for another reason, without running setup-schema', () => {
    writeFileSync(path.join(state, 'db-temporal'), '');
    const result = run('setup-schema.sh', {
      FAIL_ON: 'update-schema',
      FAIL_WITH: 'error executing statement:pq: syntax error at or near "TABEL"',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('syntax error');
    expect(sqlSteps(result.calls)).toEqual(['temporal create-database', 'temporal update-schema']);
  });

  it('fails when the image has no schema directory', () => {
    const result = run('setup-schema.sh', { SCHEMA_ROOT: path.join(dir, 'nowhere') });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('is missing from this image');
    expect(result.calls).toEqual([]);
  });
});

describe('create-namespace.sh', () => {
  it('waits for the frontend, creates the namespace and the search attributes, and is a no-op the next time', () => {
    writeFileSync(path.join(state, 'health'), '2');
    const first = run('create-namespace.sh');
    expect(first.status).toBe(0);
    expect(first.calls.filter((c) => c.startsWith('operator cluster health'))).toHaveLength(3);
    expect(first.calls).toContain(
      'operator namespace create --namespace default --retention 30d --address temporal:7233',
    );
    const created = first.calls.filter((c) => c.startsWith('operator search-attribute create'));
    expect(created.map((c) => / --name (\S+) --type (\S+)/.exec(c)!.slice(1).join('='))).toEqual([
      'TicketStatus=Keyword',
      'TechnicianId=Int',
      'ItemSerial=Keyword',
      'ClientTelegramId=Int',
    ]);

    const again = run('create-namespace.sh');
    expect(again.status).toBe(0);
    expect(again.calls.filter((c) => / create /.test(c))).toEqual([]);
    expect(again.stdout).toContain('namespace default: exists');
  });

  it('creates only the missing search attributes', () => {
    writeFileSync(path.join(state, 'ns-default'), '');
    writeFileSync(path.join(state, 'sa-TicketStatus'), 'KEYWORD');
    writeFileSync(path.join(state, 'sa-TechnicianId'), 'INT');
    const result = run('create-namespace.sh');
    expect(result.status).toBe(0);
    expect(result.calls.filter((c) => / create /.test(c)).map((c) => / --name (\S+)/.exec(c)![1])).toEqual([
      'ItemSerial',
      'ClientTelegramId',
    ]);
  });

  it('refuses a search attribute registered with another type, and creates nothing', () => {
    writeFileSync(path.join(state, 'ns-default'), '');
    writeFileSync(path.join(state, 'sa-TechnicianId'), 'KEYWORD');
    const result = run('create-namespace.sh');
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('TechnicianId exists as INDEXED_VALUE_TYPE_KEYWORD');
    expect(result.calls.filter((c) => / create /.test(c))).toEqual([]);
  });

  it('fails on a describe error other than "not found"', () => {
    const result = run('create-namespace.sh', {
      DESCRIBE_ERROR: 'Error: unable to describe namespace default: Request unauthorized.',
    });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('Request unauthorized');
    expect(result.calls.filter((c) => / create /.test(c))).toEqual([]);
  });

  it('gives up after HEALTH_ATTEMPTS when the frontend never serves', () => {
    writeFileSync(path.join(state, 'health'), '100');
    const result = run('create-namespace.sh', { HEALTH_ATTEMPTS: '3' });
    expect(result.status).not.toBe(0);
    expect(result.stderr).toContain('did not become healthy after 3 attempts');
    expect(result.calls).toHaveLength(3);
  });
});
