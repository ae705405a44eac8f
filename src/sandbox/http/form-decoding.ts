/**
 * Decodes Stripe's form encoding (`a[b][0][c]=v`, `expand[]=x`) into nested values.
 *
 * The SDK sends POST bodies and GET query strings this way. Objects whose keys are all
 * array indices become arrays, ordered by index, so `line_items[0][price]` reads as a list.
 */

/** A decoded form value: text, a list, or a nested record. */
export type FormValue = string | FormValue[] | FormRecord;
/** A decoded form object. */
export interface FormRecord {
  [key: string]: FormValue;
}

type Draft = string | DraftRecord;
interface DraftRecord {
  [key: string]: Draft;
}

/** Decodes an `application/x-www-form-urlencoded` text (a body or a query string). */
export function decodeForm(text: string): FormRecord {
  const root: DraftRecord = {};
  for (const [rawKey, value] of new URLSearchParams(text)) {
    assignPath(root, splitKey(rawKey), value);
  }
  return finalizeRecord(root);
}

function splitKey(rawKey: string): string[] {
  const head = rawKey.split("[", 1)[0] ?? rawKey;
  const segments = [head];
  const pattern = /\[([^\]]*)\]/g;
  for (const match of rawKey.slice(head.length).matchAll(pattern)) {
    segments.push(match[1] ?? "");
  }
  return segments;
}

function assignPath(root: DraftRecord, segments: string[], value: string): void {
  let node = root;
  for (let index = 0; index < segments.length; index += 1) {
    const segment = resolveSegment(node, segments[index] ?? "");
    const isLast = index === segments.length - 1;
    if (isLast) {
      node[segment] = value;
      return;
    }
    const next = node[segment];
    if (typeof next === "object") {
      node = next;
      continue;
    }
    const child: DraftRecord = {};
    node[segment] = child;
    node = child;
  }
}

/** `[]` appends: it takes the next free index of the list being built. */
function resolveSegment(node: DraftRecord, segment: string): string {
  if (segment !== "") {
    return segment;
  }
  return String(Object.keys(node).length);
}

function finalizeRecord(draft: DraftRecord): FormRecord {
  const record: FormRecord = {};
  for (const [key, value] of Object.entries(draft)) {
    record[key] = finalizeValue(value);
  }
  return record;
}

function finalizeValue(draft: Draft): FormValue {
  if (typeof draft === "string") {
    return draft;
  }
  const keys = Object.keys(draft);
  const isList = keys.length > 0 && keys.every((key) => /^\d+$/.test(key));
  if (!isList) {
    return finalizeRecord(draft);
  }
  return keys
    .map(Number)
    .sort((left, right) => left - right)
    .map((index) => finalizeValue(draft[String(index)] ?? ""));
}
