import { Stack, TimeZone, Token, Validations, aws_cloudwatch as cloudwatch, aws_ec2 as ec2, aws_secretsmanager as secretsmanager, aws_ssm as ssm } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { AcceleratorKind, ContainerSecret, InferenceFleet, InferenceFleetProps, PriceBook, TrafficProfile, WindowDays } from '../../lib';
import { defaultMachineImageParameter } from '../../lib/fleet/inference-fleet';
import { linesAt, reportOf, rolePermissions, testStack } from '../helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const book = PriceBook.snapshot();
const HOURS = 730;

/** A price from the book, failing the test when it is missing. */
function price(service: PriceService.EC2 | PriceService.ELB | PriceService.VPC, usage: any, sku: string, region = 'us-east-1'): number {
  const lookup = book.lookup({ service, usage, region, sku });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}
function spotDiscount(type: string): number {
  const lookup = book.spotDiscount(PriceService.EC2, 'us-east-1', type);
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

const SERVING = { container: { image: 'public.ecr.aws/example/server:1', args: ['--port', '8080'] } };

/** The group's instance lines (on-demand and Spot shares), without its EBS volume line. */
function instanceLinesOf(report: ReturnType<typeof reportOf>): ReturnType<typeof linesAt> {
  return linesAt(report, 'TestStack/Fleet/Resource').filter(l => !l.description.startsWith('EBS '));
}

function fleet(stack: Stack, props: Partial<InferenceFleetProps> = {}): InferenceFleet {
  return new InferenceFleet(stack, 'Fleet', {
    instanceTypes: ['inf2.xlarge'],
    maxCapacity: 4,
    maxRequestsPerSecondPerInstance: 2.5,
    serving: SERVING,
    ...props,
  });
}

describe('InferenceFleet', () => {
  describe('defaults', () => {
    test('the Auto Scaling group has 1 on-demand instance, Spot above it, price-capacity-optimized and capacity rebalancing', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      fleet(stack);
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        MinSize: '1',
        MaxSize: '4',
        DesiredCapacity: Match.absent(),
        CapacityRebalance: true,
        HealthCheckType: 'ELB',
        HealthCheckGracePeriod: 900,
        MixedInstancesPolicy: {
          InstancesDistribution: {
            OnDemandAllocationStrategy: 'prioritized',
            OnDemandBaseCapacity: 1,
            OnDemandPercentageAboveBaseCapacity: 0,
            SpotAllocationStrategy: 'price-capacity-optimized',
          },
          LaunchTemplate: {
            LaunchTemplateSpecification: Match.objectLike({ LaunchTemplateId: Match.anyValue() }),
            Overrides: [{ InstanceType: 'inf2.xlarge' }],
          },
        },
      });
    });

    test('a termination lifecycle hook and a 90 s deregistration delay drain an instance inside the two-minute Spot notice', () => {
      const { stack } = testStack();
      fleet(stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::LifecycleHook', {
        LifecycleTransition: 'autoscaling:EC2_INSTANCE_TERMINATING',
        HeartbeatTimeout: 90,
        DefaultResult: 'CONTINUE',
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', {
        Port: 8080,
        Protocol: 'HTTP',
        HealthCheckPath: '/health',
        Matcher: { HttpCode: '200' },
        TargetGroupAttributes: Match.arrayWith([{ Key: 'deregistration_delay.timeout_seconds', Value: '90' }]),
      });
    });

    test('the launch template requires IMDSv2 with hop limit 1 (the container cannot reach the instance role), encrypts a 200 GB gp3 root volume and uses the Neuron DLAMI from its public SSM parameter', () => {
      const { stack } = testStack();
      fleet(stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({
          MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 },
          BlockDeviceMappings: [{ DeviceName: '/dev/sda1', Ebs: { Encrypted: true, VolumeSize: 200, VolumeType: 'gp3' } }],
          ImageId: { Ref: Match.stringLikeRegexp('^SsmParameterValueawsserviceneurondlami') },
          // Basic monitoring: scaling tracks the load balancer's metric, so per-minute instance metrics would only add their charge.
          Monitoring: Match.absent(),
        }),
      });
      // A CloudFormation parameter resolved at deploy time: no lookup at synth.
      const parameters = template.findParameters('*', { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>' });
      expect(Object.values(parameters).map(p => p.Default)).toEqual(['/aws/service/neuron/dlami/multi-framework/ubuntu-24.04/latest/image_id']);
    });

    test('user data runs the container with every Neuron device as a restarting systemd service', () => {
      const { stack } = testStack();
      const f = fleet(stack);
      const userData = f.launchTemplate.userData!.render();
      expect(userData).toContain('exec docker run --rm --name inference $(for d in /dev/neuron*; do printf -- "--device=%s " "$d"; done) -p 8080:8080 public.ecr.aws/example/server:1 --port 8080');
      expect(userData).toContain('Restart=always');
      expect(userData).toContain('systemctl enable --now inference.service');
    });

    test('the instance role has SSM Session Manager access and nothing else', () => {
      const { stack } = testStack();
      fleet(stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::IAM::Role', {
        AssumeRolePolicyDocument: Match.objectLike({ Statement: [Match.objectLike({ Principal: { Service: 'ec2.amazonaws.com' } })] }),
        ManagedPolicyArns: [{ 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':iam::aws:policy/AmazonSSMManagedInstanceCore']] }],
      });
      template.resourceCountIs('AWS::IAM::Policy', 0);
    });

    test('the load balancer is internal on HTTP 80, and its security group is the only way to the instances', () => {
      const { stack } = testStack();
      fleet(stack);
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', {
        Scheme: 'internal',
        Type: 'application',
        LoadBalancerAttributes: Match.arrayWith([
          { Key: 'routing.http.drop_invalid_header_fields.enabled', Value: 'true' },
          { Key: 'access_logs.s3.enabled', Value: 'true' },
        ]),
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 80, Protocol: 'HTTP' });
      template.hasResourceProperties('AWS::EC2::SecurityGroup', {
        GroupDescription: 'Load balancer of TestStack/Fleet',
        SecurityGroupIngress: [{ CidrIp: '10.0.0.0/16', IpProtocol: 'tcp', FromPort: 80, ToPort: 80, Description: 'Clients inside the VPC' }],
      });
      // The instances' only ingress rule: port 8080 from the load balancer's security group.
      const ingress = template.findResources('AWS::EC2::SecurityGroupIngress');
      expect(Object.values(ingress).map(r => r.Properties)).toEqual([expect.objectContaining({
        FromPort: 8080, ToPort: 8080, IpProtocol: 'tcp',
        SourceSecurityGroupId: { 'Fn::GetAtt': [expect.stringMatching(/^FleetLoadBalancerSecurityGroup/), 'GroupId'] },
      })]);
    });

    test('a new VPC has one NAT gateway and flow logs to the encrypted log bucket', () => {
      const { stack } = testStack();
      fleet(stack);
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::EC2::NatGateway', 1);
      template.hasResourceProperties('AWS::EC2::FlowLog', { LogDestinationType: 's3', TrafficType: 'REJECT' });
      template.hasResourceProperties('AWS::S3::Bucket', {
        BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
        PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
        LifecycleConfiguration: { Rules: [{ ExpirationInDays: 90, Status: 'Enabled' }] },
      });
    });

    test('target tracking keeps requests per target at 70% of the measured maximum, per minute', () => {
      const { stack } = testStack();
      fleet(stack);
      Template.fromStack(stack).hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'ALBRequestCountPerTarget', ResourceLabel: Match.anyValue() },
          // 2.5 requests/s × 0.7 × 60 s = 105 requests per target per minute
          TargetValue: 105,
        },
      });
    });
  });

  describe('options', () => {
    test('NVIDIA types use the GPU Deep Learning AMI for their architecture', () => {
      expect(defaultMachineImageParameter(AcceleratorKind.NVIDIA_GPU, 'x86_64')).toBe('/aws/service/deeplearning/ami/x86_64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id');
      const { stack } = testStack();
      const f = fleet(stack, { instanceTypes: ['g5g.xlarge', 'g5g.2xlarge'] });
      const parameters = Template.fromStack(stack).findParameters('*', { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>' });
      expect(Object.values(parameters).map(p => p.Default)).toEqual(['/aws/service/deeplearning/ami/arm64/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id']);
      expect(f.acceleratorKind).toBe('nvidia-gpu');
      expect(f.launchTemplate.userData!.render()).toContain('--gpus all');
    });

    test('a Graviton CPU fleet uses Amazon Linux 2023 arm64 and a command', () => {
      const { stack } = testStack();
      const f = fleet(stack, { instanceTypes: ['c7g.xlarge'], serving: { command: 'llama-server --port 9000', port: 9000, healthCheckPath: '/ready' } });
      const template = Template.fromStack(stack);
      const parameters = template.findParameters('*', { Type: 'AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>' });
      expect(Object.values(parameters).map(p => p.Default)).toEqual(['/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-arm64']);
      template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: Match.objectLike({ BlockDeviceMappings: [Match.objectLike({ DeviceName: '/dev/xvda' })], MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }),
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::TargetGroup', { Port: 9000, HealthCheckPath: '/ready' });
      expect(f.launchTemplate.userData!.render()).toContain('llama-server --port 9000');
    });

    test('purchase options, weights, an internet-facing HTTPS load balancer and a custom metric', () => {
      const { stack } = testStack();
      const metric = new cloudwatch.Metric({ namespace: 'Inference', metricName: 'QueueDepth' });
      const f = fleet(stack, {
        instanceTypes: ['g5.xlarge', 'g5.2xlarge'],
        instanceWeights: { 'g5.2xlarge': 2 },
        minCapacity: 0,
        maxCapacity: 8,
        purchase: { onDemandBaseCapacity: 2, onDemandPercentageAboveBaseCapacity: 30, spotAllocationStrategy: 'capacity-optimized' as any },
        scaling: { customMetric: { metric, targetValue: 4 } },
        network: { internetFacing: true, certificate: { certificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } as any },
      });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::AutoScalingGroup', {
        MinSize: '0',
        MaxSize: '8',
        MixedInstancesPolicy: {
          InstancesDistribution: Match.objectLike({ OnDemandBaseCapacity: 2, OnDemandPercentageAboveBaseCapacity: 30, SpotAllocationStrategy: 'capacity-optimized' }),
          LaunchTemplate: Match.objectLike({ Overrides: [{ InstanceType: 'g5.xlarge' }, { InstanceType: 'g5.2xlarge', WeightedCapacity: '2' }] }),
        },
      });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internet-facing' });
      template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', { Port: 443, Protocol: 'HTTPS' });
      template.hasResourceProperties('AWS::AutoScaling::ScalingPolicy', {
        TargetTrackingConfiguration: { CustomizedMetricSpecification: Match.objectLike({ MetricName: 'QueueDepth', Namespace: 'Inference' }), TargetValue: 4 },
      });
      expect(f.url).toMatch(/^https:\/\//);
    });

    test('scheduled windows deploy a start and an end action each', () => {
      const { stack } = testStack();
      fleet(stack, { scaling: { scheduledWindows: [{ name: 'Night', startHour: 22, endHour: 6, days: WindowDays.WEEKDAYS, minCapacity: 0, maxCapacity: 1, timeZone: TimeZone.EUROPE_PARIS }] } });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 22 * * MON-FRI', MinSize: 0, MaxSize: 1, TimeZone: 'Europe/Paris' });
      template.hasResourceProperties('AWS::AutoScaling::ScheduledAction', { Recurrence: '0 6 * * TUE-SAT', MinSize: 1, MaxSize: 4, TimeZone: 'Europe/Paris' });
    });

    test('synthesizes clean under AwsSolutions, internet-facing in a given VPC as well as with the defaults', () => {
      // GIVEN
      const { app, stack } = testStack();
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
      const vpc = new ec2.Vpc(stack, 'Existing', { maxAzs: 2, natGateways: 1 });
      vpc.addFlowLog('FlowLogs');
      fleet(stack, { network: { vpc, internetFacing: true } });
      const other = new Stack(app, 'Defaults', { env: { region: 'us-east-1', account: '123456789012' } });
      fleet(other, { instanceTypes: ['g6.xlarge', 'g6e.xlarge'] });
      // WHEN / THEN no unacknowledged finding fails synth
      expect(() => app.synth()).not.toThrow();
    });

    test("a given VPC is used as is: no new VPC, no NAT gateway", () => {
      const { stack } = testStack();
      const vpc = new ec2.Vpc(stack, 'Existing', { natGateways: 2, maxAzs: 2 });
      const f = fleet(stack, { network: { vpc } });
      expect(f.vpc).toBe(vpc);
      Template.fromStack(stack).resourceCountIs('AWS::EC2::VPC', 1);
      Template.fromStack(stack).resourceCountIs('AWS::EC2::NatGateway', 2);
    });
  });

  describe('bad input', () => {
    function errorOf(props: Partial<InferenceFleetProps>): string {
      const { stack } = testStack();
      try {
        fleet(stack, props);
      } catch (e) {
        return (e as Error).message;
      }
      throw new Error('expected an error');
    }

    test('fails when minCapacity is above maxCapacity', () => {
      expect(errorOf({ minCapacity: 5, maxCapacity: 4 })).toContain('minCapacity must be at most maxCapacity (4), got: 5');
    });

    test('fails when the on-demand percentage is outside 0-100', () => {
      expect(errorOf({ purchase: { onDemandPercentageAboveBaseCapacity: 120 } }))
        .toContain('purchase.onDemandPercentageAboveBaseCapacity must be a whole percentage from 0 to 100, got: 120');
    });

    test('fails when accelerator kinds are mixed', () => {
      expect(errorOf({ instanceTypes: ['inf2.xlarge', 'g5.xlarge'] }))
        .toContain('instanceTypes must all have one accelerator kind (one AMI and one serving stack), got: inferentia (inf2.xlarge) and nvidia-gpu (g5.xlarge)');
    });

    test('fails when CPU architectures are mixed', () => {
      expect(errorOf({ instanceTypes: ['c7g.xlarge', 'm5.large'] }))
        .toContain('instanceTypes must all have one CPU architecture (one AMI), got: arm64 (c7g.xlarge) and x86_64 (m5.large)');
    });

    test('fails when an instance type is unknown, with close matches', () => {
      expect(errorOf({ instanceTypes: ['inf2.xlarg'] })).toContain("instanceTypes[0]: 'inf2.xlarg' is not an instance type EC2 offers; expected one such as 'g5.xlarge' from @aws-sdk/client-ec2 ");
      expect(errorOf({ instanceTypes: ['inf2.xlarg'] })).toContain("did you mean 'inf2.xlarge'?");
    });

    test('fails when an instance type is a SageMaker type or an unsupported accelerator', () => {
      const message = errorOf({ instanceTypes: ['ml.g5.xlarge'] });
      expect(message).toContain("instanceTypes[0]: 'ml.g5.xlarge' is not an instance type EC2 offers (it exists for SageMaker hosting");
      expect(errorOf({ instanceTypes: ['dl1.24xlarge'] })).toContain("instanceTypes[0] 'dl1.24xlarge' has a gaudi accelerator");
    });

    test('fails when serving sets both a container and a command, and lists every other problem in the same error', () => {
      const message = errorOf({
        serving: { container: { image: 'x' }, command: 'y', port: 70000, healthCheckPath: 'health' },
        maxCapacity: 0,
        maxRequestsPerSecondPerInstance: 0,
        scaling: { targetUtilization: 1.5 },
        rootVolumeSizeInGb: 4,
        instanceTypes: ['inf2.xlarge'],
        instanceWeights: { 'inf2.xlarge': 0 },
      });
      expect(message.split('\n').slice(1)).toEqual([
        "  - instanceWeights['inf2.xlarge'] must be a whole number from 1 to 999, got: 0",
        '  - maxCapacity must be a whole number of at least 1, got: 0',
        '  - minCapacity must be at most maxCapacity (0), got: 1',
        '  - maxRequestsPerSecondPerInstance must be a number of requests per second above 0, got: 0',
        '  - scaling.targetUtilization must be above 0 and at most 1, got: 1.5',
        '  - serving must set exactly one of container or command, got: both',
        '  - serving.port must be a port from 1 to 65535, got: 70000',
        "  - serving.healthCheckPath must start with '/', got: 'health'",
        '  - rootVolumeSizeInGb must be a whole number of GB from 8 to 16384, got: 4',
      ]);
    });

    test('fails when purchase.estimatedSpotSavingsPercent is 100 or more, or below 0, listed with the other problems', () => {
      const message = errorOf({ minCapacity: 5, purchase: { estimatedSpotSavingsPercent: 100 } });
      expect(message).toContain('minCapacity must be at most maxCapacity (4), got: 5');
      expect(message).toContain('purchase.estimatedSpotSavingsPercent must be a percentage of at least 0 and below 100, got: 100');
      expect(errorOf({ purchase: { estimatedSpotSavingsPercent: -10 } }))
        .toContain('purchase.estimatedSpotSavingsPercent must be a percentage of at least 0 and below 100, got: -10');
    });

    test('an unresolved estimatedSpotSavingsPercent is skipped by validation and leaves the Spot share unpriced, saying why', () => {
      // GIVEN min 2: one on-demand base instance and one Spot instance all month
      const { app, stack } = testStack();
      fleet(stack, { minCapacity: 2, purchase: { estimatedSpotSavingsPercent: Token.asNumber({ Ref: 'SavingParam' }) } });
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Fleet/Resource');
      // THEN the on-demand share is priced, the Spot share is not
      expect(lines.find(l => l.description.endsWith('on-demand share'))!.priced).toBe(true);
      const spot = lines.find(l => l.description.endsWith('Spot share'))!;
      expect(spot.priced).toBe(false);
      expect(spot.reason).toBe('the stated Spot saving (estimatedSpotSavingsPercent) is not known at synth time (an unresolved token)');
    });

    test('fails when a scheduled window raises the ceiling', () => {
      expect(errorOf({ scaling: { scheduledWindows: [{ name: 'Peak', startHour: 8, endHour: 20, minCapacity: 2, maxCapacity: 10 }] } }))
        .toContain('scaling.scheduledWindows[0].maxCapacity must be at most maxCapacity (4), got: 10');
    });

    test('fails when natGateways is given with an existing VPC, or is 0', () => {
      const { stack } = testStack();
      const vpc = new ec2.Vpc(stack, 'Existing');
      expect(() => fleet(stack, { network: { vpc, natGateways: 1 } })).toThrow('network.natGateways applies to a new VPC only; it was given with network.vpc, got: 1');
      expect(errorOf({ network: { natGateways: 0 } })).toContain('network.natGateways must be a whole number of at least 1, got: 0');
    });

    test('warns when the stack region has no price for an instance type the book prices elsewhere', () => {
      const { stack } = testStack('eu-west-1');
      fleet(stack, { instanceTypes: ['g6.xlarge'] });
      Annotations.fromStack(stack).hasWarning('/TestStack/Fleet', Match.stringLikeRegexp("instanceTypes: 'g6.xlarge' has no EC2 price in eu-west-1 in the price book"));
    });

    test('an unresolved capacity is skipped by validation and leaves the fleet without a recorded profile', () => {
      const { app, stack } = testStack();
      fleet(stack, { maxCapacity: Token.asNumber({ Ref: 'MaxParam' }), traffic: TrafficProfile.constant({ requestsPerSecond: 1 }) });
      const [line] = linesAt(reportOf(app), 'TestStack/Fleet/Resource');
      expect(line.priced).toBe(false);
      expect(line.reason).toContain('MaxSize is not known at synth time');
    });
  });

  describe('cost', () => {
    const G5_XL = price(PriceService.EC2, 'on-demand-linux', 'g5.xlarge');
    const INF2_XL = price(PriceService.EC2, 'on-demand-linux', 'inf2.xlarge');
    const G5_XL_SPOT = spotDiscount('g5.xlarge');
    const ALB_HOUR = price(PriceService.ELB, 'alb-hour', 'application');
    const ALB_LCU = price(PriceService.ELB, 'alb-lcu-hour', 'application');
    const NAT_HOUR = price(PriceService.VPC, 'nat-gateway-hour', 'nat-gateway');
    const GP3_GB_MONTH = price(PriceService.EC2, 'ebs-gp3-gb-month', 'gp3');

    test('the prices these tests use are the book entries', () => {
      expect([G5_XL, INF2_XL, G5_XL_SPOT, ALB_HOUR, ALB_LCU, NAT_HOUR, GP3_GB_MONTH]).toEqual([1.006, 0.7582, 0.59, 0.0225, 0.008, 0.045, 0.08]);
    });

    test('the default 200 GB gp3 root volume of every instance is priced per GB-month over the simulated instance-hours', () => {
      // GIVEN 5 requests/s all week, 2.5 × 0.7 = 1.75 requests/s per instance at target → ceil(5 / 1.75) = 3 instances
      // every hour (1 on-demand base + 2 Spot); min 1, max 4
      const { app, stack } = testStack();
      fleet(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 5 }) });
      // WHEN
      const ebs = linesAt(reportOf(app), 'TestStack/Fleet/Resource').find(l => l.description.startsWith('EBS '))!;
      // THEN one root volume per instance, Spot or not: 200 GB × $0.08 = $16 an instance-month;
      // floor 1 × $16 = $16, expected 3 × $16 = $48, ceiling 4 × $16 = $64
      expect(ebs.description).toBe('EBS volumes (gp3), 200 GB per instance');
      expect(200 * GP3_GB_MONTH).toBe(16);
      expect(ebs.quantity).toBe(3 * 200);
      expect(ebs.monthlyUsd).toEqual({ floor: 16, expected: 48, ceiling: 64 });
      expect(ebs.assumptions).toContain('traffic: constant 5 requests/s');
      expect(ebs.price).toMatchObject({ usage: PriceUsage.EBS_GP3_GB_MONTH, sku: 'gp3', region: 'us-east-1' });
    });

    test('rootVolumeSizeInGb sizes the volume line', () => {
      // GIVEN a 100 GB root volume and no traffic profile: minCapacity 1 all month
      const { app, stack } = testStack();
      fleet(stack, { rootVolumeSizeInGb: 100 });
      const ebs = linesAt(reportOf(app), 'TestStack/Fleet/Resource').find(l => l.description.startsWith('EBS '))!;
      // THEN expected 1 × 100 GB × $0.08 = $8; ceiling 4 × 100 × $0.08 = $32
      expect(ebs.monthlyUsd).toEqual({ floor: 8, expected: 8, ceiling: 32 });
    });

    test('an all on-demand fleet: the simulated instances at the on-demand rate, floor min, ceiling max', () => {
      // GIVEN 5 requests/s all week, 2.1 requests/s per instance at target → ceil(5 / 2.1) = 3 instances every hour
      const { app, stack } = testStack();
      fleet(stack, {
        instanceTypes: ['g5.xlarge'],
        maxRequestsPerSecondPerInstance: 3,
        purchase: { onDemandPercentageAboveBaseCapacity: 100 },
        traffic: TrafficProfile.constant({ requestsPerSecond: 5 }),
      });
      // WHEN
      const lines = instanceLinesOf(reportOf(app));
      // THEN one instance line, no Spot share
      expect(lines).toHaveLength(1);
      expect(lines[0].description).toBe('g5.xlarge Auto Scaling group');
      expect(lines[0].price).toMatchObject({ sku: 'g5.xlarge', usage: PriceUsage.ON_DEMAND_LINUX, region: 'us-east-1' });
      // floor 1 × 730 h × $1.006; expected 3 × 730 × $1.006; ceiling 4 × 730 × $1.006
      expect(lines[0].monthlyUsd.floor).toBeCloseTo(1 * HOURS * G5_XL, 2);
      expect(lines[0].monthlyUsd.expected).toBeCloseTo(3 * HOURS * G5_XL, 2);
      expect(lines[0].monthlyUsd.ceiling).toBeCloseTo(4 * HOURS * G5_XL, 2);
      expect(lines[0].assumptions).toContain('traffic: constant 5 requests/s');
    });

    test('a 1-base-plus-70%-Spot fleet: each hour split into the base, 30% on-demand above it and Spot at the estimated discount', () => {
      // GIVEN target 10 × 0.5 = 5 requests/s per instance; 12 h a day at 5 requests/s (1 instance) and 12 h at 25 (5 instances)
      const { app, stack } = testStack();
      const rates = [...new Array(12).fill(5), ...new Array(12).fill(25)];
      fleet(stack, {
        instanceTypes: ['g5.xlarge'],
        minCapacity: 1,
        maxCapacity: 6,
        maxRequestsPerSecondPerInstance: 10,
        scaling: { targetUtilization: 0.5 },
        purchase: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 30 },
        traffic: TrafficProfile.hourly(rates),
      });
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Fleet/Resource');
      const onDemand = lines.find(l => l.description.endsWith('on-demand share'))!;
      const spot = lines.find(l => l.description.endsWith('Spot share'))!;
      // THEN at 1 instance: 1 on-demand, 0 Spot; at 5: 1 + ceil(4 × 0.3) = 3 on-demand, 2 Spot.
      // On-demand average (1 + 3) / 2 = 2 instances; Spot average (0 + 2) / 2 = 1 instance.
      expect(onDemand.monthlyUsd.expected).toBeCloseTo(2 * HOURS * G5_XL, 2);
      expect(spot.monthlyUsd.expected).toBeCloseTo(1 * HOURS * G5_XL * (1 - G5_XL_SPOT), 2);
      // floor: MinSize 1 is the base, all on-demand; no Spot
      expect(onDemand.monthlyUsd.floor).toBeCloseTo(1 * HOURS * G5_XL, 2);
      expect(spot.monthlyUsd.floor).toBe(0);
      // ceiling: MaxSize 6 all on-demand = 1 + ceil(5 × 0.3) = 3 on-demand + 3 Spot-share units at on-demand
      expect(onDemand.monthlyUsd.ceiling).toBeCloseTo(3 * HOURS * G5_XL, 2);
      expect(spot.monthlyUsd.ceiling).toBeCloseTo(3 * HOURS * G5_XL, 2);
      expect(spot.assumptions.join('\n')).toContain('g5.xlarge −59%');
      expect(spot.assumptions).toContain('Spot: 70% of capacity above the on-demand base of 1');
    });

    test('by default an inf2 Spot share is priced at the book\'s Spot Instance Advisor figure for inf2.xlarge, marked derived', () => {
      // GIVEN min 2, no traffic profile: 1 on-demand base instance + 1 Spot instance all month
      const { app, stack } = testStack();
      fleet(stack, { minCapacity: 2 });
      // WHEN
      const spot = linesAt(reportOf(app), 'TestStack/Fleet/Resource').find(l => l.description.endsWith('Spot share'))!;
      // THEN 1 × 730 h × $0.7582 × (1 − the advisor's saving)
      const INF2_XL_SPOT = spotDiscount('inf2.xlarge');
      expect(spot.monthlyUsd.expected).toBeCloseTo(1 * HOURS * INF2_XL * (1 - INF2_XL_SPOT), 2);
      expect(spot.assumptions.join('\n')).toContain(`inf2.xlarge −${Math.round(INF2_XL_SPOT * 100)}%`);
    });

    test('estimatedSpotSavingsPercent prices the Spot share at the stated saving, hour by hour, and names it as stated for this fleet', () => {
      // GIVEN target 2.5 × 0.7 = 1.75 requests/s per instance; 6 requests/s all week → ceil(6 / 1.75) = ceil(3.43) = 4 instances
      // every hour: 1 on-demand base + 3 Spot (0% on-demand above the base); 60% saved on Spot
      const { app, stack } = testStack();
      fleet(stack, {
        maxCapacity: 6,
        purchase: { onDemandBaseCapacity: 1, onDemandPercentageAboveBaseCapacity: 0, estimatedSpotSavingsPercent: 60 },
        traffic: TrafficProfile.constant({ requestsPerSecond: 6 }),
      });
      // WHEN
      const lines = linesAt(reportOf(app), 'TestStack/Fleet/Resource');
      const onDemand = lines.find(l => l.description.endsWith('on-demand share'))!;
      const spot = lines.find(l => l.description.endsWith('Spot share'))!;
      // THEN on-demand: 1 × 730 h × $0.7582 = $553.486
      expect(onDemand.monthlyUsd.expected).toBeCloseTo(1 * HOURS * INF2_XL, 2);
      // Spot: 3 × 730 h × $0.7582 × (1 − 0.60) = 2,190 h × $0.30328 = $664.1832
      expect(spot.monthlyUsd.expected).toBeCloseTo(3 * HOURS * INF2_XL * (1 - 0.60), 2);
      expect(spot.monthlyUsd.expected).toBe(664.18);
      // floor: MinSize 1 is the on-demand base; no Spot
      expect(spot.monthlyUsd.floor).toBe(0);
      // ceiling: MaxSize 6 − 1 base = 5 Spot-share instances at on-demand: 5 × 730 × $0.7582 = $2,767.43
      expect(spot.monthlyUsd.ceiling).toBeCloseTo(5 * HOURS * INF2_XL, 2);
      expect(spot.assumptions).toContain(
        "Spot priced at the saving stated for this fleet: 60% (estimatedSpotSavingsPercent), for every instance type, instead of the price book's estimate");
      expect(spot.assumptions).toContain('traffic: constant 6 requests/s');
    });

    test('estimatedSpotSavingsPercent applies without a traffic profile too', () => {
      // GIVEN min 2, no traffic: 1 on-demand base + 1 Spot all month, 50% saved on Spot
      const { app, stack } = testStack();
      fleet(stack, { minCapacity: 2, purchase: { estimatedSpotSavingsPercent: 50 } });
      // WHEN
      const spot = linesAt(reportOf(app), 'TestStack/Fleet/Resource').find(l => l.description.endsWith('Spot share'))!;
      // THEN 1 × 730 h × $0.7582 × 0.5 = $276.743
      expect(spot.monthlyUsd.expected).toBeCloseTo(1 * HOURS * INF2_XL * 0.5, 2);
      expect(spot.assumptions).toContain('no traffic profile recorded: expected assumes MinSize 2 all month');
      expect(spot.assumptions.join('\n')).toContain('the saving stated for this fleet: 50% (estimatedSpotSavingsPercent)');
    });

    test('a min-0 fleet: floor $0, expected the peak hours only, ceiling max capacity all month', () => {
      // GIVEN 10 requests/s for 8 h a day, nothing otherwise; target 5 × 0.7 = 3.5 → ceil(10 / 3.5) = 3 instances for 8 h, 0 for 16 h
      const { app, stack } = testStack();
      const f = fleet(stack, {
        minCapacity: 0,
        maxRequestsPerSecondPerInstance: 5,
        purchase: { onDemandBaseCapacity: 0, onDemandPercentageAboveBaseCapacity: 100 },
        traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 10, peakHoursPerDay: 8 }),
      });
      // WHEN
      const [line] = instanceLinesOf(reportOf(app));
      // THEN an average of 3 × 8 / 24 = 1 instance
      expect(f.capacitySimulation!.averageInstances).toBeCloseTo(1, 10);
      expect(line.monthlyUsd.floor).toBe(0);
      // 1 × 730 h × $0.7582 = $553.486
      expect(line.monthlyUsd.expected).toBeCloseTo(1 * HOURS * INF2_XL, 2);
      // 4 × 730 h × $0.7582 = $2,213.944
      expect(line.monthlyUsd.ceiling).toBeCloseTo(4 * HOURS * INF2_XL, 2);
      expect(line.price).toMatchObject({ sku: 'inf2.xlarge', usage: PriceUsage.ON_DEMAND_LINUX });
    });

    test('a scheduled night window at min 0 lowers the floor and the nights of the expected figure', () => {
      // GIVEN min 1, and 0-2 instances from 00:00 to 06:00 with no traffic then; 1 instance otherwise
      const { app, stack } = testStack();
      fleet(stack, {
        purchase: { onDemandPercentageAboveBaseCapacity: 100 },
        traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 1, peakHoursPerDay: 18, peakStartHour: 6 }),
        scaling: { scheduledWindows: [{ name: 'Night', startHour: 0, endHour: 6, minCapacity: 0, maxCapacity: 2 }] },
      });
      const [line] = instanceLinesOf(reportOf(app));
      // 18 of 24 hours at 1 instance: 0.75 × 730 h × $0.7582
      expect(line.monthlyUsd.expected).toBeCloseTo(0.75 * HOURS * INF2_XL, 2);
      // floor: the minimum in force each hour, 1 by day and 0 at night: 0.75 × 730 h × $0.7582
      expect(line.monthlyUsd.floor).toBeCloseTo(0.75 * HOURS * INF2_XL, 2);
      // ceiling: the maximum in force each hour, 4 by day and 2 at night: (18 × 4 + 6 × 2) / 24 × 730 h × $0.7582
      expect(line.monthlyUsd.ceiling).toBeCloseTo((18 * 4 + 6 * 2) / 24 * HOURS * INF2_XL, 2);
      expect(line.assumptions.some(a => a.startsWith('scheduled actions: TestStack/Fleet/'))).toBe(true);
    });

    test('without a traffic profile the report expects minCapacity all month', () => {
      const { app, stack } = testStack();
      fleet(stack, { purchase: { onDemandPercentageAboveBaseCapacity: 100 } });
      const [line] = instanceLinesOf(reportOf(app));
      // 1 × 730 h × $0.7582
      expect(line.monthlyUsd.expected).toBeCloseTo(1 * HOURS * INF2_XL, 2);
      expect(line.assumptions).toContain('no traffic profile recorded: expected assumes MinSize 1 all month');
    });

    test('the load balancer and the NAT gateway are priced; LCUs from the traffic', () => {
      // GIVEN 10 requests/s all week
      const { app, stack } = testStack();
      fleet(stack, { traffic: TrafficProfile.constant({ requestsPerSecond: 10 }) });
      const report = reportOf(app);
      const alb = linesAt(report, 'TestStack/Fleet/LoadBalancer/Resource');
      const hourly = alb.find(l => l.description.endsWith('hourly charge'))!;
      const lcu = alb.find(l => l.description.endsWith('LCU-hours'))!;
      // 730 h × $0.0225 = $16.425
      expect(hourly.monthlyUsd.expected).toBeCloseTo(HOURS * ALB_HOUR, 1);
      // 10 / 25 LCU × 730 h × $0.008 = $2.336
      expect(lcu.monthlyUsd.expected).toBeCloseTo(10 / 25 * HOURS * ALB_LCU, 2);
      expect(lcu.usageDependent).toBe(true);
      const nat = linesAt(report, 'TestStack/Fleet/Vpc').find(l => l.description === 'NAT gateway, hourly charge')!;
      // 730 h × $0.045 = $32.85
      expect(nat.monthlyUsd.expected).toBeCloseTo(HOURS * NAT_HOUR, 2);
    });

    test('the NAT data processed by each launch\'s image and model pulls is priced from the stated size and launches', () => {
      // GIVEN 21 GB pulled per launch, 5 launches a day, in the VPC the fleet creates (no S3 gateway endpoint)
      const { app, stack } = testStack();
      fleet(stack, { serving: { ...SERVING, pullSizePerLaunchInGb: 21, launchesPerDay: 5 } });
      // WHEN
      const data = linesAt(reportOf(app), 'TestStack/Fleet/Vpc').find(l => l.component === 'data-processed')!;
      // THEN 21 GB × 5 a day × 30.42 days = 3,193.75 GB × $0.045 = $143.72
      expect(data.quantity).toBeCloseTo(21 * 5 * 730 / 24, 2);
      expect(data.monthlyUsd.expected).toBeCloseTo(21 * 5 * 730 / 24 * 0.045, 2);
      expect(data.assumptions[1]).toBe('the VPC has no S3 gateway endpoint: pulls from S3, ECR and registries go through the NAT gateway');
    });

    test('without launchesPerDay, the launches are the scale-outs the traffic implies', () => {
      // GIVEN 8 hours a day at 10 requests/s (4 instances at 2.5 × 0.7 = 1.75 per instance... clamped to max 4), min 1
      const { app, stack } = testStack();
      fleet(stack, { serving: { ...SERVING, pullSizePerLaunchInGb: 10 }, traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 10, peakHoursPerDay: 8 }) });
      const data = linesAt(reportOf(app), 'TestStack/Fleet/Vpc').find(l => l.component === 'data-processed')!;
      // THEN one rise a day from 1 to 4 instances: 3 launches × 10 GB × 30.42 days
      expect(data.quantity).toBeCloseTo(3 * 10 * 730 / 24, 2);
    });
  });
});

describe('InferenceFleet secrets', () => {
  test('reads a secret at boot with the instance role and passes it by name only, never its value', () => {
    // GIVEN a Hugging Face token in Secrets Manager and an API key in an SSM SecureString
    const { stack } = testStack();
    const token = new secretsmanager.Secret(stack, 'HfToken', { description: 'value set outside CloudFormation' });
    const apiKey = ssm.StringParameter.fromSecureStringParameterAttributes(stack, 'ApiKey', { parameterName: '/serving/api-key' });
    // WHEN
    fleet(stack, { serving: { container: {
      image: 'public.ecr.aws/example/server:1', environment: { MODEL: 'llama' },
      secrets: { HF_TOKEN: ContainerSecret.fromSecretsManager(token), API_KEY: ContainerSecret.fromSsmSecureString(apiKey) },
    } } });
    // THEN
    const template = Template.fromStack(stack);
    const userData = JSON.stringify(template.findResources('AWS::EC2::LaunchTemplate'));
    expect(userData).toContain('export HF_TOKEN=\\\"$(aws secretsmanager get-secret-value --region us-east-1 --secret-id');
    expect(userData).toContain("export API_KEY=\\\"$(aws ssm get-parameter --region us-east-1 --name '/serving/api-key' --with-decryption");
    expect(userData).toMatch(/-e MODEL=llama -e HF_TOKEN -e API_KEY /);
    template.hasResourceProperties('AWS::EC2::LaunchTemplate', { LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 1 } }) });
    // the instance role may read both
    const instanceRole = Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('FleetInstanceRole'));
    expect(instanceRole).toHaveLength(1);
    const secret = { Ref: expect.stringMatching(/^HfToken/) };
    expect(rolePermissions(stack, instanceRole[0])).toEqual(expect.arrayContaining([
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secret },
      { Effect: 'Allow', Action: 'secretsmanager:DescribeSecret', Resource: secret },
      { Effect: 'Allow', Action: 'ssm:GetParameter', Resource: 'arn:aws:ssm:us-east-1:123456789012:parameter/serving/api-key' },
    ]));
  });

  test('a container that needs the instance role gets hop limit 2, by its own prop', () => {
    const { stack } = testStack();
    fleet(stack, { serving: { container: { image: 'public.ecr.aws/example/server:1', useInstanceRole: true } } });
    Template.fromStack(stack).hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: { HttpTokens: 'required', HttpPutResponseHopLimit: 2 } }),
    });
  });

  test('warns when a plain environment variable looks like a secret', () => {
    const { stack } = testStack();
    fleet(stack, { serving: { container: { image: 'public.ecr.aws/example/server:1', environment: { HF_TOKEN: 'hf_x' } } } });
    Annotations.fromStack(stack).hasWarning('/TestStack/Fleet', Match.stringLikeRegexp('serving.container.environment HF_TOKEN look like secrets'));
  });
});
