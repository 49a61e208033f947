import { closeSerials, decideSerialIntake, editDistance, isValidSerial, normalizeSerial } from '../../../src/domain';
import { domainErrorOf } from './fixtures';

describe('serial normalization and pattern', () => {
  it('removes whitespace and upper-cases', () => {
    expect(normalizeSerial(' rm-00 12\t')).toBe('RM-0012');
  });

  it.each([
    ['RM-0100', true],
    ['rm-ab12', true],
    ['RM-ABC', false],
    ['RM-' + 'A'.repeat(29), true],
    ['RM-' + 'A'.repeat(30), false],
    ['XX-0100', false],
    ['RM_0100', false],
  ])('%s valid: %p', (serial, valid) => {
    expect(isValidSerial(serial)).toBe(valid);
  });
});

describe('closeSerials', () => {
  const known = ['RM-0101', 'RM-0102', 'RM-1010', 'RM-9999', 'XRM-0109', 'RM-0109-B'];

  it('lists prefix matches, then containing ones, then near ones, up to the limit', () => {
    expect(closeSerials('rm-0109', known)).toEqual(['RM-0109-B', 'XRM-0109', 'RM-0101', 'RM-0102', 'RM-1010']);
    expect(closeSerials('RM-0109', known, 2)).toEqual(['RM-0109-B', 'XRM-0109']);
  });

  it('suggests nothing for a too short query or distant serials', () => {
    expect(closeSerials('R', known)).toEqual([]);
    expect(closeSerials('ZZZZZZZZZZ', known)).toEqual([]);
  });

  it('measures edit distance in characters', () => {
    expect(editDistance('RM-0109', 'RM-0101')).toBe(1);
    expect(editDistance('', 'abc')).toBe(3);
    expect(editDistance('kitten', 'sitting')).toBe(3);
  });
});

describe('decideSerialIntake', () => {
  const base = { rawSerial: 'rm-0100', item: null, archived: false, confirmCreate: false };

  it('uses an existing item without an active ticket', () => {
    expect(decideSerialIntake({ ...base, item: { id: 4, categoryId: 2, hasActiveTicket: false } })).toEqual({
      kind: 'existing',
      serial: 'RM-0100',
      itemId: 4,
      itemCategoryId: 2,
    });
  });

  it('refuses an existing item that already has an active ticket', () => {
    const error = domainErrorOf(() =>
      decideSerialIntake({ ...base, item: { id: 4, categoryId: 2, hasActiveTicket: true } }),
    );
    expect(error.message).toBe('An active ticket already exists for this inventory item.');
  });

  it('refuses an unknown serial that does not match the pattern, before anything else', () => {
    expect(domainErrorOf(() => decideSerialIntake({ ...base, rawSerial: 'AB-1', archived: true })).message).toBe(
      'serial_number must match pattern RM-[A-Z0-9-]{4,29}.',
    );
  });

  it('refuses an archived serial', () => {
    expect(domainErrorOf(() => decideSerialIntake({ ...base, archived: true, confirmCreate: true })).message).toBe(
      "Inventory item 'RM-0100' is archived. Restore the existing item before creating a ticket.",
    );
  });

  it('asks for confirmation and suggests close serials', () => {
    expect(
      domainErrorOf(() => decideSerialIntake({ ...base, rawSerial: 'RM-0109', knownSerials: ['RM-0101'] })).message,
    ).toBe(
      "Inventory item 'RM-0109' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it. Closest matches: RM-0101.",
    );
    expect(domainErrorOf(() => decideSerialIntake({ ...base, knownSerials: [] })).message).toBe(
      "Inventory item 'RM-0100' was not found. Set confirm_create_inventory_item=true and provide inventory_item_creation_reason to create it.",
    );
  });

  it('requires a non-blank reason with the confirmation', () => {
    const error = domainErrorOf(() => decideSerialIntake({ ...base, confirmCreate: true, creationReason: '   ' }));
    expect(error.message).toBe('inventory_item_creation_reason is required when confirm_create_inventory_item=true.');
    expect(error.field).toBe('inventory_item_creation_reason');
  });

  it('creates the item when confirmed with a reason', () => {
    expect(decideSerialIntake({ ...base, confirmCreate: true, creationReason: ' verified ' })).toEqual({
      kind: 'create',
      serial: 'RM-0100',
      reason: 'verified',
    });
  });
});
