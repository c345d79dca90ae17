import { Token } from 'aws-cdk-lib';
import { GraphResource, ResourceGraph } from '../graph/resource-graph';
import { PriceEntry, PriceService, PriceUsage } from '../pricing/price-entry';
import { PriceBook } from '../pricing/price-book';
import { CostLineData, LinePriceSource, MonthlyRange } from './report-schema';
import {
  AutoScalingGroupUsage, LoadBalancerUsage, MeteredUsage, NotebookUsage, RecordedUsage, StatedSpotSavings, VariantUsage,
} from './usage';

/** Options of `PricingContext.line`. */
export interface LineOptions {
  /** What the line is. */
  readonly description: string;
  /**
   * The part of the resource the line is for, as a stable key (a variant name, `storage`).
   * @default - the whole resource
   */
  readonly component?: string;
  /** The price-book entry's service. */
  readonly service: PriceService;
  /** The price-book entry's usage. */
  readonly usage: PriceUsage;
  /** The price-book entry's SKU. */
  readonly sku: string;
  /** Monthly quantities in the entry's unit. */
  readonly quantity: MonthlyRange;
  /** The assumptions behind the quantities. */
  readonly assumptions: string[];
  /**
   * Multipliers on the unit price at each bound (e.g. 1 − Spot discount for floor and expected).
   * @default 1 for each
   */
  readonly priceFactor?: PriceFactor;
  /** True when the cost depends on usage the template cannot state. */
  readonly usageDependent?: boolean;
}

/** Multipliers on a line's unit price at each bound (`LineOptions.priceFactor`). */
export interface PriceFactor {
  /**
   * The multiplier at the floor.
   * @default 1
   */
  readonly floor?: number;
  /**
   * The multiplier at the expected figure.
   * @default 1
   */
  readonly expected?: number;
  /**
   * The multiplier at the ceiling.
   * @default 1
   */
  readonly ceiling?: number;
}

/** A literal string value of a resource property, or why there is none (`PricingContext.literalString`). */
export interface LiteralString {
  /**
   * The value.
   * @default - none: `reason` says why
   */
  readonly value?: string;
  /**
   * Why the value is not a literal string (not set, an unresolved token, a reference).
   * @default - none: the value is a literal
   */
  readonly reason?: string;
}

/** A literal number value of a resource property, or why there is none (`PricingContext.literalNumber`). */
export interface LiteralNumber {
  /**
   * The value (a numeric string such as `'4'` counts).
   * @default - none: `reason` says why
   */
  readonly value?: number;
  /**
   * Why the value is not a literal number (not set, an unresolved token, a reference).
   * @default - none: the value is a literal
   */
  readonly reason?: string;
}

/** A monthly figure, rounded to cents (and free of float noise) for the report. */
export function roundUsd(value: number): number {
  return Math.round(value * 100 + Number.EPSILON * 100) / 100;
}

/**
 * Why a stated Spot saving cannot be used (an unresolved token, a fraction outside [0, 1)), or
 * undefined when it can.
 */
export function statedSpotSavingsProblem(stated: StatedSpotSavings): string | undefined {
  if (Token.isUnresolved(stated.fraction)) return `the stated Spot saving (${stated.source}) is not known at synth time (an unresolved token)`;
  if (!(stated.fraction >= 0 && stated.fraction < 1)) {
    return `the stated Spot saving (${stated.source}) must be a fraction of at least 0 and below 1, got: ${stated.fraction}`;
  }
  return undefined;
}

/** A stated Spot saving as the report names it: `the Spot saving you measured: 70% (<source>)`. */
export function describeStatedSpotSavings(stated: StatedSpotSavings): string {
  const percent = Math.round(stated.fraction * 1000) / 10;
  return `${stated.statedAs ?? 'the Spot saving you stated'}: ${percent}% (${stated.source})`;
}

function roundQuantity(value: number): number {
  return Math.round(value * 10000) / 10000;
}

/** The price source of an entry, as a line states it. */
export function priceSourceOf(entry: PriceEntry): LinePriceSource {
  return { region: entry.region, sku: entry.sku, usage: entry.usage, source: entry.source, date: entry.date, ...(entry.derived ? { derived: entry.derived } : {}) };
}

/**
 * What a pricer is given for one resource: the resource and its resolved properties, the
 * graph to follow its links, the price book, the region, and any usage recorded for it.
 * Pricers build their lines through `line` and `unpriced`, so every line has the same shape.
 */
export class PricingContext {
  constructor(
    /** The resource being priced. */
    public readonly node: GraphResource,
    /** The whole app's resources and links. */
    public readonly graph: ResourceGraph,
    /** The prices. */
    public readonly book: PriceBook,
    /** The region prices are looked up in. */
    public readonly region: string,
    /** Usage recorded for this resource by constructs. */
    public readonly usage: RecordedUsage,
    /** The stack name lines carry. */
    public readonly stackName: string,
  ) {}

  /** The resolved CloudFormation properties of the resource. */
  public get props(): Record<string, any> {
    return this.node.properties;
  }

  /** The usage recorded for one production variant (endpoint-config pricer). */
  public variantUsage(variantName: string): VariantUsage | undefined {
    return this.usage.variants.find(u => u.variantName === variantName);
  }

  /** The usage recorded for an Auto Scaling group. */
  public get groupUsage(): AutoScalingGroupUsage | undefined {
    return this.usage.group;
  }

  /** The traffic recorded for a load balancer. */
  public get loadBalancerUsage(): LoadBalancerUsage | undefined {
    return this.usage.loadBalancer;
  }

  /** The running hours recorded for a notebook. */
  public get notebookUsage(): NotebookUsage | undefined {
    return this.usage.notebook;
  }

  /** The quantities recorded for a metered resource. */
  public get meteredUsage(): MeteredUsage | undefined {
    return this.usage.metered;
  }

  /** A priced line, or an unpriced one when the price book has no entry. */
  public line(options: LineOptions): CostLineData {
    const lookup = this.book.lookup({ service: options.service, usage: options.usage, region: this.region, sku: options.sku });
    if (!lookup.entry) return this.unpriced(options.description, lookup.reason!, options.assumptions, options.component);
    return buildLine(this.base(), lookup.entry, options);
  }

  /** A line that cannot be priced, with the reason. Its figures are zero and it counts as unpriced. */
  public unpriced(description: string, reason: string, assumptions: string[] = [], component?: string): CostLineData {
    return unpricedLine(this.base(), description, reason, assumptions, component);
  }

  /**
   * The value as a literal string, or the reason it is not one (not set, an unresolved token, a
   * reference to something only known at deploy time).
   *
   * @param value a resolved property value, e.g. `context.props.InstanceType`
   * @param name what the value is, for the reason, e.g. `InstanceType`
   */
  public literalString(value: any, name: string): LiteralString {
    const r = this.literal(value, 'string', name);
    return r.ok ? { value: r.value } : { reason: r.reason };
  }

  /**
   * The value as a literal number (a numeric string counts), or the reason it is not one.
   *
   * @param value a resolved property value, e.g. `context.props.VolumeSizeInGB`
   * @param name what the value is, for the reason, e.g. `VolumeSizeInGB`
   */
  public literalNumber(value: any, name: string): LiteralNumber {
    const r = this.literal(value, 'number', name);
    return r.ok ? { value: r.value } : { reason: r.reason };
  }

  /**
   * The value as a literal of the wanted kind, or a reason it is not one (an unresolved token,
   * a reference to something only known at deploy time).
   *
   * TypeScript only (`@jsii ignore`: a generic with a union result); other languages, and new
   * code, use `literalString` / `literalNumber`.
   * @jsii ignore
   */
  public literal<T extends 'string' | 'number'>(value: unknown, kind: T, name: string):
  { ok: true; value: T extends 'string' ? string : number } | { ok: false; reason: string } {
    if (value === undefined) return { ok: false, reason: `${name} is not set` };
    if (kind === 'number' && typeof value === 'string' && value.trim() !== '' && !Number.isNaN(Number(value)) && !Token.isUnresolved(value)) {
      return { ok: true, value: Number(value) as any };
    }
    if (typeof value === kind && !Token.isUnresolved(value)) return { ok: true, value: value as any };
    return { ok: false, reason: `${name} is not known at synth time (${describeValue(value)})` };
  }

  private base(): LineBase {
    return { stack: this.stackName, path: this.node.path, resourceType: this.node.type };
  }
}

/** Identity fields every line carries. */
export interface LineBase {
  readonly stack: string;
  readonly path: string;
  readonly resourceType: string;
}

/** Builds a priced line from an entry: quantity × price × factor at each bound, rounded. */
export function buildLine(base: LineBase, entry: PriceEntry, options: Omit<LineOptions, 'service' | 'usage' | 'sku'>): CostLineData {
  const f = options.priceFactor ?? {};
  const q = options.quantity;
  const price = entry.priceUsd;
  // Fields written out rather than spread: object spread costs about ten times a literal on
  // large apps (bench/), and this runs once per line. The key order is the report's.
  const line: { -readonly [K in keyof CostLineData]: CostLineData[K] } = {
    stack: base.stack,
    path: base.path,
    resourceType: base.resourceType,
    description: options.description,
    quantity: roundQuantity(q.expected),
    unit: entry.unit,
    unitPriceUsd: price,
    monthlyUsd: {
      floor: roundUsd(q.floor * price * (f.floor ?? 1)),
      expected: roundUsd(q.expected * price * (f.expected ?? 1)),
      ceiling: roundUsd(q.ceiling * price * (f.ceiling ?? 1)),
    },
    priced: true,
  } as CostLineData;
  if (options.usageDependent) line.usageDependent = true;
  line.assumptions = options.assumptions;
  line.price = priceSourceOf(entry);
  if (options.component !== undefined) line.component = options.component;
  return line;
}

/** Builds an unpriced line. */
export function unpricedLine(base: LineBase, description: string, reason: string, assumptions: string[] = [], component?: string): CostLineData {
  const line: { -readonly [K in keyof CostLineData]: CostLineData[K] } = {
    stack: base.stack,
    path: base.path,
    resourceType: base.resourceType,
    description,
    // Absent (undefined) in the data, written as null in cost-report.json (private/report-json.ts).
    quantity: undefined,
    unit: '',
    unitPriceUsd: undefined,
    monthlyUsd: { floor: 0, expected: 0, ceiling: 0 },
    priced: false,
    reason,
    assumptions,
  };
  if (component !== undefined) line.component = component;
  return line;
}

function describeValue(value: unknown): string {
  if (typeof value === 'string') return Token.isUnresolved(value) ? 'an unresolved token' : JSON.stringify(value);
  if (value && typeof value === 'object') {
    const key = Object.keys(value)[0];
    if (key === 'Ref') return `Ref ${(value as any).Ref}`;
    if (key) return `${key} ${JSON.stringify((value as any)[key]).slice(0, 60)}`;
  }
  return String(value);
}
