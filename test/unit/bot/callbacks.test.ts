import { CALLBACK_DATA_MAX_BYTES } from '../../../src/ui/callbacks/codec';
import {
  isLegacyQuickPanel,
  queueButton,
  type QueueButton,
  ticketButton,
  type TicketButton,
  xpHistoryButton,
} from '../../../src/ui/callbacks/technician';
import { DASHBOARD_SCOPES, TECHNICIAN_ACTIONS } from '../../../src/domain';

describe('tt: ticket buttons', () => {
  it.each([...TECHNICIAN_ACTIONS, 'refresh' as const])('round-trips %s', (action) => {
    const button: TicketButton = { ticketId: 2_147_483_647, action };
    const data = ticketButton.encode(button);
    expect(data).toBe(`tt:2147483647:${action}`);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(ticketButton.decode(data)).toEqual(button);
  });

  it.each(['tt:abc:start', 'tt:1:explode', 'tt:0:start', 'tt:1', 'tt:1:start:x', 'tt:-1:start', 'tt:2147483648:stop'])(
    'rejects %s',
    (data) => {
      expect(ticketButton.decode(data)).toBeNull();
      expect(ticketButton.isUnknownAction(data)).toBe(true);
    },
  );
});

describe('ttq: dashboard buttons', () => {
  const cases: QueueButton[] = DASHBOARD_SCOPES.flatMap((scope) => [
    { kind: 'refresh' as const, scope, page: 999_999 },
    { kind: 'open' as const, ticketId: 2_147_483_647, scope, page: 3 },
  ]);
  it.each(cases)('round-trips %o', (button) => {
    const data = queueButton.encode(button);
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(queueButton.decode(data)).toEqual(button);
  });

  it('reads legacy payloads as active / 1', () => {
    expect(queueButton.decode('ttq:refresh')).toEqual({ kind: 'refresh', scope: 'active', page: 1 });
    expect(queueButton.decode('ttq:refresh:past')).toEqual({ kind: 'refresh', scope: 'past', page: 1 });
    expect(queueButton.decode('ttq:open:5')).toEqual({ kind: 'open', ticketId: 5, scope: 'active', page: 1 });
    expect(queueButton.decode('ttq:open:5:under_qc')).toEqual({
      kind: 'open',
      ticketId: 5,
      scope: 'under_qc',
      page: 1,
    });
  });

  it('treats page 0 as page 1 (pages are clamped)', () => {
    expect(queueButton.decode('ttq:refresh:active:0')).toEqual({ kind: 'refresh', scope: 'active', page: 1 });
  });

  it.each(['ttq:open:x', 'ttq:refresh:nowhere:1', 'ttq:refresh:active:x', 'ttq:zap', 'ttq:open:1:active:2:3'])(
    'rejects %s',
    (data) => expect(queueButton.decode(data)).toBeNull(),
  );
});

describe('xph: XP history buttons', () => {
  it('round-trips and clamps the limit to 1..30', () => {
    expect(xpHistoryButton.decode(xpHistoryButton.encode({ limit: 5, offset: 10 }))).toEqual({ limit: 5, offset: 10 });
    expect(xpHistoryButton.decode('xph:100:0')).toEqual({ limit: 30, offset: 0 });
    expect(xpHistoryButton.decode('xph:0:0')).toEqual({ limit: 1, offset: 0 });
  });

  it.each(['xph:a:0', 'xph:5:-1', 'xph:5:1.5', 'xph:5:0:1'])('rejects %s', (data) => {
    expect(xpHistoryButton.decode(data)).toBeNull();
  });
});

describe('ttm: legacy quick panel', () => {
  it('recognises the removed panel', () => {
    expect(isLegacyQuickPanel('ttm:open')).toBe(true);
    expect(isLegacyQuickPanel('ttm')).toBe(true);
    expect(isLegacyQuickPanel('ttq:open:1')).toBe(false);
  });
});
