import { CfnResource } from 'aws-cdk-lib';
import { NagRuleCompliance, NagRuleResult } from 'cdk-nag';
import { ResourceGraph } from '../../graph/resource-graph';

/** What every rule of the pack is given besides the resource: the app's graph and the pack's settings. */
export interface RuleContext {
  /** The app's resources and links, built once per validation run. */
  readonly graph: ResourceGraph;
  /** The highest MaxCapacity / MaxSize an accelerated fleet may have. */
  readonly maxCapacityCap: number;
}

/**
 * A rule of the pack: a pure check of a resource and the context, returning compliant,
 * non-compliant or not applicable (as cdk-nag rules do). The pack's rules are in
 * `CostAwareRules`; each is also exported as a function for TypeScript.
 *
 * An interface with one method, so that every jsii language can call and implement it (0.2
 * exported a function type, `CostAwareRule`).
 */
export interface ICostAwareRule {
  /** Whether `node` complies, does not, or is not a resource the rule applies to. */
  evaluate(node: CfnResource, context: RuleContext): NagRuleCompliance;
}

/** The function form of a rule, as the pack runs it (internal; `ICostAwareRule` is the public form). */
export type CostAwareRule = (node: CfnResource, context: RuleContext) => NagRuleResult;

/** A number the template states literally (`4` or `'4'`), else undefined (a token, a reference, nothing). */
export function literalNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

/** A string the template states literally (not an intrinsic, not an unresolved token). */
export function literalString(value: unknown): string | undefined {
  return typeof value === 'string' && !value.includes('${Token[') ? value : undefined;
}
