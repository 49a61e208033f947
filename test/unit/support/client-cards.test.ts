import { createVerify, generateKeyPairSync } from 'node:crypto';
import {
  buildServiceAccountJwt,
  GOOGLE_TOKEN_URL,
  parseSheetRows,
  SHEETS_SCOPE,
  SheetsClientCardSource,
  tokenRequest,
  valuesRequest,
} from '../../../src/reads/client-cards';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const account = { clientEmail: 'desk@project.iam.gserviceaccount.com', privateKey: pem };

const decode = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;

describe('Google service-account JWT', () => {
  it('signs RS256 claims for a read-only Sheets token', () => {
    const jwt = buildServiceAccountJwt(account, 1_700_000_000);
    const [header, claims, signature] = jwt.split('.');
    expect(decode(header!)).toEqual({ alg: 'RS256', typ: 'JWT' });
    expect(decode(claims!)).toEqual({
      iss: account.clientEmail,
      scope: SHEETS_SCOPE,
      aud: GOOGLE_TOKEN_URL,
      iat: 1_700_000_000,
      exp: 1_700_003_600,
    });
    const valid = createVerify('RSA-SHA256')
      .update(`${header}.${claims}`)
      .verify(publicKey, Buffer.from(signature!, 'base64url'));
    expect(valid).toBe(true);
  });

  it('accepts a key pasted with literal \\n sequences', () => {
    const escaped = { ...account, privateKey: pem.replace(/\n/g, '\\n') };
    expect(buildServiceAccountJwt(escaped, 1)).toBe(buildServiceAccountJwt(account, 1));
  });

  it('builds the token and values requests', () => {
    const token = tokenRequest('a.b.c');
    expect(token.url).toBe('https://oauth2.googleapis.com/token');
    expect(token.init.method).toBe('POST');
    expect(new URLSearchParams(String(token.init.body)).get('grant_type')).toBe(
      'urn:ietf:params:oauth:grant-type:jwt-bearer',
    );
    expect(new URLSearchParams(String(token.init.body)).get('assertion')).toBe('a.b.c');
    const values = valuesRequest('sheet/1', 'Clients!A:Z', 'tok');
    expect(values.url).toBe(
      'https://sheets.googleapis.com/v4/spreadsheets/sheet%2F1/values/Clients!A%3AZ?majorDimension=ROWS',
    );
    expect(values.init.headers).toEqual({ authorization: 'Bearer tok' });
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
  function fakeFetch(responses: Record<string, () => Response>) {
    const calls: { url: string; init?: RequestInit }[] = [];
    const fetchImpl = async (url: string, init?: RequestInit) => {
      calls.push({ url, init });
      const key = Object.keys(responses).find((prefix) => url.startsWith(prefix));
      if (!key) throw new Error(`unexpected ${url}`);
      return responses[key]!();
    };
    return { calls, fetchImpl };
  }

  it('gets a token once, reads the values with it, and reuses it until it expires', async () => {
    let now = 1_700_000_000_000;
    const { calls, fetchImpl } = fakeFetch({
      [GOOGLE_TOKEN_URL]: () => Response.json({ access_token: 'tok-1', expires_in: 3600 }),
      'https://sheets.googleapis.com/': () =>
        Response.json({
          values: [
            ['tg_id', 'Name'],
            ['42', 'Ivan'],
          ],
        }),
    });
    const source = new SheetsClientCardSource(account, 'sheet-1', fetchImpl, 'A:Z', () => now);
    expect(await source.lookup({ telegramId: 42 })).toEqual({
      source: 'sheets',
      known: true,
      fields: [
        { label: 'tg_id', value: '42' },
        { label: 'Name', value: 'Ivan' },
      ],
    });
    expect(await source.lookup({ telegramId: 43 })).toEqual({ source: 'sheets', known: false, fields: [] });
    expect(calls.map((c) => c.url.split('?')[0])).toEqual([
      GOOGLE_TOKEN_URL,
      'https://sheets.googleapis.com/v4/spreadsheets/sheet-1/values/A%3AZ',
      'https://sheets.googleapis.com/v4/spreadsheets/sheet-1/values/A%3AZ',
    ]);
    expect((calls[1]!.init!.headers as Record<string, string>).authorization).toBe('Bearer tok-1');
    now += 3600_000;
    await source.lookup({ telegramId: 42 });
    expect(calls.filter((c) => c.url === GOOGLE_TOKEN_URL)).toHaveLength(2);
  });

  it('reports a refused request as an error (the cache turns it into an empty card)', async () => {
    const { fetchImpl } = fakeFetch({ [GOOGLE_TOKEN_URL]: () => new Response('no', { status: 401 }) });
    await expect(new SheetsClientCardSource(account, 's', fetchImpl).lookup({ telegramId: 1 })).rejects.toThrow(
      'Google token request failed: 401',
    );
  });
});
