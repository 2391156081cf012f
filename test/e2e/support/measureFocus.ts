import type { Page } from 'playwright';

/** One control whose keyboard focus the officer cannot see well enough. */
export interface FocusProblem {
  /**
   * `no-indicator`: focused, it looks as it does unfocused (no outline of at least 2 px, no box
   * shadow); `low-contrast`: its outline is under 3:1 against what lies behind it (WCAG 1.4.11);
   * `indicator-clipped`: an ancestor that clips or scrolls, or the window, cuts the outline off where
   * the control is once focused.
   */
  kind: 'no-indicator' | 'low-contrast' | 'indicator-clipped';
  selector: string;
  text: string;
  detail: string;
}

/**
 * Runs in the page (pass it to `page.evaluate`, self-contained): judges the focus indicator of
 * `document.activeElement`, or returns null when it is fine or nothing is focused. A visually hidden
 * control (a file input inside its label) is judged by the nearest visible ancestor that shows it.
 */
export function measureActiveFocus(): FocusProblem | null {
  const focused = document.activeElement;
  if (!focused || focused === document.body || focused === document.documentElement) return null;
  const tolerance = 1;

  const describe = (element: Element): string => {
    const parts: string[] = [];
    let current: Element | null = element;
    while (current && current !== document.body && parts.length < 4) {
      let part = current.tagName.toLowerCase();
      if (current.id) part += `#${current.id}`;
      const testId = current.getAttribute('data-testid');
      if (testId) part += `[data-testid="${testId}"]`;
      const classes = typeof current.className === 'string' ? current.className.trim().split(/\s+/).filter(Boolean) : [];
      if (classes.length > 0) part += `.${classes.join('.')}`;
      parts.unshift(part);
      if (current.id || testId) break;
      current = current.parentElement;
    }
    return parts.join(' > ');
  };
  const label = (element: Element): string => {
    const raw = element.getAttribute('aria-label') || (element instanceof HTMLElement ? element.innerText : '') || (element as HTMLInputElement).placeholder || element.getAttribute('name') || '';
    const text = raw.replace(/\s+/g, ' ').trim();
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  };

  // What the officer sees: the control, or the nearest visible ancestor when it is visually hidden.
  let shown: Element = focused;
  while (shown.parentElement && shown.getBoundingClientRect().width <= 1 && shown.getBoundingClientRect().height <= 1) shown = shown.parentElement;
  const style = getComputedStyle(shown);
  const problem = (kind: FocusProblem['kind'], detail: string): FocusProblem => ({ kind, selector: describe(focused), text: label(focused), detail });

  const outlineWidth = parseFloat(style.outlineWidth) || 0;
  const hasOutline = style.outlineStyle === 'auto' || (style.outlineStyle !== 'none' && style.outlineStyle !== 'hidden' && outlineWidth >= 2);
  const hasShadow = style.boxShadow !== 'none' && style.boxShadow !== '';
  if (!hasOutline && !hasShadow) return problem('no-indicator', `outline ${style.outlineStyle} ${style.outlineWidth}, no box shadow`);
  // The browser's own ring (style auto) is drawn in two tones that show on any background; a box
  // shadow is taken as it is.
  if (!hasOutline || style.outlineStyle === 'auto') return null;

  const parse = (color: string): [number, number, number, number] | undefined => {
    const match = /^rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)$/.exec(color);
    return match ? [Number(match[1]), Number(match[2]), Number(match[3]), match[4] === undefined ? 1 : Number(match[4])] : undefined;
  };
  const over = (top: [number, number, number, number], below: [number, number, number]): [number, number, number] =>
    [0, 1, 2].map((i) => top[i]! * top[3] + below[i]! * (1 - top[3])) as [number, number, number];
  const luminance = (rgb: [number, number, number]) => {
    const [r, g, b] = rgb.map((channel) => {
      const c = channel / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b;
  };

  const offset = parseFloat(style.outlineOffset) || 0;
  // An outline drawn outside the box lies over the ancestors' background; one inset over the control's.
  const layers: Array<[number, number, number, number]> = [];
  for (let current: Element | null = offset >= 0 ? shown.parentElement : shown; current; current = current.parentElement) {
    const background = parse(getComputedStyle(current).backgroundColor);
    if (background && background[3] > 0) layers.push(background);
    if (background && background[3] >= 1) break;
  }
  let behind: [number, number, number] = [255, 255, 255];
  for (const layer of layers.reverse()) behind = over(layer, behind);
  const outline = parse(style.outlineColor);
  if (outline) {
    const ring = over(outline, behind);
    const [light, dark] = [luminance(ring), luminance(behind)].sort((a, b) => b - a) as [number, number];
    const contrast = (light + 0.05) / (dark + 0.05);
    if (contrast < 3) return problem('low-contrast', `outline ${style.outlineColor} on ${`rgb(${behind.map(Math.round).join(', ')})`}: ${contrast.toFixed(2)}:1`);
  }

  // The band the outline covers, and every ancestor that would cut it off.
  const rect = shown.getBoundingClientRect();
  const reach = Math.max(0, offset + outlineWidth);
  const band = { left: rect.left - reach, right: rect.right + reach, top: rect.top - reach, bottom: rect.bottom + reach };
  const cut = (box: { left: number; right: number; top: number; bottom: number }, axes: { x: boolean; y: boolean }, who: string): FocusProblem | null => {
    const sides: string[] = [];
    if (axes.x && band.left < box.left - tolerance) sides.push('left');
    if (axes.x && band.right > box.right + tolerance) sides.push('right');
    if (axes.y && band.top < box.top - tolerance) sides.push('top');
    if (axes.y && band.bottom > box.bottom + tolerance) sides.push('bottom');
    return sides.length > 0 ? problem('indicator-clipped', `${who} cuts the outline off on the ${sides.join(', ')}`) : null;
  };
  // A scroller cuts too: the ring is judged where the browser's focus scrolling left the control
  // (flush with the edge, unless the scroller keeps a scroll-padding).
  for (let current = shown.parentElement; current; current = current.parentElement) {
    const ancestor = getComputedStyle(current);
    const axes = { x: ancestor.overflowX !== 'visible', y: ancestor.overflowY !== 'visible' };
    if (!axes.x && !axes.y) continue;
    const box = current.getBoundingClientRect();
    const inner = { left: box.left + current.clientLeft, top: box.top + current.clientTop, right: box.left + current.clientLeft + current.clientWidth, bottom: box.top + current.clientTop + current.clientHeight };
    const found = cut(inner, axes, describe(current));
    if (found) return found;
  }
  const page = document.scrollingElement ?? document.documentElement;
  return cut({ left: 0, top: 0, right: page.clientWidth, bottom: page.clientHeight }, { x: true, y: true }, 'the window');
}

/**
 * Walks the page's whole tab order with real Tab presses (so `:focus-visible` applies as it does for
 * the officer) and judges each control's focus indicator. Stops when a control comes round again.
 * The walk leaves nothing focused.
 */
export async function focusProblems(page: Page, maxSteps = 400): Promise<FocusProblem[]> {
  const problems: FocusProblem[] = [];
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  const seen = await page.evaluateHandle(() => new WeakSet<Element>());
  for (let step = 0; step < maxSteps; step += 1) {
    await page.keyboard.press('Tab');
    const again = await seen.evaluate((visited) => {
      const active = document.activeElement;
      if (!active || active === document.body) return false;
      if (visited.has(active)) return true;
      visited.add(active);
      return false;
    });
    if (again) break;
    const problem = await page.evaluate(measureActiveFocus);
    if (problem) problems.push(problem);
  }
  await seen.dispose();
  await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur?.());
  return problems;
}

/** One line per problem, for a failure message. */
export function formatFocusProblems(problems: readonly FocusProblem[]): string {
  return problems.map((problem) => `${problem.kind}: ${problem.selector} «${problem.text}» — ${problem.detail}`).join('\n');
}
