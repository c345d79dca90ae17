import * as path from 'path';
import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { CostLineData, CostReport, CostReportData, PriceBook, Substrate, SubstrateCostData } from '../lib';
import { PriceService, PriceUsage } from '../lib/pricing/price-entry';
import * as cdkInitContextJson from './cdk-init-context.json';

/**
 * A price cache for tests of pricing mechanics: the figures of the hand-typed book that the built
 * snapshot no longer has (no source a reader can open, or older than 18 months), layered over the
 * snapshot as a refreshed cache would be. It only adds keys the snapshot lacks.
 */
export const TEST_PRICE_CACHE = path.join(__dirname, 'pricing', 'fixtures', 'test-prices.json');

/**
 * The feature flags a new user's app has: the `context` block of the `cdk.json` that
 * `cdk init app --language typescript` (aws-cdk CLI 2.1148, aws-cdk-lib 2.276) writes, which
 * includes `@aws-cdk/core:validateAgainstDefaultRules` (aws-cdk-lib's own template checks, as
 * errors). Every test that synthesizes runs under it, and so does the repo's `cdk.json`.
 */
export const CDK_INIT_CONTEXT: Record<string, unknown> = { ...(cdkInitContextJson as Record<string, unknown>) };
delete CDK_INIT_CONTEXT.default; // the JSON module's synthetic default export, not a flag

/** The context for an example's `createApp(context)` in a test: `cdk init`'s flags, no printed table, the test price cache. */
export function exampleContext(context: Record<string, unknown> = {}): Record<string, unknown> {
  return { ...CDK_INIT_CONTEXT, 'cdk-cost-aware-inference:print': false, 'cdk-cost-aware-inference:priceCache': TEST_PRICE_CACHE, ...context };
}

/** An app for tests, under `cdk init`'s feature flags: the report is on but does not print its table, and prices over the test price cache. */
export function testApp(context: Record<string, unknown> = {}): App {
  return new App({ context: exampleContext(context) });
}

/** An app and a stack in us-east-1 (unless another region is given). */
export function testStack(region = 'us-east-1', context: Record<string, unknown> = {}): { app: App; stack: Stack } {
  const app = testApp(context);
  const stack = new Stack(app, 'TestStack', { env: { region, account: '123456789012' } });
  return { app, stack };
}

/** The app's report, computed now. */
export function reportOf(app: App): CostReportData {
  return CostReport.of(app).compute();
}

let testBook: PriceBook | undefined;

/** A rate of the test price cache (us-east-1 unless given), failing the test when it is missing. */
export function testRate(service: PriceService, usage: PriceUsage, sku: string, region = 'us-east-1'): number {
  testBook ??= PriceBook.load(TEST_PRICE_CACHE);
  const lookup = testBook.lookup({ service, usage, region, sku });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

/** A compared line's alternative on one substrate (fails the test when the line has none). */
export function alternativeOf(line: CostLineData, substrate: Substrate): SubstrateCostData {
  const found = line.alternatives?.find(a => a.substrate === substrate);
  if (!found) throw new Error(`no ${substrate} alternative`);
  return found;
}

/** The lines of a report whose path is `path` or starts with `path/`. */
export function linesAt(report: CostReportData, path: string): CostLineData[] {
  return report.lines.filter(l => l.path === path || l.path.startsWith(`${path}/`));
}

/** The one line at a path (fails the test when there is not exactly one). */
export function lineAt(report: CostReportData, path: string): CostLineData {
  const lines = linesAt(report, path);
  if (lines.length !== 1) {
    throw new Error(`expected one line at ${path}, found ${lines.length}: ${JSON.stringify(lines.map(l => l.description))}`);
  }
  return lines[0];
}

/** One thing a policy allows or denies: one action on one resource, under the statement's condition. */
export interface Permission {
  readonly Effect: string;
  readonly Action: string;
  readonly Resource: unknown;
  readonly Condition?: unknown;
}

/**
 * The statements as single permissions, sorted: the same list whether or not aws-cdk-lib merged
 * them (`@aws-cdk/aws-iam:minimizePolicies`, on in `cdk init`'s flags) or ordered their actions.
 */
export function permissionsOf(statements: any[]): Permission[] {
  const asList = (v: unknown): unknown[] => (Array.isArray(v) ? v : [v]);
  const permissions = statements.flatMap(s => asList(s.Action).flatMap(action => asList(s.Resource).map(resource => ({
    Effect: s.Effect, Action: action as string, Resource: resource, ...(s.Condition === undefined ? {} : { Condition: s.Condition }),
  }))));
  return permissions.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

/** Every permission of the `AWS::IAM::Policy` resources attached to a role (given by logical id). */
export function rolePermissions(stack: Stack, roleLogicalId: string): Permission[] {
  const policies = Template.fromStack(stack).findResources('AWS::IAM::Policy', { Properties: { Roles: [{ Ref: roleLogicalId }] } });
  return permissionsOf(Object.values(policies).flatMap((p: any) => p.Properties.PolicyDocument.Statement));
}

/** Every permission of the `AWS::IAM::Policy` resources whose PolicyName starts with `prefix`. */
export function policyPermissions(stack: Stack, prefix: string): Permission[] {
  const policies = Object.values<any>(Template.fromStack(stack).findResources('AWS::IAM::Policy'))
    .filter(p => typeof p.Properties.PolicyName === 'string' && p.Properties.PolicyName.startsWith(prefix));
  return permissionsOf(policies.flatMap(p => p.Properties.PolicyDocument.Statement));
}
