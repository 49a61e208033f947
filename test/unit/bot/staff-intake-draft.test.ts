import {
  adjustOverrideXp,
  adjustPartMinutes,
  applyManualOverride,
  askCreateItem,
  confirmCreateItem,
  currentPart,
  type IntakeDraft,
  IntakeDraftError,
  newIntakeDraft,
  openManualOverride,
  pickItem,
  pickTemplate,
  savePart,
  selectedSpecs,
  setCreationReason,
  setPartColor,
  setPartMinutes,
  showItemList,
  startSpecs,
  stepBack,
  toggleOverrideColor,
  togglePart,
} from '../../../src/ui/forms/intake-draft';

const item = {
  id: 3,
  serial: 'RM-AAA1',
  parts: [
    { id: 10, name: 'Frame' },
    { id: 11, name: 'Wheel' },
    { id: 12, name: 'Brake' },
  ],
};

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (err) {
    return err instanceof IntakeDraftError ? err.code : err;
  }
  return null;
};

function configured(): IntakeDraft {
  let d = pickItem(newIntakeDraft(5), item, 2);
  d = togglePart(togglePart(d, 12), 10);
  d = startSpecs(d);
  d = savePart(adjustPartMinutes(setPartMinutes(setPartColor(d, 'red'), 30), -5));
  return savePart(d);
}

describe('intake draft', () => {
  it('starts on the item list with nothing chosen and survives JSON (Redis session)', () => {
    const d = newIntakeDraft(42);
    expect(d).toMatchObject({ step: 'items', messageId: 42, itemsPage: 1, selected: [], specs: [] });
    expect(JSON.parse(JSON.stringify(configured()))).toEqual(configured());
  });

  it('keeps the selection in part order whatever the tapping order', () => {
    let d = pickItem(newIntakeDraft(1), item, 1);
    d = togglePart(togglePart(togglePart(d, 12), 10), 11);
    expect(d.selected).toEqual([10, 11, 12]);
    expect(togglePart(d, 11).selected).toEqual([10, 12]);
    expect(refusal(() => togglePart(d, 99))).toBe('invalid_part');
  });

  it('needs at least one part before configuring', () => {
    expect(refusal(() => startSpecs(pickItem(newIntakeDraft(1), item, 1)))).toBe('no_parts_selected');
  });

  it('configures each selected part (default green / 10, min 1) and ends on the summary', () => {
    let d = pickItem(newIntakeDraft(1), item, 1);
    d = startSpecs(togglePart(togglePart(d, 12), 10));
    expect(currentPart(d)).toEqual({ id: 10, name: 'Frame' });
    expect(d.editing).toEqual({ color: 'green', minutes: 10 });
    d = adjustPartMinutes(d, -5);
    d = adjustPartMinutes(d, -5);
    expect(d.editing.minutes).toBe(1);
    d = savePart(setPartColor(d, 'yellow'));
    expect(d.step).toBe('spec');
    expect(currentPart(d)?.name).toBe('Brake');
    expect(d.editing).toEqual({ color: 'green', minutes: 10 });
    d = savePart(setPartMinutes(d, 45));
    expect(d.step).toBe('summary');
    expect(selectedSpecs(d)).toEqual([
      { partId: 10, color: 'yellow', minutes: 1 },
      { partId: 12, color: 'green', minutes: 45 },
    ]);
  });

  it('remembers saved values when going back, and drops deselected parts from the specs', () => {
    let d = stepBack(configured());
    expect(d.step).toBe('parts');
    d = startSpecs(d);
    expect(d.editing).toEqual({ color: 'red', minutes: 25 });
    d = startSpecs(togglePart(stepBack(d), 10));
    expect(currentPart(d)?.id).toBe(12);
    expect(selectedSpecs(savePart(d)).map((s) => s.partId)).toEqual([12]);
  });

  it('refuses buttons of another step', () => {
    const d = pickItem(newIntakeDraft(1), item, 1);
    expect(refusal(() => setPartColor(d, 'red'))).toBe('wrong_step');
    expect(refusal(() => savePart(d))).toBe('wrong_step');
    expect(refusal(() => openManualOverride(d))).toBe('wrong_step');
    expect(refusal(() => toggleOverrideColor(d, 'red'))).toBe('wrong_step');
    expect(refusal(() => confirmCreateItem(d))).toBe('wrong_step');
  });

  it('edits the override: colors toggle, XP from 0 never below 0; apply or back to automatic', () => {
    let d = openManualOverride(configured());
    expect(d.manualEdit).toEqual({ flagColor: null, xpAmount: null });
    d = toggleOverrideColor(d, 'red');
    d = toggleOverrideColor(toggleOverrideColor(d, 'yellow'), 'yellow');
    expect(d.manualEdit?.flagColor).toBeNull();
    d = adjustOverrideXp(adjustOverrideXp(toggleOverrideColor(d, 'red'), -5), 5);
    expect(d.manualEdit).toEqual({ flagColor: 'red', xpAmount: 5 });
    const applied = applyManualOverride(d);
    expect(applied).toMatchObject({ step: 'summary', manual: { flagColor: 'red', xpAmount: 5 }, manualEdit: null });
    expect(openManualOverride(applied).manualEdit).toEqual({ flagColor: 'red', xpAmount: 5 });
    expect(stepBack(openManualOverride(applied))).toMatchObject({ step: 'summary', manual: null });
    expect(applyManualOverride(openManualOverride(configured())).manual).toBeNull();
  });

  it('walks the new-item path: confirm, reason, template parts', () => {
    let d = askCreateItem(newIntakeDraft(1), 'RM-NEW01');
    expect(d).toMatchObject({ step: 'serial_confirm', serial: 'RM-NEW01', itemId: null, newItem: null });
    d = confirmCreateItem(d);
    expect(d).toMatchObject({ step: 'reason', newItem: { reason: null } });
    expect(stepBack(d)).toMatchObject({ step: 'serial_confirm', newItem: null });
    d = setCreationReason(d, 'walk-in client');
    expect(d).toMatchObject({ step: 'template', newItem: { reason: 'walk-in client' } });
    expect(showItemList(d, 2)).toMatchObject({ step: 'template', itemsPage: 2 });
    d = pickTemplate(d, item.parts, 1);
    expect(d).toMatchObject({ step: 'parts', serial: 'RM-NEW01', itemId: null, newItem: { reason: 'walk-in client' } });
    expect(stepBack(d)).toMatchObject({ step: 'template', selected: [] });
  });

  it('drops a new item when an existing one is picked or the list is reopened from the start', () => {
    const d = setCreationReason(confirmCreateItem(askCreateItem(newIntakeDraft(1), 'RM-NEW01')), 'why');
    expect(pickItem(d, item, 1)).toMatchObject({ newItem: null, itemId: 3, serial: 'RM-AAA1' });
    expect(stepBack(askCreateItem(newIntakeDraft(1), 'RM-NEW01'))).toMatchObject({ step: 'items', serial: null });
  });
});
