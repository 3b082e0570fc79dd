// Page facts are kept for every page of a city until it is scored, so their strings must not drag
// the page's HTML along, and the strings every page repeats (menu and footer links, their texts,
// link kinds) should exist once. htmlparser2 hands out attribute values and text as slices of the
// page source; V8 keeps such a slice's whole parent string alive. `compactFacts` replaces every
// string of a fact tree by an interned copy (short strings) or a detached copy (long ones).

/** Strings up to this length are interned (link hrefs and texts, titles, dates, kinds). */
const INTERN_MAX = 512;
/** The intern table is dropped and restarted when it holds this many strings. */
const INTERN_LIMIT = 100_000;

let table = new Map<string, string>();

/** A copy of `s` that shares no storage with the string it was cut from. */
export function detach(s: string): string {
  // The concatenation makes a cons string; slicing it flattens it into a new buffer of s.length + 1
  // characters, so the result references only that small buffer.
  return s.length < 13 ? s : (' ' + s).slice(1);
}

export function intern(s: string): string {
  if (s.length > INTERN_MAX) return detach(s);
  const hit = table.get(s);
  if (hit !== undefined) return hit;
  if (table.size >= INTERN_LIMIT) table = new Map();
  const own = detach(s);
  table.set(own, own);
  return own;
}

/** Replaces, in place, every string of a plain-data tree (objects, arrays) by its compact form. */
export function compactFacts<T>(value: T): T {
  return compact(value) as T;
}

function compact(value: unknown): unknown {
  if (typeof value === 'string') return intern(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = compact(value[i]);
    return value;
  }
  if (value !== null && typeof value === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of Object.keys(obj)) {
      const v = obj[key];
      if (typeof v === 'string') obj[key] = intern(v);
      else if (v !== null && typeof v === 'object') compact(v);
    }
  }
  return value;
}
