/**
 * Which redirect URLs a checkout session takes, by `ui_mode`, as Stripe checks them at
 * this API version: `embedded_page` and `elements` return to `return_url` and refuse
 * `success_url` / `cancel_url`; `hosted_page` and `form` take `success_url` and refuse
 * `return_url`.
 */
import type Stripe from "stripe";
import type { ParamReader } from "../http/params.js";
import { invalidRequest, parameterMissing } from "../sandbox-error.js";

/** The redirect settings of a session. */
export interface CheckoutSessionUrls {
  successUrl?: string;
  cancelUrl?: string;
  returnUrl?: string;
  redirectOnCompletion?: Stripe.Checkout.Session.RedirectOnCompletion;
}

const redirectChoices = ["always", "if_required", "never"] as const;

/** Reads and checks the URL parameters for a session of the given `ui_mode`. */
export function readCheckoutSessionUrls(
  params: ParamReader,
  uiMode: Stripe.Checkout.Session.UiMode,
): CheckoutSessionUrls {
  const returnsInPage = uiMode === "embedded_page" || uiMode === "elements";
  return returnsInPage ? readInPageUrls(params, uiMode) : readRedirectUrls(params, uiMode);
}

function readInPageUrls(params: ParamReader, uiMode: string): CheckoutSessionUrls {
  refuseForUiMode(params, uiMode, ["success_url", "cancel_url"]);
  const redirectOnCompletion =
    uiMode === "embedded_page"
      ? (params.optionalEnum("redirect_on_completion", redirectChoices) ?? "always")
      : undefined;
  const returnUrl = optionalUrl(params, "return_url");
  if (redirectOnCompletion === "never" && returnUrl !== undefined) {
    throw invalidRequest({
      message: "`return_url` cannot be set when `redirect_on_completion` is `never`.",
      param: "return_url",
    });
  }
  if (redirectOnCompletion !== "never" && returnUrl === undefined) {
    throw parameterMissing("return_url");
  }
  return { returnUrl, redirectOnCompletion };
}

function readRedirectUrls(params: ParamReader, uiMode: string): CheckoutSessionUrls {
  refuseForUiMode(params, uiMode, ["return_url", "redirect_on_completion"]);
  return {
    successUrl: optionalUrl(params, "success_url"),
    cancelUrl: optionalUrl(params, "cancel_url"),
  };
}

function refuseForUiMode(params: ParamReader, uiMode: string, names: readonly string[]): void {
  const present = names.filter((name) => params.record[name] !== undefined);
  const first = present[0];
  if (first === undefined) {
    return;
  }
  throw invalidRequest({
    message:
      `The following parameters are not supported with \`ui_mode: ${uiMode}\`: ` +
      `${present.join(", ")}.`,
    param: first,
  });
}

function optionalUrl(params: ParamReader, name: string): string | undefined {
  const value = params.optionalString(name);
  if (value === undefined) {
    return undefined;
  }
  if (!isHttpUrl(value.replaceAll("{CHECKOUT_SESSION_ID}", "cs"))) {
    throw invalidRequest({ message: "Not a valid URL", param: name, code: "url_invalid" });
  }
  return value;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === "http:" || url.protocol === "https:";
  } catch {
    return false;
  }
}

/** The URL a paid session sends the buyer to, with `{CHECKOUT_SESSION_ID}` filled in. */
export function completionRedirectUrl(session: Stripe.Checkout.Session): string | undefined {
  const template = session.return_url ?? session.success_url ?? undefined;
  return template?.replaceAll("{CHECKOUT_SESSION_ID}", session.id);
}
