import { InstanceTypeUse, checkInstanceTypeFor } from '../catalog/instance-catalog';

/** The kind of accelerator an instance family carries. */
export enum AcceleratorKind {
  NVIDIA_GPU = 'nvidia-gpu',
  AMD_GPU = 'amd-gpu',
  INFERENTIA = 'inferentia',
  TRAINIUM = 'trainium',
  GAUDI = 'gaudi',
  QUALCOMM = 'qualcomm',
  FPGA = 'fpga',
  /** No accelerator: a CPU family. */
  NONE = 'none',
}

const { NVIDIA_GPU: NV, AMD_GPU: AMD, INFERENTIA: INF, TRAINIUM: TRN, GAUDI, QUALCOMM, FPGA } = AcceleratorKind;

/**
 * Instance families with an accelerator, by kind. The same names serve EC2 (`g5.xlarge`) and
 * SageMaker (`ml.g5.xlarge`). From the EC2 "Accelerated computing" instance type list.
 */
const ACCELERATED_FAMILIES: Record<string, AcceleratorKind> = {
  g3: NV, g3s: NV, g4dn: NV, g4ad: AMD, g5: NV, g5g: NV,
  g6: NV, g6e: NV, g6f: NV, gr6: NV, gr6f: NV, g7: NV, g7e: NV, g2: NV,
  p2: NV, p3: NV, p3dn: NV, p4d: NV, p4de: NV,
  p5: NV, p5e: NV, p5en: NV, p6: NV, 'p6-b200': NV, 'p6-b300': NV, 'p6e-gb200': NV,
  inf1: INF, inf2: INF, trn1: TRN, trn1n: TRN, trn2: TRN, trn2u: TRN,
  dl1: GAUDI, dl2q: QUALCOMM, f1: FPGA, f2: FPGA, vt1: FPGA,
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
    accelerator: ACCELERATED_FAMILIES[family] ?? AcceleratorKind.NONE,
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
  return ACCELERATED_FAMILIES[body.split('.')[0]] ?? AcceleratorKind.NONE;
}
