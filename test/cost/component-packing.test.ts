import { copiesForLoad, packCopies, simulateComponentEndpoint } from '../../lib/cost/component-packing';
import { knownInstanceCapacity } from '../../lib/cost/instance-capacity';

const G5_12XL = knownInstanceCapacity('ml.g5.12xlarge')!; // 4 GPUs, 48 vCPUs, 192 GiB

describe('component packing', () => {
  test('knows the hardware of ml.g5.12xlarge from the EC2 specifications', () => {
    expect(G5_12XL).toEqual({ acceleratorCount: 4, cpuCoreCount: 48, memoryInMb: 196608 });
    expect(knownInstanceCapacity('ml.inf2.xlarge')).toBeUndefined();
  });

  test('copies follow the load: ceil(load / target), at least one while requests arrive, minCopies when idle', () => {
    const demand = { targetRequestsPerSecondPerCopy: 5, minCopies: 0, maxCopies: 4 };
    expect(copiesForLoad(0, demand)).toBe(0);
    expect(copiesForLoad(0.01, demand)).toBe(1);
    expect(copiesForLoad(10, demand)).toBe(2);
    expect(copiesForLoad(10.5, demand)).toBe(3);
    expect(copiesForLoad(100, demand)).toBe(4);
    expect(copiesForLoad(0, { ...demand, minCopies: 1 })).toBe(1);
  });

  test('packs copies by accelerators: five one-GPU copies need two 4-GPU instances', () => {
    const gpu = { acceleratorCount: 1, memoryInMb: 20000, cpuCoreCount: 0 };
    expect(packCopies(G5_12XL, [{ requirements: gpu, count: 5 }])).toBe(2);
    expect(packCopies(G5_12XL, [{ requirements: gpu, count: 4 }])).toBe(1);
    expect(packCopies(G5_12XL, [])).toBe(0);
  });

  test('packs copies by memory when memory binds first: 100,000 MB copies fit one per 196,608 MB instance', () => {
    const big = { acceleratorCount: 1, memoryInMb: 100000, cpuCoreCount: 0 };
    const small = { acceleratorCount: 1, memoryInMb: 40000, cpuCoreCount: 0 };
    // 3 big (1 per instance: 96,608 MB left each) + 3 small (one fits beside each big one: 56,608 MB left)
    expect(packCopies(G5_12XL, [{ requirements: big, count: 3 }, { requirements: small, count: 3 }])).toBe(3);
    // a fourth small copy: 56,608 MB ≥ 40,000, and 2 GPUs still free on the first instance
    expect(packCopies(G5_12XL, [{ requirements: big, count: 3 }, { requirements: small, count: 4 }])).toBe(3);
    // two-GPU copies: two per instance
    expect(packCopies(G5_12XL, [{ requirements: { acceleratorCount: 2, memoryInMb: 1000, cpuCoreCount: 0 }, count: 3 }])).toBe(2);
  });

  test('instances each hour are the packing, clamped to the managed instance scaling bounds', () => {
    const gpu = { acceleratorCount: 1, memoryInMb: 20000, cpuCoreCount: 0 };
    const day = (rps: number) => Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? rps : 0));
    const sim = simulateComponentEndpoint({
      capacity: G5_12XL,
      minInstances: 0,
      maxInstances: 3,
      components: [
        { name: 'a', requirements: gpu, hourlyRequestsPerSecond: day(12), targetRequestsPerSecondPerCopy: 5, minCopies: 0, maxCopies: 8 },
        { name: 'b', requirements: gpu, hourlyRequestsPerSecond: day(6), targetRequestsPerSecondPerCopy: 5, minCopies: 0, maxCopies: 8 },
      ],
    });
    // Day: 3 + 2 = 5 copies → 2 instances for 12 h; night: 0 copies → 0 instances: average 1.
    expect(sim.hourlyCopies.a.slice(7, 9)).toEqual([0, 3]);
    expect(sim.hourlyInstances.slice(7, 9)).toEqual([0, 2]);
    expect(sim.averageInstances).toBe(1);
    expect(sim.hoursAtZero).toBe(0.5);
    expect(sim.hoursAtMaxShortfall).toBe(0);
  });

  test('hours whose copies need more than maxInstances are clamped and counted', () => {
    const gpu = { acceleratorCount: 1, memoryInMb: 1000, cpuCoreCount: 0 };
    const sim = simulateComponentEndpoint({
      capacity: G5_12XL, minInstances: 1, maxInstances: 1,
      components: [{ name: 'a', requirements: gpu, hourlyRequestsPerSecond: [0, 30], targetRequestsPerSecondPerCopy: 5, minCopies: 0, maxCopies: 6 }],
    });
    // hour 0: no copy, but MinInstanceCount 1; hour 1: 6 copies need 2 instances, max 1
    expect(sim.hourlyInstances).toEqual([1, 1]);
    expect(sim.hoursAtMaxShortfall).toBe(0.5);
  });
});
