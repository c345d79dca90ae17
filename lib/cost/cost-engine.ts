import { CfnResource, Stack, Token } from 'aws-cdk-lib';
import { IConstruct } from 'constructs';
import { ResourceGraph } from '../graph/resource-graph';
import { PriceBook } from '../pricing/price-book';
import {
  buildLine, describeStatedSpotSavings, priceSourceOf, PricingContext, roundUsd, statedSpotSavingsProblem, unpricedLine,
} from './pricing-context';
import { pricerFor } from './pricers';
import {
  CostLineData, CostReportData, HOURS_PER_MONTH, MonthlyRange, RecommendationData, RegionSource, REPORT_SCHEMA_VERSION, StackSummaryData,
} from './report-schema';
import { emptyUsage, RecordedUsage, UsageLineOptions, WorkloadUsage } from './usage';
import { compareWorkload } from './compare-workloads';
import { Problems, regionProblem } from '../private/validation';
import { byCodePoint } from '../private/order';

/** Context key: the region to price stacks whose env has no region. */
export const REGION_CONTEXT_KEY = 'cdk-cost-aware-inference:region';
/** The region used when neither the stack nor the context names one. */
export const DEFAULT_REGION = 'us-east-1';

/** A recorded usage line with the construct that recorded it. */
export interface RecordedUsageLine {
  readonly scope: IConstruct;
  readonly options: UsageLineOptions;
}

/** A workload recorded for comparison, with the path of the line it is attached to. */
export interface RecordedWorkload {
  readonly path: string;
  readonly usage: WorkloadUsage;
}

/** What an advisor sees: the app's graph and its priced lines. */
export interface IAdvisorContext {
  /** The app's resources and links. */
  readonly graph: ResourceGraph;
  /** Every priced (and unpriced) line of the report. */
  readonly lines: CostLineData[];
  /** The price book the report uses. */
  readonly book: PriceBook;
  /** The region of a stack, as the report prices it. */
  regionOf(stack: Stack): string;
  /** Usage recorded for a resource. */
  usageOf(resource: CfnResource): RecordedUsage;
}

/**
 * Produces non-blocking recommendations from the priced app (`CostReport.addAdvisor`).
 *
 * An interface with one method, so that every jsii language can implement it (0.2 took a
 * function): in TypeScript, `{ advise: ctx => [...] }`.
 */
export interface IAdvisor {
  /** The recommendations for the priced app; an empty list when there are none. */
  advise(context: IAdvisorContext): RecommendationData[];
}

/** The engine's form of an advisor: a function (internal; `IAdvisor` is the public form). */
export type Advisor = (context: IAdvisorContext) => RecommendationData[];

/** Inputs of `computeCostReport`. */
export interface CostEngineInputs {
  readonly book: PriceBook;
  readonly usage: ReadonlyMap<CfnResource, RecordedUsage>;
  readonly usageLines: readonly RecordedUsageLine[];
  /** Workloads to compare across substrates. @default - none */
  readonly workloads?: readonly RecordedWorkload[];
  readonly advisors: readonly Advisor[];
  /**
   * A cloud assembly folder whose templates are already written, read instead of resolving
   * every resource again (see `ResourceGraphOptions.assemblyDir`).
   * @default - resolve from the construct tree
   */
  readonly assemblyDir?: string;
}

/**
 * Prices every CloudFormation resource under the root of `root` and every recorded usage line.
 * Pure: reads the construct tree, never the network; the same app gives the same report.
 */
export function computeCostReport(root: IConstruct, inputs: CostEngineInputs): CostReportData {
  const graph = ResourceGraph.of(root, { assemblyDir: inputs.assemblyDir });
  const notes = new Set<string>();
  const regions = new Map<Stack, { region: string; source: StackSummaryData['regionSource'] }>();
  const regionOf = (stack: Stack): string => {
    let r = regions.get(stack);
    if (!r) {
      if (!Token.isUnresolved(stack.region)) {
        r = { region: stack.region, source: RegionSource.STACK };
      } else {
        const fromContext = stack.node.tryGetContext(REGION_CONTEXT_KEY);
        r = typeof fromContext === 'string' && fromContext
          ? { region: fromContext, source: RegionSource.CONTEXT }
          : { region: DEFAULT_REGION, source: RegionSource.DEFAULT };
        if (r.source === 'default') {
          notes.add(`stacks with no region in their env are priced in ${DEFAULT_REGION}; set the stack env or context ${REGION_CONTEXT_KEY}`);
        }
      }
      // A code AWS does not have (`us-east1`) is refused here, with the closest code, rather than
      // priced as a region the book merely lacks.
      const problem = regionProblem(r.region);
      if (problem) {
        const problems = new Problems('CostReport', stack);
        problems.add(r.source === 'stack' ? `region (the env of stack ${stack.stackName}) ${problem}` : `context ${REGION_CONTEXT_KEY} ${problem}`);
        problems.throwIfAny();
      }
      if (!inputs.book.regions.includes(r.region)) {
        notes.add(`region ${r.region} has no prices in the price book (it has: ${inputs.book.regions.join(', ')}): its lines are unpriced`);
      }
      regions.set(stack, r);
    }
    return r.region;
  };

  const lines: CostLineData[] = [];
  for (const node of graph.resources) {
    const pricer = pricerFor(node.type);
    if (pricer === 'free') continue;
    const stackName = node.stack.stackName;
    const region = regionOf(node.stack);
    if (!pricer) {
      lines.push(unpricedLine({ stack: stackName, path: node.path, resourceType: node.type }, node.type,
        `this library has no pricer for ${node.type}`));
      continue;
    }
    const context = new PricingContext(node, graph, inputs.book, region, inputs.usage.get(node.resource) ?? emptyUsage(), stackName);
    try {
      lines.push(...pricer(context));
    } catch (e) {
      lines.push(context.unpriced(node.type, `pricing failed: ${(e as Error).message}`));
    }
  }
  for (const recorded of inputs.usageLines) {
    lines.push(priceUsageLine(recorded, inputs.book, regionOf));
  }
  lines.sort(compareLines);
  attachComparisons(lines, inputs.workloads ?? [], inputs.book, stackName => {
    const stack = [...regions.keys()].find(s => s.stackName === stackName);
    return stack ? regionOf(stack) : DEFAULT_REGION;
  });

  const advisorContext: IAdvisorContext = {
    graph, lines, book: inputs.book, regionOf,
    usageOf: resource => inputs.usage.get(resource) ?? emptyUsage(),
  };
  const recommendations = inputs.advisors.flatMap(advisor => advisor(advisorContext))
    .sort((a, b) => byCodePoint(a.path, b.path) || byCodePoint(a.id, b.id));

  const stackByName = new Map([...regions.keys()].map(s => [s.stackName, s]));
  const linesByStack = new Map<string, CostLineData[]>();
  for (const l of lines) {
    if (!linesByStack.has(l.stack)) linesByStack.set(l.stack, []);
    linesByStack.get(l.stack)!.push(l);
  }
  const stacks: StackSummaryData[] = [...stackByName.keys()].sort(byCodePoint).map(name => {
    const own = linesByStack.get(name) ?? [];
    const r = regions.get(stackByName.get(name)!)!;
    return { stack: name, region: r.region, regionSource: r.source, monthlyUsd: sum(own), unpricedCount: own.filter(l => !l.priced).length };
  });

  return {
    schemaVersion: REPORT_SCHEMA_VERSION,
    currency: 'USD',
    generatedFrom: { ...inputs.book.origin },
    hoursPerMonth: HOURS_PER_MONTH,
    totals: { monthlyUsd: sum(lines), lineCount: lines.length },
    unpricedCount: lines.filter(l => !l.priced).length,
    stacks,
    lines,
    recommendations,
    notes: [...notes].sort(),
  };
}

function priceUsageLine(recorded: RecordedUsageLine, book: PriceBook, regionOf: (s: Stack) => string): CostLineData {
  const o = recorded.options;
  const stack = Stack.of(recorded.scope);
  const region = regionOf(stack);
  const base = { stack: stack.stackName, path: recorded.scope.node.path, resourceType: o.resourceType ?? `Usage::${o.service}` };
  for (const bound of ['floor', 'expected', 'ceiling'] as const) {
    if (Token.isUnresolved(o.quantity[bound])) {
      return unpricedLine(base, o.description, `the ${bound} quantity is an unresolved token`, o.assumptions, o.component);
    }
  }
  const lookup = book.lookup({ service: o.service, usage: o.usage, region, sku: o.sku });
  if (!lookup.entry) return unpricedLine(base, o.description, lookup.reason!, o.assumptions, o.component);
  const assumptions = [...o.assumptions];
  let factor = 1;
  if (o.statedSpotSavings) {
    // The user's own figure (measured on past runs, or read from the Spot price history) takes
    // precedence over the book's estimate; it is an assumption of theirs and the line says so.
    const problem = statedSpotSavingsProblem(o.statedSpotSavings);
    if (problem) return unpricedLine(base, o.description, problem, o.assumptions, o.component);
    factor = 1 - o.statedSpotSavings.fraction;
    assumptions.push(`expected and floor at ${describeStatedSpotSavings(o.statedSpotSavings)}; ceiling on-demand`);
  } else if (o.spotDiscount) {
    const spot = book.spotDiscount(o.service, region, o.sku);
    if (spot.entry) {
      factor = 1 - spot.entry.priceUsd;
      assumptions.push(`expected and floor at an estimated Spot discount of ${Math.round(spot.entry.priceUsd * 100)}% ` +
        `(${spot.entry.sku}: ${spot.entry.source}, ${spot.entry.date}); ceiling on-demand`);
    } else {
      assumptions.push(`${spot.reason}: expected priced at on-demand`);
    }
  }
  const line = buildLine(base, lookup.entry, {
    description: o.description, component: o.component, quantity: o.quantity, assumptions, priceFactor: { floor: factor, expected: factor },
  });
  if (!o.alternativeUsage) return line;
  const alt = book.lookup({ service: o.service, usage: o.alternativeUsage, region, sku: o.sku });
  if (!alt.entry) return { ...line, assumptions: [...line.assumptions, `no alternative shown: ${alt.reason}`] };
  const q = o.quantity;
  return {
    ...line,
    alternative: {
      description: o.alternativeDescription ?? `${o.sku} at ${o.alternativeUsage}`,
      monthlyUsd: { floor: roundUsd(q.floor * alt.entry.priceUsd), expected: roundUsd(q.expected * alt.entry.priceUsd), ceiling: roundUsd(q.ceiling * alt.entry.priceUsd) },
      price: priceSourceOf(alt.entry),
    },
  };
}

/**
 * Adds each recorded workload's comparison to its line (same path and component). The line's
 * own figures are left as they are; with no line of that component, the resource's line with no
 * component. A workload whose line is not in the report is skipped.
 */
function attachComparisons(lines: CostLineData[], workloads: readonly RecordedWorkload[], book: PriceBook, regionOfStack: (stack: string) => string): void {
  for (const w of workloads) {
    let i = lines.findIndex(l => l.path === w.path && l.component === w.usage.component);
    // An Auto Scaling group with no Spot share has one line with no component.
    if (i < 0) i = lines.findIndex(l => l.path === w.path && l.component === undefined);
    if (i < 0) continue;
    const line = lines[i];
    lines[i] = { ...line, ...compareWorkload(w.usage, book, regionOfStack(line.stack)) };
  }
}

function compareLines(a: CostLineData, b: CostLineData): number {
  return byCodePoint(a.stack, b.stack) || byCodePoint(a.path, b.path) || byCodePoint(a.description, b.description);
}


/** Sums the monthly figures of lines, rounded to cents. */
export function sum(lines: readonly CostLineData[]): MonthlyRange {
  const t = { floor: 0, expected: 0, ceiling: 0 };
  for (const l of lines) {
    t.floor += l.monthlyUsd.floor;
    t.expected += l.monthlyUsd.expected;
    t.ceiling += l.monthlyUsd.ceiling;
  }
  return { floor: roundUsd(t.floor), expected: roundUsd(t.expected), ceiling: roundUsd(t.ceiling) };
}
