import { InstanceTypeUse, checkInstanceTypeFor } from '../catalog/instance-catalog';

/** The kind of accelerator an instance family carries. */
export type AcceleratorKind = 'nvidia-gpu' | 'amd-gpu' | 'inferentia' | 'trainium' | 'gaudi' | 'qualcomm' | 'fpga' | 'none';

/**
 * Instance families with an accelerator, by kind. The same names serve EC2 (`g5.xlarge`) and
 * SageMaker (`ml.g5.xlarge`). From the EC2 "Accelerated computing" instance type list.
 */
const ACCELERATED_FAMILIES: Record<string, AcceleratorKind> = {
  g3: 'nvidia-gpu', g3s: 'nvidia-gpu', g4dn: 'nvidia-gpu', g4ad: 'amd-gpu', g5: 'nvidia-gpu', g5g: 'nvidia-gpu',
  g6: 'nvidia-gpu', g6e: 'nvidia-gpu', g6f: 'nvidia-gpu', gr6: 'nvidia-gpu', gr6f: 'nvidia-gpu', g7: 'nvidia-gpu', g7e: 'nvidia-gpu', g2: 'nvidia-gpu',
  p2: 'nvidia-gpu', p3: 'nvidia-gpu', p3dn: 'nvidia-gpu', p4d: 'nvidia-gpu', p4de: 'nvidia-gpu',
  p5: 'nvidia-gpu', p5e: 'nvidia-gpu', p5en: 'nvidia-gpu', p6: 'nvidia-gpu', 'p6-b200': 'nvidia-gpu', 'p6-b300': 'nvidia-gpu', 'p6e-gb200': 'nvidia-gpu',
  inf1: 'inferentia', inf2: 'inferentia', trn1: 'trainium', trn1n: 'trainium', trn2: 'trainium', trn2u: 'trainium',
  dl1: 'gaudi', dl2q: 'qualcomm', f1: 'fpga', f2: 'fpga', vt1: 'fpga',
};

/** General purpose, compute, memory and burstable families (what `isAcceleratedInstanceType` calls not accelerated). */
const CPU_FAMILIES = [
  't2', 't3', 't3a', 't4g', 'm4', 'm5', 'm5a', 'm5d', 'm5n', 'm6a', 'm6g', 'm6gd', 'm6i', 'm6id', 'm7a', 'm7g', 'm7gd', 'm7i', 'm8g',
  'c4', 'c5', 'c5a', 'c5d', 'c5n', 'c6a', 'c6g', 'c6gd', 'c6gn', 'c6i', 'c6id', 'c6in', 'c7a', 'c7g', 'c7gd', 'c7gn', 'c7i', 'c8g',
  'r4', 'r5', 'r5a', 'r5d', 'r5n', 'r6a', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7a', 'r7g', 'r7gd', 'r7i', 'r8g', 'x1', 'x1e', 'x2gd', 'x2iedn', 'z1d',
  'i3', 'i3en', 'i4i', 'im4gn', 'is4gen', 'd3', 'h1', 'hpc6a', 'hpc7g',
];

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
 * Parses an instance type that AWS offers for `use` (checked against the instance-type catalog,
 * lib/catalog, generated from the AWS SDK's enums), or returns an error message naming the
 * value, what is allowed and close matches from that use's list only.
 */
export function parseInstanceType(instanceType: string, use: InstanceTypeUse): InstanceTypeInfo | string {
  const problem = checkInstanceTypeFor(instanceType, use);
  if (problem !== undefined) return problem;
  const prefix = instanceType.startsWith('ml.') ? 'ml.' : '';
  const body = instanceType.slice(prefix.length);
  const dot = body.lastIndexOf('.');
  const family = body.slice(0, dot);
  return {
    instanceType,
    prefix,
    family,
    size: body.slice(dot + 1),
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
