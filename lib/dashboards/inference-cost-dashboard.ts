import { Duration, Stack, Token, aws_cloudwatch as cloudwatch } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { CostReport } from '../cost/cost-report';
import { AsyncEndpoint } from '../endpoints/async-endpoint';
import { ComponentEndpoint } from '../endpoints/component-endpoint';
import { RealtimeEndpoint } from '../endpoints/realtime-endpoint';
import { TieredInferenceApi } from '../tiered/tiered-inference-api';
import { Problems } from '../private/validation';
import { IDLE_INSTANCE_HOURS_EXPRESSION, RUNNING_INSTANCES_EXPRESSION, costPerThousandInferencesExpression } from '../cost/cost-per-inference';
import { PriceBookKind, PriceService, PriceUsage } from '../pricing/price-entry';

/** Properties of an `InferenceCostDashboard`. */
export interface InferenceCostDashboardProps {
  /**
   * Where to find the inference resources: every `RealtimeEndpoint`, `ComponentEndpoint`,
   * `AsyncEndpoint` and `TieredInferenceApi` under this construct.
   * @default - the stack the dashboard is in
   */
  readonly scope?: IConstruct;
  /**
   * The dashboard's name.
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;
  /**
   * Alarm on each priced endpoint when its estimated cost per 1,000 inferences stays above this
   * many USD for `alarmEvaluationHours` hours in a row. Each alarm bills its two metrics
   * (CPU samples and invocations) at the standard alarm rate of the price book (CloudWatch `alarm-standard`).
   * @default - no alarm
   */
  readonly costPerThousandAlarmUsd?: number;
  /**
   * How many consecutive hours the cost per 1,000 inferences must stay above the threshold.
   * @default 3
   */
  readonly alarmEvaluationHours?: number;
}

/** One endpoint as the dashboard shows it. */
interface Source {
  readonly label: string;
  readonly endpointName: string;
  readonly variantName: string;
  readonly instanceType: string | undefined;
  readonly usage: PriceUsage.HOSTING | PriceUsage.ASYNC;
  /** The metric that counts requests served (async endpoints publish no `Invocations`). */
  readonly invocationsMetric: string;
}

const HOUR = Duration.hours(1);
const INSTANCE_NAMESPACE = '/aws/sagemaker/Endpoints';

/**
 * A CloudWatch dashboard of what the inference resources of a stack cost per prediction: for
 * each real-time, component and asynchronous endpoint, the estimated cost per 1,000
 * inferences (metric math: running instances × the hourly price from the price book ÷
 * invocations × 1,000), invocations, model latency, 4xx/5xx errors and idle instance-hours
 * (instances running in hours with no invocation); for each `TieredInferenceApi`, its requests,
 * errors and latency, and the async queue and dead-letter queue. Optional alarms fire when the
 * cost per 1,000 inferences stays above a threshold.
 *
 * Running instances come from the `SampleCount` of the instances' `CPUUtilization` (each
 * instance reports once a minute: SageMaker guide, asynchronous inference troubleshooting,
 * "How can I find the instance count behind the endpoint"). Prices are read from the price book
 * at synth; the dashboard states them and their date.
 */
export class InferenceCostDashboard extends Construct {
  /** The dashboard. */
  public readonly dashboard: cloudwatch.Dashboard;
  /** The cost-per-1,000-inferences alarms, one per priced endpoint (empty without a threshold). */
  public readonly alarms: cloudwatch.Alarm[] = [];
  /** The hourly price each endpoint's cost math uses, by endpoint label (USD per instance-hour). */
  public readonly hourlyPricesUsd: { [endpoint: string]: number } = {};

  constructor(scope: Construct, id: string, props: InferenceCostDashboardProps = {}) {
    super(scope, id);
    validate(this, props);
    const root = props.scope ?? Stack.of(this);
    const report = CostReport.of(this);
    const book = report.priceBook;
    const stack = Stack.of(this);
    const region = Token.isUnresolved(stack.region) ? String(this.node.tryGetContext('cdk-cost-aware-inference:region') ?? 'us-east-1') : stack.region;

    this.dashboard = new cloudwatch.Dashboard(this, 'Resource', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(7),
    });
    const priceNotes: string[] = [];
    const rows: cloudwatch.IWidget[][] = [];
    const found = root.node.findAll();
    const sources = found.flatMap(c => sourceOf(c));
    for (const s of sources) {
      const lookup = s.instanceType ? book.lookup({ service: PriceService.SAGEMAKER, usage: s.usage, region, sku: s.instanceType }) : undefined;
      const price = lookup?.entry ? lookup.entry.priceUsd : undefined;
      if (lookup?.entry) {
        this.hourlyPricesUsd[s.label] = lookup.entry.priceUsd;
        priceNotes.push(`${s.label}: ${s.instanceType} ${s.usage === PriceUsage.ASYNC ? 'asynchronous inference' : 'real-time hosting'}, ` +
          `$${lookup.entry.priceUsd} per instance-hour in ${region} (price dated ${lookup.entry.date})`);
      } else {
        priceNotes.push(`${s.label}: no price (${lookup && !lookup.entry ? lookup.reason : 'instance type not known at synth'}): cost per 1,000 inferences not shown`);
      }
      rows.push(this.endpointRow(s, price, props));
    }
    for (const api of found.filter((c): c is TieredInferenceApi => c instanceof TieredInferenceApi)) rows.push(apiRow(api));

    const origin = book.origin;
    this.dashboard.addWidgets(new cloudwatch.TextWidget({
      width: 24, height: Math.min(2 + priceNotes.length, 12),
      markdown: [
        `### Prices (${origin.source === PriceBookKind.CACHE ? `refreshed price cache of ${origin.date}` : `cdk-cost-aware-inference price book snapshot of ${origin.date}`})`,
        'Cost per 1,000 inferences = instances × hourly price ÷ invocations × 1,000, per hour; instances from the SampleCount of CPUUtilization. ' +
        'Only instance-hours: requests, storage and data transfer are not in it.',
        ...priceNotes.map(n => `- ${n}`),
      ].join('\n'),
    }));
    for (const row of rows) this.dashboard.addWidgets(...row);
  }

  private endpointRow(s: Source, price: number | undefined, props: InferenceCostDashboardProps): cloudwatch.IWidget[] {
    const dims = { EndpointName: s.endpointName, VariantName: s.variantName };
    const metric = (namespace: string, metricName: string, statistic: string, label: string) =>
      new cloudwatch.Metric({ namespace, metricName, dimensionsMap: dims, statistic, period: HOUR, label });
    const samples = metric(INSTANCE_NAMESPACE, 'CPUUtilization', 'SampleCount', 'CPU samples');
    const invocations = metric('AWS/SageMaker', s.invocationsMetric, 'Sum', 'invocations');
    const instances = new cloudwatch.MathExpression({
      expression: RUNNING_INSTANCES_EXPRESSION, usingMetrics: { samples }, period: HOUR, label: 'running instances (hourly average)',
    });
    const idle = new cloudwatch.MathExpression({
      expression: IDLE_INSTANCE_HOURS_EXPRESSION, usingMetrics: { samples, inv: invocations }, period: HOUR, label: 'idle instance-hours',
    });
    const widgets: cloudwatch.IWidget[] = [];
    if (price !== undefined) {
      const cost = costPerThousand(samples, invocations, price);
      widgets.push(new cloudwatch.GraphWidget({ title: `${s.label}: estimated USD per 1,000 inferences`, left: [cost], width: 6 }));
      if (props.costPerThousandAlarmUsd !== undefined) {
        const alarm = cost.createAlarm(this, `${s.label}CostPerThousand`, {
          threshold: props.costPerThousandAlarmUsd,
          evaluationPeriods: props.alarmEvaluationHours ?? 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          alarmDescription: `${s.label}: estimated cost per 1,000 inferences above $${props.costPerThousandAlarmUsd} for ${props.alarmEvaluationHours ?? 3} hours ` +
            `(at $${price} per instance-hour, price book ${CostReport.of(this).priceBook.origin.date})`,
        });
        this.alarms.push(alarm);
      }
    } else {
      widgets.push(new cloudwatch.TextWidget({ markdown: `**${s.label}**: no price in the book, so no cost per 1,000 inferences`, width: 6, height: 6 }));
    }
    widgets.push(
      new cloudwatch.GraphWidget({ title: `${s.label}: invocations and instances`, left: [invocations], right: [instances, idle], width: 6 }),
      new cloudwatch.GraphWidget({
        title: `${s.label}: model latency (µs)`, width: 6,
        left: [metric('AWS/SageMaker', 'ModelLatency', 'Average', 'average'), metric('AWS/SageMaker', 'ModelLatency', 'p90', 'p90')],
      }),
      new cloudwatch.GraphWidget({
        title: `${s.label}: errors`, width: 6,
        left: [metric('AWS/SageMaker', 'Invocation4XXErrors', 'Sum', '4xx'), metric('AWS/SageMaker', 'Invocation5XXErrors', 'Sum', '5xx')],
      }),
    );
    return widgets;
  }
}

/** The row of one tiered API: requests, errors, latency, and its async queue. */
function apiRow(api: TieredInferenceApi): cloudwatch.IWidget[] {
  const label = api.node.id;
  const widgets: cloudwatch.IWidget[] = [
    new cloudwatch.GraphWidget({
      title: `${label}: API requests and errors (${api.tiers.join(', ')})`, width: 8,
      left: [api.api.metricCount({ period: HOUR, label: 'requests' })],
      right: [api.api.metricClientError({ period: HOUR, label: '4xx' }), api.api.metricServerError({ period: HOUR, label: '5xx' })],
    }),
    new cloudwatch.GraphWidget({ title: `${label}: API latency (ms)`, width: 8, left: [api.api.metricLatency({ period: HOUR, statistic: 'p90', label: 'p90' })] }),
  ];
  if (api.queue && api.deadLetterQueue) {
    widgets.push(new cloudwatch.GraphWidget({
      title: `${label}: async queue`, width: 8,
      left: [api.queue.metricNumberOfMessagesSent({ period: HOUR, label: 'queued' })],
      right: [api.deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: HOUR, statistic: 'Maximum', label: 'dead letters' })],
    }));
  }
  return widgets;
}

/** Estimated USD per 1,000 inferences each hour (the formula: lib/cost/cost-per-inference.ts). */
function costPerThousand(samples: cloudwatch.IMetric, invocations: cloudwatch.IMetric, hourlyPriceUsd: number): cloudwatch.MathExpression {
  return new cloudwatch.MathExpression({
    expression: costPerThousandInferencesExpression(hourlyPriceUsd),
    usingMetrics: { samples, inv: invocations },
    period: HOUR,
    label: 'USD per 1,000 inferences',
  });
}

function sourceOf(c: IConstruct): Source[] {
  const typeOf = (config: { productionVariants: unknown }) => {
    const variants = config.productionVariants;
    const t = Array.isArray(variants) ? (variants[0] as any)?.instanceType : undefined;
    return typeof t === 'string' && !Token.isUnresolved(t) ? t : undefined;
  };
  if (c instanceof RealtimeEndpoint) {
    return [{ label: c.node.id, endpointName: c.endpointName, variantName: c.variantName, instanceType: typeOf(c.endpointConfig), usage: PriceUsage.HOSTING, invocationsMetric: 'Invocations' }];
  }
  if (c instanceof ComponentEndpoint) {
    return [{ label: c.node.id, endpointName: c.endpointName, variantName: c.variantName, instanceType: typeOf(c.endpointConfig), usage: PriceUsage.HOSTING, invocationsMetric: 'Invocations' }];
  }
  if (c instanceof AsyncEndpoint) {
    // Asynchronous endpoints publish no Invocations; they count processed requests in
    // `InvocationsProcesssed`, three s, with the EndpointName and VariantName dimensions, statistic
    // Sum. Verified against the SageMaker developer guide, "Alarms and logs for tracking metrics from
    // asynchronous endpoints" (https://docs.aws.amazon.com/sagemaker/latest/dg/async-inference-monitor.html,
    // table "Asynchronous Inference Endpoint Metrics": "`InvocationsProcesssed` | Number of async
    // invocations processed by the endpoint"), which names it so, as does its troubleshooting page
    // (async-inference-troubleshooting.html: "check the metric `InvocationsProcesssed`"). Kept as
    // the guide spells it: no AWS page spells it with two s.
    return [{ label: c.node.id, endpointName: c.endpointName, variantName: c.variantName, instanceType: typeOf(c.endpointConfig), usage: PriceUsage.ASYNC, invocationsMetric: 'InvocationsProcesssed' }];
  }
  return [];
}

function validate(scope: Construct, props: InferenceCostDashboardProps): void {
  const problems = new Problems('InferenceCostDashboard', scope);
  const t = props.costPerThousandAlarmUsd;
  if (t !== undefined && !Token.isUnresolved(t) && !(Number.isFinite(t) && t > 0)) problems.add(`costPerThousandAlarmUsd must be a number of USD above 0, got: ${t}`);
  const h = props.alarmEvaluationHours;
  if (h !== undefined && !Token.isUnresolved(h) && !(Number.isInteger(h) && h >= 1 && h <= 24)) problems.add(`alarmEvaluationHours must be a whole number of hours from 1 to 24, got: ${h}`);
  problems.throwIfAny();
}
