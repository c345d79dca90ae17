import { PricingContext } from '../pricing-context';
import { CostLineData } from '../report-schema';

/**
 * Prices one CloudFormation resource type (`registerPricer`, `CostReport.registerPricer`):
 * reads the resource's resolved properties, its links in the graph and any recorded usage, and
 * returns its lines (a resource may have several, such as one per production variant, or an
 * on-demand and a Spot share).
 *
 * An interface with one method, so that every jsii language can implement it (0.2 took a
 * function): in TypeScript, `{ price: ctx => [...] }`.
 */
export interface IResourcePricer {
  /** The lines of the resource `context.node`; build them with `context.line` and `context.unpriced`. */
  price(context: PricingContext): CostLineData[];
}

/** The engine's form of a pricer: a function (internal; `IResourcePricer` is the public form). */
export type ResourcePricer = (context: PricingContext) => CostLineData[];

/** Mean of a list of numbers (0 for an empty list). */
export function mean(values: number[]): number {
  return values.length === 0 ? 0 : values.reduce((a, b) => a + b, 0) / values.length;
}

/** Clamps a value into [low, high]. */
export function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
