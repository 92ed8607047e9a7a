// Map: every case placed by its mixture π (MapView: a projection of the simplex, cluster anchors on a circle),
// coloured by cluster or label, prototypes marked. Drawn on a canvas in one pass over the points into an
// ImageData buffer (100k points in a few milliseconds, devicePixelRatio aware); d3-zoom pans and zooms,
// d3-brush selects a set, and a uniform grid over the data finds the point under the pointer.
import { brush as d3brush, type D3BrushEvent } from 'd3-brush';
import { select } from 'd3-selection';
import { zoom as d3zoom, type D3ZoomEvent, zoomIdentity, type ZoomTransform } from 'd3-zoom';
import { ACCENT, clusterColour, INK } from '../../shared/charts';
import type { App } from '../state/app';
import type { MapData } from '../state/project';
import { changed } from '../state/store';
import { caseTitle, clusterShortNames, keyItems, picture, prose, swatch } from './cases';
import { button, empty, h } from './dom';
import { count, prob } from './format';
import { typing } from './keys';
import { buildIndex, nearest, type PointIndex } from './map-index';
import { lazyView, type View } from './view';
import { reportButton } from './report-dialog';

/**
 * Blends every point into an RGBA buffer as a size × size square: out = out·keep + colour·α, with the colours
 * premultiplied (CR/CG/CB indexed by <colour, faint>). A function of its own, with the same argument types at
 * every call, so the JIT keeps its optimised loop across pans and zooms.
 */
function plotPoints(
  bytes: Uint8ClampedArray, W: number, H: number, x: Float32Array, y: Float32Array, n: number,
  index: Uint8Array | Uint16Array, faint: Uint8Array | null, CR: Float32Array, CG: Float32Array, CB: Float32Array,
  keep0: number, keep1: number, ox: number, oy: number, kx: number, size: number,
): void {
  for (let i = 0; i < n; i++) {
    const fx = ox + x[i] * kx;
    const fy = oy + y[i] * kx;
    if (fx >= W || fy >= H || fx + size <= 0 || fy + size <= 0) continue;
    const px = Math.round(fx);
    const py = Math.round(fy);
    const xa = px < 0 ? 0 : px;
    const xb = px + size > W ? W : px + size;
    const ya = py < 0 ? 0 : py;
    const yb = py + size > H ? H : py + size;
    const f = faint === null ? 0 : faint[i];
    const c = 2 * index[i] + f;
    const cr = CR[c], cg = CG[c], cb = CB[c], ia = f ? keep1 : keep0;
    for (let yy = ya; yy < yb; yy++)
      for (let o = (yy * W + xa) * 4, end = (yy * W + xb) * 4; o < end; o += 4) {
        bytes[o] = bytes[o] * ia + cr;
        bytes[o + 1] = bytes[o + 1] * ia + cg;
        bytes[o + 2] = bytes[o + 2] * ia + cb;
      }
  }
}

/** How close (CSS px) the pointer must be to a point to hover it. */
const HOVER_PX = 8;

/** #rrggbb → the Uint32 an ImageData buffer holds for it (little-endian RGBA). */
function rgba(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

export function mapView(app: App): View {
  const el = h('section', { 'aria-label': 'Map', class: 'view map-view', 'data-testid': 'map-view' });
  const canvas = h('canvas', { class: 'map-canvas', 'aria-hidden': 'true' });
  const overlay = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  overlay.setAttribute('class', 'map-overlay');
  const stage = h('div', { class: 'map-stage', tabindex: 0, role: 'application', 'aria-roledescription': 'map of cases', 'aria-label': 'Map of cases. Arrow keys pan, plus and minus zoom, 0 resets, b switches to brushing.', 'data-testid': 'map-stage' }, canvas);
  stage.append(overlay);
  const tooltip = h('div', { class: 'map-tooltip', role: 'status', hidden: true });
  stage.append(tooltip);
  const legend = h('div', { class: 'legend', 'data-testid': 'map-legend' });
  const info = h('p', { class: 'muted small', 'aria-live': 'polite', 'data-testid': 'map-info' });
  let colourBy: 'cluster' | 'label' = 'cluster';
  let mode: 'pan' | 'brush' = 'pan';
  const colourSelect = h('select', { 'aria-label': 'Colour by', 'data-testid': 'map-colour' }, h('option', { value: 'cluster' }, 'cluster'), h('option', { value: 'label' }, 'label'));
  colourSelect.addEventListener('change', () => {
    colourBy = colourSelect.value as 'cluster' | 'label';
    drawLegend();
    draw();
  });
  const panButton = button('Pan & zoom', () => setMode('pan'), { 'aria-pressed': 'true', 'data-testid': 'map-pan' });
  const brushButton = button('Brush to select', () => setMode('brush'), { 'aria-pressed': 'false', 'data-testid': 'map-brush', title: 'Drag a rectangle to select cases (b)' });
  const resetButton = button('Reset view', () => resetZoom(), { title: 'Back to the whole map (0)' });
  const clearButton = button('Clear selection', () => app.selection.set({ brushed: null }), { hidden: true, 'data-testid': 'map-clear' });
  const toolbar = h(
    'div',
    { class: 'toolbar', role: 'toolbar', 'aria-label': 'Map tools' },
    h('label', {}, 'Colour by ', colourSelect),
    h('span', { class: 'segmented', role: 'group', 'aria-label': 'Pointer mode' }, panButton, brushButton),
    resetButton,
    clearButton,
  );
  const body = h('div', { class: 'map-body' }, h('div', { class: 'map-main' }, stage, info), legend);

  // State of the drawing.
  let data: MapData | null = null;
  let index: PointIndex | null = null;
  let transform: ZoomTransform = zoomIdentity;
  let width = 0;
  let height = 0;
  let dpr = 1;
  let image: ImageData | null = null;
  let pixels: Uint32Array | null = null;
  let hovered = -1;
  /** Frame times of recent draws (ms), for the benchmark. */
  const frameTimes: number[] = [];
  // For the benchmark and the end-to-end specs.
  (window as unknown as { __exemplarMap?: unknown }).__exemplarMap = { frameTimes, redraw: () => draw(), transform: () => ({ k: transform.k, x: transform.x, y: transform.y }) };

  /** Data → CSS px: the square [-1.08, 1.08]² fitted in the stage, then the zoom. */
  const base = () => {
    const side = Math.max(1, Math.min(width, height) / 2.16);
    return { k: side, cx: width / 2, cy: height / 2 };
  };
  const toScreen = (x: number, y: number): [number, number] => {
    const b = base();
    return [transform.applyX(b.cx + x * b.k), transform.applyY(b.cy + y * b.k)];
  };
  const toData = (sx: number, sy: number): [number, number] => {
    const b = base();
    return [(transform.invertX(sx) - b.cx) / b.k, (transform.invertY(sy) - b.cy) / b.k];
  };

  /** The colour table and each point's colour in it, computed once per map and colouring. */
  let colourCache: { key: unknown; by: string; table: [number, number, number][]; index: Uint8Array | Uint16Array } | null = null;
  function colours(): { table: [number, number, number][]; index: Uint8Array | Uint16Array } | null {
    if (!data) return null;
    if (colourCache && colourCache.key === data && colourCache.by === colourBy) return colourCache;
    let table: [number, number, number][];
    let index: Uint8Array | Uint16Array;
    if (colourBy === 'label' && data.labels) {
      const labels = data.labels;
      table = labels.names.map((_, k) => rgba(clusterColour(k)));
      table.push(rgba('#9AA4AE'));
      const missing = table.length - 1;
      index = new Uint16Array(data.n);
      for (let i = 0; i < data.n; i++) index[i] = labels.index[i] === 65535 ? missing : labels.index[i];
    } else {
      table = Array.from({ length: data.S }, (_, k) => rgba(clusterColour(k)));
      index = data.cluster;
    }
    colourCache = { key: data, by: colourBy, table, index };
    return colourCache;
  }

  function resize(): void {
    const rect = stage.getBoundingClientRect();
    dpr = window.devicePixelRatio || 1;
    width = Math.max(1, Math.floor(rect.width));
    height = Math.max(1, Math.floor(rect.height));
    canvas.width = Math.floor(width * dpr);
    canvas.height = Math.floor(height * dpr);
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    overlay.setAttribute('width', String(width));
    overlay.setAttribute('height', String(height));
    image = null;
    brushBehaviour.extent([[0, 0], [width, height]]);
    select(overlay).select<SVGGElement>('g.brush').call(brushBehaviour);
  }

  /** The page's font for the canvas labels (read once: getComputedStyle costs a style pass). */
  let font = '';
  function draw(): void {
    if (!font) font = getComputedStyle(el).fontFamily || 'sans-serif';
    const t0 = performance.now();
    const ctx = canvas.getContext('2d');
    if (!ctx || !data) return;
    const W = canvas.width;
    const H = canvas.height;
    if (!image || image.width !== W || image.height !== H) {
      image = ctx.createImageData(W, H);
      pixels = new Uint32Array(image.data.buffer);
    }
    const buf = pixels!;
    const bytes = image.data;
    buf.fill(0xffffffff);
    const { x, y, n } = data;
    const col = colours()!;
    const sel = app.selection.get();
    const brushed = sel.brushed;
    const focusCluster = sel.cluster;
    const size = Math.max(1, Math.round((n > 20_000 ? 2 : n > 2_000 ? 3 : 4) * dpr * Math.min(2, Math.sqrt(transform.k))));
    const alpha = n > 20_000 ? 0.55 : 0.8;
    const b = base();
    const kx = transform.k * b.k * dpr;
    const ox = (transform.x + transform.k * b.cx) * dpr - size / 2;
    const oy = (transform.y + transform.k * b.cy) * dpr - size / 2;
    // Points outside the brushed set or the focused cluster are drawn faint.
    let faint: Uint8Array | null = null;
    if (brushed) {
      faint = new Uint8Array(n).fill(1);
      for (const r of brushed) faint[r] = 0;
    } else if (focusCluster !== null) {
      faint = new Uint8Array(n);
      for (let i = 0; i < n; i++) faint[i] = data.cluster[i] === focusCluster ? 0 : 1;
    }
    // Source-over blending with a fixed α, premultiplied per colour: out = out·(1 − α) + colour·α.
    // indexed by <colour, faint>
    const k = col.table.length;
    const CR = new Float32Array(2 * k), CG = new Float32Array(2 * k), CB = new Float32Array(2 * k);
    const a0 = alpha, a1 = alpha * 0.18;
    col.table.forEach(([r, g, bl], c) => {
      CR[2 * c] = r * a0; CG[2 * c] = g * a0; CB[2 * c] = bl * a0;
      CR[2 * c + 1] = r * a1; CG[2 * c + 1] = g * a1; CB[2 * c + 1] = bl * a1;
    });
    plotPoints(bytes, W, H, x, y, n, col.index, faint, CR, CG, CB, 1 - a0, 1 - a1, ox, oy, kx, size);
    ctx.putImageData(image, 0, 0);
    // Marks on top, as vectors: prototypes, the selected case, the hovered one.
    ctx.save();
    ctx.scale(dpr, dpr);
    ctx.lineWidth = 1.5;
    ctx.font = `600 11px ${font}`;
    for (const p of data.prototypes) {
      const [sx, sy] = toScreen(p.x, p.y);
      ctx.beginPath();
      ctx.moveTo(sx, sy - 7);
      ctx.lineTo(sx + 7, sy);
      ctx.lineTo(sx, sy + 7);
      ctx.lineTo(sx - 7, sy);
      ctx.closePath();
      ctx.fillStyle = clusterColour(p.cluster);
      ctx.fill();
      ctx.strokeStyle = INK;
      ctx.stroke();
      ctx.fillStyle = INK;
      ctx.fillText(String(p.cluster), sx + 9, sy - 6);
    }
    for (const [row, colour, radius] of [[sel.row, ACCENT, 7], [hovered, INK, 5]] as const) {
      if (row === null || row < 0 || row >= n) continue;
      const [sx, sy] = toScreen(x[row], y[row]);
      ctx.beginPath();
      ctx.arc(sx, sy, radius, 0, 2 * Math.PI);
      ctx.strokeStyle = colour;
      ctx.lineWidth = 2.5;
      ctx.stroke();
    }
    ctx.restore();
    frameTimes.push(performance.now() - t0);
    if (frameTimes.length > 600) frameTimes.splice(0, frameTimes.length - 600);
  }
  const scheduleDraw = (() => {
    let pending = false;
    return () => {
      if (pending) return;
      pending = true;
      requestAnimationFrame(() => {
        pending = false;
        draw();
      });
    };
  })();

  const zoomBehaviour = d3zoom<HTMLDivElement, unknown>()
    .scaleExtent([1, 400])
    .filter((e: Event) => mode === 'pan' && (e.type === 'wheel' || !(e as MouseEvent).button))
    .on('zoom', (e: D3ZoomEvent<HTMLDivElement, unknown>) => {
      transform = e.transform;
      tooltip.hidden = true;
      scheduleDraw();
    });
  select(stage).call(zoomBehaviour).on('dblclick.zoom', null);
  const resetZoom = () => select(stage).call(zoomBehaviour.transform, zoomIdentity);

  const brushBehaviour = d3brush<unknown>().on('end', (e: D3BrushEvent<unknown>) => {
    if (!e.sourceEvent || !data) return;
    const s = e.selection as [[number, number], [number, number]] | null;
    if (!s) return;
    const [[sx0, sy0], [sx1, sy1]] = s;
    const [x0, y0] = toData(sx0, sy0);
    const [x1, y1] = toData(sx1, sy1);
    const rows: number[] = [];
    for (let i = 0; i < data.n; i++) if (data.x[i] >= x0 && data.x[i] <= x1 && data.y[i] >= y0 && data.y[i] <= y1) rows.push(i);
    select(overlay).select<SVGGElement>('g.brush').call(brushBehaviour.clear);
    app.selection.set({ brushed: Int32Array.from(rows), row: null });
  });
  select(overlay).append('g').attr('class', 'brush');

  function setMode(m: 'pan' | 'brush'): void {
    mode = m;
    panButton.setAttribute('aria-pressed', String(m === 'pan'));
    brushButton.setAttribute('aria-pressed', String(m === 'brush'));
    overlay.classList.toggle('active', m === 'brush');
    info.textContent = m === 'brush' ? 'Drag a rectangle around the cases to select them.' : baseInfo();
  }

  const baseInfo = () => (data ? `${count(data.n)} cases. Each sits between the prototypes it mixes, closer to the one with the larger share π. Scroll to zoom, drag to pan, click a case to open it.` : '');

  // Hover: the nearest point within HOVER_PX, with a card of the case.
  let hoverToken = 0;
  stage.addEventListener('pointermove', (e) => {
    if (!data || !index || mode !== 'pan' || e.buttons) return;
    const rect = stage.getBoundingClientRect();
    const mx = e.clientX - rect.left;
    const my = e.clientY - rect.top;
    const [dx, dy] = toData(mx, my);
    const r = HOVER_PX / (base().k * transform.k);
    const row = nearest(index, data.x, data.y, dx, dy, r);
    if (row === hovered) return;
    hovered = row;
    scheduleDraw();
    if (row < 0) {
      tooltip.hidden = true;
      return;
    }
    showTooltip(row, mx, my);
  });
  stage.addEventListener('pointerleave', () => {
    hovered = -1;
    tooltip.hidden = true;
    scheduleDraw();
  });
  stage.addEventListener('click', (e) => {
    if (!data || !index || mode !== 'pan') return;
    const rect = stage.getBoundingClientRect();
    const [dx, dy] = toData(e.clientX - rect.left, e.clientY - rect.top);
    const row = nearest(index, data.x, data.y, dx, dy, HOVER_PX / (base().k * transform.k));
    if (row >= 0) app.selection.set({ row });
  });

  function showTooltip(row: number, mx: number, my: number): void {
    const d = data!;
    const model = app.project.get().model;
    const names = model ? clusterShortNames(model) : [];
    const k = d.cluster[row];
    const label = d.labels ? d.labels.names[d.labels.index[row]] ?? null : null;
    const token = ++hoverToken;
    const content = h(
      'div',
      {},
      h('div', {}, caseTitle(row, null, label, d.labels?.column)),
      h('div', { class: 'small' }, swatch(k), `cluster ${names[k] ?? k} · π ${prob(d.weight[row])}`),
    );
    tooltip.replaceChildren(content);
    tooltip.hidden = false;
    tooltip.style.left = `${Math.min(mx + 14, width - 290)}px`;
    tooltip.style.top = `${Math.min(my + 14, height - 160)}px`;
    const { datasetId, image } = app.project.get();
    if (image && datasetId !== null)
      void app.project.rawCases(datasetId, [row]).then(([values]) => {
        if (token !== hoverToken) return;
        const pic = picture(app, values, { width: 64, row });
        if (pic) content.prepend(pic);
      });
    else if (datasetId !== null)
      void app.project.rawCases(datasetId, [row]).then(([values]) => {
        if (token !== hoverToken) return;
        const columns = app.project.get().dataset?.columns ?? [];
        const id = columns.find((c) => c.kind === 'identifier')?.name;
        if (id && values[id]) content.prepend(h('strong', {}, values[id]!));
        // A text case: the start of its text, the words that make its cluster bold.
        const text = columns.find((c) => c.kind === 'text' && values[c.name]);
        const key = keyItems(model?.prototypes[k]);
        if (text) content.append(prose(values[text.name]!, (w) => key.has(`${text.name}=${w}`), `a word that makes cluster ${k}`, true));
      });
  }

  stage.addEventListener('keydown', (e) => {
    if (typing(e)) return;
    const s = select(stage);
    const moves: Record<string, [number, number]> = { ArrowLeft: [40, 0], ArrowRight: [-40, 0], ArrowUp: [0, 40], ArrowDown: [0, -40] };
    if (moves[e.key]) zoomBehaviour.translateBy(s, ...moves[e.key]);
    else if (e.key === '+' || e.key === '=') zoomBehaviour.scaleBy(s, 1.5);
    else if (e.key === '-') zoomBehaviour.scaleBy(s, 1 / 1.5);
    else if (e.key === '0') resetZoom();
    else if (e.key === 'b') setMode(mode === 'brush' ? 'pan' : 'brush');
    else if (e.key === 'Escape') app.selection.set({ brushed: null });
    else return;
    e.preventDefault();
    e.stopPropagation();
  });

  function drawLegend(): void {
    const model = app.project.get().model;
    if (!data || !model) return legend.replaceChildren();
    const counts = new Array<number>(colourBy === 'label' && data.labels ? data.labels.names.length + 1 : data.S).fill(0);
    const col = colours()!;
    for (let i = 0; i < data.n; i++) counts[col.index[i]]++;
    const names = colourBy === 'label' && data.labels ? [...data.labels.names, 'missing'] : model.prototypes.map((p) => `Cluster ${p.cluster}${p.labelMix[0] ? ` · ${p.labelMix[0].label}` : ''}`);
    const focus = app.selection.get().cluster;
    legend.replaceChildren(
      h('h3', {}, colourBy === 'label' && data.labels ? `Label (${data.labels.column})` : 'Cluster · majority label'),
      h(
        'ul',
        {},
        ...names.map((name, k) =>
          counts[k] === 0 && colourBy === 'label'
            ? null
            : h(
                'li',
                {},
                colourBy === 'cluster'
                  ? button([swatch(k), h('span', {}, name), h('span', { class: 'muted count' }, count(counts[k]))], () => app.selection.set({ cluster: focus === k ? null : k }), { class: 'legend-item', 'aria-pressed': String(focus === k), title: 'Highlight this cluster' })
                  : h('span', { class: 'legend-item' }, swatch(k), h('span', {}, name), h('span', { class: 'muted count' }, count(counts[k]))),
              ),
        ),
      ),
      h('p', { class: 'muted small' }, '◆ prototype (a real case). Colours are the same for a cluster in every view.'),
    );
  }

  function updateBrushInfo(): void {
    const brushed = app.selection.get().brushed;
    clearButton.hidden = !brushed;
    if (mode === 'pan') info.textContent = brushed ? `${count(brushed.length)} cases selected (see the inspector). ${baseInfo()}` : baseInfo();
  }

  const render = () => {
    const { map, model, loaded } = app.project.get();
    if (!loaded) return el.replaceChildren(h('p', { class: 'muted' }, 'Loading…'));
    if (model && !map && model.prototypes.length && !model.partial) {
      data = null;
      return el.replaceChildren(h('h2', {}, `Map of model ${model.id}`), h('p', { class: 'muted', role: 'status' }, 'Placing every case…'));
    }
    if (!model || !map) {
      data = null;
      return el.replaceChildren(h('h2', {}, 'Map'), empty(model ? 'The map needs a finished fit.' : 'No model yet — fit one to place every case by its clusters.', button('Fit a model…', () => app.route.go('fit'), { class: 'primary' })));
    }
    if (!el.contains(stage)) el.replaceChildren(h('div', { class: 'view-head' }, h('div', { class: 'head-row' }, h('h2', {}, `Map of model ${model.id}`), reportButton(app)), toolbar), body);
    const fresh = data !== map;
    if (fresh) {
      data = map;
      index = null;
      colourSelect.querySelector<HTMLOptionElement>('option[value=label]')!.disabled = !map.labels;
      if (!map.labels) colourBy = 'cluster';
      colourSelect.value = colourBy;
      hovered = -1;
    }
    resize();
    updateBrushInfo();
    draw();
    reveal();
    // The points first; the legend's counts and the hover index (a pass over every case each) in tasks of
    // their own, so no one task holds the window for long.
    setTimeout(() => {
      drawLegend();
      if (fresh)
        setTimeout(() => {
          if (data === map) index = buildIndex(map.x, map.y);
        }, 0);
    }, 0);
  };
  // "Show on map": centre the case and zoom in, when the map is (or becomes) drawn.
  const reveal = () => {
    const row = app.selection.get().reveal;
    if (row === null || !data || el.hidden || row >= data.n) return;
    app.selection.set({ reveal: null });
    const b = base();
    const k = Math.max(transform.k, 4);
    const sx = b.cx + data.x[row] * b.k;
    const sy = b.cy + data.y[row] * b.k;
    select(stage).call(zoomBehaviour.transform, zoomIdentity.translate(width / 2 - k * sx, height / 2 - k * sy).scale(k));
    stage.focus();
  };
  new ResizeObserver(() => {
    if (data && el.isConnected && !el.hidden) {
      resize();
      draw();
    }
  }).observe(stage);

  return lazyView(el, render, (inv) => {
    app.project.subscribe((a, b) => changed(a, b, 'map', 'model', 'loaded') && inv());
    app.selection.subscribe((a, b) => {
      if (!data || el.hidden) return;
      if (changed(a, b, 'cluster')) drawLegend();
      if (changed(a, b, 'brushed')) updateBrushInfo();
      if (changed(a, b, 'row', 'brushed', 'cluster')) scheduleDraw();
      if (a.reveal !== null && a.reveal !== b.reveal) requestAnimationFrame(reveal);
    });
  });
}
