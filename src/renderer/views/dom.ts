// A small element builder for the views: attributes by name (`data-testid` included), children as nodes or
// text (text is never parsed as HTML). `svgNode` wraps a chart's SVG string, which is our own markup.
type Attr = string | number | boolean | undefined | null;
type Child = Node | string | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  for (const c of children) if (c !== null && c !== undefined && c !== false) el.append(c);
  return el;
}

/** A chart (an SVG string from src/shared/charts) in a wrapper element. */
export function svgNode(svg: string, attrs: Record<string, Attr> = {}, tag: 'div' | 'span' = 'div'): HTMLElement {
  const el = h(tag, { class: 'chart', ...attrs });
  el.innerHTML = svg;
  return el;
}

export function button(label: Child | Child[], onClick: (e: MouseEvent) => void, attrs: Record<string, Attr> = {}): HTMLButtonElement {
  const b = h('button', { type: 'button', ...attrs }, ...(Array.isArray(label) ? label : [label]));
  b.addEventListener('click', onClick);
  return b;
}

export function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): HTMLElement {
  el.addEventListener(type, fn);
  return el;
}

/** A paragraph that says what to do next, for empty and error states. */
export function empty(text: string, ...actions: Child[]): HTMLElement {
  return h('div', { class: 'empty' }, h('p', {}, text), ...actions);
}

export function errorBox(message: string, attrs: Record<string, Attr> = {}): HTMLElement {
  return h('p', { class: 'error', role: 'alert', ...attrs }, message);
}

/** A progress bar with its text, accessible as a progressbar. */
export function progressBar(done: number, total: number, label: string, attrs: Record<string, Attr> = {}): HTMLElement {
  const bar = h('div', { class: 'progress', role: 'progressbar', 'aria-label': label, 'aria-valuemin': 0, 'aria-valuemax': 100, ...attrs }, h('div', { class: 'progress-fill' }));
  setProgress(bar, done, total);
  return bar;
}

/** Moves a progressBar in place (a bar kept across progress events); returns the percentage shown. */
export function setProgress(bar: HTMLElement, done: number, total: number): number {
  const pct = total > 0 ? Math.max(0, Math.min(100, (100 * done) / total)) : 0;
  bar.setAttribute('aria-valuenow', String(Math.round(pct)));
  (bar.firstChild as HTMLElement).style.width = `${pct}%`;
  return pct;
}

/** Runs fn once per animation frame at most, with the latest arguments. */
export function perFrame<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void {
  let pending: A | null = null;
  return (...args: A) => {
    const first = pending === null;
    pending = args;
    if (first)
      requestAnimationFrame(() => {
        const a = pending!;
        pending = null;
        fn(...a);
      });
  };
}
