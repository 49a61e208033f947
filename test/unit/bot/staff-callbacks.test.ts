import { CALLBACK_DATA_MAX_BYTES } from '../../../src/ui/callbacks/codec';
import {
  ADJUST_STEPS,
  INTAKE_MINUTE_PRESETS,
  type IntakeButton,
  intakeButton,
  MANUAL_XP_PRESETS,
  type ReviewActionButton,
  reviewActionButton,
  type ReviewQueueButton,
  reviewQueueButton,
} from '../../../src/ui/callbacks/staff';

const MAX_ID = 2_147_483_647;
const bytes = (data: string) => Buffer.byteLength(data, 'utf8');

describe('tc: intake buttons', () => {
  const samples: [IntakeButton, string][] = [
    [{ kind: 'list', page: 3 }, 'tc:list:3'],
    [{ kind: 'item', itemId: 42, page: 2 }, 'tc:item:42:2'],
    [{ kind: 'tog', partId: 7 }, 'tc:tog:7'],
    [{ kind: 'go' }, 'tc:go'],
    [{ kind: 'clr', color: 'yellow' }, 'tc:clr:yellow'],
    [{ kind: 'min', minutes: 45 }, 'tc:min:45'],
    [{ kind: 'adj', step: -5 }, 'tc:adj:-5'],
    [{ kind: 'adj', step: 1 }, 'tc:adj:1'],
    [{ kind: 'save' }, 'tc:save'],
    [{ kind: 'create' }, 'tc:create'],
    [{ kind: 'back' }, 'tc:back'],
    [{ kind: 'cancel' }, 'tc:cancel'],
    [{ kind: 'noop' }, 'tc:noop'],
  ];

  it.each(samples)('encodes %j exactly as the reference does and decodes it back', (button, data) => {
    expect(intakeButton.encode(button)).toBe(data);
    expect(intakeButton.decode(data)).toEqual(button);
  });

  it('round-trips every preset and step', () => {
    for (const minutes of INTAKE_MINUTE_PRESETS) {
      expect(intakeButton.decode(intakeButton.encode({ kind: 'min', minutes }))).toEqual({ kind: 'min', minutes });
    }
    for (const step of ADJUST_STEPS) {
      expect(intakeButton.decode(intakeButton.encode({ kind: 'adj', step }))).toEqual({ kind: 'adj', step });
    }
  });

  it('accepts an explicit plus sign on steps', () => {
    expect(intakeButton.decode('tc:adj:+5')).toEqual({ kind: 'adj', step: 5 });
  });

  it('stays within 64 bytes at the largest ids and pages', () => {
    const biggest = intakeButton.encode({ kind: 'item', itemId: MAX_ID, page: 999_999 });
    expect(bytes(biggest)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    expect(intakeButton.decode(biggest)).toEqual({ kind: 'item', itemId: MAX_ID, page: 999_999 });
  });

  it.each([
    'tc',
    'tc:',
    'tc:list',
    'tc:list:x',
    'tc:list:1:2',
    'tc:item:1',
    'tc:item:0:1',
    'tc:item:-3:1',
    'tc:item:2147483648:1',
    'tc:item:1:1:1',
    'tc:tog:',
    'tc:tog:abc',
    'tc:clr:blue',
    'tc:clr:GREEN',
    'tc:min:15',
    'tc:min:10:1',
    'tc:adj:2',
    'tc:adj:-10',
    'tc:adj:++1',
    'tc:go:1',
    'tc:create:now',
    'tc:explode',
    'tcx:go',
    'tra:go',
    `tc:item:1:${'1'.repeat(70)}`,
  ])('refuses the forged payload %j', (data) => {
    expect(intakeButton.decode(data)).toBeNull();
  });
});

describe('trq: review queue buttons', () => {
  const samples: [ReviewQueueButton, string][] = [
    [{ kind: 'refresh', page: 2 }, 'trq:refresh:2'],
    [{ kind: 'open', ticketId: 15, page: 3 }, 'trq:open:15:3'],
  ];

  it.each(samples)('encodes %j as %j and back', (button, data) => {
    expect(reviewQueueButton.encode(button)).toBe(data);
    expect(reviewQueueButton.decode(data)).toEqual(button);
  });

  it('reads payloads without a page as page 1, like the reference', () => {
    expect(reviewQueueButton.decode('trq:refresh')).toEqual({ kind: 'refresh', page: 1 });
    expect(reviewQueueButton.decode('trq:open:9')).toEqual({ kind: 'open', ticketId: 9, page: 1 });
  });

  it('stays within 64 bytes', () => {
    const data = reviewQueueButton.encode({ kind: 'open', ticketId: MAX_ID, page: 999_999 });
    expect(bytes(data)).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
  });

  it.each(['trq', 'trq:open', 'trq:open:x:1', 'trq:open:1:x', 'trq:refresh:1:2', 'trq:delete:1', 'trq:open:1:2:3'])(
    'refuses the forged payload %j',
    (data) => {
      expect(reviewQueueButton.decode(data)).toBeNull();
    },
  );
});

describe('tra: review action buttons', () => {
  const samples: [ReviewActionButton, string][] = [
    [{ kind: 'assign', ticketId: 5 }, 'tra:assign:5'],
    [{ kind: 'ap', ticketId: 5, page: 2 }, 'tra:ap:5:2'],
    [{ kind: 'at', ticketId: 5, technicianId: 77 }, 'tra:at:5:77'],
    [{ kind: 'manual', ticketId: 5 }, 'tra:manual:5'],
    [{ kind: 'mc', ticketId: 5, color: 'red' }, 'tra:mc:5:red'],
    [{ kind: 'mx', ticketId: 5, xp: 40 }, 'tra:mx:5:40'],
    [{ kind: 'adj', ticketId: 5, step: -1 }, 'tra:adj:5:-1'],
    [{ kind: 'adj', ticketId: 5, step: 5 }, 'tra:adj:5:5'],
    [{ kind: 'ms', ticketId: 5 }, 'tra:ms:5'],
    [{ kind: 'bk', ticketId: 5 }, 'tra:bk:5'],
    [{ kind: 'noop', ticketId: 5 }, 'tra:noop:5'],
  ];

  it.each(samples)('encodes %j as %j and back', (button, data) => {
    expect(reviewActionButton.encode(button)).toBe(data);
    expect(reviewActionButton.decode(data)).toEqual(button);
  });

  it('round-trips every XP preset', () => {
    for (const xp of MANUAL_XP_PRESETS) {
      const button: ReviewActionButton = { kind: 'mx', ticketId: 3, xp };
      expect(reviewActionButton.decode(reviewActionButton.encode(button))).toEqual(button);
    }
  });

  it('stays within 64 bytes at the largest ids', () => {
    for (const button of [
      { kind: 'at', ticketId: MAX_ID, technicianId: MAX_ID },
      { kind: 'ap', ticketId: MAX_ID, page: 999_999 },
      { kind: 'mc', ticketId: MAX_ID, color: 'yellow' },
      { kind: 'manual', ticketId: MAX_ID },
    ] as ReviewActionButton[]) {
      expect(bytes(reviewActionButton.encode(button))).toBeLessThanOrEqual(CALLBACK_DATA_MAX_BYTES);
    }
  });

  it.each([
    'tra',
    'tra:assign',
    'tra:assign:x',
    'tra:assign:5:1',
    'tra:ap:5',
    'tra:ap:5:x',
    'tra:at:5',
    'tra:at:5:0',
    'tra:at:5:abc',
    'tra:mc:5:purple',
    'tra:mx:5:7',
    'tra:mx:5:-5',
    'tra:adj:5:3',
    'tra:ms:5:1',
    'tra:delete:5',
    'tra:at:5:6:7',
    'trq:assign:5',
  ])('refuses the forged payload %j', (data) => {
    expect(reviewActionButton.decode(data)).toBeNull();
  });
});
