/**
 * `expand[]`: replaces id fields with the objects they name, along dotted paths such as
 * `payment_intent.payment_method`. Works on a copy, so stored objects keep their ids.
 */
import type { ModeStore } from "../store.js";
import { findPublicObject } from "./lookup.js";

/** A copy of `object` with each path of `expandPaths` expanded. Unknown ids stay ids. */
export function expandObject<T extends object>(
  store: ModeStore,
  object: T,
  expandPaths: readonly string[],
): T {
  if (expandPaths.length === 0) {
    return object;
  }
  const copy: T = jsonCopy(object);
  for (const path of expandPaths) {
    expandPath(store, copy, path.split("."));
  }
  return copy;
}

function expandPath(store: ModeStore, target: object, segments: string[]): void {
  const [field, ...rest] = segments;
  if (field === undefined) {
    return;
  }
  const value: unknown = Reflect.get(target, field);
  const expanded = typeof value === "string" ? findPublicObject(store, value) : value;
  if (typeof expanded !== "object" || expanded === null) {
    return;
  }
  const child: object = typeof value === "string" ? jsonCopy(expanded) : expanded;
  Reflect.set(target, field, child);
  expandPath(store, child, rest);
}

/**
 * A deep copy through JSON, which is what the client receives anyway. Unlike
 * `structuredClone`, it keeps the SDK's `Decimal` values as their JSON strings.
 */
function jsonCopy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value));
}
