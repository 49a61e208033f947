import { createVerify, generateKeyPairSync } from 'node:crypto';
import { parseSheetRows, SHEETS_SCOPE, SheetsClientCardSource } from '../../../src/reads/client-cards';

const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';
const SHEETS_URL = 'https://sheets.googleapis.com/';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const account = { clientEmail: 'desk@project.iam.gserviceaccount.com', privateKey: pem };

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

interface Call {
  url: string;
  method: string;
  headers: Headers;
  body: string;
}

/** Google's token and Sheets endpoints, answered in process: every request is recorded. */
function fakeGoogle(responses: Record<string, () => Response>) {
  const calls: Call[] = [];
  const fetchImplementation = async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input);
    calls.push({
      url,
      method: init?.method ?? 'GET',
      headers: new Headers(init?.headers),
      body: init?.body === undefined || init.body === null ? '' : String(init.body),
    });
    const key = Object.keys(responses).find((prefix) => url.startsWith(prefix));
    if (!key) throw new Error(`unexpected ${url}`);
    return responses[key]!();
  };
  return { calls, fetchImplementation: fetchImplementation as typeof fetch };
}

const sheetValues = () =>
  Response.json({
    values: [
      ['tg_id', 'Name'],
      ['42', 'Ivan'],
    ],
  });

/** The assertion of a recorded token request, checked against the service account's public key. */
function assertionOf(call: Call) {
  const form = new URLSearchParams(call.body);
  expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
  const [header, claims, signature] = form.get('assertion')!.split('.');
  const valid = createVerify('RSA-SHA256')
    .update(`${header}.${claims}`)
    .verify(publicKey, Buffer.from(signature!, 'base64url'));
  return { header: decode(header!), claims: decode(claims!), valid };
}

/** Date stands still at `now` (google-auth-library reads it for the claims and the expiry); timers run. */
function freezeClockAt(now: number) {
  jest.useFakeTimers({
    now,
    doNotFake: [
      'nextTick',
      'setImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
    ],
  });
}

describe('Google service-account token request', () => {
  beforeEach(() => freezeClockAt(1_700_000_000_000));
  afterEach(() => jest.useRealTimers());

  it('posts an RS256 JWT asking for a read-only Sheets token, signed by the account', async () => {
    const { calls, fetchImplementation } = fakeGoogle({
      [GOOGLE_TOKEN_URL]: () => Response.json({ access_token: 'tok-1', expires_in: 3600 }),
      [SHEETS_URL]: sheetValues,
    });
    await new SheetsClientCardSource(account, 'sheet-1', { fetchImplementation }).lookup({ telegramId: 42 });
    expect(calls[0]).toMatchObject({ url: GOOGLE_TOKEN_URL, method: 'POST' });
    const { header, claims, valid } = assertionOf(calls[0]!);
    expect(header.alg).toBe('RS256');
    expect(claims).toEqual({
      iss: account.clientEmail,
      scope: SHEETS_SCOPE,
      aud: GOOGLE_TOKEN_URL,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    expect(valid).toBe(true);
  });

  it('accepts a key pasted with literal \\n sequences', async () => {
    const { calls, fetchImplementation } = fakeGoogle({
      [GOOGLE_TOKEN_URL]: () => Response.json({ access_token: 'tok-1', expires_in: 3600 }),
      [SHEETS_URL]: sheetValues,
    });
    const escaped = { ...account, privateKey: pem.replace(/\n/g, '\\n') };
    await new SheetsClientCardSource(escaped, 'sheet-1', { fetchImplementation }).lookup({ telegramId: 42 });
    expect(assertionOf(calls[0]!).valid).toBe(true);
  });
});

describe('sheet rows', () => {
  const values = [
    ['Telegram ID', 'Username', 'Name', 'Plan', 'Notes'],
    ['100', '@ann', 'Ann', 'Gold'],
    ['200', 'bob', 'Bob', 'Silver', 'VIP'],
  ];

  it('finds the client by Telegram id, keeping the non-empty cells with their headers', () => {
    expect(parseSheetRows(values, { telegramId: 200 })).toEqual({
      source: 'sheets',
      known: true,
      fields: [
        { label: 'Telegram ID', value: '200' },
        { label: 'Username', value: 'bob' },
        { label: 'Name', value: 'Bob' },
        { label: 'Plan', value: 'Silver' },
        { label: 'Notes', value: 'VIP' },
      ],
    });
  });

  it('falls back to the @username, ignoring case and the @', () => {
    expect(parseSheetRows(values, { telegramId: 999, username: 'ANN' })?.fields[2]).toEqual({
      label: 'Name',
      value: 'Ann',
    });
  });

  it('knows nobody else, and copes with an empty sheet', () => {
    expect(parseSheetRows(values, { telegramId: 999, username: 'zed' })).toBeNull();
    expect(parseSheetRows([], { telegramId: 1 })).toBeNull();
    expect(parseSheetRows([['Name']], { telegramId: 1 })).toBeNull();
  });
});

describe('SheetsClientCardSource', () => {
  let now = 1_700_000_000_000;
  beforeEach(() => {
    now = 1_700_000_000_000;
    freezeClockAt(now);
  });
  afterEach(() => jest.useRealTimers());

  it('gets a token once, reads the values with it, and reuses it until it expires', async () => {
    const { calls, fetchImplementation } = fakeGoogle({
      [GOOGLE_TOKEN_URL]: () => Response.json({ access_token: 'tok-1', expires_in: 3600 }),
      [SHEETS_URL]: sheetValues,
    });
    const source = new SheetsClientCardSource(account, 'sheet/1', { fetchImplementation, range: 'Clients!A:Z' });
    expect(await source.lookup({ telegramId: 42 })).toEqual({
      source: 'sheets',
      known: true,
      fields: [
        { label: 'tg_id', value: '42' },
        { label: 'Name', value: 'Ivan' },
      ],
    });
    expect(await source.lookup({ telegramId: 43 })).toEqual({ source: 'sheets', known: false, fields: [] });
    const valuesUrl = 'https://sheets.googleapis.com/v4/spreadsheets/sheet%2F1/values/Clients%21A%3AZ';
    expect(calls.map((c) => c.url.split('?')[0])).toEqual([GOOGLE_TOKEN_URL, valuesUrl, valuesUrl]);
    const read = calls[1]!;
    expect(read.method).toBe('GET');
    expect(new URL(read.url).searchParams.get('majorDimension')).toBe('ROWS');
    expect(read.headers.get('authorization')).toBe('Bearer tok-1');
    now += 3600_000;
    jest.setSystemTime(now);
    await source.lookup({ telegramId: 42 });
    expect(calls.filter((c) => c.url === GOOGLE_TOKEN_URL)).toHaveLength(2);
  });

  it('reports a refused request as an error (the cache turns it into an empty card)', async () => {
    const { fetchImplementation } = fakeGoogle({ [GOOGLE_TOKEN_URL]: () => new Response('no', { status: 401 }) });
    await expect(
      new SheetsClientCardSource(account, 's', { fetchImplementation }).lookup({ telegramId: 1 }),
    ).rejects.toThrow('Google token request failed: 401');
  });

  it('reports a refused values request by its status alone, without the token', async () => {
    const { fetchImplementation } = fakeGoogle({
      [GOOGLE_TOKEN_URL]: () => Response.json({ access_token: 'tok-secret', expires_in: 3600 }),
      [SHEETS_URL]: () => Response.json({ error: { code: 403, message: 'denied' } }, { status: 403 }),
    });
    const failure = await new SheetsClientCardSource(account, 's', { fetchImplementation })
      .lookup({ telegramId: 1 })
      .catch((err: unknown) => err as Error);
    expect(failure).toEqual(new Error('Google Sheets values request failed: 403'));
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toContain('tok-secret');
  });
});
