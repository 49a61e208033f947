import {
  causeChain,
  DOMAIN_ERROR_CODES,
  DOMAIN_ERROR_TEXTS,
  DomainError,
  isDomainError,
  isPermissionError,
  renderDomainErrorText,
} from '../../../src/domain';

describe('DomainError', () => {
  it('carries a stable code and the exact English text', () => {
    const error = new DomainError('ticket.review_wrong_status');
    expect(error).toBeInstanceOf(Error);
    expect(isDomainError(error)).toBe(true);
    expect(error.name).toBe('DomainError');
    expect(error.code).toBe('ticket.review_wrong_status');
    expect(error.message).toBe('Ticket review can be approved only from UNDER_REVIEW or NEW status.');
  });

  it('renders parameters into templated texts and keeps them for translation', () => {
    const error = new DomainError('intake.part_ids_unknown', { ids: '4, 9' }, 'part_specs');
    expect(error.message).toBe('Unknown part ids: 4, 9.');
    expect(error.params).toEqual({ ids: '4, 9' });
    expect(error.field).toBe('part_specs');
  });

  it('leaves unknown placeholders visible instead of dropping them', () => {
    expect(renderDomainErrorText('a {x} b {y}', { x: 1 })).toBe('a 1 b {y}');
  });

  it('tells permission refusals apart from validation errors', () => {
    expect(isPermissionError(new DomainError('role.technicians_only'))).toBe(true);
    expect(isPermissionError(new DomainError('ticket.start_wrong_status'))).toBe(false);
  });

  it('exports every code with a non-empty text for the bot to translate', () => {
    expect(DOMAIN_ERROR_CODES.length).toBe(Object.keys(DOMAIN_ERROR_TEXTS).length);
    for (const code of DOMAIN_ERROR_CODES) expect(DOMAIN_ERROR_TEXTS[code].length).toBeGreaterThan(0);
    expect(DOMAIN_ERROR_TEXTS['action.not_available']).toBe('⚠️ Action is not available for this ticket right now.');
  });
});

describe('causeChain', () => {
  it('yields an error and its causes, outermost first, and stops at a cause that is not an object', () => {
    const root = Object.assign(new Error('root'), { cause: 'a string' });
    const middle = new Error('middle', { cause: root });
    const outer = new Error('outer', { cause: middle });
    expect([...causeChain(outer)]).toEqual([outer, middle, root]);
    expect([...causeChain(null)]).toEqual([]);
    expect([...causeChain('not an error')]).toEqual([]);
  });

  it('stops after `limit` causes, so a looping chain ends', () => {
    const looped: { cause?: unknown } = {};
    looped.cause = looped;
    expect([...causeChain(looped)]).toHaveLength(10);
    expect([...causeChain(looped, 3)]).toHaveLength(3);
  });
});
