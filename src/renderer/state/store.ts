// The smallest observable store: one plain object per concern, replaced field by field; views subscribe and
// render from it. No framework: a Set of listeners, called synchronously after each change.
export type Listener<T> = (state: T, previous: T) => void;

export class Store<T extends object> {
  private state: T;
  private readonly listeners = new Set<Listener<T>>();

  constructor(initial: T) {
    this.state = initial;
  }

  get(): T {
    return this.state;
  }

  /** Merges `patch` in and notifies, unless nothing changed (compared field by field with ===). */
  set(patch: Partial<T>): void {
    const previous = this.state;
    if (Object.entries(patch).every(([k, v]) => previous[k as keyof T] === v)) return;
    this.state = { ...previous, ...patch };
    for (const l of [...this.listeners]) l(this.state, previous);
  }

  /** Calls listener on every change; returns the function that unsubscribes. */
  subscribe(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }
}

/** Did any of these fields change between two states? */
export function changed<T extends object>(a: T, b: T, ...keys: (keyof T)[]): boolean {
  return keys.some((k) => a[k] !== b[k]);
}
