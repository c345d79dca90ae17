import { closestMatches } from './suggest';

/** The kind of accelerator an instance family carries. */
export type AcceleratorKind = 'nvidia-gpu' | 'amd-gpu' | 'inferentia' | 'trainium' | 'gaudi' | 'qualcomm' | 'fpga' | 'none';

/**
 * Instance families with an accelerator, by kind. The same names serve EC2 (`g5.xlarge`) and
 * SageMaker (`ml.g5.xlarge`). From the EC2 "Accelerated computing" instance type list.
 */
const ACCELERATED_FAMILIES: Record<string, AcceleratorKind> = {
  g3: 'nvidia-gpu', g3s: 'nvidia-gpu', g4dn: 'nvidia-gpu', g4ad: 'amd-gpu', g5: 'nvidia-gpu', g5g: 'nvidia-gpu',
  g6: 'nvidia-gpu', g6e: 'nvidia-gpu', g6f: 'nvidia-gpu', gr6: 'nvidia-gpu', gr6f: 'nvidia-gpu', g7e: 'nvidia-gpu',
  p2: 'nvidia-gpu', p3: 'nvidia-gpu', p3dn: 'nvidia-gpu', p4d: 'nvidia-gpu', p4de: 'nvidia-gpu',
  p5: 'nvidia-gpu', p5e: 'nvidia-gpu', p5en: 'nvidia-gpu', p6: 'nvidia-gpu', 'p6-b200': 'nvidia-gpu', 'p6e-gb200': 'nvidia-gpu',
  inf1: 'inferentia', inf2: 'inferentia', trn1: 'trainium', trn1n: 'trainium', trn2: 'trainium', trn2u: 'trainium',
  dl1: 'gaudi', dl2q: 'qualcomm', f1: 'fpga', f2: 'fpga', vt1: 'fpga',
};

/** General purpose, compute, memory and burstable families this library recognises. */
const CPU_FAMILIES = [
  't2', 't3', 't3a', 't4g', 'm4', 'm5', 'm5a', 'm5d', 'm5n', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm7a', 'm7g', 'm7gd', 'm7i', 'm8g',
  'c4', 'c5', 'c5a', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in', 'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c8g',
  'r4', 'r5', 'r5a', 'r5d', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7a', 'r7g', 'r7gd', 'r7i', 'r8g', 'x1', 'x1e', 'x2gd', 'x2iedn', 'z1d',
  'i3', 'i3en', 'i4i', 'im4gn', 'is4gen', 'd3', 'h1', 'hpc6a', 'hpc7g',
];

const SIZES = [
  'nano', 'micro', 'small', 'medium', 'large', 'xlarge', '2xlarge', '3xlarge', '4xlarge', '6xlarge', '8xlarge', '9xlarge',
  '12xlarge', '16xlarge', '18xlarge', '24xlarge', '32xlarge', '48xlarge', '56xlarge', '112xlarge', 'metal',
];

const FAMILIES = [...Object.keys(ACCELERATED_FAMILIES), ...CPU_FAMILIES];

/** A parsed instance type: `ml.g5.xlarge` → prefix `ml.`, family `g5`, size `xlarge`. */
export interface InstanceTypeInfo {
  /** The type as given. */
  readonly instanceType: string;
  /** `ml.` for SageMaker types, empty for EC2. */
  readonly prefix: 'ml.' | '';
  /** The family, e.g. `g5`. */
  readonly family: string;
  /** The size, e.g. `xlarge`. */
  readonly size: string;
  /** The accelerator the family carries, `none` for CPU families. */
  readonly accelerator: AcceleratorKind;
  /** True for burstable `t*` families, which cannot be autoscaled on SageMaker. */
  readonly burstable: boolean;
}

/**
 * Parses an instance type, or returns an error message naming the value, what is allowed and
 * close matches. `ml` says whether a SageMaker (`ml.`) or EC2 type is expected.
 */
export function parseInstanceType(instanceType: string, ml: boolean): InstanceTypeInfo | string {
  const prefix = ml ? 'ml.' : '';
  const expected = ml ? "a SageMaker type such as 'ml.g5.xlarge'" : "an EC2 type such as 'g5.xlarge'";
  const body = instanceType.startsWith(prefix) ? instanceType.slice(prefix.length) : undefined;
  const parts = body?.split('.') ?? [];
  if (body === undefined || parts.length !== 2 || !FAMILIES.includes(parts[0]) || !SIZES.includes(parts[1])) {
    const candidates: string[] = [];
    for (const family of FAMILIES) for (const size of SIZES) candidates.push(`${prefix}${family}.${size}`);
    const close = closestMatches(instanceType, candidates);
    const hint = close.length > 0 ? `; did you mean ${close.map(c => `'${c}'`).join(' or ')}?` : '';
    return `'${instanceType}' is not a known instance type (expected ${expected})${hint}`;
  }
  const [family, size] = parts;
  return {
    instanceType,
    prefix: prefix as 'ml.' | '',
    family,
    size,
    accelerator: ACCELERATED_FAMILIES[family] ?? 'none',
    burstable: /^t\d/.test(family),
  };
}

/**
 * True when the type (EC2 or `ml.`) belongs to a GPU, Inferentia, Trainium or other accelerated family.
 * Unknown names are judged by their family prefix (`g*`, `p*`, `inf*`, `trn*`, `dl*`, `f*`).
 */
export function isAcceleratedInstanceType(instanceType: string): boolean {
  const body = instanceType.startsWith('ml.') ? instanceType.slice(3) : instanceType;
  const family = body.split('.')[0];
  if (family in ACCELERATED_FAMILIES) return true;
  if (CPU_FAMILIES.includes(family)) return false;
  return /^(g|p|inf|trn|dl|f|vt|gr)\d/.test(family);
}

/** The accelerator kind of a type's family (`none` for CPU or unknown families). */
export function acceleratorKindOf(instanceType: string): AcceleratorKind {
  const body = instanceType.startsWith('ml.') ? instanceType.slice(3) : instanceType;
  return ACCELERATED_FAMILIES[body.split('.')[0]] ?? 'none';
}
