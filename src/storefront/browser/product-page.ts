/**
 * The product page: shows the main offer and links to the checkout.
 */
import { fillText, formatOfferPrice, loadStorefrontConfig } from "./page-kit.js";

async function showProduct(): Promise<void> {
  const config = await loadStorefrontConfig();

  fillText("[data-offer-name]", config.mainOffer.name);
  fillText("[data-offer-description]", config.mainOffer.description);
  fillText("[data-offer-price]", formatOfferPrice(config.mainOffer));
  document.title = `Demo shop · ${config.mainOffer.name}`;
}

void showProduct();
