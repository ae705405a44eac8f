/** The Stripe API routes the sandbox serves. */
import type { ApiHandler } from "./api-context.js";
import type { Route } from "./http/router.js";
import { completeCheckoutSessionRoute } from "./resources/checkout-completion.js";
import { createCheckoutSession, retrieveCheckoutSession } from "./resources/checkout-sessions.js";
import { createCustomer, listCustomers, retrieveCustomer } from "./resources/customers.js";
import { listEvents, retrieveEvent } from "./resources/events.js";
import { cancelPaymentIntentRoute } from "./resources/payment-intent-cancel.js";
import {
  confirmPaymentIntentRoute,
  createPaymentIntent,
  listPaymentIntents,
  retrievePaymentIntent,
} from "./resources/payment-intents.js";
import {
  attachPaymentMethodRoute,
  detachPaymentMethod,
  listPaymentMethods,
  retrievePaymentMethod,
} from "./resources/payment-methods.js";
import { createPrice, listPrices, retrievePrice } from "./resources/prices.js";
import { createProduct, listProducts, retrieveProduct } from "./resources/products.js";
import { createRefund, listRefunds } from "./resources/refunds.js";

/** Every `/v1` route. */
export const apiRoutes: readonly Route<ApiHandler>[] = [
  { method: "POST", pattern: "/v1/products", handler: createProduct },
  { method: "GET", pattern: "/v1/products", handler: listProducts },
  { method: "GET", pattern: "/v1/products/:id", handler: retrieveProduct },
  { method: "POST", pattern: "/v1/prices", handler: createPrice },
  { method: "GET", pattern: "/v1/prices", handler: listPrices },
  { method: "GET", pattern: "/v1/prices/:id", handler: retrievePrice },
  { method: "POST", pattern: "/v1/checkout/sessions", handler: createCheckoutSession },
  { method: "GET", pattern: "/v1/checkout/sessions/:id", handler: retrieveCheckoutSession },
  {
    method: "POST",
    pattern: "/v1/test_helpers/checkout/sessions/:id/complete",
    handler: completeCheckoutSessionRoute,
  },
  { method: "POST", pattern: "/v1/customers", handler: createCustomer },
  { method: "GET", pattern: "/v1/customers", handler: listCustomers },
  { method: "GET", pattern: "/v1/customers/:id", handler: retrieveCustomer },
  { method: "GET", pattern: "/v1/customers/:id/payment_methods", handler: listPaymentMethods },
  { method: "GET", pattern: "/v1/payment_methods", handler: listPaymentMethods },
  { method: "GET", pattern: "/v1/payment_methods/:id", handler: retrievePaymentMethod },
  { method: "POST", pattern: "/v1/payment_methods/:id/attach", handler: attachPaymentMethodRoute },
  { method: "POST", pattern: "/v1/payment_methods/:id/detach", handler: detachPaymentMethod },
  { method: "POST", pattern: "/v1/payment_intents", handler: createPaymentIntent },
  { method: "GET", pattern: "/v1/payment_intents", handler: listPaymentIntents },
  { method: "GET", pattern: "/v1/payment_intents/:id", handler: retrievePaymentIntent },
  {
    method: "POST",
    pattern: "/v1/payment_intents/:id/confirm",
    handler: confirmPaymentIntentRoute,
  },
  {
    method: "POST",
    pattern: "/v1/payment_intents/:id/cancel",
    handler: cancelPaymentIntentRoute,
  },
  { method: "POST", pattern: "/v1/refunds", handler: createRefund },
  { method: "GET", pattern: "/v1/refunds", handler: listRefunds },
  { method: "GET", pattern: "/v1/events", handler: listEvents },
  { method: "GET", pattern: "/v1/events/:id", handler: retrieveEvent },
];
