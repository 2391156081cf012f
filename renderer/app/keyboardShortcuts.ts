/**
 * Keyboard-first work at the desk: a control that declares `aria-keyshortcuts="Control+S"` (the
 * ARIA attribute screen readers announce) is clicked when that key combination is pressed, if it is
 * visible and enabled. Screens declare their shortcuts in markup; there is no central table to forget.
 */
export function keyCombination(event: Pick<KeyboardEvent, 'key' | 'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey'>): string | undefined {
  if (['Control', 'Meta', 'Alt', 'Shift'].includes(event.key)) return undefined;
  const parts: string[] = [];
  // Command on macOS does what Control does elsewhere.
  if (event.ctrlKey || event.metaKey) parts.push('Control');
  if (event.altKey) parts.push('Alt');
  if (event.shiftKey && event.key.length > 1) parts.push('Shift');
  parts.push(event.key.length === 1 ? event.key.toUpperCase() : event.key);
  return parts.join('+');
}

function usable(element: HTMLElement): boolean {
  if ((element as HTMLButtonElement).disabled || element.getAttribute('aria-disabled') === 'true') return false;
  return element.getClientRects().length > 0;
}

/** Listens on the document; returns a function that stops listening. */
export function installKeyboardShortcuts(root: Document = document): () => void {
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.defaultPrevented || event.isComposing) return;
    const combination = keyCombination(event);
    // Plain keys and Shift+letter belong to the fields being typed in.
    if (!combination?.includes('+')) return;
    const target = Array.from(root.querySelectorAll<HTMLElement>('[aria-keyshortcuts]')).find(
      (element) => element.getAttribute('aria-keyshortcuts')!.split(' ').includes(combination) && usable(element),
    );
    if (!target) return;
    event.preventDefault();
    target.click();
  };
  root.addEventListener('keydown', onKeyDown);
  return () => root.removeEventListener('keydown', onKeyDown);
}
