import { aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_lambda as lambda, aws_s3 as s3, aws_sagemaker as sagemaker, Duration } from 'aws-cdk-lib';
import { CostReport } from '../../../lib';
import { lineAt, linesAt, reportOf, testStack } from '../../helpers';

describe('NotebookInstance pricer', () => {
  test('runs 24/7 when nothing stops it, floor is stopped all month', () => {
    const { app, stack } = testStack();
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/r' });
    const line = linesAt(reportOf(app), 'TestStack/Notebook').find(l => l.component === undefined)!;
    // 730 h × $1.41 (ml.g5.xlarge notebook instance rate, us-east-1)
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 1029.3, ceiling: 1029.3 });
    expect(line.assumptions).toContain('nothing in the app stops it: expected assumes it runs 24/7 once started');
  });

  test('uses recorded running hours for expected', () => {
    const { app, stack } = testStack();
    const nb = new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/r' });
    CostReport.of(app).recordNotebookUsage(nb, { runningHoursPerMonth: 217, assumptions: ['50 h/week working pattern'] });
    const line = linesAt(reportOf(app), 'TestStack/Notebook').find(l => l.component === undefined)!;
    // 217 h × $0.05
    expect(line.monthlyUsd.expected).toBeCloseTo(217 * 0.05, 2);
    expect(line.assumptions).toContain('50 h/week working pattern');
  });
});

describe('NotebookInstance pricer: ML storage', () => {
  test('the storage volume is a line of its own, per GB-month running or stopped, unpriced while the book has no rate', () => {
    // GIVEN a notebook with a 50 GB volume
    const { app, stack } = testStack();
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/r', volumeSizeInGb: 50 });
    // WHEN
    const storage = linesAt(reportOf(app), 'TestStack/Notebook').find(l => l.component === 'storage')!;
    // THEN
    expect(storage.description).toBe('ML storage, ml.t3.medium notebook instance, 50 GB');
    expect(storage.priced).toBe(false);
    expect(storage.reason).toContain('ml-storage-gb-month');
  });

  test('a volume size that is a token leaves the storage line unpriced, saying why', () => {
    const { app, stack } = testStack();
    const size = new cloudwatch.CfnAlarm(stack, 'Unrelated', { comparisonOperator: 'x', evaluationPeriods: 1 }).getAtt('Size');
    new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.t3.medium', roleArn: 'arn:aws:iam::123456789012:role/r', volumeSizeInGb: size as any });
    const storage = linesAt(reportOf(app), 'TestStack/Notebook').find(l => l.component === 'storage')!;
    expect(storage.priced).toBe(false);
    expect(storage.reason).toContain('VolumeSizeInGB is not known at synth time');
  });
});

describe('EC2 Instance pricer', () => {
  test('prices an instance all month from its launch template type', () => {
    const { app, stack } = testStack();
    const template = new ec2.CfnLaunchTemplate(stack, 'Template', { launchTemplateData: { instanceType: 'inf2.xlarge' } });
    new ec2.CfnInstance(stack, 'Instance', { launchTemplate: { launchTemplateId: template.ref, version: '1' }, imageId: 'ami-123' });
    const line = lineAt(reportOf(app), 'TestStack/Instance');
    // 730 h × $0.7582
    expect(line.monthlyUsd).toEqual({ floor: 553.49, expected: 553.49, ceiling: 553.49 });
    // no block device mappings: no EBS line, and the instance line says the AMI's volumes are not priced
    expect(line.assumptions).toContain(
      "no BlockDeviceMappings: the AMI's own volumes (at least its root volume) are billed per GB-month and not priced, their size being the AMI's");
  });

  describe('EBS volumes', () => {
    const GP3_GB_MONTH = 0.08; // EBS gp3 storage in us-east-1, per GB-month (the book's infracost-sourced entry)
    const ebsLines = (app: Parameters<typeof reportOf>[0]) => linesAt(reportOf(app), 'TestStack/Instance').filter(l => l.description.startsWith('EBS '));

    test("prices the instance's volumes all month", () => {
      // GIVEN an instance with a 100 GB gp3 root volume
      const { app, stack } = testStack();
      new ec2.CfnInstance(stack, 'Instance', {
        instanceType: 'g5.xlarge', imageId: 'ami-123',
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 100, volumeType: 'gp3' } }],
      });
      // WHEN
      const [line] = ebsLines(app);
      // THEN 100 GB × 1 month × $0.08 = $8, floor = expected = ceiling
      expect(line.description).toBe('EBS volumes (gp3), 100 GB');
      expect(line.quantity).toBe(100);
      expect(line.monthlyUsd).toEqual({ floor: 100 * GP3_GB_MONTH, expected: 8, ceiling: 8 });
      expect(line.assumptions).toContain('the instance exists all month: its volumes bill whether it runs or is stopped');
    });

    test('takes the volumes of its launch template when the instance maps none', () => {
      // GIVEN a launch template with a 250 GB gp3 volume
      const { app, stack } = testStack();
      const template = new ec2.CfnLaunchTemplate(stack, 'Template', {
        launchTemplateData: { instanceType: 'inf2.xlarge', blockDeviceMappings: [{ deviceName: '/dev/sda1', ebs: { volumeSize: 250, volumeType: 'gp3' } }] },
      });
      new ec2.CfnInstance(stack, 'Instance', { launchTemplate: { launchTemplateId: template.ref, version: '1' }, imageId: 'ami-123' });
      // WHEN
      const [line] = ebsLines(app);
      // THEN 250 GB × $0.08 = $20
      expect(line.monthlyUsd.expected).toBeCloseTo(250 * GP3_GB_MONTH, 2);
      expect(line.assumptions).toContain("only the volumes in its launch template's BlockDeviceMappings are priced: any other volume the AMI maps is not");
    });

    test('an io2 volume and a volume sized by its snapshot are unpriced, with the reasons', () => {
      const { app, stack } = testStack();
      new ec2.CfnInstance(stack, 'Instance', {
        instanceType: 'g5.xlarge', imageId: 'ami-123',
        blockDeviceMappings: [
          { deviceName: '/dev/sdf', ebs: { volumeSize: 200, volumeType: 'io2', iops: 8000 } },
          { deviceName: '/dev/sdg', ebs: { snapshotId: 'snap-0123456789abcdef0', volumeType: 'gp3' } },
        ],
      });
      const lines = ebsLines(app);
      const io2 = lines.find(l => l.description === 'EBS volumes (io2), 200 GB')!;
      const fromSnapshot = lines.find(l => l.description === 'EBS volume /dev/sdg')!;
      expect(io2.priced).toBe(false);
      expect(io2.reason).toBe("no EC2 ebs-io2-gb-month price for 'io2' in the price book");
      expect(fromSnapshot.priced).toBe(false);
      expect(fromSnapshot.reason).toBe('/dev/sdg has no VolumeSize: its size comes from its snapshot, which the template does not state');
    });

    test('prices the volumes even when the instance type is unknown', () => {
      const { app, stack } = testStack();
      new ec2.CfnInstance(stack, 'Instance', {
        imageId: 'ami-123',
        blockDeviceMappings: [{ deviceName: '/dev/xvda', ebs: { volumeSize: 20, volumeType: 'gp3' } }],
      });
      const lines = linesAt(reportOf(app), 'TestStack/Instance');
      expect(lines.find(l => l.description === 'EC2 instance')!.reason).toBe('InstanceType is not set');
      // 20 GB × $0.08 = $1.60
      expect(lines.find(l => l.description.startsWith('EBS '))!.monthlyUsd.expected).toBeCloseTo(20 * GP3_GB_MONTH, 2);
    });
  });
});

describe('Elastic IP pricer', () => {
  test('charges the public IPv4 address every hour of the month, attached or not', () => {
    // GIVEN
    const { app, stack } = testStack();
    // WHEN
    new ec2.CfnEIP(stack, 'Address', { domain: 'vpc' });
    const line = lineAt(reportOf(app), 'TestStack/Address');
    // THEN: 730 h × $0.005 (public IPv4 address-hour, us-east-1)
    expect(line.unitPriceUsd).toBe(0.005);
    expect(line.monthlyUsd).toEqual({ floor: 3.65, expected: 3.65, ceiling: 3.65 });
    expect(line.price?.date).toBe('2024-02-01');
  });

  test('an address from a bring-your-own-IP pool is not charged', () => {
    // GIVEN
    const { app, stack } = testStack();
    // WHEN
    new ec2.CfnEIP(stack, 'Address', { domain: 'vpc', publicIpv4Pool: 'ipv4pool-ec2-0123456789abcdef0' });
    const line = lineAt(reportOf(app), 'TestStack/Address');
    // THEN
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
    expect(line.assumptions).toEqual(['from the bring-your-own-IP pool ipv4pool-ec2-0123456789abcdef0: no public IPv4 charge']);
  });
});

describe('usage-dependent pricers', () => {
  test('a Lambda function with no recorded usage is $0 expected with its unit prices stated', () => {
    const { app, stack } = testStack();
    new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), architecture: lambda.Architecture.ARM_64, memorySize: 512 });
    const line = linesAt(reportOf(app), 'TestStack/Fn').find(l => l.resourceType === 'AWS::Lambda::Function')!;
    expect(line.usageDependent).toBe(true);
    expect(line.priced).toBe(true);
    expect(line.monthlyUsd).toEqual({ floor: 0, expected: 0, ceiling: 0 });
    expect(line.assumptions).toContain('no GB-seconds of duration recorded: $0.0000133334 per GB-second');
  });

  test('a Lambda function with recorded usage prices duration and requests', () => {
    const { app, stack } = testStack();
    const fn = new lambda.Function(stack, 'Fn', { runtime: lambda.Runtime.NODEJS_20_X, handler: 'index.handler', code: lambda.Code.fromInline('x'), timeout: Duration.seconds(10) });
    CostReport.of(app).recordMeteredUsage(fn.node.defaultChild as lambda.CfnFunction, { quantities: { duration: 10_000, requests: 1_000_000 }, assumptions: [] });
    const line = linesAt(reportOf(app), 'TestStack/Fn').find(l => l.resourceType === 'AWS::Lambda::Function')!;
    // 10,000 GB-s × $0.0000166667 + 1,000,000 × $0.0000002
    expect(line.monthlyUsd.expected).toBeCloseTo(10_000 * 0.0000166667 + 1_000_000 * 0.0000002, 2);
  });

  test('a bucket is usage-dependent, an alarm is a fixed monthly charge', () => {
    const { app, stack } = testStack();
    new s3.Bucket(stack, 'Bucket');
    new cloudwatch.Alarm(stack, 'Alarm', { metric: new cloudwatch.Metric({ namespace: 'N', metricName: 'M' }), threshold: 1, evaluationPeriods: 1 });
    const report = reportOf(app);
    expect(lineAt(report, 'TestStack/Bucket').usageDependent).toBe(true);
    expect(lineAt(report, 'TestStack/Alarm').monthlyUsd).toEqual({ floor: 0.1, expected: 0.1, ceiling: 0.1 });
  });

  test('a resource type with no pricer is an unpriced line naming the type', () => {
    const { app, stack } = testStack();
    new ec2.CfnVPCEndpoint(stack, 'Endpoint', { serviceName: 'com.amazonaws.us-east-1.s3', vpcId: 'vpc-1' });
    const line = lineAt(reportOf(app), 'TestStack/Endpoint');
    expect(line.priced).toBe(false);
    expect(line.reason).toBe('this library has no pricer for AWS::EC2::VPCEndpoint');
  });
});
