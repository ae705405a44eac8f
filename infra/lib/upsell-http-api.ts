/**
 * The HTTP API in front of the function: the guide's routes (payload 2.0), CORS
 * for the stage's origins answered by API Gateway itself, stage throttling, and
 * JSON access logs whose `routeKey` and `status` fields feed the webhook alarm.
 */
import { Duration, RemovalPolicy } from "aws-cdk-lib";
import { AccessLogFormat } from "aws-cdk-lib/aws-apigateway";
import {
  CorsHttpMethod,
  HttpApi,
  HttpMethod,
  HttpStage,
  LogGroupLogDestination,
  PayloadFormatVersion,
} from "aws-cdk-lib/aws-apigatewayv2";
import { HttpLambdaIntegration } from "aws-cdk-lib/aws-apigatewayv2-integrations";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { LogGroup } from "aws-cdk-lib/aws-logs";
import { Construct } from "constructs";
import { apiRoutesOf } from "./api-routes.js";
import type { StageSettings } from "./stage-settings.js";

export interface UpsellHttpApiProps {
  readonly settings: StageSettings;
  readonly handler: IFunction;
}

/**
 * One access-log line per request. Numbers stay unquoted so metric filters can
 * compare them (`$.status >= 400`).
 */
const accessLogFields = [
  '"requestId":"$context.requestId"',
  '"time":"$context.requestTime"',
  '"routeKey":"$context.routeKey"',
  '"status":$context.status',
  '"latencyMs":$context.responseLatency',
  '"integrationStatus":"$context.integrationStatus"',
  '"integrationError":"$context.integrationErrorMessage"',
  '"lambdaRequestId":"$context.awsEndpointRequestId"',
  '"responseLength":"$context.responseLength"',
  '"sourceIp":"$context.identity.sourceIp"',
];

export class UpsellHttpApi extends Construct {
  readonly api: HttpApi;
  readonly stage: HttpStage;
  readonly accessLogGroup: LogGroup;

  constructor(scope: Construct, id: string, props: UpsellHttpApiProps) {
    super(scope, id);
    const { settings } = props;
    const isProd = settings.stage === "prod";

    this.api = new HttpApi(this, "Api", {
      apiName: `ecommerce-payment-${settings.stage}`,
      description: "One-click upsell API on Stripe",
      createDefaultStage: false,
      corsPreflight: {
        allowOrigins: [...settings.allowedOrigins],
        allowMethods: [CorsHttpMethod.GET, CorsHttpMethod.POST, CorsHttpMethod.OPTIONS],
        // The same as the app's own CORS rules, which API Gateway's answers replace.
        allowHeaders: ["content-type", "x-request-id"],
        exposeHeaders: ["x-request-id", "retry-after"],
        maxAge: Duration.minutes(10),
      },
    });

    this.accessLogGroup = new LogGroup(this, "AccessLogs", {
      logGroupName: `/aws/apigateway/ecommerce-payment-${settings.stage}-access`,
      retention: settings.logRetention,
      removalPolicy: isProd ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });

    this.stage = new HttpStage(this, "DefaultStage", {
      httpApi: this.api,
      stageName: "$default",
      autoDeploy: true,
      throttle: {
        rateLimit: settings.throttle.rateLimitPerSecond,
        burstLimit: settings.throttle.burstLimit,
      },
      accessLogSettings: {
        destination: new LogGroupLogDestination(this.accessLogGroup),
        format: AccessLogFormat.custom(`{${accessLogFields.join(",")}}`),
      },
    });

    const integration = new HttpLambdaIntegration("ApiFunction", props.handler, {
      payloadFormatVersion: PayloadFormatVersion.VERSION_2_0,
    });
    for (const route of apiRoutesOf(settings.stage)) {
      this.api.addRoutes({
        path: route.path,
        methods: [route.method === "GET" ? HttpMethod.GET : HttpMethod.POST],
        integration,
      });
    }
  }

  /** The absolute URL of a path on this stage: `https://{id}.execute-api.../ecommerce/...`. */
  urlOf(path: string): string {
    return `${this.stage.url}${path.replace(/^\//, "")}`;
  }
}
