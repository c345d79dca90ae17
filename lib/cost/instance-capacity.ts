/**
 * What one instance offers the inference components packed onto it: accelerator devices,
 * memory and CPU cores. Hardware facts, not prices.
 */
export interface InstanceCapacity {
  /** Accelerator devices (GPUs) of one instance; 0 for CPU instances. */
  readonly acceleratorCount: number;
  /** Memory of one instance, in MB (1 GiB = 1,024 MB). */
  readonly memoryInMb: number;
  /** vCPUs of one instance. */
  readonly cpuCoreCount: number;
}

type Row = readonly [gpus: number, vcpus: number, memoryGib: number];

// From the EC2 instance type specifications ("Accelerated computing" and "General purpose"
// pages of the Amazon EC2 Instance Types guide); SageMaker `ml.` types of these families have
// the same hardware. Families whose accelerator devices SageMaker counts differently (Neuron
// cores on inf2/trn1) are left out: give `instanceCapacity` for them.
const SPECS: Record<string, Row> = {
  'g4dn.xlarge': [1, 4, 16], 'g4dn.2xlarge': [1, 8, 32], 'g4dn.4xlarge': [1, 16, 64], 'g4dn.8xlarge': [1, 32, 128],
  'g4dn.12xlarge': [4, 48, 192], 'g4dn.16xlarge': [1, 64, 256],
  'g5.xlarge': [1, 4, 16], 'g5.2xlarge': [1, 8, 32], 'g5.4xlarge': [1, 16, 64], 'g5.8xlarge': [1, 32, 128],
  'g5.12xlarge': [4, 48, 192], 'g5.16xlarge': [1, 64, 256], 'g5.24xlarge': [4, 96, 384], 'g5.48xlarge': [8, 192, 768],
  'g6.xlarge': [1, 4, 16], 'g6.2xlarge': [1, 8, 32], 'g6.4xlarge': [1, 16, 64], 'g6.8xlarge': [1, 32, 128],
  'g6.12xlarge': [4, 48, 192], 'g6.16xlarge': [1, 64, 256], 'g6.24xlarge': [4, 96, 384], 'g6.48xlarge': [8, 192, 768],
  'g6e.xlarge': [1, 4, 32], 'g6e.2xlarge': [1, 8, 64], 'g6e.4xlarge': [1, 16, 128], 'g6e.8xlarge': [1, 32, 256],
  'g6e.12xlarge': [4, 48, 384], 'g6e.16xlarge': [1, 64, 512], 'g6e.24xlarge': [4, 96, 768], 'g6e.48xlarge': [8, 192, 1536],
  'p4d.24xlarge': [8, 96, 1152], 'p5.48xlarge': [8, 192, 2048],
  'm5.large': [0, 2, 8], 'm5.xlarge': [0, 4, 16], 'm5.2xlarge': [0, 8, 32], 'm5.4xlarge': [0, 16, 64],
  'c5.large': [0, 2, 4], 'c5.xlarge': [0, 4, 8], 'c5.2xlarge': [0, 8, 16], 'c5.4xlarge': [0, 16, 32],
};

/**
 * The capacity of a SageMaker (`ml.`) or EC2 instance type this library knows, or undefined.
 * The whole instance is counted; SageMaker keeps part of the memory for itself, so a packing
 * at the memory limit may need one instance more than computed (stated in the report).
 */
export function knownInstanceCapacity(instanceType: string): InstanceCapacity | undefined {
  const row = SPECS[instanceType.startsWith('ml.') ? instanceType.slice(3) : instanceType];
  return row ? { acceleratorCount: row[0], cpuCoreCount: row[1], memoryInMb: row[2] * 1024 } : undefined;
}
