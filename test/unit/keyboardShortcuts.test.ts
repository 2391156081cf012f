import { describe, expect, it } from 'vitest';
import { keyCombination } from '../../renderer/app/keyboardShortcuts';

const key = (key: string, mods: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({ key, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('keyboard shortcut names', () => {
  it('names combinations as aria-keyshortcuts does', () => {
    expect(keyCombination(key('s', { ctrlKey: true }))).toBe('Control+S');
    expect(keyCombination(key('s', { metaKey: true }))).toBe('Control+S');
    expect(keyCombination(key('Enter', { ctrlKey: true }))).toBe('Control+Enter');
    expect(keyCombination(key('2', { altKey: true }))).toBe('Alt+2');
    expect(keyCombination(key('Enter', { ctrlKey: true, shiftKey: true }))).toBe('Control+Shift+Enter');
    expect(keyCombination(key('S', { ctrlKey: true, shiftKey: true }))).toBe('Control+S');
  });
  it('ignores modifier keys alone and leaves plain typing alone', () => {
    expect(keyCombination(key('Control', { ctrlKey: true }))).toBeUndefined();
    expect(keyCombination(key('a'))).toBe('A');
  });
});
