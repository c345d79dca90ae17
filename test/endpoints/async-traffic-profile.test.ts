import { Duration } from 'aws-cdk-lib';
import { AsyncTrafficProfile, TrafficProfile } from '../../lib';
import { simulateAsyncCapacity } from '../../lib/endpoints/async-traffic-profile';

const TAIL = Duration.minutes(15);

describe('AsyncTrafficProfile', () => {
  test('constant: the same requests every hour of the week', () => {
    const profile = AsyncTrafficProfile.constant({ requestsPerHour: 10, processingTimePerRequest: Duration.seconds(5) });
    expect(profile.weeklyRequestsPerHour()).toEqual(new Array(168).fill(10));
    // 10 requests × 730 h
    expect(profile.requestsPerMonth).toBeCloseTo(10 * 730, 9);
    expect(profile.description).toBe('constant 10 requests/hour');
  });

  test('fromTrafficProfile reads requests per second as requests per hour', () => {
    const profile = AsyncTrafficProfile.fromTrafficProfile(TrafficProfile.constant({ requestsPerSecond: 0.5 }), Duration.seconds(5));
    // 0.5 requests/s × 3600 s
    expect(profile.weeklyRequestsPerHour()[0]).toBe(1800);
  });

  test('fails when the hourly profile does not have 24 values', () => {
    expect(() => AsyncTrafficProfile.hourly([1, 2], Duration.seconds(1))).toThrow('hourly async profile needs 24 values (requests in each hour of the day), got: 2');
  });

  test('fails when the processing time is zero', () => {
    expect(() => AsyncTrafficProfile.constant({ requestsPerHour: 1, processingTimePerRequest: Duration.seconds(0) }))
      .toThrow('processingTimePerRequest must be above 0 seconds, got: 0 seconds');
  });
});

describe('simulateAsyncCapacity', () => {
  test('busy hours run ceil(work) whole instances; the first quiet hour after them pays their tail', () => {
    // GIVEN 3 busy hours a day at 240 requests × 30 s ÷ 1 = 2 instance-hours each
    const day = [240, 240, 240, ...new Array(21).fill(0)];
    // WHEN
    const sim = simulateAsyncCapacity({
      traffic: AsyncTrafficProfile.hourly(day, Duration.seconds(30)), concurrencyPerInstance: 1, minCapacity: 0, maxCapacity: 4, scaleInTail: TAIL,
    });
    // THEN hours 0-2: 2 instances; hour 3: both stay up for the 15-minute tail (2 × 0.25); the rest 0
    expect(sim.hourlyInstances.slice(0, 5)).toEqual([2, 2, 2, 0.5, 0]);
    expect(sim.averageInstances).toBeCloseTo((3 * 2 + 0.5) / 24, 9);
    // busy: 3 × 2 instance-hours a day = 6 / 24 of the month
    expect(sim.busyInstanceHoursPerMonth).toBeCloseTo(6 / 24 * 730, 6);
    expect(sim.hoursAtMaxShortfall).toBe(0);
  });

  test('sparse requests each pay processing time plus the tail', () => {
    // GIVEN 1 request/hour of 2 minutes: 2 + 15 minutes of instance per hour
    const sim = simulateAsyncCapacity({
      traffic: AsyncTrafficProfile.constant({ requestsPerHour: 1, processingTimePerRequest: Duration.minutes(2) }),
      concurrencyPerInstance: 1, minCapacity: 0, maxCapacity: 1, scaleInTail: TAIL,
    });
    expect(sim.averageInstances).toBeCloseTo((2 + 15) / 60, 9);
  });

  test('minCapacity is a floor every hour', () => {
    const sim = simulateAsyncCapacity({
      traffic: AsyncTrafficProfile.constant({ requestsPerHour: 0, processingTimePerRequest: Duration.seconds(1) }),
      concurrencyPerInstance: 1, minCapacity: 1, maxCapacity: 2, scaleInTail: TAIL,
    });
    expect(sim.averageInstances).toBe(1);
  });
});
