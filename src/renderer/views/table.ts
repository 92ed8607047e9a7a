// A virtualised table of cases: only the rows in view are in the DOM (a pool of row elements reused as the
// table scrolls), and rows are fetched in pages with getCases as they come into view. A million rows scroll
// as smoothly as fifty; past the browser's largest element height the scrollbar maps proportionally.
import type { Selection } from '../state/selection';
import { h } from './dom';

const ROW_H = 26;
/** Tallest spacer we let the browser lay out (Chromium's limit is about 33.5M px). */
const MAX_H = 12_000_000;
const PAGE = 200;
const CACHED_PAGES = 60;

export interface TableColumn {
  name: string;
  /** px */
  width: number;
  numeric: boolean;
}

export interface CaseTable {
  el: HTMLElement;
  /** Scrolls so that row is in view. */
  reveal(row: number): void;
  destroy(): void;
}

export function caseTable(opts: {
  n: number;
  columns: TableColumn[];
  fetch: (rows: number[]) => Promise<{ row: number; values: Record<string, string | null> }[]>;
  selection: Selection;
  label: string;
}): CaseTable {
  const { n, columns, selection } = opts;
  const totalW = 72 + columns.reduce((a, c) => a + c.width, 0);
  const scroller = h('div', { class: 'vtable', tabindex: 0, role: 'grid', 'aria-label': opts.label, 'aria-rowcount': n + 1, 'aria-colcount': columns.length + 1, 'data-testid': 'case-table' });
  const head = h('div', { class: 'vrow vhead', role: 'row', 'aria-rowindex': 1 }, h('div', { class: 'vcell rownum', role: 'columnheader' }, 'row'), ...columns.map((c) => {
    const cell = h('div', { class: `vcell${c.numeric ? ' num' : ''}`, role: 'columnheader', title: c.name }, c.name);
    cell.style.width = `${c.width}px`;
    return cell;
  }));
  head.style.width = `${totalW}px`;
  const spacer = h('div', { class: 'vspacer' });
  const fullH = n * ROW_H;
  const virtualH = Math.min(fullH, MAX_H);
  spacer.style.height = `${virtualH}px`;
  spacer.style.width = `${totalW}px`;
  const body = h('div', { class: 'vbody' });
  scroller.append(head, spacer);
  spacer.append(body);

  const pages = new Map<number, Map<number, Record<string, string | null>>>();
  const inflight = new Set<number>();
  const pool: HTMLElement[] = [];
  let destroyed = false;

  /** First row in view (fractional) and its offset from the top of the spacer. */
  const windowAt = (scrollTop: number, viewH: number) => {
    const visible = Math.ceil(viewH / ROW_H) + 1;
    if (fullH <= MAX_H) return { first: scrollTop / ROW_H, top: (r: number) => r * ROW_H, visible };
    const ratio = scrollTop / Math.max(1, virtualH - viewH);
    const first = ratio * Math.max(0, n - visible + 1);
    return { first, top: (r: number) => scrollTop + (r - first) * ROW_H, visible };
  };

  function rowEl(k: number): HTMLElement {
    while (pool.length <= k) {
      // Each cell keeps one text node whose data paint rewrites: a new node per write (textContent) would be
      // taken out of the layout tree and a new one attached, a style pass over every cell on each scroll.
      const r = h('div', { class: 'vrow', role: 'row' }, h('div', { class: 'vcell rownum', role: 'rowheader' }, document.createTextNode('')), ...columns.map((c) => {
        const cell = h('div', { class: `vcell${c.numeric ? ' num' : ''}`, role: 'gridcell' }, document.createTextNode(''));
        cell.style.width = `${c.width}px`;
        return cell;
      }));
      r.style.width = `${totalW}px`;
      r.addEventListener('click', () => {
        const row = Number(r.dataset.row);
        if (Number.isFinite(row)) selection.set({ row });
      });
      body.append(r);
      pool.push(r);
    }
    return pool[k];
  }

  /** What paint last wrote to a row element, so that an unchanged row costs no DOM write (and no style or layout work). */
  interface Shown { row: number; top: string; selected: boolean; values: Record<string, string | null> | undefined }
  const shown = new WeakMap<HTMLElement, Shown>();

  function paint(): void {
    if (destroyed) return;
    const viewH = scroller.clientHeight - ROW_H;
    const w = windowAt(scroller.scrollTop, viewH);
    const start = Math.max(0, Math.floor(w.first));
    const end = Math.min(n, start + w.visible + 1);
    const want = new Set<number>();
    const selected = selection.get().row;
    for (let r = start, k = 0; r < end; r++, k++) {
      const el = rowEl(k);
      const page = Math.floor(r / PAGE);
      const values = pages.get(page)?.get(r);
      if (!values) want.add(page);
      const top = `translateY(${w.top(r)}px)`;
      const was = shown.get(el);
      el.hidden = false;
      if (was?.top !== top) el.style.transform = top;
      if (was?.selected !== (r === selected)) el.setAttribute('aria-selected', String(r === selected));
      if (was?.row === r && was.values === values) {
        shown.set(el, { row: r, top, selected: r === selected, values });
        continue;
      }
      shown.set(el, { row: r, top, selected: r === selected, values });
      el.dataset.row = String(r);
      el.setAttribute('aria-rowindex', String(r + 2));
      const cells = el.children;
      (cells[0].firstChild as Text).data = String(r);
      for (let c = 0; c < columns.length; c++) {
        const v = values ? values[columns[c].name] : undefined;
        const cell = cells[c + 1] as HTMLElement;
        (cell.firstChild as Text).data = v === undefined ? '…' : v === null ? '' : v;
        cell.classList.toggle('missing', v === null);
      }
    }
    for (let k = end - start; k < pool.length; k++) pool[k].hidden = true;
    for (const p of want) void load(p);
  }

  async function load(page: number): Promise<void> {
    if (inflight.has(page) || pages.has(page)) return;
    inflight.add(page);
    try {
      const rows = Array.from({ length: Math.min(PAGE, n - page * PAGE) }, (_, k) => page * PAGE + k);
      const got = await opts.fetch(rows);
      pages.set(page, new Map(got.map((c) => [c.row, c.values])));
      if (pages.size > CACHED_PAGES) pages.delete(pages.keys().next().value as number);
    } finally {
      inflight.delete(page);
    }
    schedule();
  }

  let scheduled = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      paint();
    });
  };
  scroller.addEventListener('scroll', schedule, { passive: true });
  const offSelection = selection.subscribe((s, prev) => s.row !== prev.row && schedule());
  // The first paint waits for the table's first layout (the observer reports it, also when a hidden view is
  // shown): painting in the frame that lays out a new view would force that whole layout from paint's read of
  // clientHeight and then lay it out again after the rows are written, all in one task (80–90 ms at 100k rows).
  new ResizeObserver(schedule).observe(scroller);

  const reveal = (row: number) => {
    const viewH = scroller.clientHeight - ROW_H;
    if (fullH <= MAX_H) {
      const top = row * ROW_H;
      if (top < scroller.scrollTop || top > scroller.scrollTop + viewH - ROW_H) scroller.scrollTop = top - viewH / 2;
    } else scroller.scrollTop = (row / Math.max(1, n)) * (virtualH - viewH);
    schedule();
  };

  scroller.addEventListener('keydown', (e) => {
    const cur = selection.get().row ?? -1;
    const viewRows = Math.floor((scroller.clientHeight - ROW_H) / ROW_H);
    const steps: Record<string, number> = { j: 1, ArrowDown: 1, k: -1, ArrowUp: -1, PageDown: viewRows, PageUp: -viewRows };
    let next: number | null = null;
    if (e.key in steps) next = Math.max(0, Math.min(n - 1, cur + steps[e.key]));
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = n - 1;
    if (next === null) return;
    e.preventDefault();
    e.stopPropagation();
    selection.set({ row: next });
    reveal(next);
  });

  return {
    el: scroller,
    reveal,
    destroy() {
      destroyed = true;
      offSelection();
    },
  };
}
