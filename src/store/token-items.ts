/**
 * How domain records are laid out as DynamoDB items, and how items are read
 * back. Reading checks every field: an item that does not have the expected
 * shape (a manual edit, a bug in an older version) is reported as a store
 * failure instead of being charged with half its data.
 */
import type { Mode } from "../domain/mode.js";
import type { SessionTokenLink } from "../domain/ports.js";
import type { UpsellToken, UpsellTokenState } from "../domain/upsell-token.js";

export type Item = Record<string, unknown>;

/** Raised when a stored item does not have the shape this code writes. */
export class MalformedItemError extends Error {
  constructor(what: string) {
    super(`stored item is malformed: ${what}`);
    this.name = "MalformedItemError";
  }
}

/** The item of a token: its fields, with the state as one map attribute. */
export function tokenToItem(token: UpsellToken): Item {
  return { ...token, state: { ...token.state } };
}

export function itemToToken(item: Item): UpsellToken {
  return {
    upsellToken: readString(item, "upsellToken"),
    mode: readMode(item),
    sessionId: readString(item, "sessionId"),
    customerId: readString(item, "customerId"),
    paymentMethodId: readString(item, "paymentMethodId"),
    createdAtEpochSec: readNumber(item, "createdAtEpochSec"),
    expiresAtEpochSec: readNumber(item, "expiresAtEpochSec"),
    version: readNumber(item, "version"),
    state: itemToState(readMap(item, "state")),
  };
}

/**
 * The session link item. `expiresAtEpochSec` is the item's TTL attribute and
 * is later than the token's expiry by the link retention (see
 * `DomainSettings.linkRetentionSec`); the token's own expiry is stored next to it.
 */
export function linkToItem(link: SessionTokenLink & { expiresAtEpochSec: number }): Item {
  return { ...link };
}

export function itemToLink(item: Item): SessionTokenLink {
  return {
    sessionId: readString(item, "sessionId"),
    upsellToken: readString(item, "upsellToken"),
    tokenExpiresAtEpochSec: readNumber(item, "tokenExpiresAtEpochSec"),
  };
}

function itemToState(map: Item): UpsellTokenState {
  const status = readString(map, "status");
  switch (status) {
    case "ready":
      return { status, ...optionalString(map, "priceId") };
    case "charging":
      return {
        status,
        priceId: readString(map, "priceId"),
        attemptId: readString(map, "attemptId"),
        claimedAtEpochSec: readNumber(map, "claimedAtEpochSec"),
      };
    case "pending":
      return {
        status,
        priceId: readString(map, "priceId"),
        attemptId: readString(map, "attemptId"),
        paymentIntentId: readString(map, "paymentIntentId"),
      };
    case "charged":
      return {
        status,
        priceId: readString(map, "priceId"),
        paymentIntentId: readString(map, "paymentIntentId"),
        amountMinor: readNumber(map, "amountMinor"),
        currency: readString(map, "currency"),
      };
    case "declined":
      return {
        status,
        priceId: readString(map, "priceId"),
        declineCode: readString(map, "declineCode"),
        declineMessage: readString(map, "declineMessage"),
        ...optionalString(map, "paymentIntentId"),
      };
    default:
      throw new MalformedItemError("unknown token status");
  }
}

function readString(item: Item, key: string): string {
  const value = item[key];
  if (typeof value !== "string") throw new MalformedItemError(`${key} is not a string`);
  return value;
}

function optionalString(item: Item, key: string): Record<string, string> {
  const value = item[key];
  if (value === undefined) return {};
  if (typeof value !== "string") throw new MalformedItemError(`${key} is not a string`);
  return { [key]: value };
}

function readNumber(item: Item, key: string): number {
  const value = item[key];
  if (typeof value !== "number") throw new MalformedItemError(`${key} is not a number`);
  return value;
}

function readMap(item: Item, key: string): Item {
  const value = item[key];
  if (typeof value !== "object" || value === null) {
    throw new MalformedItemError(`${key} is not a map`);
  }
  return { ...value };
}

function readMode(item: Item): Mode {
  const mode = item.mode;
  if (mode !== "test" && mode !== "live") throw new MalformedItemError("mode is not a mode");
  return mode;
}
