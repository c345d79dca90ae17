import { Duration, Stack, Token, aws_events as events, aws_s3 as s3, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { CostReport, PriceBook, SpotTrainingJob, SpotTrainingJobProps } from '../../lib';
import { definitionOf, errorOf, usageLinesAt } from '../batch/job-helpers';
import { permissionsOf, policyPermissions, reportOf, TEST_PRICE_CACHE, testStack } from '../helpers';
import { PriceBookKind, PriceService, PriceUsage } from '../../lib/pricing/price-entry';

const IMAGE = '763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-training:2.3.0-gpu-py311-cu121-ubuntu20.04-sagemaker';

/**
 * The on-demand training rate of ml.g5.2xlarge in us-east-1, from the book these tests price with:
 * the test price cache (the embedded snapshot has no citable figure for it since issue 14).
 */
function trainingRate(): number {
  const lookup = PriceBook.load(TEST_PRICE_CACHE).lookup({ service: PriceService.SAGEMAKER, usage: PriceUsage.TRAINING, region: 'us-east-1', sku: 'ml.g5.2xlarge' });
  if (!lookup.entry) throw new Error(lookup.reason);
  return lookup.entry.priceUsd;
}

function job(stack: Stack, overrides: Partial<SpotTrainingJobProps> = {}): SpotTrainingJob {
  const data = new s3.Bucket(stack, 'Data');
  return new SpotTrainingJob(stack, 'Train', {
    image: tasks.DockerImage.fromRegistry(IMAGE),
    inputs: [{ channelName: 'train', bucket: data, prefix: 'train/' }],
    output: { bucket: data, prefix: 'models/' },
    instanceType: 'ml.g5.2xlarge',
    maxRuntime: Duration.hours(12),
    maxWaitTime: Duration.hours(24),
    ...overrides,
  });
}


/** The training line of the job (the other usage line is its ML storage). */
function trainingLine(report: Parameters<typeof usageLinesAt>[0]): ReturnType<typeof usageLinesAt>[number] {
  const lines = usageLinesAt(report, 'TestStack/Train').filter(l => l.component !== 'storage');
  if (lines.length !== 1) throw new Error(`expected one training line, found ${lines.length}`);
  return lines[0];
}

describe('SpotTrainingJob', () => {
  test('the training state carries managed Spot, both stopping limits and checkpoints, through createTrainingJob.sync', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    job(stack);
    // THEN
    const train = definitionOf(stack).States.Train;
    expect(train.Type).toBe('Task');
    expect(train.Resource).toBe('arn:aws:states:::sagemaker:createTrainingJob.sync');
    expect(train.Parameters).toMatchObject({
      'TrainingJobName.$': '$.job.name',
      'EnableManagedSpotTraining': true,
      'StoppingCondition': { MaxRuntimeInSeconds: 12 * 3600, MaxWaitTimeInSeconds: 24 * 3600 },
      'CheckpointConfig': {
        'S3Uri.$': expect.stringMatching(/^States\.Format\('s3:\/\/<Ref:TrainCheckpointBucket[0-9A-F]+>\/checkpoints\/\{\}\/', \$\.job\.name\)$/),
        'LocalPath': '/opt/ml/checkpoints',
      },
      'ResourceConfig': { InstanceType: 'ml.g5.2xlarge', InstanceCount: 1, VolumeSizeInGB: 30 },
      'AlgorithmSpecification': { TrainingImage: IMAGE, TrainingInputMode: 'File' },
      'InputDataConfig': [{ ChannelName: 'train', DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: expect.stringMatching(/\/train\/$/) } } }],
      'OutputDataConfig': { S3OutputPath: expect.stringMatching(/\/models\/$/) },
    });
    expect(train.Catch).toEqual([{ ErrorEquals: ['States.ALL'], ResultPath: '$.failure', Next: 'NotifyFailure' }]);
  });

  test('each job is named after the execution, and failures go to SNS with the job name and reason', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    job(stack, { jobNamePrefix: 'llm-ft' });
    // THEN
    const states = definitionOf(stack).States;
    expect(states.NameJob.Parameters).toEqual({ 'name.$': "States.Format('llm-ft-{}', $$.Execution.Name)" });
    expect(states.NotifyFailure.Resource).toBe('arn:aws:states:::sns:publish');
    expect(states.NotifyFailure.Parameters['Message.$']).toContain('$.job.name');
    expect(states.NotifyFailure.Parameters['Message.$']).toContain('$.failure.Cause');
    expect(states.Failed).toEqual({ Type: 'Fail', ErrorPath: '$.failure.Error', CausePath: '$.failure.Cause' });
  });

  test('the state machine role may run only its own jobs, watch them through the managed rule, and pass the job role to SageMaker', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    job(stack, { jobNamePrefix: 'LlmFt' });
    // THEN
    const permissions = policyPermissions(stack, 'TrainRoleDefaultPolicy');
    expect(permissions).toEqual(expect.arrayContaining(permissionsOf([
      {
        Effect: 'Allow',
        Action: ['sagemaker:CreateTrainingJob', 'sagemaker:DescribeTrainingJob', 'sagemaker:StopTrainingJob', 'sagemaker:AddTags'],
        Resource: [
          'arn:aws:sagemaker:us-east-1:123456789012:training-job/LlmFt-*',
          'arn:aws:sagemaker:us-east-1:123456789012:training-job/llmft-*',
        ],
      },
      {
        Effect: 'Allow',
        Action: ['events:PutTargets', 'events:PutRule', 'events:DescribeRule'],
        Resource: 'arn:aws:events:us-east-1:123456789012:rule/StepFunctionsGetEventsForSageMakerTrainingJobsRule',
      },
    ])));
    expect(permissions).toContainEqual(expect.objectContaining({
      Action: 'iam:PassRole',
      Condition: { StringEquals: { 'iam:PassedToService': 'sagemaker.amazonaws.com' } },
    }));
  });

  test('creates a versioned, encrypted, TLS-only checkpoint bucket by default', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    const training = job(stack);
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::S3::Bucket', {
      VersioningConfiguration: { Status: 'Enabled' },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ NoncurrentVersionExpiration: { NoncurrentDays: 7 } })]) },
    });
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: stack.getLogicalId(training.checkpointBucket.node.defaultChild as s3.CfnBucket) },
      PolicyDocument: { Statement: Match.arrayWith([Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } })]) },
    });
  });

  test('starts on a schedule when one is given, and logs every event with tracing on', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    job(stack, { schedule: events.Schedule.rate(Duration.days(3)) });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(3 days)',
      Targets: [Match.objectLike({ Input: '{"trigger":"schedule"}' })],
    });
    template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
      TracingConfiguration: { Enabled: true },
      LoggingConfiguration: Match.objectLike({ Level: 'ALL', IncludeExecutionData: true }),
    });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
  });

  test('prices expected hours at the Spot rate, the ceiling at MaxRuntime on-demand, and shows on-demand beside', () => {
    // GIVEN
    const { app, stack } = testStack();
    job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10) });
    // WHEN
    const line = trainingLine(reportOf(app));
    // THEN
    expect(line.price).toMatchObject({ region: 'us-east-1', sku: 'ml.g5.2xlarge', usage: PriceUsage.TRAINING });
    expect(line.unitPriceUsd).toBe(1.515);
    expect(line.quantity).toBe(100); // 10 runs × 10 h × 1 instance
    expect(line.monthlyUsd.floor).toBe(0);
    // The snapshot has no SageMaker Spot discount for ml.g5: expected stays on-demand and says so.
    expect(line.monthlyUsd.expected).toBeCloseTo(10 * 10 * 1.515, 2);
    expect(line.assumptions.some(a => a.includes("no estimated SageMaker Spot discount for 'ml.g5.2xlarge'"))).toBe(true);
    // 10 runs × 12 h MaxRuntime × 1 instance × $1.515 on-demand: the rest of the 24 h MaxWait is waiting, not billed
    expect(line.monthlyUsd.ceiling).toBeCloseTo(10 * 12 * 1.515, 2);
    expect(line.assumptions).toContain('ceiling: every run trains for MaxRuntime (12 h) × 10 run(s) × 1 instance(s) at on-demand rates');
    expect(line.assumptions).toContain('MaxWait (24 h) includes up to 12 h a run of waiting for Spot capacity, which is not billed');
    expect(line.alternative?.monthlyUsd.expected).toBeCloseTo(10 * 10 * 1.515, 2);
    // No figure of the user's is claimed.
    expect(line.assumptions.some(a => a.includes('you measured'))).toBe(false);
  });

  describe('measuredSpotSavingsPercent', () => {
    const TRAINING = trainingRate();

    test('the training rate these tests use is the test price cache entry, and the book has no managed Spot discount for ml.g5', () => {
      expect(TRAINING).toBe(1.515);
      expect(PriceBook.snapshot().spotDiscount(PriceService.SAGEMAKER, 'us-east-1', 'ml.g5.2xlarge').found).toBe(false);
    });

    test('prices floor and expected at the saving you measured, the ceiling on-demand at MaxRuntime, and names the figure as yours', () => {
      // GIVEN 10 runs × 10 h × 2 instances, 70% saved on recent runs
      const { app, stack } = testStack();
      job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10), instanceCount: 2, measuredSpotSavingsPercent: 70 });
      // WHEN
      const line = trainingLine(reportOf(app));
      // THEN 200 instance-hours; on-demand 200 × $1.515 = $303.00; at 70% saved 303 × 0.3 = $90.90
      expect(line.quantity).toBe(200);
      expect(line.monthlyUsd.floor).toBe(0);
      expect(line.monthlyUsd.expected).toBeCloseTo(10 * 10 * 2 * TRAINING * (1 - 0.70), 2);
      expect(line.monthlyUsd.expected).toBe(90.9);
      // ceiling: 10 runs × 12 h MaxRuntime × 2 instances = 240 h × $1.515 = $363.60, on-demand
      expect(line.monthlyUsd.ceiling).toBeCloseTo(10 * 12 * 2 * TRAINING, 2);
      expect(line.monthlyUsd.ceiling).toBe(363.6);
      // beside it, the same 200 h on-demand: $303.00
      expect(line.alternative?.monthlyUsd.expected).toBe(303);
      expect(line.assumptions).toContain('expected and floor at the Spot saving you measured: 70% (measuredSpotSavingsPercent; ' +
        '1 − BillableTimeInSeconds ÷ TrainingTimeInSeconds of recent runs); ceiling on-demand');
      expect(line.assumptions.some(a => a.includes('no estimated SageMaker Spot discount'))).toBe(false);
    });

    test("takes precedence over the price book's estimated discount", () => {
      // GIVEN a book with a 50% managed Spot discount for ml.g5.2xlarge, and 70% measured
      const { app, stack } = testStack();
      const snapshot = PriceBook.load(TEST_PRICE_CACHE);
      CostReport.of(app).usePriceBook(new PriceBook({
        schemaVersion: 1, date: snapshot.origin.date, kind: PriceBookKind.SNAPSHOT,
        entries: [...snapshot.entries, {
          service: PriceService.SAGEMAKER, usage: PriceUsage.SPOT_DISCOUNT, region: 'us-east-1', sku: 'ml.g5.2xlarge', unit: 'fraction', priceUsd: 0.5,
          source: 'test', date: '2026-01-01',
        }],
      }));
      job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10), measuredSpotSavingsPercent: 70 });
      // WHEN
      const line = trainingLine(reportOf(app));
      // THEN 100 h × $1.515 × (1 − 0.70) = $45.45, not 100 × 1.515 × (1 − 0.5) = $75.75
      expect(line.monthlyUsd.expected).toBeCloseTo(10 * 10 * TRAINING * (1 - 0.70), 2);
      expect(line.monthlyUsd.expected).toBe(45.45);
      expect(line.assumptions.some(a => a.includes('estimated Spot discount'))).toBe(false);
    });

    test('a measured saving of 0 prices expected on-demand, named as yours', () => {
      const { app, stack } = testStack();
      job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10), measuredSpotSavingsPercent: 0 });
      const line = trainingLine(reportOf(app));
      // 100 h × $1.515 = $151.50
      expect(line.monthlyUsd.expected).toBe(151.5);
      expect(line.assumptions.join('\n')).toContain('the Spot saving you measured: 0%');
    });

    test('a measured saving that is still a token is not validated and leaves the line unpriced, saying why', () => {
      // GIVEN
      const { app, stack } = testStack();
      // WHEN
      job(stack, { measuredSpotSavingsPercent: Token.asNumber({ Ref: 'SavingParam' }) });
      const line = trainingLine(reportOf(app));
      // THEN
      expect(line.priced).toBe(false);
      expect(line.reason).toContain('the stated Spot saving (measuredSpotSavingsPercent;');
      expect(line.reason).toContain('not known at synth time (an unresolved token)');
    });

    test('fails when measuredSpotSavingsPercent is 100 or more, or below 0', () => {
      const { stack } = testStack();
      expect(errorOf(() => job(stack, { measuredSpotSavingsPercent: 100 })))
        .toContain('measuredSpotSavingsPercent must be a percentage of at least 0 and below 100, got: 100');
      const { stack: other } = testStack();
      expect(errorOf(() => job(other, { measuredSpotSavingsPercent: -5 })))
        .toContain('measuredSpotSavingsPercent must be a percentage of at least 0 and below 100, got: -5');
    });
  });

  test('applies the price book Spot discount to the expected figure when the book has one', () => {
    // GIVEN a book with a 70% managed Spot discount for ml.g5.2xlarge
    const { app, stack } = testStack();
    const snapshot = PriceBook.load(TEST_PRICE_CACHE);
    CostReport.of(app).usePriceBook(new PriceBook({
      schemaVersion: 1, date: snapshot.origin.date, kind: PriceBookKind.SNAPSHOT,
      entries: [...snapshot.entries, {
        service: PriceService.SAGEMAKER, usage: PriceUsage.SPOT_DISCOUNT, region: 'us-east-1', sku: 'ml.g5.2xlarge', unit: 'fraction', priceUsd: 0.7,
        source: 'test', date: '2026-01-01',
      }],
    }));
    job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10), instanceCount: 2 });
    // WHEN
    const line = trainingLine(reportOf(app));
    // THEN
    // 10 runs × 10 h × 2 instances × $1.515 × (1 − 0.7)
    expect(line.monthlyUsd.expected).toBeCloseTo(10 * 10 * 2 * 1.515 * 0.3, 2);
    // 10 runs × 12 h MaxRuntime × 2 instances × $1.515, on-demand
    expect(line.monthlyUsd.ceiling).toBeCloseTo(10 * 12 * 2 * 1.515, 2);
    // the same 200 h on-demand
    expect(line.alternative?.monthlyUsd.expected).toBeCloseTo(10 * 10 * 2 * 1.515, 2);
  });

  test('the training ML storage volume is a line of its own, over the training hours, unpriced while the book has no rate', () => {
    // GIVEN 10 runs × 10 h × 2 instances with the default 30 GB volume
    const { app, stack } = testStack();
    job(stack, { runsPerMonth: 10, expectedRunTime: Duration.hours(10), instanceCount: 2 });
    // WHEN
    const storage = usageLinesAt(reportOf(app), 'TestStack/Train').find(l => l.component === 'storage')!;
    // THEN named with its size; unpriced with the reason (no ml-storage-gb-month entry in the book yet)
    expect(storage.description).toBe('ML storage, ml.g5.2xlarge training, 30 GB per instance');
    expect(storage.priced).toBe(false);
    expect(storage.reason).toContain('ml-storage-gb-month');
    expect(storage.assumptions).toContain('30 GB (volumeSizeInGb) × 2 instance(s) × the training hours ÷ 730 = GB-months');
  });

  test('an instance type the book does not price gives an unpriced line, not an error', () => {
    // GIVEN
    const { app, stack } = testStack();
    job(stack, { instanceType: 'ml.trn1.2xlarge' });
    // WHEN
    const line = trainingLine(reportOf(app));
    // THEN
    expect(line.priced).toBe(false);
    expect(line.reason).toContain("'ml.trn1.2xlarge'");
  });

  test('fails when maxWaitTime is shorter than maxRuntime', () => {
    const { stack } = testStack();
    expect(() => job(stack, { maxRuntime: Duration.hours(10), maxWaitTime: Duration.hours(8) }))
      .toThrow('maxWaitTime must be at least maxRuntime (36000 s): it includes the time waiting for Spot capacity, got: 28800 s');
  });

  test('fails when several props are wrong, listing every problem in one error', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN
    const message = errorOf(() => job(stack, {
      instanceType: 'ml.g5.2xlarg', instanceCount: 0, runsPerMonth: -1, expectedRunTime: Duration.hours(13), jobNamePrefix: 'bad_name',
      measuredSpotSavingsPercent: 120,
    }));
    // THEN
    expect(message).toContain('Invalid SpotTrainingJob props at TestStack/');
    expect(message).toContain("instanceType: 'ml.g5.2xlarg' is not an instance type SageMaker training offers");
    expect(message).toContain("did you mean 'ml.g5.2xlarge'");
    expect(message).toContain('instanceCount must be a whole number of at least 1, got: 0');
    expect(message).toContain('runsPerMonth must be greater than 0, got: -1');
    expect(message).toContain('expectedRunTime must be greater than 0 and at most maxRuntime (43200 s), got: 46800 s');
    expect(message).toContain("jobNamePrefix must be 1 to 26 letters, digits and inner hyphens");
    expect(message).toContain('measuredSpotSavingsPercent must be a percentage of at least 0 and below 100, got: 120');
  });

  test('fails when the output prefix overlaps an input prefix', () => {
    const { stack } = testStack();
    const data = new s3.Bucket(stack, 'Same');
    expect(() => job(stack, { inputs: [{ channelName: 'train', bucket: data, prefix: 'data/' }], output: { bucket: data, prefix: 'data/models/' } }))
      .toThrow("output must not overlap inputs[0] (the job would write among its input data), got: 'data/models/' and 'data/' in the same bucket");
  });

  test('fails when a checkpoint bucket of the app is not versioned', () => {
    const { stack } = testStack();
    const unversioned = new s3.Bucket(stack, 'Checkpoints');
    expect(() => job(stack, { checkpointBucket: unversioned })).toThrow('checkpointBucket must have versioning enabled, got: no versioning');
  });
});

describe('SpotTrainingJob keeps what it writes', () => {
  test('the job role can read and put checkpoints and models but delete nothing, no object version above all', () => {
    // GIVEN / WHEN
    const { stack } = testStack();
    job(stack);
    // THEN
    const template = Template.fromStack(stack);
    const policies = Object.values<any>(template.findResources('AWS::IAM::Policy'))
      .filter(p => JSON.stringify(p.Properties.Roles).includes('TrainJobRole'));
    expect(policies).toHaveLength(1);
    const actions = policies[0].Properties.PolicyDocument.Statement.flatMap((st: any) => [st.Action].flat());
    expect(actions).toEqual(expect.arrayContaining(['s3:GetObject*', 's3:PutObject']));
    expect(actions.filter((a: string) => /^s3:(Delete|\*)/.test(a))).toEqual([]);
  });
});
