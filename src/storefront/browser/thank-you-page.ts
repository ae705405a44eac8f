/**
 * The thank-you page: lists what was bought today. The rows come from the link
 * the success page built (display only; the orders of record are in Stripe).
 */
import type { OfferDisplay } from "../storefront-config.js";
import { element, formatOfferPrice, loadStorefrontConfig } from "./page-kit.js";

async function showPurchases(): Promise<void> {
  const config = await loadStorefrontConfig();
  const params = new URLSearchParams(window.location.search);
  const sessionId = params.get("session_id");
  const upsellPaymentIntent = params.get("upsell_payment_intent");
  const upsellStatus = params.get("upsell_status");
  const body = element("[data-purchases] tbody");

  if (sessionId) body.append(purchaseRow({ offer: config.mainOffer, payment: sessionId }));
  if (upsellPaymentIntent) {
    body.append(purchaseRow({ offer: config.oneTimeOffer, payment: upsellPaymentIntent }));
  }

  const note = element("[data-note]");
  if (upsellStatus === "processing") {
    note.textContent = "Your bank is still processing the one-time offer; we will email you.";
  } else if (sessionId && !upsellPaymentIntent) {
    note.textContent = "You passed on the one-time offer; nothing else was charged.";
  }
}

function purchaseRow(args: { offer: OfferDisplay; payment: string }): HTMLTableRowElement {
  const row = document.createElement("tr");
  row.dataset.priceId = args.offer.priceId;
  const cells = [args.offer.name, args.payment, formatOfferPrice(args.offer)];
  const classes = ["item", "reference", "amount"];
  cells.forEach((text, index) => {
    const cell = document.createElement("td");
    cell.textContent = text;
    cell.className = classes[index] ?? "";
    row.append(cell);
  });
  return row;
}

void showPurchases();
