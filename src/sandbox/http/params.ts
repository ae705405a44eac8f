/**
 * Typed reading of decoded form parameters, with Stripe's parameter names in errors
 * (`line_items[0][price]`). An empty string means "unset", as the SDK encodes `null`.
 */
import type Stripe from "stripe";
import {
  invalidEnum,
  invalidRequest,
  parameterMissing,
  parameterUnknown,
} from "../sandbox-error.js";
import type { FormRecord, FormValue } from "./form-decoding.js";

/** Reads one level of a decoded form, remembering its path for error messages. */
export class ParamReader {
  readonly record: FormRecord;
  private readonly path: string;

  constructor(record: FormRecord, path = "") {
    this.record = record;
    this.path = path;
  }

  /** This reader's own parameter name (`line_items[0]`), empty at the top level. */
  get name(): string {
    return this.path;
  }

  /** The Stripe-style name of a child parameter: `name` or `parent[name]`. */
  nameOf(key: string): string {
    return this.path === "" ? key : `${this.path}[${key}]`;
  }

  /** Whether the parameter is present and not the empty "unset" value. */
  has(key: string): boolean {
    const value = this.record[key];
    return value !== undefined && value !== "";
  }

  /** Refuses any parameter outside `known`, the way Stripe rejects unknown parameters. */
  rejectUnknown(known: readonly string[]): void {
    for (const key of Object.keys(this.record)) {
      if (!known.includes(key)) {
        throw parameterUnknown(this.nameOf(key));
      }
    }
  }

  /** Refuses a parameter that this API version removed or this mode of use forbids. */
  rejectPresent(key: string): void {
    if (this.record[key] !== undefined) {
      throw parameterUnknown(this.nameOf(key));
    }
  }

  optionalString(key: string): string | undefined {
    const value = this.record[key];
    if (value === undefined || value === "") {
      return undefined;
    }
    if (typeof value !== "string") {
      throw invalidRequest({
        message: `Invalid string: ${this.nameOf(key)}`,
        param: this.nameOf(key),
      });
    }
    return value;
  }

  requiredString(key: string): string {
    const value = this.optionalString(key);
    if (value === undefined) {
      throw parameterMissing(this.nameOf(key));
    }
    return value;
  }

  optionalEnum<T extends string>(key: string, allowed: readonly T[]): T | undefined {
    const value = this.optionalString(key);
    if (value === undefined) {
      return undefined;
    }
    const match = allowed.find((candidate) => candidate === value);
    if (match === undefined) {
      throw invalidEnum(this.nameOf(key), allowed);
    }
    return match;
  }

  optionalInteger(key: string): number | undefined {
    const value = this.optionalString(key);
    if (value === undefined) {
      return undefined;
    }
    if (!/^-?\d+$/.test(value)) {
      throw invalidRequest({
        message: `Invalid integer: ${value}`,
        param: this.nameOf(key),
        code: "parameter_invalid_integer",
      });
    }
    return Number(value);
  }

  requiredInteger(key: string): number {
    const value = this.optionalInteger(key);
    if (value === undefined) {
      throw parameterMissing(this.nameOf(key));
    }
    return value;
  }

  optionalBoolean(key: string): boolean | undefined {
    const value = this.optionalString(key);
    if (value === undefined) {
      return undefined;
    }
    if (value !== "true" && value !== "false") {
      throw invalidRequest({ message: `Invalid boolean: ${value}`, param: this.nameOf(key) });
    }
    return value === "true";
  }

  /** A nested object parameter, as a reader (empty when absent). */
  child(key: string): ParamReader {
    const value = this.record[key];
    if (value === undefined || value === "") {
      return new ParamReader({}, this.nameOf(key));
    }
    if (typeof value === "string" || Array.isArray(value)) {
      throw invalidRequest({
        message: `Invalid object: ${this.nameOf(key)}`,
        param: this.nameOf(key),
      });
    }
    return new ParamReader(value, this.nameOf(key));
  }

  /** A list of objects (`line_items[0][...]`), each as a reader. */
  childList(key: string): ParamReader[] {
    const value = this.record[key];
    if (value === undefined || value === "") {
      return [];
    }
    if (!Array.isArray(value)) {
      throw invalidRequest({
        message: `Invalid array: ${this.nameOf(key)}`,
        param: this.nameOf(key),
      });
    }
    return value.map((item, index) => {
      const itemName = `${this.nameOf(key)}[${index}]`;
      if (typeof item !== "object" || Array.isArray(item)) {
        throw invalidRequest({ message: `Invalid object: ${itemName}`, param: itemName });
      }
      return new ParamReader(item, itemName);
    });
  }

  /** A list of strings (`expand[]=a&expand[]=b`). */
  stringList(key: string): string[] {
    const value = this.record[key];
    if (value === undefined || value === "") {
      return [];
    }
    const items: FormValue[] = Array.isArray(value) ? value : [value];
    return items.filter((item): item is string => typeof item === "string" && item !== "");
  }

  /** Metadata: string keys and values (Stripe caps these at 50 keys). */
  metadata(key = "metadata"): Stripe.Metadata {
    const reader = this.child(key);
    const metadata: Stripe.Metadata = {};
    for (const [entryKey, entryValue] of Object.entries(reader.record)) {
      if (typeof entryValue !== "string") {
        throw invalidRequest({
          message: `Invalid metadata value: ${reader.nameOf(entryKey)}`,
          param: reader.nameOf(entryKey),
        });
      }
      if (entryValue !== "") {
        metadata[entryKey] = entryValue;
      }
    }
    return metadata;
  }
}
