/**
 * The OpenAPI 3.1 document, generated from the operation list and its zod
 * schemas (`z.toJSONSchema`, JSON Schema 2020-12, which OpenAPI 3.1 uses).
 */
import * as z from "zod";
import type { ErrorCode } from "../domain/errors.js";
import { type ApiOperation, apiOperations } from "./api-operations.js";
import { statusOfCode } from "./error-response.js";
import { errorBody } from "./schemas.js";

type JsonObject = Record<string, unknown>;

/** Builds the document for a stage's webhook paths. */
export function buildOpenApiDocument(args: { webhookPaths: readonly string[] }): JsonObject {
  const paths: Record<string, JsonObject> = {};
  for (const operation of apiOperations(args.webhookPaths)) {
    paths[operation.path] = {
      ...paths[operation.path],
      [operation.method]: toOperation(operation),
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "One-click upsell API",
      version: "1.0.0",
      description:
        "Checkout, webhook, upsell token and one-click charge on Stripe. Every error is " +
        "{success:false, error:{code, message, retryable}} with a stable code.",
    },
    servers: [{ url: "/ecommerce" }],
    paths,
    components: { schemas: { ErrorBody: jsonSchemaOf(errorBody, "output") } },
  };
}

function toOperation(operation: ApiOperation): JsonObject {
  return {
    summary: operation.summary,
    description: operation.description,
    ...(operation.query ? { parameters: queryParameters(operation.query) } : {}),
    ...requestBodyOf(operation),
    responses: {
      "200": {
        description: "Success",
        content: { "application/json": { schema: jsonSchemaOf(operation.success, "output") } },
      },
      ...errorResponses(operation.errors),
    },
  };
}

function requestBodyOf(operation: ApiOperation): JsonObject {
  if (operation.body) {
    return {
      requestBody: {
        required: true,
        content: { "application/json": { schema: jsonSchemaOf(operation.body, "input") } },
      },
    };
  }
  if (operation.rawBody) {
    return {
      requestBody: {
        required: true,
        description: operation.rawBody,
        content: { "application/json": { schema: { type: "object" } } },
      },
    };
  }
  return {};
}

function queryParameters(query: z.ZodObject): JsonObject[] {
  const schema = jsonSchemaOf(query, "input");
  const properties = (schema.properties ?? {}) as Record<string, JsonObject>;
  const required = new Set((schema.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: "query",
    required: required.has(name),
    ...(typeof property.description === "string" ? { description: property.description } : {}),
    schema: property,
  }));
}

/** One response per status, listing the codes that answer with it. */
function errorResponses(codes: readonly ErrorCode[]): Record<string, JsonObject> {
  const byStatus = new Map<number, ErrorCode[]>();
  for (const code of codes) {
    const status = statusOfCode(code);
    byStatus.set(status, [...(byStatus.get(status) ?? []), code]);
  }
  const responses: Record<string, JsonObject> = {};
  for (const [status, statusCodes] of [...byStatus].sort(([a], [b]) => a - b)) {
    responses[String(status)] = {
      description: `Error codes: ${statusCodes.join(", ")}`,
      content: { "application/json": { schema: { $ref: "#/components/schemas/ErrorBody" } } },
    };
  }
  return responses;
}

function jsonSchemaOf(schema: z.ZodType, io: "input" | "output"): JsonObject {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io,
  }) as JsonObject;
  return rest;
}
