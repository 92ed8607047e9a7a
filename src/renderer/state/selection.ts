// The global selection: a case, a cluster, a feature, and a brushed set of cases. Every view and the
// inspector follow it (EXPLORER.md: "Selection is global").
import { Store } from './store';

export interface SelectionState {
  /** The selected case (0-based data row). */
  row: number | null;
  /** The selected cluster (its prototype). */
  cluster: number | null;
  /** A hovered or selected feature name: cases that share the prototype's value light up on the map. */
  feature: string | null;
  /** Cases brushed on the map, ascending rows. */
  brushed: Int32Array | null;
  /** A case the Map should centre and zoom to when it is next drawn ("Show on map"); it clears it. */
  reveal: number | null;
}

export const createSelection = () => new Store<SelectionState>({ row: null, cluster: null, feature: null, brushed: null, reveal: null });
export type Selection = Store<SelectionState>;
