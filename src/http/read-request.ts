/**
 * Reading a request into a validated value: JSON bodies (content type
 * checked, parse errors caught) and query strings, both through a zod schema.
 * Every failure is a 4xx `AppError` with a message that names the field.
 */
import type { Context } from "hono";
import type * as z from "zod";
import { InvalidRequestError } from "../domain/errors.js";
import { MalformedJsonError, UnsupportedMediaTypeError } from "./http-errors.js";

const maxReportedIssues = 10;

/** Parses the JSON body of `c` with `schema`. */
export async function readJsonBody<S extends z.ZodType>(
  c: Context,
  schema: S,
): Promise<z.output<S>> {
  const contentType = c.req.header("content-type") ?? "";
  if (!/^application\/json\s*(;|$)/i.test(contentType)) {
    throw new UnsupportedMediaTypeError("Send the body as application/json.");
  }
  const text = await c.req.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // The parser's message quotes the body; it stays out of errors and logs.
    throw new MalformedJsonError("The body is not valid JSON.");
  }
  return validate(schema, parsed, "body");
}

/** Parses the query string of `c` with `schema` (first value of each name). */
export function readQuery<S extends z.ZodType>(c: Context, schema: S): z.output<S> {
  return validate(schema, c.req.query(), "query");
}

function validate<S extends z.ZodType>(schema: S, value: unknown, where: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.slice(0, maxReportedIssues).map((issue) => {
    const path = issue.path.map(String).join(".");
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  throw new InvalidRequestError(`The request ${where} is invalid: ${issues[0] ?? "bad value"}.`, {
    issues,
  });
}

/** The mode a `isTest` flag selects; absent means live, as the guide says. */
export function modeOfFlag(isTest: boolean | "true" | "false" | undefined): "test" | "live" {
  return isTest === true || isTest === "true" ? "test" : "live";
}
