// Encodes one case typed in by the user (column → raw value, unknown columns left out) with the features of
// an imported dataset, so the model can fold it in and retrieval can query with it.
import type { ColumnSpec, Feature } from '../../../shared/data';
import { binOf } from './bins';
import { normaliseCell, parseBoolean, parseNumber, setItems } from './cells';
import { textTokens } from './text';

/** Returns x indexed by feature: value index, or -1 where the form says nothing (or an unseen category). */
export function encodeForm(columns: ColumnSpec[], features: Feature[], values: Record<string, string | null>): Int32Array {
  const x = new Int32Array(features.length).fill(-1);
  // maps, not searches per value: a dataset may have 100,000 columns
  const specs = new Map(columns.map((c) => [c.name, c]));
  const byColumn = new Map<string, number[]>();
  features.forEach((f, j) => {
    const js = byColumn.get(f.column);
    if (js) js.push(j);
    else byColumn.set(f.column, [j]);
  });
  for (const [name, raw] of Object.entries(values)) {
    const spec = specs.get(name);
    if (!spec) throw new Error(`No column "${name}". Columns: ${columns.map((c) => c.name).join(', ')}.`);
    const fs = byColumn.get(name) ?? [];
    const cell = raw === null ? null : normaliseCell(raw);
    if (cell === null) {
      // an empty field of a market-basket column is an answer ("not bought"); elsewhere it says nothing
      if (spec.missing === 'absent') for (const j of fs) x[j] = 0;
      continue;
    }
    if (fs.length === 0) continue; // identifiers, labels, vectors and ignored columns are not modelled
    switch (spec.kind) {
      case 'numeric': {
        const v = parseNumber(cell);
        if (Number.isNaN(v)) throw new Error(`${name}: "${cell}" is not a number.`);
        x[fs[0]] = binOf(features[fs[0]].edges ?? [], v);
        break;
      }
      case 'categorical':
        x[fs[0]] = features[fs[0]].values.indexOf(cell);
        break;
      case 'boolean': {
        const b = parseBoolean(cell);
        if (b < 0) throw new Error(`${name}: "${cell}" is not true/false.`);
        x[fs[0]] = b;
        break;
      }
      case 'set':
      case 'text': {
        const items = new Set(spec.kind === 'set' ? setItems(cell, spec.delimiter ?? ';') : textTokens(cell));
        for (const j of fs) x[j] = items.has(features[j].item ?? '') ? 1 : 0;
        break;
      }
      default:
        break;
    }
  }
  return x;
}
