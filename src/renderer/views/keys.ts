// Keyboard: j/k (and the arrow keys) move the focus through a list of items; the app-wide keys live in
// shell.ts. Keys typed into a field are the field's.

export const typing = (e: KeyboardEvent) => {
  const t = e.target as HTMLElement | null;
  return !!t && (t.isContentEditable || ['INPUT', 'SELECT', 'TEXTAREA'].includes(t.tagName));
};

/** Makes the items (matching selector) of container a j/k list. */
export function listKeys(container: HTMLElement, selector: string): void {
  container.addEventListener('keydown', (e) => {
    if (typing(e) || e.altKey || e.ctrlKey || e.metaKey) return;
    const step = e.key === 'j' || e.key === 'ArrowDown' ? 1 : e.key === 'k' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    const items = [...container.querySelectorAll<HTMLElement>(selector)];
    const at = items.findIndex((x) => x === document.activeElement || x.contains(document.activeElement));
    const next = items[Math.max(0, Math.min(items.length - 1, at < 0 ? 0 : at + step))];
    if (next) {
      e.preventDefault();
      next.focus();
      next.scrollIntoView({ block: 'nearest' });
    }
  });
}
