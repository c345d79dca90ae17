import * as fs from 'fs';
import * as path from 'path';
import { closestMatches } from '../pricing/suggest';

// The instance types AWS offers for each use, generated from the AWS SDK's published enums by
// scripts/build-instance-catalog.js into instance-types.json (see README.md beside this file).
// Each construct checks its instance type against the list of its use, so a type that does not
// exist (`ml.g5.large`) or is not offered for that use fails at synth instead of at deploy.

/** What an instance type is for: one list of the catalog each. */
export enum InstanceTypeUse {
  /** SageMaker real-time and asynchronous endpoints (`ProductionVariantInstanceType`). */
  HOSTING = 'hosting',
  /** SageMaker training jobs (`TrainingInstanceType`). */
  TRAINING = 'training',
  /** SageMaker batch transform jobs (`TransformInstanceType`). */
  TRANSFORM = 'transform',
  /** SageMaker processing jobs (`ProcessingInstanceType`). */
  PROCESSING = 'processing',
  /** SageMaker notebook instances (`InstanceType`). */
  NOTEBOOK = 'notebook',
  /** EC2 instances (`InstanceType` of EC2). */
  EC2 = 'ec2',
}

/** What each use is called in messages. */
const USE_NAMES: Record<InstanceTypeUse, string> = {
  [InstanceTypeUse.HOSTING]: 'SageMaker hosting (real-time and async endpoints)',
  [InstanceTypeUse.TRAINING]: 'SageMaker training',
  [InstanceTypeUse.TRANSFORM]: 'SageMaker batch transform',
  [InstanceTypeUse.PROCESSING]: 'SageMaker processing',
  [InstanceTypeUse.NOTEBOOK]: 'SageMaker notebook instances',
  [InstanceTypeUse.EC2]: 'EC2',
};

/** The shape of instance-types.json. */
export interface InstanceCatalogFile {
  readonly description: string;
  readonly sdkVersions: { readonly [pkg: string]: string };
  readonly uses: { readonly [use: string]: { readonly source: string; readonly instanceTypes: string[] } };
}

/** The committed catalog file. */
export const INSTANCE_CATALOG_FILE = path.join(__dirname, 'instance-types.json');

let loaded: { file: InstanceCatalogFile; sets: Map<InstanceTypeUse, Set<string>> } | undefined;

function catalog(): { file: InstanceCatalogFile; sets: Map<InstanceTypeUse, Set<string>> } {
  if (!loaded) {
    const file = JSON.parse(fs.readFileSync(INSTANCE_CATALOG_FILE, 'utf-8')) as InstanceCatalogFile;
    const sets = new Map<InstanceTypeUse, Set<string>>();
    for (const use of Object.values(InstanceTypeUse)) sets.set(use, new Set(file.uses[use]?.instanceTypes ?? []));
    loaded = { file, sets };
  }
  return loaded;
}

/** The instance types offered for a use, in the catalog's (code-point) order. */
export function instanceTypesFor(use: InstanceTypeUse): readonly string[] {
  return [...catalog().sets.get(use)!];
}

/** True when AWS offers the instance type for the use. */
export function isOfferedFor(instanceType: string, use: InstanceTypeUse): boolean {
  return catalog().sets.get(use)!.has(instanceType);
}

/** Where the catalog's list for a use came from, e.g. `@aws-sdk/client-sagemaker 3.1142.0 TrainingInstanceType`. */
export function catalogSource(use: InstanceTypeUse): string {
  const { file } = catalog();
  const source = file.uses[use]?.source ?? '';
  const pkg = source.split(' ')[0];
  // The SDK exports some enums with a leading underscore (`_InstanceType`); AWS calls them `InstanceType`.
  const enumName = source.split(' ').slice(1).join(' ').replace(/^_/, '');
  return `${pkg} ${file.sdkVersions[pkg] ?? '?'} ${enumName}`.trim();
}

/**
 * The offered types closest to `instanceType`: first among its own family (`g5.large` →
 * `g5.xlarge`, not `c5.large`), else among all the use's types.
 */
function closestOffered(instanceType: string, use: InstanceTypeUse): string[] {
  const all = catalog().sets.get(use)!;
  const family = instanceType.slice(0, instanceType.lastIndexOf('.') + 1);
  const sameFamily = family ? [...all].filter(t => t.startsWith(family)) : [];
  const close = closestMatches(instanceType, sameFamily);
  return close.length > 0 ? close : closestMatches(instanceType, all);
}

/**
 * Checks an instance type against the list of its use. Returns undefined when it is offered,
 * else a message naming the value, what is allowed and — from that list only — the closest
 * types, or the uses it is offered for when it exists elsewhere.
 */
export function checkInstanceTypeFor(instanceType: string, use: InstanceTypeUse): string | undefined {
  if (isOfferedFor(instanceType, use)) return undefined;
  const example = use === InstanceTypeUse.EC2 ? "'g5.xlarge'" : "'ml.g5.xlarge'";
  // An EC2 name where a SageMaker one is expected (or the reverse) is most likely the same type.
  const swapped = instanceType.startsWith('ml.') ? instanceType.slice(3) : `ml.${instanceType}`;
  const close = isOfferedFor(swapped, use) ? [swapped] : closestOffered(instanceType, use);
  const hint = close.length > 0 ? `; did you mean ${close.map(c => `'${c}'`).join(' or ')}?` : '';
  const elsewhere = Object.values(InstanceTypeUse).filter(u => u !== use && isOfferedFor(instanceType, u));
  const exists = elsewhere.length > 0
    ? ` (it exists for ${elsewhere.map(u => USE_NAMES[u]).join(', ')}, but ${USE_NAMES[use]} does not offer it)`
    : '';
  return `'${instanceType}' is not an instance type ${USE_NAMES[use]} offers${exists}; expected one such as ${example} ` +
    `from ${catalogSource(use)}${hint}`;
}
