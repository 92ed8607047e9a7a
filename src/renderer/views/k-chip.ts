// The privacy warning where a prototype is shown (its card, its detail): "k = 2 < 5" once an audit of the
// open model has found that few cases share what the prototype shows. It leads to the Audit view, where the
// fixes are. Small and separate, so the Prototypes view does not load the Audit view to draw it.
import type { App } from '../state/app';
import { button } from './dom';

export function kChip(app: App, cluster: number, row: number): HTMLElement | null {
  const model = app.project.get().model;
  const entry = model ? app.audit.get().byModel.get(model.id) : undefined;
  const p = entry?.report.prototypes.find((x) => x.cluster === cluster);
  // An audit of another prototype (before a pin or a resample) says nothing about this one.
  if (!entry || !p || p.row !== row || p.k >= entry.report.k) return null;
  const others = p.k - 1;
  const shown = [...p.quasiIdentifiers, ...p.subspace];
  const title =
    `Only ${p.k} case${p.k === 1 ? '' : 's'} (this one included) share${p.k === 1 ? 's' : ''} the values this prototype shows` +
    `${shown.length ? ` (${shown.slice(0, 6).join(', ')}${shown.length > 6 ? ` and ${shown.length - 6} more` : ''})` : ''}: ` +
    `someone who knows them about a person could tell ${others === 0 ? 'it is them' : `it is one of ${p.k}`}. ` +
    `The audit asks for at least ${entry.report.k}. Open the Audit view for the fixes.`;
  return button(
    `k = ${p.k} < ${entry.report.k}`,
    (e) => {
      e.stopPropagation();
      app.selection.set({ cluster });
      app.route.go('audit');
    },
    { class: 'k-chip', title, 'aria-label': `Privacy warning: k = ${p.k}, below ${entry.report.k}. ${title}`, 'data-testid': 'k-chip' },
  );
}
