// A view renders only while it is shown: store changes mark it stale, and it redraws when shown again (or at
// once if visible, at most once per frame).
import type { App } from '../state/app';

export interface View {
  /** The landmark: `<section aria-label="…">`. */
  el: HTMLElement;
  show(): void;
  hide(): void;
}

export function lazyView(el: HTMLElement, render: () => void, subscribe: (invalidate: () => void) => void): View {
  let visible = false;
  let stale = true;
  let scheduled = false;
  const invalidate = () => {
    stale = true;
    if (visible && !scheduled) {
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        if (visible && stale) {
          stale = false;
          render();
        }
      });
    }
  };
  subscribe(invalidate);
  return {
    el,
    show() {
      visible = true;
      el.hidden = false;
      if (stale) {
        stale = false;
        render();
      }
    },
    hide() {
      visible = false;
      el.hidden = true;
    },
  };
}

/** Subscribes invalidate to the stores a view reads. */
export function watch(app: App, invalidate: () => void, which: ('project' | 'selection' | 'similar' | 'edits' | 'fit' | 'imports' | 'status')[]): void {
  for (const w of which) app[w].subscribe(invalidate);
}
