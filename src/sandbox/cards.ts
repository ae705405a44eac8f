/**
 * Stripe's published test cards, and the test payment method ids that stand for them
 * (`pm_card_visa`, ...). Each card says how it behaves at checkout and on later charges.
 */

/** Why a charge fails, as the card error reports it. */
export interface CardDecline {
  code: string;
  declineCode?: string;
  message: string;
}

/** When the issuer asks for 3-D Secure. */
export type AuthenticationRule = "never" | "always" | "unless_set_up";

/** A test card and its behaviour. */
export interface TestCard {
  number: string;
  brand: "visa" | "mastercard" | "amex";
  label: string;
  /** Declined at checkout and on every later charge. */
  decline?: CardDecline;
  /** When a charge needs authentication. */
  authentication: AuthenticationRule;
  /** Saved fine, but every later charge (after any authentication) fails like this. */
  chargeDecline?: CardDecline;
}

const genericDecline: CardDecline = {
  code: "card_declined",
  declineCode: "generic_decline",
  message: "Your card was declined.",
};

const insufficientFunds: CardDecline = {
  code: "card_declined",
  declineCode: "insufficient_funds",
  message: "Your card has insufficient funds.",
};

/** The error of an off-session charge that the issuer wants authenticated. */
export const authenticationRequiredDecline: CardDecline = {
  code: "authentication_required",
  declineCode: "authentication_required",
  message: "Your card was declined. This transaction requires authentication.",
};

/** Every test card the sandbox knows, by number. */
export const testCards: readonly TestCard[] = [
  { number: "4242424242424242", brand: "visa", label: "Succeeds", authentication: "never" },
  {
    number: "5555555555554444",
    brand: "mastercard",
    label: "Succeeds (Mastercard)",
    authentication: "never",
  },
  {
    number: "4000000000000002",
    brand: "visa",
    label: "Declined",
    authentication: "never",
    decline: genericDecline,
  },
  {
    number: "4000000000009995",
    brand: "visa",
    label: "Declined: insufficient funds",
    authentication: "never",
    decline: insufficientFunds,
  },
  {
    number: "4000002760003184",
    brand: "visa",
    label: "Authentication on every charge",
    authentication: "always",
  },
  {
    number: "4000002500003155",
    brand: "visa",
    label: "Authentication at set-up only",
    authentication: "unless_set_up",
  },
  {
    number: "4000000000000341",
    brand: "visa",
    label: "Saves, later charges declined",
    authentication: "never",
    chargeDecline: genericDecline,
  },
  {
    number: "4000008260003178",
    brand: "visa",
    label: "Saves, later charges fail: insufficient funds",
    authentication: "unless_set_up",
    chargeDecline: insufficientFunds,
  },
];

/** Stripe's test payment method ids and the card number each stands for. */
export const testPaymentMethodCards: Readonly<Record<string, string>> = {
  pm_card_visa: "4242424242424242",
  pm_card_mastercard: "5555555555554444",
  pm_card_chargeDeclined: "4000000000000002",
  pm_card_chargeDeclinedInsufficientFunds: "4000000000009995",
  pm_card_authenticationRequired: "4000002760003184",
  pm_card_authenticationRequiredOnSetup: "4000002500003155",
  pm_card_chargeCustomerFail: "4000000000000341",
  pm_card_authenticationRequiredChargeDeclinedInsufficientFunds: "4000008260003178",
};

/** Whether an id is one of Stripe's test payment method ids. */
export function isTestPaymentMethodId(id: string): boolean {
  return Object.hasOwn(testPaymentMethodCards, id);
}

/** The result of looking a card number up. */
export type CardLookup = { found: true; card: TestCard } | { found: false; decline: CardDecline };

/** Finds a test card by number (spaces allowed); unknown numbers fail like Stripe's test mode. */
export function lookUpCard(rawNumber: string): CardLookup {
  const number = rawNumber.replaceAll(/[\s-]/g, "");
  const card = testCards.find((candidate) => candidate.number === number);
  if (card) {
    return { found: true, card };
  }
  if (!passesLuhn(number)) {
    return {
      found: false,
      decline: { code: "incorrect_number", message: "Your card number is incorrect." },
    };
  }
  return {
    found: false,
    decline: {
      code: "card_declined",
      declineCode: "test_mode_live_card",
      message:
        "Your card was declined. Your request was in test mode, but used a non test card. " +
        "For a list of valid test cards, visit: https://stripe.com/docs/testing.",
    },
  };
}

/** The Luhn checksum every card number satisfies. */
export function passesLuhn(number: string): boolean {
  if (!/^\d{12,19}$/.test(number)) {
    return false;
  }
  let sum = 0;
  const digits = [...number].reverse().map(Number);
  for (const [index, digit] of digits.entries()) {
    const doubled = index % 2 === 1 ? digit * 2 : digit;
    sum += doubled > 9 ? doubled - 9 : doubled;
  }
  return sum % 10 === 0;
}
