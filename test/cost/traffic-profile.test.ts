import { TrafficProfile, WindowDays } from '../../lib';
import { simulateCapacity, windowCovers, windowCron } from '../../lib/cost/capacity-schedule';

describe('TrafficProfile', () => {
  test('dailyPeak repeats a peak of N hours over the off-peak rate', () => {
    const profile = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, offPeakRequestsPerSecond: 10, peakStartHour: 18 });
    const week = profile.weeklyRequestsPerSecond();
    expect(week).toHaveLength(168);
    expect(week.slice(0, 24)).toEqual([...new Array(18).fill(10), 100, 100, 10, 10, 10, 10]);
    // (2 × 100 + 22 × 10) / 24 requests/s on average
    expect(profile.averageRequestsPerSecond).toBeCloseTo((2 * 100 + 22 * 10) / 24, 9);
    expect(profile.requestsPerMonth).toBeCloseTo((2 * 100 + 22 * 10) / 24 * 3600 * 730, 3);
  });

  test('dailyPeak on weekdays only keeps weekends off-peak', () => {
    const week = TrafficProfile.dailyPeak({ peakRequestsPerSecond: 50, peakHoursPerDay: 8, peakStartHour: 9, weekends: false }).weeklyRequestsPerSecond();
    expect(week.filter(v => v === 50)).toHaveLength(5 * 8);
  });

  test('fails when the hourly profile does not have 24 values', () => {
    expect(() => TrafficProfile.hourly([1, 2, 3])).toThrow('hourly profile needs 24 values (one per hour of the day), got: 3');
  });

  test('fails when a rate is negative', () => {
    expect(() => TrafficProfile.constant({ requestsPerSecond: -1 })).toThrow('requestsPerSecond must be a finite number of requests per second, 0 or more, got: -1');
  });
});

describe('simulateCapacity', () => {
  test('runs ceil(load / target) instances each hour, clamped to min and max', () => {
    // 2 h at 100 rps, 22 h at 10 rps; 35 rps per instance at target → 3 and 1 instances
    const sim = simulateCapacity({
      traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 100, peakHoursPerDay: 2, offPeakRequestsPerSecond: 10 }),
      targetRequestsPerSecondPerInstance: 35, minCapacity: 1, maxCapacity: 4,
    });
    expect(sim.averageInstances).toBeCloseTo((2 * 3 + 22 * 1) / 24, 9);
    expect(sim.instanceHoursPerMonth).toBeCloseTo((2 * 3 + 22 * 1) / 24 * 730, 6);
    expect(sim.hoursAtMaxShortfall).toBe(0);
  });

  test('scheduled windows lower the bounds in the hours they cover', () => {
    // nights 20:00-08:00 every day at min 0 / max 1, zero traffic at night
    const window = { name: 'nights', startHour: 20, endHour: 8, minCapacity: 0, maxCapacity: 1 };
    const sim = simulateCapacity({ traffic: TrafficProfile.constant({ requestsPerSecond: 0 }), targetRequestsPerSecondPerInstance: 10, minCapacity: 2, maxCapacity: 4, windows: [window] });
    // 12 h at 2 instances (day), 12 h at 0 (night)
    expect(sim.averageInstances).toBeCloseTo(1, 9);
    expect(windowCovers(window, 23)).toBe(true);
    expect(windowCovers(window, 24 + 7)).toBe(true);
    expect(windowCovers(window, 12)).toBe(false);
    expect(windowCron({ ...window, days: WindowDays.WEEKDAYS })).toEqual({
      start: { minute: '0', hour: '20', weekDay: 'MON-FRI' }, end: { minute: '0', hour: '8', weekDay: 'TUE-SAT' },
    });
  });
});

describe('TrafficProfile.withPayloadSize', () => {
  test('states the GB of payload a month: requests × (request + response KB) ÷ 1024²', () => {
    // GIVEN 10 requests/s with 8 KB in and 2 KB out
    const traffic = TrafficProfile.constant({ requestsPerSecond: 10 }).withPayloadSize({ requestSizeInKb: 8, responseSizeInKb: 2 });
    // THEN 10 × 3600 × 730 = 26,280,000 requests × 10 KB = 250.63 GB
    expect(traffic.dataProcessedGbPerMonth).toBeCloseTo(26_280_000 * 10 / 1024 / 1024, 6);
    expect(traffic.payloadDescription).toBe('payload: 8 KB in + 2 KB out per request, 250.63 GB a month');
    expect(TrafficProfile.constant({ requestsPerSecond: 10 }).dataProcessedGbPerMonth).toBeUndefined();
  });

  test('fails when a size is negative', () => {
    expect(() => TrafficProfile.constant({ requestsPerSecond: 1 }).withPayloadSize({ requestSizeInKb: -1 }))
      .toThrow('requestSizeInKb must be a finite size in KB, 0 or more, got: -1');
  });
});
