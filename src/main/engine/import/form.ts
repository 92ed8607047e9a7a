// Encodes one case typed in by the user (column → raw value, unknown columns left out) with the features of
// an imported dataset, so the model can fold it in and retrieval can query with it.
import type { ColumnSpec, Feature } from '../../../shared/data';
import { normaliseCell, parseBoolean, parseNumber, setItems, words } from './cells';
import { binOf } from './encode';

/** Returns x indexed by feature: value index, or -1 where the form says nothing (or an unseen category). */
export function encodeForm(columns: ColumnSpec[], features: Feature[], values: Record<string, string | null>): Int32Array {
  const x = new Int32Array(features.length).fill(-1);
  for (const [name, raw] of Object.entries(values)) {
    const spec = columns.find((c) => c.name === name);
    if (!spec) throw new Error(`No column "${name}". Columns: ${columns.map((c) => c.name).join(', ')}.`);
    const cell = raw === null ? null : normaliseCell(raw);
    if (cell === null) continue;
    const fs = features.map((f, j) => [f, j] as const).filter(([f]) => f.column === name);
    switch (spec.kind) {
      case 'numeric': {
        const v = parseNumber(cell);
        if (Number.isNaN(v)) throw new Error(`${name}: "${cell}" is not a number.`);
        const [f, j] = fs[0];
        x[j] = binOf(f.edges ?? [], v);
        break;
      }
      case 'categorical':
        x[fs[0][1]] = fs[0][0].values.indexOf(cell);
        break;
      case 'boolean': {
        const b = parseBoolean(cell);
        if (b < 0) throw new Error(`${name}: "${cell}" is not true/false.`);
        x[fs[0][1]] = b;
        break;
      }
      case 'set':
      case 'text': {
        const items = new Set(spec.kind === 'set' ? setItems(cell, spec.delimiter ?? ';') : words(cell));
        for (const [f, j] of fs) x[j] = items.has(f.item ?? '') ? 1 : 0;
        break;
      }
      default:
        break; // identifiers, labels, vectors and ignored columns are not modelled
    }
  }
  return x;
}
