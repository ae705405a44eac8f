/** Prices of the sandbox's seeded catalog that the reliability stacks use. */

/** Upsell prices on the allowlist of each mode (seeded in the sandbox's catalog). */
export const upsellPrice = {
  test: { course: "price_test_upsell_course", coaching: "price_test_upsell_coaching" },
  live: { course: "price_live_upsell_course", coaching: "price_live_upsell_coaching" },
} as const;

/** The catalog's amount of the course upsell, in cents. */
export const courseAmountMinor = 2900;
