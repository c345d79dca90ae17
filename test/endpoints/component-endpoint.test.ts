import { App, Stack, Validations, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { ComponentEndpoint, ComponentEndpointProps, CostAwareChecks, InferenceComponentOptions, ModelImage, PriceBook, RoutingStrategy, TrafficProfile } from '../../lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { lineAt, linesAt, permissionsOf, reportOf, rolePermissions, testStack, TEST_PRICE_CACHE } from '../helpers';
import { pathsFor } from '../checks/check-helpers';
import { PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const DLC = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310';
const G5_12XL = PriceBook.load(TEST_PRICE_CACHE).lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.HOSTING, region: 'us-east-1', sku: 'ml.g5.12xlarge' });
const HOURLY = 7.09; // ml.g5.12xlarge real-time hosting, us-east-1, per instance-hour

/** 12 requests/s from 08:00 to 20:00 every day, none at night (scaled by `factor`). */
function daytime(factor: number): TrafficProfile {
  return TrafficProfile.hourly(Array.from({ length: 24 }, (_, h) => (h >= 8 && h < 20 ? 12 * factor : 0)));
}

function component(name: string, props: Partial<InferenceComponentOptions> = {}): InferenceComponentOptions {
  return { name, model: { image: ModelImage.fromImageUri(DLC) }, memoryPerCopyInMb: 20000, maxCopies: 4, maxRequestsPerSecondPerCopy: 10, targetUtilization: 0.5, ...props };
}

function shared(stack: Stack, props: Partial<ComponentEndpointProps> = {}): ComponentEndpoint {
  return new ComponentEndpoint(stack, 'Shared', {
    instanceType: 'ml.g5.12xlarge',
    maxInstanceCount: 3,
    components: [component('chat', { traffic: daytime(1) }), component('rerank', { traffic: daytime(0.5) })],
    ...props,
  });
}

describe('ComponentEndpoint', () => {
  test('the ml.g5.12xlarge us-east-1 hosting price these tests use is the price-book entry', () => {
    expect(G5_12XL.entry?.priceUsd).toBe(HOURLY);
  });

  describe('template', () => {
    test('one variant with managed instance scaling from 0 and least-outstanding-requests routing, no model on the variant', () => {
      // GIVEN
      const { stack } = testStack();
      // WHEN
      const ep = shared(stack);
      // THEN
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ExecutionRoleArn: { 'Fn::GetAtt': [stack.getLogicalId(ep.components[0].inferenceModel.role.node.defaultChild as iam.CfnRole), 'Arn'] },
        ProductionVariants: [{
          VariantName: 'AllTraffic', InstanceType: 'ml.g5.12xlarge', InitialInstanceCount: 1,
          ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 0, MaxInstanceCount: 3 },
          RoutingConfig: { RoutingStrategy: 'LEAST_OUTSTANDING_REQUESTS' },
          ModelName: Match.absent(),
        }],
      });
      template.resourceCountIs('AWS::SageMaker::Model', 2);
      template.hasResourceProperties('AWS::SageMaker::Endpoint', { EndpointName: Match.stringLikeRegexp('^TestStack-Shared-[A-Z0-9]{8}$') });
    });

    test('each model is an inference component with its own resources per copy, starting with one copy', () => {
      const { stack } = testStack();
      const ep = shared(stack, { components: [component('chat', { acceleratorsPerCopy: 2, cpuCoresPerCopy: 4 }), component('rerank')] });
      const template = Template.fromStack(stack);
      template.resourceCountIs('AWS::SageMaker::InferenceComponent', 2);
      template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        InferenceComponentName: ep.component('chat').inferenceComponentName,
        EndpointName: { 'Fn::GetAtt': [stack.getLogicalId(ep.endpoint), 'EndpointName'] },
        VariantName: 'AllTraffic',
        Specification: {
          ModelName: { 'Fn::GetAtt': [stack.getLogicalId(ep.component('chat').inferenceModel.resource), 'ModelName'] },
          ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: 2, MinMemoryRequiredInMb: 20000, NumberOfCpuCoresRequired: 4 },
        },
        RuntimeConfig: { CopyCount: 1 },
      });
      // an accelerated instance reserves one GPU per copy unless told otherwise
      template.hasResourceProperties('AWS::SageMaker::InferenceComponent', {
        InferenceComponentName: ep.component('rerank').inferenceComponentName,
        Specification: { ComputeResourceRequirements: { NumberOfAcceleratorDevicesRequired: 1, MinMemoryRequiredInMb: 20000 } },
      });
      expect(ep.component('chat').inferenceComponentName).toMatch(/^TestStack-Shared-chat-[A-Z0-9]{8}$/);
    });

    test('scales each component\'s copies from 0 on invocations per copy, and wakes it on NoCapacityInvocationFailures', () => {
      const { stack } = testStack();
      const ep = shared(stack);
      const template = Template.fromStack(stack);
      const chat = ep.component('chat');
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
        ServiceNamespace: 'sagemaker',
        ScalableDimension: 'sagemaker:inference-component:DesiredCopyCount',
        ResourceId: `inference-component/${chat.inferenceComponentName}`,
        MinCapacity: 0, MaxCapacity: 4,
        RoleARN: Match.absent(),
      });
      // 10 requests/s per copy × 0.5 × 60 = 300 invocations per copy per minute
      expect(chat.targetInvocationsPerCopyPerMinute).toBe(300);
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'TargetTrackingScaling',
        TargetTrackingScalingPolicyConfiguration: {
          PredefinedMetricSpecification: { PredefinedMetricType: 'SageMakerInferenceComponentInvocationsPerCopy' },
          TargetValue: 300, ScaleInCooldown: 300, ScaleOutCooldown: 60,
        },
      });
      template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
        PolicyType: 'StepScaling',
        StepScalingPolicyConfiguration: {
          AdjustmentType: 'ChangeInCapacity', MetricAggregationType: 'Maximum', Cooldown: 60,
          StepAdjustments: [{ MetricIntervalLowerBound: 0, ScalingAdjustment: 1 }],
        },
      });
      template.hasResourceProperties('AWS::CloudWatch::Alarm', {
        Namespace: 'AWS/SageMaker', MetricName: 'NoCapacityInvocationFailures',
        Dimensions: [{ Name: 'InferenceComponentName', Value: chat.inferenceComponentName }],
        Statistic: 'Sum', Period: 60, EvaluationPeriods: 1, DatapointsToAlarm: 1, Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
        AlarmActions: [{ Ref: Match.stringLikeRegexp('SharedchatWakeFromZero') }],
      });
      template.resourceCountIs('AWS::CloudWatch::Alarm', 2);
      // the scalable target names the component by its literal name: it must come after it
      const targets = template.findResources('AWS::ApplicationAutoScaling::ScalableTarget');
      const chatTarget = Object.values(targets).find((t: any) => t.Properties.ResourceId.includes('-chat-')) as any;
      expect(chatTarget.DependsOn).toContain(stack.getLogicalId(chat.resource));
    });

    test('a component kept at one copy or more has no wake-from-zero alarm', () => {
      const { stack } = testStack();
      const ep = shared(stack, { minInstanceCount: 1, components: [component('chat', { minCopies: 1 })] });
      Template.fromStack(stack).resourceCountIs('AWS::CloudWatch::Alarm', 0);
      expect(ep.component('chat').wakeFromZeroAlarm).toBeUndefined();
      Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ InitialInstanceCount: 1, ManagedInstanceScaling: { Status: 'ENABLED', MinInstanceCount: 1, MaxInstanceCount: 3 } })],
      });
    });

    test('random routing when asked; every resource is tagged InferenceType=Realtime', () => {
      const { stack } = testStack();
      shared(stack, { routingStrategy: RoutingStrategy.RANDOM });
      const template = Template.fromStack(stack);
      template.hasResourceProperties('AWS::SageMaker::EndpointConfig', {
        ProductionVariants: [Match.objectLike({ RoutingConfig: { RoutingStrategy: 'RANDOM' } })],
        Tags: [{ Key: 'InferenceType', Value: 'Realtime' }],
      });
      for (const type of ['AWS::SageMaker::Endpoint', 'AWS::SageMaker::InferenceComponent', 'AWS::SageMaker::Model', 'AWS::CloudWatch::Alarm', 'AWS::IAM::Role']) {
        for (const r of Object.values(template.findResources(type))) {
          expect((r as any).Properties.Tags).toEqual(expect.arrayContaining([{ Key: 'InferenceType', Value: 'Realtime' }]));
        }
      }
    });

    test('grantInvoke allows InvokeEndpoint on the endpoint and on each component only', () => {
      const { stack } = testStack();
      const ep = shared(stack);
      const caller = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
      ep.grantInvoke(caller);
      const invoke = (Resource: unknown) => ({ Effect: 'Allow', Action: 'sagemaker:InvokeEndpoint', Resource });
      expect(rolePermissions(stack, stack.getLogicalId(caller.node.defaultChild as iam.CfnRole))).toEqual(permissionsOf([
        invoke({ Ref: stack.getLogicalId(ep.endpoint) }),
        invoke({ 'Fn::GetAtt': [stack.getLogicalId(ep.component('chat').resource), 'InferenceComponentArn'] }),
        invoke({ 'Fn::GetAtt': [stack.getLogicalId(ep.component('rerank').resource), 'InferenceComponentArn'] }),
      ]));
    });
  });

  describe('cost', () => {
    test('instances each hour are the packing of the components\' copies: 5 one-GPU copies on 4-GPU instances by day, none at night', () => {
      // GIVEN chat 12 requests/s and rerank 6 requests/s from 08:00 to 20:00, each copy kept at 5 requests/s
      const { app, stack } = testStack();
      const ep = shared(stack);
      // WHEN
      const line = lineAt(reportOf(app), 'TestStack/Shared/Config');
      // THEN day: ceil(12/5) = 3 + ceil(6/5) = 2 copies = 5 GPUs → 2 instances, 12 h; night: 0.
      // Average 2 × 12 / 24 = 1 instance × 730 h = 730 instance-hours × $7.09 = $5,175.70.
      expect(ep.simulation.averageInstances).toBe(1);
      expect(line.description).toBe('ml.g5.12xlarge real-time hosting (inference components), variant AllTraffic');
      expect(line.quantity).toBe(730);
      expect(line.monthlyUsd).toEqual({ floor: 0, expected: 5175.7, ceiling: 15527.1 }); // floor 0 instances; ceiling 3 × 730 × 7.09
      expect(line.price).toMatchObject({ sku: 'ml.g5.12xlarge', usage: PriceUsage.HOSTING, region: 'us-east-1' });
      expect(line.assumptions).toEqual(expect.arrayContaining([
        'managed instance scaling between 0 and 3 instances',
        expect.stringContaining('instances each hour = the copies packed onto instances'),
        expect.stringContaining('no instance in 50% of hours'),
      ]));
    });

    test('the components add no line of their own; each wake-from-zero alarm is priced', () => {
      const { app, stack } = testStack();
      shared(stack);
      const report = reportOf(app);
      expect(report.lines.filter(l => l.resourceType === 'AWS::SageMaker::InferenceComponent')).toEqual([]);
      expect(report.lines.filter(l => !l.priced).map(l => l.path)).toEqual([]);
      expect(linesAt(report, 'TestStack/Shared').filter(l => l.resourceType === 'AWS::CloudWatch::Alarm')).toHaveLength(2);
    });

    test('without traffic the report expects one instance all month (between 0 and max) and says so', () => {
      const { app, stack } = testStack();
      shared(stack, { components: [component('chat')] });
      const line = lineAt(reportOf(app), 'TestStack/Shared/Config');
      // no traffic: 0 copies every hour → 0 instances, and the report says it
      expect(line.monthlyUsd.expected).toBe(0);
      expect(line.assumptions).toEqual(expect.arrayContaining([expect.stringContaining('chat: no traffic profile: minCopies all month')]));
    });

    test('a raw endpoint config with managed instance scaling is priced between its bounds', () => {
      const { app, stack } = testStack();
      const config = new sagemaker.CfnEndpointConfig(stack, 'Raw', {
        productionVariants: [{ variantName: 'v', instanceType: 'ml.g5.12xlarge', initialInstanceCount: 1, managedInstanceScaling: { status: 'ENABLED', minInstanceCount: 0, maxInstanceCount: 2 } }],
      });
      new sagemaker.CfnEndpoint(stack, 'RawEndpoint', { endpointConfigName: config.attrEndpointConfigName });
      const line = lineAt(reportOf(app), 'TestStack/Raw');
      // floor 0; expected 1 instance (nothing recorded) × 730 × 7.09 = 5,175.70; ceiling 2 × 730 × 7.09
      expect(line.monthlyUsd).toEqual({ floor: 0, expected: 5175.7, ceiling: 10351.4 });
      expect(line.assumptions).toContain('no component traffic recorded: expected assumes 1 instance(s) all month');
    });
  });

  describe('checks', () => {
    test('passes AwsSolutions and CostAwareChecks with min 0 and a capped max', () => {
      const app = new App({ context: { 'cdk-cost-aware-inference:print': false } });
      const stack = new Stack(app, 'TestStack', { env: { region: 'us-east-1', account: '123456789012' } });
      shared(stack);
      expect(['CostAware-GPU1', 'CostAware-GPU2', 'CostAware-GPU3'].flatMap(id => pathsFor(app, id, { requireBudget: false }))).toEqual([]);
      Validations.of(app).addPlugins(new AwsSolutionsChecks(app), new CostAwareChecks(app, { requireBudget: false }));
      expect(() => app.synth()).not.toThrow();
    });

    test('a component endpoint that may scale above the cap is a CostAware-GPU3 finding', () => {
      const { app, stack } = testStack();
      shared(stack, { maxInstanceCount: 12 });
      expect(pathsFor(app, 'CostAware-GPU3', { requireBudget: false })).toEqual(['TestStack/Shared/Config']);
    });
  });

  describe('bad input', () => {
    test('fails when bounds, components and resources are wrong, naming each prop and value', () => {
      const { stack } = testStack();
      expect(() => shared(stack, {
        minInstanceCount: 4,
        maxInstanceCount: 2,
        components: [
          component('chat', { acceleratorsPerCopy: 5, memoryPerCopyInMb: 300000, minCopies: 5, maxCopies: 2 }),
          component('chat', { targetUtilization: 1.5, maxRequestsPerSecondPerCopy: 0 }),
        ],
      })).toThrow([
        'Invalid ComponentEndpoint props at TestStack/Shared:',
        '  - maxInstanceCount must be at least minInstanceCount (4), got: 2',
        '  - components[0].minCopies must be at most components[0].maxCopies (2), got: 5',
        '  - components[0].acceleratorsPerCopy must be at most the 4 accelerators of one ml.g5.12xlarge, got: 5',
        '  - components[0].memoryPerCopyInMb must be at most the 196608 MB of one ml.g5.12xlarge, got: 300000',
        "  - components[1].name must be unique in components, got a second 'chat'",
        '  - components[1].maxRequestsPerSecondPerCopy must be a number of requests per second above 0, got: 0',
        '  - components[1].targetUtilization must be in (0, 1], got: 1.5',
      ].join('\n'));
    });

    test('fails when the instance type\'s hardware is unknown and instanceCapacity is not given', () => {
      const { stack } = testStack();
      expect(() => shared(stack, { instanceType: 'ml.inf2.xlarge' })).toThrow(
        "instanceCapacity must be given for instanceType 'ml.inf2.xlarge': this library does not know its accelerators and memory");
      const other = testStack().stack;
      expect(() => shared(other, { instanceType: 'ml.inf2.xlarge', instanceCapacity: { acceleratorCount: 2, memoryInMb: 32768, cpuCoreCount: 4 } }))
        .not.toThrow();
    });

    test('fails when there is no component', () => {
      const { stack } = testStack();
      expect(() => shared(stack, { components: [] })).toThrow('components must list at least one inference component, got: []');
    });
  });
});
