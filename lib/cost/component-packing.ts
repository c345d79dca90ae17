import { InstanceCapacity } from './instance-capacity';

/** What one copy of an inference component asks of the instance it runs on. */
export interface CopyRequirements {
  /** Accelerator devices one copy reserves. */
  readonly acceleratorCount: number;
  /** Memory one copy reserves, in MB. */
  readonly memoryInMb: number;
  /** CPU cores one copy reserves (0 when the component does not reserve any). */
  readonly cpuCoreCount: number;
}

/** One inference component, as the capacity simulation sees it. */
export interface ComponentDemand {
  /** The component's name. */
  readonly name: string;
  /** What one copy reserves. */
  readonly requirements: CopyRequirements;
  /** Requests per second in each hour of the period (168 hours of a week). */
  readonly hourlyRequestsPerSecond: number[];
  /** The load one copy is kept at by its scaling target, in requests per second. */
  readonly targetRequestsPerSecondPerCopy: number;
  /** Fewest copies (0 scales the component to zero). */
  readonly minCopies: number;
  /** Most copies. */
  readonly maxCopies: number;
}

/** The result of `simulateComponentEndpoint`. */
export interface ComponentEndpointSimulation {
  /** Copies of each component (by name) in each hour. */
  readonly hourlyCopies: { [component: string]: number[] };
  /** Instances in each hour: the packing of that hour's copies, clamped to the instance bounds. */
  readonly hourlyInstances: number[];
  /** Mean of `hourlyInstances`. */
  readonly averageInstances: number;
  /** Share of hours (0..1) in which the copies need more instances than `maxInstances`. */
  readonly hoursAtMaxShortfall: number;
  /** Share of hours (0..1) with no instance running. */
  readonly hoursAtZero: number;
}

/**
 * Copies of one component in one hour: `ceil(load ÷ target per copy)`, at least one while
 * requests arrive, clamped to [minCopies, maxCopies]; `minCopies` in an hour with no requests.
 */
export function copiesForLoad(requestsPerSecond: number, demand: Pick<ComponentDemand, 'targetRequestsPerSecondPerCopy' | 'minCopies' | 'maxCopies'>): number {
  if (requestsPerSecond <= 0) return demand.minCopies;
  const needed = Math.max(1, Math.ceil(requestsPerSecond / demand.targetRequestsPerSecondPerCopy - 1e-9));
  return Math.min(demand.maxCopies, Math.max(demand.minCopies, needed));
}

/**
 * Instances needed to place every copy: first-fit decreasing bin packing by accelerators,
 * memory and CPU cores. SageMaker places copies on instances with room for their reserved
 * resources; first-fit decreasing is within 11/9 of the optimum plus one instance and exact for
 * the common cases (copies of one or two sizes), and it is deterministic.
 */
export function packCopies(capacity: InstanceCapacity, copies: Array<{ requirements: CopyRequirements; count: number }>): number {
  const items: CopyRequirements[] = [];
  for (const c of copies) for (let i = 0; i < c.count; i++) items.push(c.requirements);
  if (items.length === 0) return 0;
  const weight = (r: CopyRequirements) => share(r.acceleratorCount, capacity.acceleratorCount)
    + share(r.memoryInMb, capacity.memoryInMb) + share(r.cpuCoreCount, capacity.cpuCoreCount);
  items.sort((a, b) => weight(b) - weight(a));
  const free: Array<{ a: number; m: number; c: number }> = [];
  for (const item of items) {
    let bin = free.find(f => f.a >= item.acceleratorCount && f.m >= item.memoryInMb && f.c >= item.cpuCoreCount);
    if (!bin) {
      bin = { a: capacity.acceleratorCount, m: capacity.memoryInMb, c: capacity.cpuCoreCount };
      free.push(bin);
    }
    bin.a -= item.acceleratorCount;
    bin.m -= item.memoryInMb;
    bin.c -= item.cpuCoreCount;
  }
  return free.length;
}

function share(need: number, have: number): number {
  return have > 0 ? need / have : 0;
}

/**
 * Hour by hour: each component's copies from its traffic and target, the instances their
 * packing needs, clamped to [minInstances, maxInstances] (SageMaker managed instance scaling
 * adds instances when copies cannot be placed and removes empty ones).
 */
export function simulateComponentEndpoint(options: {
  readonly capacity: InstanceCapacity;
  readonly components: ComponentDemand[];
  readonly minInstances: number;
  readonly maxInstances: number;
}): ComponentEndpointSimulation {
  const hours = Math.max(...options.components.map(c => c.hourlyRequestsPerSecond.length));
  const hourlyCopies: { [component: string]: number[] } = {};
  for (const c of options.components) hourlyCopies[c.name] = [];
  const hourlyInstances: number[] = [];
  let shortfall = 0;
  let zero = 0;
  for (let h = 0; h < hours; h++) {
    const copies = options.components.map(c => {
      const rates = c.hourlyRequestsPerSecond;
      const count = copiesForLoad(rates[h % rates.length], c);
      hourlyCopies[c.name].push(count);
      return { requirements: c.requirements, count };
    });
    const packed = packCopies(options.capacity, copies);
    if (packed > options.maxInstances) shortfall++;
    const instances = Math.min(options.maxInstances, Math.max(options.minInstances, packed));
    if (instances === 0) zero++;
    hourlyInstances.push(instances);
  }
  const averageInstances = hourlyInstances.reduce((a, b) => a + b, 0) / Math.max(1, hours);
  return { hourlyCopies, hourlyInstances, averageInstances, hoursAtMaxShortfall: shortfall / Math.max(1, hours), hoursAtZero: zero / Math.max(1, hours) };
}
