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
  test('busy hours run the whole instances the backlog target keeps up; the first pays the wake from zero, the quiet hour after them the tail', () => {
    // GIVEN 3 busy hours a day at 200 requests × 30 s ÷ 1 = 1.667 instance-hours of work each, backlog target 1
    const day = [200, 200, 200, ...new Array(21).fill(0)];
    // WHEN
    const sim = simulateAsyncCapacity({
      traffic: AsyncTrafficProfile.hourly(day, Duration.seconds(30)), concurrencyPerInstance: 1, minCapacity: 0, maxCapacity: 4,
      scaleInTail: TAIL, targetBacklogPerInstance: 1,
    });
    // THEN steady: 200 / 3600 × 30 = 1.667 requests in process → ceil(1.667 / 1) = 2 whole instances, which keep up.
    // Wake at hour 0: 7 min (alarm + provisioning) queue 0.0556 × 420 = 23.33 requests; after 3 more
    // datapoints (23.33 + 0.0222 × 180 = 27.33) target tracking asks ceil(27.33) → maxCapacity 4, in
    // service 5 min later with 23.33 + 0.0222 × 480 = 34 queued, drained to 1.667 at 4/30 − 0.0556 =
    // 0.0778 a second (415.7 s), then 15 min of scale-in evaluation: 480 s at 1 + 1,315.7 s at 4 over
    // 2,215.7 s, 1,311.4 instance-seconds more than the 2 steady instances.
    const lambda = 200 / 3600;
    const atBurst = lambda * 420 + (lambda - 1 / 30) * 480;
    const burstSeconds = (atBurst - lambda * 30) / (4 / 30 - lambda) + 900;
    const wakeExtra = (480 + 4 * burstSeconds - 2 * (420 + 480 + burstSeconds)) / 3600;
    expect(sim.hourlyDemand.slice(0, 5).map(v => Math.round(v * 1e6) / 1e6)).toEqual(
      [2 + wakeExtra, 2, 2, 2 * 0.25, 0].map(v => Math.round(v * 1e6) / 1e6));
    expect(wakeExtra).toBeCloseTo(0.3643, 3);
    // busy: 3 × 1.667 instance-hours of work a day
    expect(sim.busyInstanceHoursPerMonth).toBeCloseTo(3 * 200 * 30 / 3600 / 24 * 730, 6);
    expect(sim.hoursAtMaxShortfall).toBe(0);
  });

  test('when ceil(in process ÷ target) cannot keep up, the next whole instance comes and goes: the hour is the mean of the cycle', () => {
    // GIVEN 180 requests/hour × 45 s on 2 slots (the document-extraction example): 2.25 in process, work 1.125
    const sim = simulateAsyncCapacity({
      traffic: AsyncTrafficProfile.constant({ requestsPerHour: 180, processingTimePerRequest: Duration.seconds(45) }),
      concurrencyPerInstance: 2, minCapacity: 1, maxCapacity: 4, scaleInTail: TAIL, targetBacklogPerInstance: 5,
    });
    // THEN ceil(2.25 / 5) = 1 instance falls behind by 0.05 − 2/45 = 0.00556 requests/s: the backlog reaches
    // 5 after (5 − 2.25) / 0.00556 = 495 s, + 3 min of datapoints + 5 min of provisioning = 975 s at 1;
    // the second then stays the 900 s of scale-in evaluation: (975 × 1 + 900 × 2) / 1,875 = 1.48
    expect(sim.hourlyInstances[10]).toBeCloseTo((975 + 1800) / 1875, 6);
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
