// The URL hash keeps the view and the selection (`#/prototypes/3?model=2&case=12`), so a reload keeps the
// user's place and a link can be shared within the project.
import { Store } from './store';

export const VIEWS = ['prototypes', 'map', 'similar', 'edits', 'audit', 'data', 'fit'] as const;
export type ViewName = (typeof VIEWS)[number];

export interface RouteState {
  view: ViewName;
  /** Prototypes view: the cluster whose detail is open, or null for the grid. */
  detail: number | null;
  model: number | null;
  case: number | null;
}

export function parseHash(hash: string): RouteState {
  const [path, query = ''] = hash.replace(/^#\/?/, '').split('?');
  const [name, sub] = path.split('/');
  const params = new URLSearchParams(query);
  const int = (v: string | null | undefined) => (v !== null && v !== undefined && /^\d+$/.test(v) ? Number(v) : null);
  const view = (VIEWS as readonly string[]).includes(name) ? (name as ViewName) : 'prototypes';
  return { view, detail: view === 'prototypes' ? int(sub) : null, model: int(params.get('model')), case: int(params.get('case')) };
}

export function formatHash(r: RouteState): string {
  const params = new URLSearchParams();
  if (r.model !== null) params.set('model', String(r.model));
  if (r.case !== null) params.set('case', String(r.case));
  const q = params.toString();
  return `#/${r.view}${r.detail !== null && r.view === 'prototypes' ? `/${r.detail}` : ''}${q ? `?${q}` : ''}`;
}

export class RouteStore extends Store<RouteState> {
  constructor(private readonly win: Window) {
    super(parseHash(win.location.hash));
    win.addEventListener('hashchange', () => this.set(parseHash(win.location.hash)));
    this.subscribe((r, prev) => {
      const hash = formatHash(r);
      if (hash === win.location.hash) return;
      // A new view is a history entry (Back returns); a new selection within it is not.
      const url = `${win.location.pathname}${win.location.search}${hash}`;
      if (r.view !== prev.view || r.detail !== prev.detail) win.history.pushState(null, '', url);
      else win.history.replaceState(null, '', url);
    });
  }

  go(view: ViewName, detail: number | null = null): void {
    this.set({ view, detail });
  }
}
