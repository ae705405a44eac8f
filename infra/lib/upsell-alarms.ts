/**
 * The alarms an operator needs to hear about, all sent to one SNS topic:
 * the API answering 5xx, Stripe webhooks failing (Stripe retries for days, so
 * a quiet failure would otherwise only show as missing upsell tokens), and the
 * function erroring or being throttled.
 */
import { Duration } from "aws-cdk-lib";
import type { HttpApi } from "aws-cdk-lib/aws-apigatewayv2";
import {
  Alarm,
  ComparisonOperator,
  type IMetric,
  type Metric,
  TreatMissingData,
} from "aws-cdk-lib/aws-cloudwatch";
import { SnsAction } from "aws-cdk-lib/aws-cloudwatch-actions";
import type { IFunction } from "aws-cdk-lib/aws-lambda";
import { FilterPattern, type ILogGroup, MetricFilter } from "aws-cdk-lib/aws-logs";
import { Topic } from "aws-cdk-lib/aws-sns";
import { EmailSubscription } from "aws-cdk-lib/aws-sns-subscriptions";
import { Construct } from "constructs";
import { webhookRoutesOf } from "./api-routes.js";
import type { StageSettings } from "./stage-settings.js";

export interface UpsellAlarmsProps {
  readonly settings: StageSettings;
  readonly api: HttpApi;
  readonly handler: IFunction;
  /** The API's JSON access logs (fields `routeKey`, `status`). */
  readonly accessLogGroup: ILogGroup;
}

/** Namespace of the metrics this stack derives from logs. */
export function metricNamespace(stage: string): string {
  return `EcommercePayment/${stage}`;
}

export class UpsellAlarms extends Construct {
  readonly topic: Topic;

  constructor(scope: Construct, id: string, props: UpsellAlarmsProps) {
    super(scope, id);
    const { settings } = props;
    const prefix = `ecommerce-payment-${settings.stage}`;
    this.topic = new Topic(this, "Topic", { topicName: `${prefix}-alarms` });
    if (settings.alarmEmail) {
      this.topic.addSubscription(new EmailSubscription(settings.alarmEmail));
    }
    const fiveMinutes = Duration.minutes(5);

    this.alarm("Api5xx", {
      alarmName: `${prefix}-api-5xx`,
      description: "The API answered 5xx: a store or Stripe failure, see the function's logs.",
      metric: props.api.metricServerError({ period: fiveMinutes, statistic: "Sum" }),
      threshold: 3,
    });

    this.alarm("WebhookFailures", {
      alarmName: `${prefix}-webhook-failures`,
      description:
        "A Stripe webhook got a non-2xx answer (bad signature = wrong signing secret; " +
        "5xx = storing failed). Stripe retries; see docs/operator-guide.md.",
      metric: this.webhookFailureMetric(props).with({ period: fiveMinutes, statistic: "Sum" }),
      threshold: 1,
    });

    this.alarm("LambdaErrors", {
      alarmName: `${prefix}-lambda-errors`,
      description: "The function failed (crash, timeout or a cold start that could not load).",
      metric: props.handler.metricErrors({ period: fiveMinutes, statistic: "Sum" }),
      threshold: 1,
    });

    this.alarm("LambdaThrottles", {
      alarmName: `${prefix}-lambda-throttles`,
      description: "Requests were refused for lack of concurrency: raise the account limit.",
      metric: props.handler.metricThrottles({ period: fiveMinutes, statistic: "Sum" }),
      threshold: 1,
    });
  }

  /** Counts webhook requests answered with a status of 400 or more. */
  private webhookFailureMetric(props: UpsellAlarmsProps): Metric {
    const routeKeys = webhookRoutesOf(props.settings.stage).map(
      (route) => `${route.method} ${route.path}`,
    );
    const filter = new MetricFilter(this, "WebhookFailureFilter", {
      logGroup: props.accessLogGroup,
      filterPattern: FilterPattern.all(
        FilterPattern.any(
          ...routeKeys.map((key) => FilterPattern.stringValue("$.routeKey", "=", key)),
        ),
        FilterPattern.numberValue("$.status", ">=", 400),
      ),
      metricNamespace: metricNamespace(props.settings.stage),
      metricName: "WebhookFailures",
      metricValue: "1",
      defaultValue: 0,
    });
    return filter.metric();
  }

  private alarm(
    id: string,
    options: { alarmName: string; description: string; metric: IMetric; threshold: number },
  ): void {
    const alarm = new Alarm(this, id, {
      alarmName: options.alarmName,
      alarmDescription: options.description,
      metric: options.metric,
      threshold: options.threshold,
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
    });
    const action = new SnsAction(this.topic);
    alarm.addAlarmAction(action);
    alarm.addOkAction(action);
  }
}
