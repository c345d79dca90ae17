import * as fs from 'fs';
import * as path from 'path';
import { attachCustomSynthesis, CfnResource, ISynthesisSession } from 'aws-cdk-lib';
import { Construct, IConstruct } from 'constructs';
import { PriceBook } from '../pricing/price-book';
import { IResourcePricer, registerFreeResourceType, registerPricer } from './pricers';
import { Advisor, computeCostReport, IAdvisor, IAdvisorContext, RecordedUsageLine, RecordedWorkload } from './cost-engine';
import { renderMarkdown, renderTable } from './private/render';
import { chartFileName, renderCostChart } from './private/chart';
import { CostReportData, RecommendationData, REPORT_SCHEMA_VERSION } from './report-schema';
import { reportJson } from './private/report-json';
import {
  AutoScalingGroupUsage, emptyUsage, LoadBalancerUsage, MeteredUsage, NotebookUsage, RecordedUsage, UsageLineOptions, VariantUsage, WorkloadUsage,
} from './usage';

/** Context key: `false` turns the report off. */
export const REPORT_CONTEXT_KEY = 'cdk-cost-aware-inference:report';
/** Context key: `false` keeps the table off stderr (the files are still written). */
export const PRINT_CONTEXT_KEY = 'cdk-cost-aware-inference:print';
/** Context key: a price cache file to read instead of `.cdk-cost/prices.json`. */
export const PRICE_CACHE_CONTEXT_KEY = 'cdk-cost-aware-inference:priceCache';

/** The files the report writes into the cloud assembly folder. */
export const REPORT_JSON_FILE = 'cost-report.json';
export const REPORT_MARKDOWN_FILE = 'cost-report.md';

/**
 * The app's projected monthly cost report.
 *
 * One per app, at the root: `CostReport.of(scope)` finds it or creates it. Every construct of
 * this library calls it, so using any of them turns the report on; an app of raw L1/L2
 * resources turns it on by calling `CostReport.of(app)`. At synth it prices every CloudFormation
 * resource of the app and the usage lines constructs recorded, writes `cost-report.json` and
 * `cost-report.md` into the assembly folder (`cdk.out`), and prints the table on stderr.
 *
 * Context: `cdk-cost-aware-inference:report=false` turns it off; `...:print=false` keeps the
 * table off stderr; `...:region` prices stacks with no region; `...:priceCache` names a cache file.
 */
export class CostReport extends Construct {
  /** The construct id of the report under the app root. */
  public static readonly ID = 'CostAwareInferenceReport';

  /** The `schemaVersion` of cost-report.json (`REPORT_SCHEMA_VERSION`, for every jsii language). */
  public static readonly SCHEMA_VERSION: number = REPORT_SCHEMA_VERSION;

  /**
   * Registers a pricer for a CloudFormation type, replacing any before it (the same as the
   * `registerPricer` function, for every jsii language).
   */
  public static registerPricer(resourceType: string, pricer: IResourcePricer): void {
    registerPricer(resourceType, pricer);
  }

  /** Declares a CloudFormation type free: no line in the report (the `registerFreeResourceType` function). */
  public static registerFreeResourceType(resourceType: string): void {
    registerFreeResourceType(resourceType);
  }

  /** The app's report, created on first use. */
  public static of(scope: IConstruct): CostReport {
    const root = scope.node.root;
    const existing = root.node.tryFindChild(CostReport.ID);
    if (existing) return existing as CostReport;
    return new CostReport(root as Construct, CostReport.ID);
  }

  private readonly usage = new Map<CfnResource, { -readonly [K in keyof RecordedUsage]: RecordedUsage[K] }>();
  private readonly usageLines: RecordedUsageLine[] = [];
  private readonly workloads: RecordedWorkload[] = [];
  private readonly advisors: IAdvisor[] = [];
  private readonly recommendations: RecommendationData[] = [];
  private book: PriceBook | undefined;

  private constructor(scope: Construct, id: string) {
    super(scope, id);
    attachCustomSynthesis(this, { onSynthesize: session => this.synthesize(session) });
    // Synthesis visits the root's children in order. Validation runs after every construct is
    // added and before synthesis: moving the report to the end there lets it read the stack
    // templates already written instead of resolving every resource a second time.
    this.node.addValidation({ validate: () => { this.moveToEnd(); return []; } });
  }

  /** False when context `cdk-cost-aware-inference:report` is `false`. */
  public get enabled(): boolean {
    const v = this.node.tryGetContext(REPORT_CONTEXT_KEY);
    return !(v === false || v === 'false');
  }

  /**
   * Attaches the usage of one production variant to an `AWS::SageMaker::EndpointConfig`:
   * the instances its traffic needs hour by hour, the traffic itself, data processed. Read by the
   * endpoint-config pricer. A second call for the same variant replaces the first.
   */
  public recordVariantUsage(endpointConfig: CfnResource, usage: VariantUsage): void {
    const record = this.recordOf(endpointConfig);
    const i = record.variants.findIndex(v => v.variantName === usage.variantName);
    if (i >= 0) record.variants.splice(i, 1);
    record.variants.push(usage);
  }

  /** Attaches usage to an `AWS::AutoScaling::AutoScalingGroup` (read by its pricer); replaces any before. */
  public recordAutoScalingGroupUsage(group: CfnResource, usage: AutoScalingGroupUsage): void {
    this.recordOf(group).group = usage;
  }

  /** Attaches traffic to an `AWS::ElasticLoadBalancingV2::LoadBalancer` (read by its pricer); replaces any before. */
  public recordLoadBalancerUsage(loadBalancer: CfnResource, usage: LoadBalancerUsage): void {
    this.recordOf(loadBalancer).loadBalancer = usage;
  }

  /** Attaches running hours to an `AWS::SageMaker::NotebookInstance` (read by its pricer); replaces any before. */
  public recordNotebookUsage(notebook: CfnResource, usage: NotebookUsage): void {
    this.recordOf(notebook).notebook = usage;
  }

  /**
   * Attaches monthly quantities to a metered resource (a Lambda function, an SNS topic, a state
   * machine, a NAT gateway), read by its usage-dependent pricer; replaces any before.
   */
  public recordMeteredUsage(resource: CfnResource, usage: MeteredUsage): void {
    this.recordOf(resource).metered = usage;
  }

  private recordOf(resource: CfnResource): { -readonly [K in keyof RecordedUsage]: RecordedUsage[K] } {
    let record = this.usage.get(resource);
    if (!record) {
      record = emptyUsage();
      this.usage.set(resource, record);
    }
    return record;
  }

  /**
   * Compares the workload of a line across substrates (`WorkloadUsage`): the line whose path is
   * `target`'s (a CfnResource, or the construct that added a usage line) and whose component is
   * `usage.component`. A second call for the same line replaces the first.
   */
  public recordWorkload(target: IConstruct, usage: WorkloadUsage): void {
    const i = this.workloads.findIndex(w => w.path === target.node.path && w.usage.component === usage.component);
    if (i >= 0) this.workloads.splice(i, 1);
    this.workloads.push({ path: target.node.path, usage });
  }

  /** Adds a line for work with no CloudFormation resource (a Bedrock batch job, a training run). */
  public addUsageLine(scope: IConstruct, options: UsageLineOptions): void {
    this.usageLines.push({ scope, options });
  }

  /**
   * Adds an advisor: it turns the priced app into non-blocking recommendations. Adding the same
   * advisor object twice adds it once.
   */
  public addAdvisor(advisor: IAdvisor): void {
    if (!this.advisors.includes(advisor)) this.advisors.push(advisor);
  }

  /** Adds a recommendation directly. */
  public addRecommendation(recommendation: RecommendationData): void {
    this.recommendations.push(recommendation);
  }

  /** The price book in use: the snapshot, with a refreshed cache layered on when present. */
  public get priceBook(): PriceBook {
    if (!this.book) {
      const cache = this.node.tryGetContext(PRICE_CACHE_CONTEXT_KEY);
      this.book = typeof cache === 'string' && cache ? PriceBook.load(cache) : PriceBook.load();
    }
    return this.book;
  }

  /** Replaces the price book (tests, or a book built by other means). */
  public usePriceBook(book: PriceBook): void {
    this.book = book;
  }

  /**
   * Prices the app as it stands now. Synth calls this once; a construct may call it too (a
   * budget whose amount follows the projection does, inside a Lazy value).
   */
  public compute(): CostReportData {
    return this.computeFrom(undefined);
  }

  private computeFrom(assemblyDir: string | undefined): CostReportData {
    const fixed = [...this.recommendations];
    const advisors: Advisor[] = [...this.advisors.map(a => (context: IAdvisorContext) => a.advise(context)), () => fixed];
    return computeCostReport(this, {
      book: this.priceBook,
      usage: this.usage,
      usageLines: this.usageLines,
      workloads: this.workloads,
      advisors,
      assemblyDir,
    });
  }

  private moveToEnd(): void {
    // `_children` is the constructs library's own (insertion-ordered) record of children. If it
    // is ever not there, nothing moves and the report resolves resources from the tree instead.
    const children = (this.node.scope?.node as any)?._children as Record<string, IConstruct> | undefined;
    if (!children || children[this.node.id] !== this) return;
    delete children[this.node.id];
    children[this.node.id] = this;
  }

  private synthesize(session: ISynthesisSession): void {
    if (!this.enabled) return;
    const report = this.computeFrom(session.outdir);
    fs.mkdirSync(session.outdir, { recursive: true });
    fs.writeFileSync(path.join(session.outdir, REPORT_JSON_FILE), reportJson(report));
    fs.writeFileSync(path.join(session.outdir, REPORT_MARKDOWN_FILE), renderMarkdown(report));
    for (const line of report.lines) {
      if (line.costCurve) fs.writeFileSync(path.join(session.outdir, chartFileName(line)), renderCostChart(line));
    }
    const print = this.node.tryGetContext(PRINT_CONTEXT_KEY);
    if (!(print === false || print === 'false')) process.stderr.write(renderTable(report));
  }
}
