// A small element builder for the views: attributes by name (`data-testid` included), children as nodes or text.
type Attr = string | number | boolean | undefined | null;

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined && v !== null && v !== false) el.setAttribute(k, v === true ? '' : String(v));
  el.append(...children);
  return el;
}
