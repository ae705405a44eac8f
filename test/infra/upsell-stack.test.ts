import { Match, type Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { synthStage } from "./support/synth-stage.js";

const dev = synthStage("dev");
const prod = synthStage("prod");

type Resource = { Type: string; Properties: Record<string, unknown>; DeletionPolicy?: string };

function resourcesOf(template: Template, type: string): Resource[] {
  return Object.values(template.findResources(type)) as Resource[];
}

/** The one resource of `type`; fails the test when there are none or several. */
function onlyResource(template: Template, type: string): Resource {
  const resources = resourcesOf(template, type);
  expect(resources).toHaveLength(1);
  return resources[0] as Resource;
}

function functionEnvironment(template: Template): Record<string, unknown> {
  const fn = onlyResource(template, "AWS::Lambda::Function");
  return (fn.Properties.Environment as { Variables: Record<string, unknown> }).Variables;
}

function tableNamed(template: Template, name: string): Resource {
  const table = resourcesOf(template, "AWS::DynamoDB::Table").find(
    (resource) => resource.Properties.TableName === name,
  );
  if (!table) throw new Error(`no table ${name}`);
  return table;
}

function routeKeysOf(template: Template): string[] {
  return resourcesOf(template, "AWS::ApiGatewayV2::Route")
    .map((route) => String(route.Properties.RouteKey))
    .sort();
}

interface Statement {
  Action: string | string[];
  Resource: unknown;
  Effect: string;
  Sid?: string;
}

function policyStatementsOf(template: Template): Statement[] {
  return resourcesOf(template, "AWS::IAM::Policy").flatMap(
    (policy) => (policy.Properties.PolicyDocument as { Statement: Statement[] }).Statement,
  );
}

function asList<T>(value: T | T[]): T[] {
  return Array.isArray(value) ? value : [value];
}

function logicalIdOf(template: Template, type: string, properties: Record<string, unknown>) {
  const ids = Object.keys(template.findResources(type, { Properties: properties }));
  expect(ids).toHaveLength(1);
  return ids[0] as string;
}

describe("UpsellStack tables", () => {
  const tableSuffixes = ["upsell-tokens", "checkout-sessions", "charge-attempts"];

  it("creates the dev stage's three tables under ecommerce-payment-dev-*", () => {
    const names = resourcesOf(dev.template, "AWS::DynamoDB::Table").map(
      (table) => table.Properties.TableName,
    );
    expect(names.sort()).toEqual(
      tableSuffixes.map((suffix) => `ecommerce-payment-dev-${suffix}`).sort(),
    );
  });

  it("creates test-mode and live-mode tables apart in prod", () => {
    const names = resourcesOf(prod.template, "AWS::DynamoDB::Table").map(
      (table) => table.Properties.TableName,
    );
    const expected = ["test", "prod"].flatMap((prefix) =>
      tableSuffixes.map((suffix) => `ecommerce-payment-${prefix}-${suffix}`),
    );
    expect(names.sort()).toEqual(expected.sort());
  });

  it("keys the upsell tokens by token and expires them by TTL", () => {
    const table = tableNamed(prod.template, "ecommerce-payment-prod-upsell-tokens");
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: "upsellToken", KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: "upsellToken", AttributeType: "S" }],
      BillingMode: "PAY_PER_REQUEST",
      TimeToLiveSpecification: { AttributeName: "expiresAtEpochSec", Enabled: true },
    });
  });

  it("keys the checkout sessions by session id, with TTL", () => {
    const table = tableNamed(dev.template, "ecommerce-payment-dev-checkout-sessions");
    expect(table.Properties).toMatchObject({
      KeySchema: [{ AttributeName: "sessionId", KeyType: "HASH" }],
      TimeToLiveSpecification: { AttributeName: "expiresAtEpochSec", Enabled: true },
    });
  });

  it("keeps the charge audit trail without TTL, keyed by token and attempt", () => {
    const table = tableNamed(prod.template, "ecommerce-payment-prod-charge-attempts");
    expect(table.Properties.KeySchema).toEqual([
      { AttributeName: "upsellToken", KeyType: "HASH" },
      { AttributeName: "attemptId", KeyType: "RANGE" },
    ]);
    expect(table.Properties.TimeToLiveSpecification).toBeUndefined();
  });

  it("bills every table on demand", () => {
    for (const { template } of [dev, prod]) {
      for (const table of resourcesOf(template, "AWS::DynamoDB::Table")) {
        expect(table.Properties.BillingMode).toBe("PAY_PER_REQUEST");
      }
    }
  });

  it("protects prod tables: point-in-time recovery, deletion protection, retained", () => {
    for (const table of resourcesOf(prod.template, "AWS::DynamoDB::Table")) {
      expect(table.Properties).toMatchObject({
        PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
        DeletionProtectionEnabled: true,
      });
      expect(table.DeletionPolicy).toBe("Retain");
    }
  });

  it("leaves dev tables disposable", () => {
    for (const table of resourcesOf(dev.template, "AWS::DynamoDB::Table")) {
      expect(table.Properties.DeletionProtectionEnabled).toBe(false);
      expect(table.DeletionPolicy).toBe("Delete");
    }
  });
});

describe("UpsellStack HTTP API", () => {
  const storefrontRoutes = [
    "GET /ecommerce/docs",
    "GET /ecommerce/get-uuid",
    "GET /ecommerce/health",
    "GET /ecommerce/openapi.json",
    "GET /ecommerce/upsell-status",
    "POST /ecommerce/create-checkout-session",
    "POST /ecommerce/one-click-upsell",
  ];

  it("routes the guide's endpoints and the dev webhook in dev", () => {
    expect(routeKeysOf(dev.template)).toEqual(
      [...storefrontRoutes, "POST /ecommerce/stripe-webhook"].sort(),
    );
  });

  it("routes one webhook per mode in prod, and no dev webhook", () => {
    expect(routeKeysOf(prod.template)).toEqual(
      [
        ...storefrontRoutes,
        "POST /ecommerce/webhooks/checkout-completed-test",
        "POST /ecommerce/webhooks/checkout-completed",
      ].sort(),
    );
  });

  it("sends every route to the function with payload format 2.0", () => {
    const integration = onlyResource(prod.template, "AWS::ApiGatewayV2::Integration");
    expect(integration.Properties).toMatchObject({
      IntegrationType: "AWS_PROXY",
      PayloadFormatVersion: "2.0",
    });
  });

  it("allows CORS from the configured origins only", () => {
    prod.template.hasResourceProperties("AWS::ApiGatewayV2::Api", {
      CorsConfiguration: {
        AllowOrigins: ["https://shop.example.com", "https://www.shop.example.com"],
        AllowMethods: Match.arrayWith(["GET", "POST"]),
        AllowHeaders: ["content-type", "x-request-id"],
        ExposeHeaders: ["x-request-id", "retry-after"],
      },
    });
  });

  it("throttles the stage with the configured rate and burst", () => {
    prod.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      StageName: "$default",
      DefaultRouteSettings: { ThrottlingRateLimit: 250, ThrottlingBurstLimit: 600 },
    });
    dev.template.hasResourceProperties("AWS::ApiGatewayV2::Stage", {
      DefaultRouteSettings: { ThrottlingRateLimit: 20, ThrottlingBurstLimit: 40 },
    });
  });

  it("writes JSON access logs with the route key and a numeric status", () => {
    const stage = onlyResource(prod.template, "AWS::ApiGatewayV2::Stage");
    const format = (stage.Properties.AccessLogSettings as { Format: string }).Format;
    const sample = format
      .replace("$context.status", "502")
      .replace("$context.responseLatency", "12")
      .replace(/\$context\.[A-Za-z.]+/g, "x");
    expect(JSON.parse(sample)).toMatchObject({ routeKey: "x", status: 502, requestId: "x" });
  });
});

describe("UpsellStack function", () => {
  it("runs on a current Node.js runtime, arm64, as index.handler", () => {
    for (const { template } of [dev, prod]) {
      template.hasResourceProperties("AWS::Lambda::Function", {
        Runtime: "nodejs24.x",
        Architectures: ["arm64"],
        Handler: "index.handler",
      });
    }
  });

  it("keeps its logs for the stage's retention", () => {
    dev.template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/lambda/ecommerce-payment-dev-api",
      RetentionInDays: 14,
    });
    prod.template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/lambda/ecommerce-payment-prod-api",
      RetentionInDays: 90,
    });
    prod.template.hasResourceProperties("AWS::Logs::LogGroup", {
      LogGroupName: "/aws/apigateway/ecommerce-payment-prod-access",
      RetentionInDays: 90,
    });
  });

  it("writes to its own log group", () => {
    const logGroupId = logicalIdOf(prod.template, "AWS::Logs::LogGroup", {
      LogGroupName: "/aws/lambda/ecommerce-payment-prod-api",
    });
    prod.template.hasResourceProperties("AWS::Lambda::Function", {
      LoggingConfig: { LogGroup: { Ref: logGroupId } },
    });
  });

  it("names its secrets and settings in the environment, never a Stripe key", () => {
    const liveSecretId = logicalIdOf(prod.template, "AWS::SecretsManager::Secret", {
      Name: "ecommerce-payment/prod/stripe-live",
    });
    const variables = functionEnvironment(prod.template);

    expect(variables).toMatchObject({
      STAGE: "prod",
      ALLOWED_ORIGINS: "https://shop.example.com,https://www.shop.example.com",
      UPSELL_PRICES_TEST: "price_test_upsell",
      UPSELL_PRICES_LIVE: "price_live_upsell",
      DEFAULT_SUCCESS_URL: "https://shop.example.com/thank-you",
      STRIPE_SECRETS_ID_LIVE: { Ref: liveSecretId },
    });
    expect(Object.keys(variables).filter((name) => /SECRET_KEY|WEBHOOK_SECRET/.test(name))).toEqual(
      [],
    );
  });

  it("gives the dev function no live-mode secret", () => {
    const variables = functionEnvironment(dev.template);
    expect(variables.STRIPE_SECRETS_ID_TEST).toBeDefined();
    expect(variables.STRIPE_SECRETS_ID_LIVE).toBeUndefined();
  });
});

describe("UpsellStack secrets", () => {
  it("creates one empty secret per mode of the stage", () => {
    const names = (template: Template) =>
      resourcesOf(template, "AWS::SecretsManager::Secret").map((secret) => secret.Properties.Name);
    expect(names(dev.template)).toEqual(["ecommerce-payment/dev/stripe-test"]);
    expect(names(prod.template).sort()).toEqual([
      "ecommerce-payment/prod/stripe-live",
      "ecommerce-payment/prod/stripe-test",
    ]);
    for (const secret of resourcesOf(prod.template, "AWS::SecretsManager::Secret")) {
      expect(secret.Properties.SecretString).toBeUndefined();
      expect(secret.Properties.GenerateSecretString).toBeUndefined();
    }
  });

  it("names the secrets and the webhook URLs in the outputs", () => {
    const outputs = prod.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(outputs.StripeSecretNameLive?.Value).toBe("ecommerce-payment/prod/stripe-live");
    expect(JSON.stringify(outputs.WebhookUrlLive?.Value)).toContain(
      '"/ecommerce/webhooks/checkout-completed"',
    );
    expect(JSON.stringify(outputs.WebhookUrlTest?.Value)).toContain(
      '"/ecommerce/webhooks/checkout-completed-test"',
    );
    const devOutputs = dev.template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(devOutputs.WebhookUrlDev?.Value)).toContain(
      '"/ecommerce/stripe-webhook"',
    );
  });
});

describe("UpsellStack IAM", () => {
  it("grants no statement on a wildcard resource and no wildcard action", () => {
    for (const { template } of [dev, prod]) {
      for (const statement of policyStatementsOf(template)) {
        for (const resource of asList(statement.Resource)) {
          expect(typeof resource === "string" ? resource : "").not.toMatch(/^\*$|:\*$|\/\*$/);
        }
        for (const action of asList(statement.Action)) expect(action).not.toContain("*");
      }
    }
  });

  it("attaches no managed policy to the function's role", () => {
    for (const role of resourcesOf(prod.template, "AWS::IAM::Role")) {
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
    }
  });

  it("lets the function use exactly the stage's tables", () => {
    const statement = policyStatementsOf(prod.template).find((s) =>
      asList(s.Action).includes("dynamodb:GetItem"),
    );
    const tableIds = Object.keys(prod.template.findResources("AWS::DynamoDB::Table"));
    expect(asList(statement?.Resource)).toEqual(
      expect.arrayContaining(tableIds.map((id) => ({ "Fn::GetAtt": [id, "Arn"] }))),
    );
    expect(asList(statement?.Resource)).toHaveLength(6);
  });

  it("lets the function only read the values of its own secrets", () => {
    const statement = policyStatementsOf(prod.template).find((s) =>
      asList(s.Action).some((action) => action.startsWith("secretsmanager:")),
    );
    const secretIds = Object.keys(prod.template.findResources("AWS::SecretsManager::Secret"));
    expect(asList(statement?.Action)).toEqual(["secretsmanager:GetSecretValue"]);
    expect(asList(statement?.Resource).sort()).toEqual(secretIds.map((id) => ({ Ref: id })).sort());
  });

  it("grants only DynamoDB, Secrets Manager and log actions", () => {
    const services = new Set(
      policyStatementsOf(prod.template).flatMap((s) =>
        asList(s.Action).map((action) => action.split(":")[0]),
      ),
    );
    expect([...services].sort()).toEqual(["dynamodb", "logs", "secretsmanager"]);
  });
});

describe("UpsellStack alarms", () => {
  function alarmNamed(template: Template, name: string): Resource {
    const alarm = resourcesOf(template, "AWS::CloudWatch::Alarm").find(
      (resource) => resource.Properties.AlarmName === name,
    );
    if (!alarm) throw new Error(`no alarm ${name}`);
    return alarm;
  }

  it("alarms on API 5xx responses", () => {
    const alarm = alarmNamed(prod.template, "ecommerce-payment-prod-api-5xx");
    expect(alarm.Properties).toMatchObject({ Namespace: "AWS/ApiGateway", MetricName: "5xx" });
  });

  it("alarms on Lambda errors and throttles", () => {
    expect(
      alarmNamed(prod.template, "ecommerce-payment-prod-lambda-errors").Properties,
    ).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Errors", Threshold: 1 });
    expect(
      alarmNamed(prod.template, "ecommerce-payment-prod-lambda-throttles").Properties,
    ).toMatchObject({ Namespace: "AWS/Lambda", MetricName: "Throttles" });
  });

  it("counts failed webhook deliveries of the stage's webhook routes", () => {
    prod.template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: Match.stringLikeRegexp(
        "POST /ecommerce/webhooks/checkout-completed-test.*POST /ecommerce/webhooks/" +
          'checkout-completed".*\\$\\.status >= 400',
      ),
      MetricTransformations: [
        Match.objectLike({
          MetricName: "WebhookFailures",
          MetricNamespace: "EcommercePayment/prod",
        }),
      ],
    });
    dev.template.hasResourceProperties("AWS::Logs::MetricFilter", {
      FilterPattern: Match.stringLikeRegexp("POST /ecommerce/stripe-webhook"),
    });
    expect(
      alarmNamed(prod.template, "ecommerce-payment-prod-webhook-failures").Properties,
    ).toMatchObject({
      Namespace: "EcommercePayment/prod",
      MetricName: "WebhookFailures",
      Threshold: 1,
    });
  });

  it("sends every alarm to the stage's topic, and the topic to the configured e-mail", () => {
    const topicId = logicalIdOf(prod.template, "AWS::SNS::Topic", {
      TopicName: "ecommerce-payment-prod-alarms",
    });
    const alarms = resourcesOf(prod.template, "AWS::CloudWatch::Alarm");
    expect(alarms).toHaveLength(4);
    for (const alarm of alarms) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    prod.template.hasResourceProperties("AWS::SNS::Subscription", {
      Protocol: "email",
      Endpoint: "ops@example.com",
    });
    dev.template.resourceCountIs("AWS::SNS::Subscription", 0);
  });
});

describe("UpsellStack protection", () => {
  it("protects the prod stack from deletion, not the dev stack", () => {
    expect(prod.stack.terminationProtection).toBe(true);
    expect(dev.stack.terminationProtection).toBe(false);
  });
});
