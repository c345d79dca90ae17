import { aws_autoscaling as autoscaling, aws_ec2 as ec2, Stack } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../../lib';
import { linesAt, reportOf, testStack } from '../../helpers';

const book = PriceBook.snapshot();
const G5_2XL = 1.212; // EC2 g5.2xlarge us-east-1 on-demand Linux
const G5_2XL_SPOT = 0.62; // Spot Advisor savings for g5.2xlarge in us-east-1
const G5_XL = 1.006; // EC2 g5.xlarge us-east-1 on-demand Linux
const G5_XL_SPOT = 0.56; // Spot Advisor savings for g5.xlarge in us-east-1

function group(stack: Stack, props: Partial<autoscaling.CfnAutoScalingGroupProps>, instanceType = 'g5.2xlarge') {
  const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType } });
  return new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
    minSize: '1', maxSize: '4',
    launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
    ...props,
  });
}

describe('AutoScalingGroup pricer', () => {
  test('the prices these tests rely on are the sourced ones', () => {
    const od = book.lookup({ service: 'EC2', usage: 'on-demand-linux', region: 'us-east-1', sku: 'g5.2xlarge' });
    const spot = book.spotDiscount('EC2', 'us-east-1', 'g5.2xlarge');
    expect(od.found && od.entry.priceUsd).toBe(G5_2XL);
    expect(spot.found && spot.entry.priceUsd).toBe(G5_2XL_SPOT);
    const g5xl = book.lookup({ service: 'EC2', usage: 'on-demand-linux', region: 'us-east-1', sku: 'g5.xlarge' });
    expect(g5xl.found && g5xl.entry.priceUsd).toBe(G5_XL);
    const g5xlSpot = book.spotDiscount('EC2', 'us-east-1', 'g5.xlarge');
    expect(g5xlSpot.found && g5xlSpot.entry.priceUsd).toBe(G5_XL_SPOT);
  });

  test('a group at min 0, desired 0, max 4 costs $0 floor and 4 on-demand instances at ceiling', () => {
    const { app, stack } = testStack();
    group(stack, { minSize: '0', desiredCapacity: '0', maxSize: '4' }, 'g5.xlarge');
    const [line] = linesAt(reportOf(app), 'TestStack/Group');
    // ceiling: 4 × 730 h × $1.006 = $2,937.52
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 2937.52 });
  });

  test('an all on-demand group prices desired capacity all month', () => {
    const { app, stack } = testStack();
    group(stack, { minSize: '1', desiredCapacity: '2', maxSize: '4' });
    const lines = linesAt(reportOf(app), 'TestStack/Group');
    expect(lines).toHaveLength(1);
    // floor 1 × 730 × 1.212 = 884.76; expected 2 × 730 × 1.212 = 1769.52; ceiling 4 × 730 × 1.212 = 3539.04
    expect(lines[0].monthlyUsd).toEqual({ floor: 884.76, expected: 1769.52, ceiling: 3539.04 });
  });

  test('a mixed group splits each hour into the on-demand base, the percentage above it and a Spot share', () => {
    // GIVEN base 1, 30% on-demand above base, traffic that needs 1 instance 12 h and 5 instances 12 h
    const { app, stack } = testStack();
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'g5.2xlarge' } });
    const asg = new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '1', maxSize: '6',
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
          overrides: [{ instanceType: 'g5.2xlarge' }],
        },
        instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 30, spotAllocationStrategy: 'price-capacity-optimized' },
      },
    });
    CostReport.of(app).recordUsage(asg, { hourlyInstances: [...new Array(12).fill(1), ...new Array(12).fill(5)], assumptions: ['half the day busy'] });
    // WHEN
    const [onDemand, spot] = linesAt(reportOf(app), 'TestStack/Group').sort((a, b) => a.description.localeCompare(b.description));
    // THEN on-demand units: n=1 → 1; n=5 → 1 + ceil(4 × 0.3) = 3 → mean (1 + 3) / 2 = 2
    expect(onDemand.description).toContain('on-demand share');
    expect(onDemand.monthlyUsd.expected).toBeCloseTo(2 * 730 * G5_2XL, 2);
    // Spot units: n=1 → 0; n=5 → 2 → mean 1, at (1 − 0.62) of on-demand
    expect(spot.description).toContain('Spot share');
    expect(spot.monthlyUsd.expected).toBeCloseTo(1 * 730 * G5_2XL * (1 - G5_2XL_SPOT), 2);
    // floor: min 1 is all base on-demand; no Spot
    expect(onDemand.monthlyUsd.floor).toBeCloseTo(730 * G5_2XL, 2);
    expect(spot.monthlyUsd.floor).toBe(0);
    // ceiling: max 6 all on-demand: 1 + ceil(5 × 0.3) = 3 on-demand + 3 Spot-priced-at-on-demand
    expect(onDemand.monthlyUsd.ceiling + spot.monthlyUsd.ceiling).toBeCloseTo(6 * 730 * G5_2XL, 1);
    expect(spot.assumptions.join(' ')).toContain('g5.2xlarge −62%');
  });

  test('a Spot share without a discount in the book is priced on-demand and says so', () => {
    const { app, stack } = testStack();
    group(stack, { minSize: '0', maxSize: '2', desiredCapacity: '2',
      launchTemplate: undefined,
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateName: 'tpl', version: '1' },
          overrides: [{ instanceType: 'm5.large' }],
        },
        instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 },
      },
    });
    const spot = linesAt(reportOf(app), 'TestStack/Group').find(l => l.description.includes('Spot share'))!;
    // 2 × 730 h × $0.096 (m5.large on-demand, no Spot discount in the book)
    expect(spot.monthlyUsd.expected).toBeCloseTo(2 * 730 * 0.096, 2);
    expect(spot.assumptions.join(' ')).toContain('no estimated Spot discount in the price book for m5.large');
  });

  describe('a Spot saving recorded for the group', () => {
    /** All-Spot group (no on-demand base, 0% above it) over g5.2xlarge and g5.xlarge, desired 2, max 4. */
    function spotGroup(stack: Stack): autoscaling.CfnAutoScalingGroup {
      return group(stack, { minSize: '0', desiredCapacity: '2', maxSize: '4',
        launchTemplate: undefined,
        mixedInstancesPolicy: {
          launchTemplate: {
            launchTemplateSpecification: { launchTemplateName: 'tpl', version: '1' },
            overrides: [{ instanceType: 'g5.2xlarge' }, { instanceType: 'g5.xlarge' }],
          },
          instancesDistribution: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 0 },
        },
      });
    }

    test("replaces the book's per-type discounts: the mean on-demand price of the overrides less the stated saving", () => {
      // GIVEN a 40% saving stated for the group (the book has 62% for g5.2xlarge and 56% for g5.xlarge)
      const { app, stack } = testStack();
      const asg = spotGroup(stack);
      CostReport.of(app).recordUsage(asg, {
        spotSavings: { fraction: 0.4, source: 'test figure', statedAs: 'the saving stated for this group' },
        assumptions: [],
      });
      // WHEN
      const spot = linesAt(reportOf(app), 'TestStack/Group').find(l => l.description.includes('Spot share'))!;
      // THEN mean on-demand ($1.212 + $1.006) / 2 = $1.109 an hour, × (1 − 0.4) = $0.6654;
      // DesiredCapacity 2 all month on Spot: 2 × 730 h × $0.6654 = $971.484
      expect(spot.monthlyUsd.expected).toBeCloseTo(2 * 730 * (G5_2XL + G5_XL) / 2 * (1 - 0.4), 2);
      expect(spot.monthlyUsd.expected).toBe(971.48);
      // floor: MinSize 0; ceiling: MaxSize 4 on-demand at the dearest type: 4 × 730 × $1.212 = $3,539.04
      expect(spot.monthlyUsd.floor).toBe(0);
      expect(spot.monthlyUsd.ceiling).toBe(3539.04);
      expect(spot.assumptions).toContain(
        "Spot priced at the saving stated for this group: 40% (test figure), for every instance type, instead of the price book's estimate");
      expect(spot.assumptions.join(' ')).not.toContain('−62%');
    });

    test('without one, the same group keeps the mean of the book\'s per-type Spot prices', () => {
      const { app, stack } = testStack();
      spotGroup(stack);
      const spot = linesAt(reportOf(app), 'TestStack/Group').find(l => l.description.includes('Spot share'))!;
      // 2 × 730 h × ($1.212 × (1 − 0.62) + $1.006 × (1 − 0.56)) / 2 = 730 × ($0.46056 + $0.44264) = $659.336
      expect(spot.monthlyUsd.expected).toBeCloseTo(2 * 730 * (G5_2XL * (1 - G5_2XL_SPOT) + G5_XL * (1 - G5_XL_SPOT)) / 2, 2);
      expect(spot.assumptions.join(' ')).toContain('g5.2xlarge −62%');
    });

    test('a saving that is not a fraction from 0 to below 1 leaves the Spot share unpriced, with the reason', () => {
      // GIVEN 60 given where 0.6 was meant
      const { app, stack } = testStack();
      const asg = spotGroup(stack);
      CostReport.of(app).recordUsage(asg, { spotSavings: { fraction: 60, source: 'test figure' }, assumptions: [] });
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Group');
      // THEN
      const spot = lines.find(l => l.description.includes('Spot share'))!;
      expect(spot.priced).toBe(false);
      expect(spot.reason).toBe('the stated Spot saving (test figure) must be a fraction of at least 0 and below 1, got: 60');
      expect(lines.find(l => l.description.includes('on-demand share'))!.priced).toBe(true);
    });
  });

  test('a token MaxSize makes the group unpriced with the reason', () => {
    const { app, stack } = testStack();
    group(stack, { maxSize: stack.resolve({ Ref: 'AWS::NoValue' }) as any });
    const [line] = linesAt(reportOf(app), 'TestStack/Group');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain('MaxSize is not known at synth time');
  });

  test('attribute-based instance selection is unpriced with the reason', () => {
    const { app, stack } = testStack();
    new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
      minSize: '0', maxSize: '2',
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateName: 'tpl', version: '1' },
          overrides: [{ instanceRequirements: { vCpuCount: { min: 4 }, memoryMiB: { min: 8192 } } }],
        },
      },
    });
    const [line] = linesAt(reportOf(app), 'TestStack/Group');
    expect(line.priced).toBe(false);
    expect(line.reason).toContain('InstanceRequirements');
  });
});
