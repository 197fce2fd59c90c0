// A tiny element builder. Children are nodes or strings; strings always become text nodes,
// so catalog data can never turn into markup. There is deliberately no innerHTML anywhere.

type Attrs = Record<string, string | number | boolean | undefined | null>;
type Child = Node | string | number | null | undefined | false;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") el.className = String(value);
    else el.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    el.append(typeof child === "object" ? child : document.createTextNode(String(child)));
  }
  return el;
}

export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`#${id} is missing from index.html`);
  return el as T;
}

/**
 * A DOM id derived from a control or model id (catalog keys may contain any character): letters,
 * digits and `-` as they are, every other UTF-16 unit as `_` and four hex digits, so two keys never
 * give one id. Ids derived from it add `_` and a word starting with a letter that is no hex digit
 * (`_out`, `_len`, `_o3`, `_info`), which no escape can look like.
 */
export function domId(prefix: string, key: string): string {
  return `${prefix}-${key.replace(/[^A-Za-z0-9-]/g, (c) => `_${c.charCodeAt(0).toString(16).padStart(4, "0")}`)}`;
}

/** A catalog string for a sentence: bidi controls (which could reorder the text around it) removed, at most `max` characters. */
export function plain(text: string, max = 120): string {
  const clean = text.replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f]/g, "");
  return clean.length > max ? `${clean.slice(0, max)}…` : clean;
}
