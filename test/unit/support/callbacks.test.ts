import { supportButton, type SupportButton } from '../../../src/ui/callbacks/support';

describe('support callback codec', () => {
  const cases: [SupportButton, string][] = [
    [{ kind: 'assign', ticketId: 12, technicianId: 7 }, 'sp:a:12:7'],
    [{ kind: 'close', ticketId: 12 }, 'sp:c:12'],
    [{ kind: 'score', ticketId: 12, question: 2, score: 5 }, 'sp:f:12:2:5'],
  ];

  it.each(cases)('round-trips %j', (button, data) => {
    expect(supportButton.encode(button)).toBe(data);
    expect(supportButton.decode(data)).toEqual(button);
    expect(supportButton.matches(data)).toBe(true);
  });

  it('stays within 64 bytes for the largest ids', () => {
    const data = supportButton.encode({ kind: 'assign', ticketId: 2_147_483_647, technicianId: 2_147_483_647 });
    expect(Buffer.byteLength(data)).toBeLessThanOrEqual(64);
    expect(supportButton.decode(data)).toEqual({
      kind: 'assign',
      ticketId: 2_147_483_647,
      technicianId: 2_147_483_647,
    });
  });

  it.each([
    'sp',
    'sp:',
    'sp:a:12',
    'sp:a:x:7',
    'sp:a:012:7',
    'sp:a:12:7:9',
    'sp:c:0',
    'sp:c:99999999999',
    'sp:f:12:4:5',
    'sp:f:12:1:6',
    'sp:f:12:1:0',
    'sp:f:12:1',
    'sp:z:12',
    'tt:12:start',
  ])('rejects %s', (data) => {
    expect(supportButton.decode(data)).toBeNull();
  });

  it('claims only its own prefix', () => {
    expect(supportButton.matches('sp:whatever')).toBe(true);
    expect(supportButton.matches('spx:1')).toBe(false);
    expect(supportButton.matches('tt:1:start')).toBe(false);
  });
});
