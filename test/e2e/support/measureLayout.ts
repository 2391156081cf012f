import type { Page } from 'playwright';

/** One way a laid-out page fails the officer: something does not fit where it is drawn. */
export interface LayoutProblem {
  /**
   * `overflow`: content wider (or, when clipped, taller) than the element's box; `outside-viewport`:
   * the element sticks out of the window sideways; `clipped`: it sticks out of an ancestor that cuts
   * it off; `cut-text`: a placeholder or a chosen option wider than its field; `nav-wrap`: a
   * navigation item laid out on more than one line.
   */
  kind: 'overflow' | 'outside-viewport' | 'clipped' | 'cut-text' | 'nav-wrap';
  /** A readable CSS path to the element (tag, id, test id, classes). */
  selector: string;
  /** The element's visible text (or value, placeholder, label), shortened. */
  text: string;
  /** What was measured, in CSS pixels. */
  detail: string;
}

export interface MeasureLayoutOptions {
  /** Only elements inside the first match are checked (default: the whole body). */
  scope?: string;
  /** Navigation items whose labels must stay on one line. */
  navItems?: string;
  /** Differences up to this many CSS pixels are rounding, not overflow. */
  tolerance?: number;
}

/**
 * Runs in the page (pass it to `page.evaluate`); it is self-contained, as Playwright sends only its
 * source. Elements that are meant to scroll sideways (overflow-x or overflow declared auto/scroll)
 * may hold wider content, and
 * whatever sits inside a scroller may leave the window; visually hidden elements (1 px, clipped) and
 * elements without boxes are skipped. When an element and its ancestor both overflow, only the
 * innermost is reported, since the ancestor's overflow is the same content.
 */
export function measureLayout(options: MeasureLayoutOptions = {}): LayoutProblem[] {
  const tolerance = options.tolerance ?? 1;
  const navSelector = options.navItems ?? 'nav a, nav button, [role="navigation"] a, [role="navigation"] button';
  const root = options.scope ? document.querySelector(options.scope) : document.body;
  const problems: Array<LayoutProblem & { element: Element }> = [];
  if (!root) return [];

  const styleOf = (element: Element) => getComputedStyle(element);
  const scrolls = (value: string) => value === 'auto' || value === 'scroll';
  const clips = (value: string) => value === 'hidden' || value === 'clip';

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
      // An id or a test id names the element well enough; stop there.
      if (current.id || testId) break;
      current = current.parentElement;
    }
    return parts.join(' > ');
  };

  const textOf = (element: Element): string => {
    const field = element as HTMLInputElement;
    const raw =
      (element instanceof HTMLElement ? element.innerText : element.textContent) ||
      (typeof field.value === 'string' ? field.value : '') ||
      element.getAttribute('aria-label') ||
      element.getAttribute('placeholder') ||
      element.getAttribute('title') ||
      '';
    const text = raw.replace(/\s+/g, ' ').trim();
    return text.length > 80 ? `${text.slice(0, 79)}…` : text;
  };

  const report = (element: Element, kind: LayoutProblem['kind'], detail: string) => {
    problems.push({ element, kind, selector: describe(element), text: textOf(element), detail });
  };

  /** Visually hidden (a 1 px clipped box) or without any box: the officer cannot see it. */
  const unseen = (element: Element): boolean => {
    for (let current: Element | null = element; current; current = current.parentElement) {
      const rect = current.getBoundingClientRect();
      const style = styleOf(current);
      if (style.display === 'none' || style.visibility === 'hidden') return true;
      if (rect.width <= 1 && rect.height <= 1 && (clips(style.overflowX) || style.clip !== 'auto')) return true;
    }
    return element.getClientRects().length === 0;
  };

  /** The nearest ancestor that scrolls or clips in the given axis, and which of the two it does. */
  const container = (element: Element, axis: 'x' | 'y'): { element: Element; mode: 'scroll' | 'clip' } | undefined => {
    for (let current = element.parentElement; current; current = current.parentElement) {
      const style = styleOf(current);
      const value = axis === 'x' ? style.overflowX : style.overflowY;
      if (scrolls(value)) return { element: current, mode: 'scroll' };
      if (clips(value)) return { element: current, mode: 'clip' };
    }
    // An SVG drawing clips what leaves its viewport (the UA sheet's overflow: hidden on inner svg).
    const svg = element instanceof SVGElement ? element.ownerSVGElement : null;
    return svg ? { element: svg, mode: 'clip' } : undefined;
  };

  /**
   * Whether the page's CSS asks this element to scroll sideways. Computed styles cannot tell: a box
   * given only `overflow-y: auto` computes `overflow-x: auto` too, yet it is not meant to scroll
   * sideways, so the declarations (inline, then every rule that matches it) are read.
   */
  const declaresSideways = (element: Element): boolean => {
    if (element instanceof HTMLElement && element.style.overflowX) return true;
    const inRules = (rules: CSSRuleList): boolean =>
      Array.from(rules).some((rule) => {
        if (rule instanceof CSSStyleRule && rule.style.overflowX && element.matches(rule.selectorText)) return true;
        return 'cssRules' in rule && inRules((rule as CSSGroupingRule).cssRules);
      });
    return Array.from(document.styleSheets).some((sheet) => {
      try {
        return inRules(sheet.cssRules);
      } catch {
        // A stylesheet of another origin cannot be read: assume it may declare it.
        return true;
      }
    });
  };

  /** Width a string takes in the element's font. */
  const canvas = document.createElement('canvas').getContext('2d');
  const textWidth = (text: string, style: CSSStyleDeclaration): number => {
    if (!canvas) return 0;
    canvas.font = `${style.fontStyle} ${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
    return canvas.measureText(text).width;
  };

  const viewportWidth = document.documentElement.clientWidth;
  const elements = [root, ...Array.from(root.querySelectorAll('*'))];
  for (const element of elements) {
    if (unseen(element)) continue;
    const style = styleOf(element);
    const rect = element.getBoundingClientRect();

    if (element instanceof HTMLElement && !(element instanceof HTMLInputElement) && !(element instanceof HTMLTextAreaElement) && !(element instanceof HTMLSelectElement)) {
      const extraX = element.scrollWidth - element.clientWidth;
      if (!scrolls(style.overflowX) && element.clientWidth > 0 && extraX > tolerance) {
        report(element, 'overflow', `content ${element.scrollWidth}px wide in a box of ${element.clientWidth}px`);
      } else if (scrolls(style.overflowX) && element.clientWidth > 0 && extraX > tolerance && !declaresSideways(element)) {
        report(element, 'overflow', `scrolls sideways (content ${element.scrollWidth}px wide in ${element.clientWidth}px) though only overflow-y is declared`);
      }
      // Vertically, content may grow a box that is not clipped; only a clipping box cuts it.
      const extraY = element.scrollHeight - element.clientHeight;
      if (clips(style.overflowY) && element.clientHeight > 0 && extraY > tolerance) {
        report(element, 'overflow', `content ${element.scrollHeight}px high in a clipped box of ${element.clientHeight}px`);
      }
    }

    // A field's placeholder or chosen option that is wider than the field is shown cut.
    if (element instanceof HTMLInputElement || element instanceof HTMLSelectElement) {
      const shown = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? '') : element.value === '' ? element.placeholder : '';
      if (shown) {
        const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
        // Chromium draws the drop-down arrow inside a select's content box.
        const arrow = element instanceof HTMLSelectElement ? 20 : 0;
        const room = element.clientWidth - padding - arrow;
        const needed = textWidth(shown, style);
        if (needed - room > tolerance) report(element, 'cut-text', `«${shown}» needs ${Math.ceil(needed)}px, the field has ${Math.floor(room)}px`);
      }
    }

    if (element !== root && (rect.right - viewportWidth > tolerance || rect.left < -tolerance) && container(element, 'x') === undefined && style.position !== 'fixed') {
      report(element, 'outside-viewport', `spans ${Math.round(rect.left)}…${Math.round(rect.right)}px in a window ${viewportWidth}px wide`);
    }

    for (const axis of ['x', 'y'] as const) {
      const holder = container(element, axis);
      if (!holder || holder.mode !== 'clip') continue;
      const box = holder.element.getBoundingClientRect();
      const border = styleOf(holder.element);
      const start = axis === 'x' ? box.left + parseFloat(border.borderLeftWidth) : box.top + parseFloat(border.borderTopWidth);
      const end = axis === 'x' ? box.right - parseFloat(border.borderRightWidth) : box.bottom - parseFloat(border.borderBottomWidth);
      const from = axis === 'x' ? rect.left : rect.top;
      const to = axis === 'x' ? rect.right : rect.bottom;
      if (from < start - tolerance || to > end + tolerance) {
        report(element, 'clipped', `${axis === 'x' ? 'spans' : 'runs'} ${Math.round(from)}…${Math.round(to)}px, its clipping ${describe(holder.element)} shows ${Math.round(start)}…${Math.round(end)}px`);
      }
    }
  }

  // The page itself must not scroll sideways.
  const page = document.scrollingElement ?? document.documentElement;
  if (!options.scope && page.scrollWidth - page.clientWidth > tolerance) {
    problems.push({ element: page, kind: 'overflow', selector: 'html', text: '', detail: `the page is ${page.scrollWidth}px wide in a window of ${page.clientWidth}px` });
  }

  // Navigation labels stay on one line: line boxes are told apart by their vertical extent.
  for (const item of Array.from(root.querySelectorAll(navSelector))) {
    if (unseen(item)) continue;
    const lines: Array<{ top: number; bottom: number }> = [];
    const walker = document.createTreeWalker(item, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent?.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const box of Array.from(range.getClientRects())) {
        if (box.width === 0 || box.height === 0) continue;
        const same = lines.find((line) => box.top < line.bottom - tolerance && box.bottom > line.top + tolerance);
        if (same) {
          same.top = Math.min(same.top, box.top);
          same.bottom = Math.max(same.bottom, box.bottom);
        } else lines.push({ top: box.top, bottom: box.bottom });
      }
    }
    if (lines.length > 1) report(item, 'nav-wrap', `laid out on ${lines.length} lines, ${Math.round(item.getBoundingClientRect().height)}px high`);
  }

  // The innermost element names the culprit; an ancestor whose overflow is that element only repeats
  // it. The page's own sideways scroll is kept: it says the whole window is affected.
  const repeats = (problem: (typeof problems)[number]) =>
    problem.kind === 'overflow' && problem.element !== page && problems.some((other) => other !== problem && (other.kind === 'overflow' || other.kind === 'clipped') && problem.element.contains(other.element));
  return problems
    .filter((problem) => !repeats(problem))
    .map(({ kind, selector, text, detail }) => ({ kind, selector, text, detail }));
}

/** The page's layout problems, measured in the page after the next two frames (layout settled). */
export async function layoutProblems(page: Page, options: MeasureLayoutOptions = {}): Promise<LayoutProblem[]> {
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))));
  return page.evaluate(measureLayout, options);
}

/** One line per problem, for a failure message. */
export function formatLayoutProblems(problems: readonly LayoutProblem[]): string {
  return problems.map((problem) => `${problem.kind}: ${problem.selector} «${problem.text}» — ${problem.detail}`).join('\n');
}
