import * as fs from 'fs';
import * as path from 'path';
import { Duration, TimeZone, aws_iam as iam, aws_sagemaker as sagemaker, aws_sns as sns } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { idleStopperOf } from '../../lib/checks/notebook-coverage';
import { IdleNotebookStopper, Weekday } from '../../lib';
import { onStartScript } from '../../lib/guards/idle-notebook-stopper';
import { lineAt, linesAt, permissionsOf, reportOf, rolePermissions, testStack } from '../helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

function notebookIn(stack: any, id: string, props: Partial<sagemaker.CfnNotebookInstanceProps> = {}): sagemaker.CfnNotebookInstance {
  return new sagemaker.CfnNotebookInstance(stack, id, { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/ds', ...props });
}

describe('IdleNotebookStopper with defaults', () => {
  // One app for the file: bundling the handler and synthesizing take seconds.
  const { app, stack } = testStack();
  const notebook = notebookIn(stack, 'Notebook');
  const role = new iam.Role(stack, 'NotebookRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  const stopper = new IdleNotebookStopper(stack, 'Stopper', { workingHours: { timeZone: TimeZone.AMERICA_LOS_ANGELES } });
  stopper.cover(notebook, { role });
  let template: Template;
  beforeAll(() => { template = Template.fromStack(stack); });

  test('runs a bundled arm64 Node.js function with its settings in the environment', () => {
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Runtime: 'nodejs24.x',
      Architectures: ['arm64'],
      MemorySize: 256,
      Timeout: 300,
      ReservedConcurrentExecutions: 1,
      Handler: 'index.handler',
      Environment: {
        Variables: {
          IDLE_THRESHOLD_MINUTES: '120',
          CHECK_INTERVAL_MINUTES: '60',
          OPT_IN_TAG_KEY: 'cost-aware:auto-stop',
          EXEMPT_TAG_KEY: 'cost-aware:keep-running',
          STOP_TAG_KEY: 'cost-aware:stopped-by-guard',
          HEARTBEAT_TAG_KEY: 'cost-aware:idle-check',
          HEARTBEAT_MAX_AGE_MINUTES: '15',
          DRY_RUN: 'false',
          WORKING_HOURS: JSON.stringify({ days: ['MON', 'TUE', 'WED', 'THU', 'FRI'], startHour: 8, endHour: 20, timeZone: 'America/Los_Angeles' }),
        },
      },
    }));
  });

  test('checks every hour, passing the event time so stale events can be dropped, with no nightly sweep', () => {
    template.resourceCountIs('AWS::Events::Rule', 1);
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'rate(1 hour)',
      State: 'ENABLED',
      Targets: [Match.objectLike({
        InputTransformer: { InputPathsMap: { time: '$.time' }, InputTemplate: '{"mode":"idle","time":<time>}' },
        RetryPolicy: { MaximumRetryAttempts: 2 },
      })],
    });
  });

  test('may stop, describe and tag only notebook instances that carry the opt-in tag; list and read tags, nothing else', () => {
    const notebooks = 'arn:aws:sagemaker:us-east-1:123456789012:notebook-instance/*';
    const optedIn = { StringEquals: { 'aws:ResourceTag/cost-aware:auto-stop': 'true' } };
    const stopperRole = Object.keys(template.findResources('AWS::IAM::Role')).filter(id => id.startsWith('StopperRole'));
    expect(stopperRole).toHaveLength(1);
    expect(rolePermissions(stack, stopperRole[0])).toEqual(permissionsOf([
      { Action: 'sagemaker:ListNotebookInstances', Effect: 'Allow', Resource: '*' },
      { Action: 'sagemaker:ListTags', Effect: 'Allow', Resource: notebooks },
      { Action: ['sagemaker:StopNotebookInstance', 'sagemaker:DescribeNotebookInstance'], Effect: 'Allow', Resource: notebooks, Condition: optedIn },
      {
        Action: 'sagemaker:AddTags',
        Effect: 'Allow',
        Resource: notebooks,
        Condition: {
          'StringEquals': { 'aws:ResourceTag/cost-aware:auto-stop': 'true' },
          'ForAllValues:StringEquals': { 'aws:TagKeys': ['cost-aware:stopped-by-guard'] },
        },
      },
      { Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Effect: 'Allow', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^StopperLogGroup/), 'Arn'] } },
    ]));
    // no statement acts on notebook-instance/* without the opt-in condition
    const policies = template.findResources('AWS::IAM::Policy');
    for (const policy of Object.values<any>(policies)) {
      for (const statement of policy.Properties.PolicyDocument.Statement) {
        const actions = [statement.Action].flat();
        if (actions.some((a: string) => /Stop|AddTags|Delete|Update/.test(a)) && JSON.stringify(statement.Resource).includes('notebook-instance/*')) {
          expect(statement.Condition?.StringEquals?.['aws:ResourceTag/cost-aware:auto-stop']).toBe('true');
        }
      }
    }
  });

  test('keeps its logs a month', () => {
    template.hasResourceProperties('AWS::Logs::LogGroup', { RetentionInDays: 30 });
  });

  test('attaches its lifecycle configuration to the notebook it covers, opts it in by tag, and lets the notebook stop itself and tag its heartbeat', () => {
    template.hasResourceProperties('AWS::SageMaker::NotebookInstance', {
      LifecycleConfigName: { 'Fn::GetAtt': [Match.stringLikeRegexp('^StopperLifecycleConfig'), 'NotebookInstanceLifecycleConfigName'] },
      Tags: [{ Key: 'cost-aware:auto-stop', Value: 'true' }],
    });
    const self = { 'Fn::GetAtt': ['Notebook', 'NotebookInstanceArn'] };
    template.hasResourceProperties('AWS::IAM::Policy', {
      Roles: [{ Ref: Match.stringLikeRegexp('^NotebookRole') }],
      PolicyDocument: Match.objectLike({
        Statement: [
          { Action: 'sagemaker:StopNotebookInstance', Effect: 'Allow', Resource: self },
          { Action: 'sagemaker:AddTags', Effect: 'Allow', Resource: self, Condition: { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['cost-aware:idle-check'] } } },
        ],
      }),
    });
    expect(idleStopperOf(notebook)).toBe(stopper);
    expect(stopper.coveredNotebooks).toEqual([notebook]);
  });

  test('ships the auto-stop script inside the OnStart script, run by cron as ec2-user in isolated mode, with a 60 minute idle timeout and open tabs ignored', () => {
    const config = template.findResources('AWS::SageMaker::NotebookInstanceLifecycleConfig');
    const content: string = Object.values<any>(config)[0].Properties.OnStart[0].Content['Fn::Base64'];
    expect(content).toContain(fs.readFileSync(path.join(__dirname, '../../lib/guards/scripts/auto-stop-idle.py'), 'utf-8').trimEnd());
    expect(content).toContain('--idle-minutes 60 --ignore-connections --heartbeat-tag cost-aware:idle-check >>');
    expect(content).toMatch(/^\*\/5 \* \* \* \* ec2-user \$PYTHON -I \$SCRIPT /m);
    expect(content).not.toMatch(/\* root /);
    // nothing is downloaded at boot: the only address is the local Jupyter server
    expect(content.match(/https?:\/\/[^\s'"]*/g)).toEqual(['https://localhost:%d']);
    // Lifecycle scripts are limited to 16384 characters once base64-encoded.
    expect(Buffer.from(content).toString('base64').length).toBeLessThan(16384);
  });

  test('prices the covered notebook at the work pattern plus the idle tail instead of all month', () => {
    const line = linesAt(reportOf(app), 'TestStack/Notebook').find(l => l.component === undefined)!;
    // 50 active h/week + 5 sessions × (60 min idle timeout + 5 min check) = 55.4167 h/week; × 730/168 weeks a month
    const hours = (50 + 5 * 65 / 60) * 730 / 168;
    expect(line.quantity).toBeCloseTo(hours, 2);
    expect(line.price).toMatchObject({ sku: 'ml.g5.xlarge', usage: PriceUsage.NOTEBOOK, region: 'us-east-1' });
    expect(line.unitPriceUsd).toBe(1.41);
    // 240.80 h × $1.41
    expect(line.monthlyUsd.expected).toBeCloseTo(hours * 1.41, 2);
    // still running all month at most: 730 h × $1.41
    expect(line.monthlyUsd.ceiling).toBeCloseTo(730 * 1.41, 2);
    expect(line.assumptions).toContain('work pattern: 50 active h/week in 5 sessions');
  });

  test('prices its own Lambda from 730 hourly invocations of 5 s at 256 MB', () => {
    const line = lineAt(reportOf(app), 'TestStack/Stopper/Function');
    expect(line.price).toMatchObject({ sku: 'arm64', usage: PriceUsage.DURATION, region: 'us-east-1' });
    // 730 × 5 s × 0.25 GB = 912.5 GB-s × $0.0000133334 + 730 requests × $0.0000002
    expect(line.monthlyUsd.expected).toBeCloseTo(912.5 * 0.0000133334 + 730 * 0.0000002, 2);
    expect(line.assumptions).toContain('730 invocations a month (every 1 hour)');
  });
});

describe('IdleNotebookStopper options', () => {
  test('a nightly sweep, dry run, custom tag, working hours and a topic are passed to the function', () => {
    // GIVEN
    const { stack } = testStack();
    const topic = new sns.Topic(stack, 'Topic');
    // WHEN
    new IdleNotebookStopper(stack, 'Stopper', {
      nightlySweepHourUtc: 22, dryRun: true, exemptionTagKey: 'keep', notificationTopic: topic,
      idleThreshold: Duration.minutes(90), checkInterval: Duration.minutes(30),
      workingHours: { days: [Weekday.MONDAY, Weekday.TUESDAY], startHour: 9, endHour: 18, timeZone: TimeZone.EUROPE_PARIS },
    });
    // THEN
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', Match.objectLike({
      Environment: { Variables: Match.objectLike({
        IDLE_THRESHOLD_MINUTES: '90', EXEMPT_TAG_KEY: 'keep', DRY_RUN: 'true', TOPIC_ARN: { Ref: Match.stringLikeRegexp('^Topic') },
        WORKING_HOURS: JSON.stringify({ days: ['MON', 'TUE'], startHour: 9, endHour: 18, timeZone: 'Europe/Paris' }),
      }) },
    }));
    template.hasResourceProperties('AWS::Events::Rule', { ScheduleExpression: 'rate(30 minutes)' });
    template.hasResourceProperties('AWS::Events::Rule', {
      ScheduleExpression: 'cron(0 22 * * ? *)',
      Targets: [Match.objectLike({ InputTransformer: Match.objectLike({ InputTemplate: '{"mode":"sweep","time":<time>}' }) })],
    });
  });

  test('covers the notebooks given as a prop, keeps a lifecycle configuration a notebook already has, and warns', () => {
    // GIVEN
    const { app, stack } = testStack();
    const own = notebookIn(stack, 'Own', { lifecycleConfigName: 'team-setup' });
    // WHEN
    new IdleNotebookStopper(stack, 'Stopper', { notebooks: [own], workingHours: { timeZone: TimeZone.EUROPE_PARIS } });
    // THEN
    expect(own.lifecycleConfigName).toBe('team-setup');
    Annotations.fromStack(stack).hasWarning('/TestStack/Own', Match.stringLikeRegexp('already has a lifecycle configuration'));
    // the Lambda alone stops it: 50 h + 5 × (120 min threshold + 60 min interval) a week
    const line = linesAt(reportOf(app), 'TestStack/Own').find(l => l.component === undefined)!;
    expect(line.quantity).toBeCloseTo((50 + 5 * 3) * 730 / 168, 2);
  });

  test('sets idle shutdown on the Studio domains it is given', () => {
    // GIVEN
    const { stack } = testStack();
    const domain = new sagemaker.CfnDomain(stack, 'Domain', {
      authMode: 'IAM', domainName: 'research', subnetIds: ['subnet-0123456789abcdef0'], vpcId: 'vpc-0123456789abcdef0',
      defaultUserSettings: { executionRole: 'arn:aws:iam::123456789012:role/studio' },
    });
    // WHEN
    new IdleNotebookStopper(stack, 'Stopper', { studioDomains: [domain], lifecycle: { idleTimeout: Duration.minutes(90) }, workingHours: { timeZone: TimeZone.EUROPE_PARIS } });
    // THEN
    Template.fromStack(stack).hasResourceProperties('AWS::SageMaker::Domain', {
      DefaultUserSettings: Match.objectLike({
        JupyterLabAppSettings: { AppLifecycleManagement: { IdleSettings: {
          LifecycleManagement: 'ENABLED', IdleTimeoutInMinutes: 90, MinIdleTimeoutInMinutes: 60, MaxIdleTimeoutInMinutes: 120,
        } } },
      }),
    });
  });

  test('fails when props are out of range, naming every problem at once', () => {
    // GIVEN
    const { stack } = testStack();
    // WHEN / THEN
    expect(() => new IdleNotebookStopper(stack, 'Stopper', {
      idleThreshold: Duration.minutes(5),
      checkInterval: Duration.days(2),
      nightlySweepHourUtc: 24,
      lifecycle: { idleTimeout: Duration.minutes(3) },
      workingHours: { days: [Weekday.MONDAY, 'XYZ' as any], startHour: 18, endHour: 9, timeZone: 'Mars/Olympus' as any },
      workPattern: { activeHoursPerWeek: 200 },
    })).toThrow([
      'Invalid IdleNotebookStopper props at TestStack/Stopper:',
      '  - idleThreshold must be a whole number of minutes, at least 15, got: 5 minutes',
      '  - checkInterval must be a whole number of minutes between 5 minutes and 24 hours, got: 2 days',
      '  - lifecycle.idleTimeout must be a whole number of minutes, at least 10, got: 3 minutes',
      '  - nightlySweepHourUtc must be an integer from 0 to 23, got: 24',
      "  - workingHours.days[1] must be one of Weekday.MONDAY ('MON'), Weekday.TUESDAY ('TUE'), Weekday.WEDNESDAY ('WED'), " +
        "Weekday.THURSDAY ('THU'), Weekday.FRIDAY ('FRI'), Weekday.SATURDAY ('SAT'), Weekday.SUNDAY ('SUN'), got: 'XYZ'",
      '  - workingHours.endHour must be an integer after startHour (18) and at most 24, got: 9',
      "  - workingHours.timeZone must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: 'Mars/Olympus'",
      '  - workPattern.activeHoursPerWeek must be between 0 and 168, got: 200',
    ].join('\n'));
  });

  test('fails when Studio domains are given with an idle timeout under the Studio minimum of 60 minutes', () => {
    const { stack } = testStack();
    const domain = new sagemaker.CfnDomain(stack, 'Domain', {
      authMode: 'IAM', domainName: 'd', subnetIds: ['s'], vpcId: 'v', defaultUserSettings: { executionRole: 'r' },
    });
    expect(() => new IdleNotebookStopper(stack, 'Stopper', { studioDomains: [domain], lifecycle: { idleTimeout: Duration.minutes(30) }, workingHours: { timeZone: TimeZone.EUROPE_PARIS } }))
      .toThrow('lifecycle.idleTimeout must be at least 60 minutes when studioDomains are given (Studio idle shutdown minimum), got: 30');
  });
});

test('fails when working hours have no time zone: the stopper never assumes UTC', () => {
  const { stack } = testStack();
  expect(() => new IdleNotebookStopper(stack, 'Stopper', { workingHours: {} as any }))
    .toThrow('Invalid IdleNotebookStopper props at TestStack/Stopper:\n  - workingHours.timeZone is required (e.g. TimeZone.EUROPE_PARIS), got: none; the stopper never assumes UTC');
});

// auto-stop-idle.py itself is tested against a real Jupyter server in auto-stop-idle.jupyter.test.ts.

describe('onStartScript', () => {
  test('keeps open tabs as activity when asked, and ignores open terminals when asked', () => {
    const script = onStartScript(Duration.minutes(45), true, false);
    expect(script).toContain('--idle-minutes 45 --ignore-terminals --heartbeat-tag cost-aware:idle-check >>');
    expect(script).not.toMatch(/--idle-minutes 45 [^\n]*--ignore-connections/);
    expect(script).not.toMatch(/__[A-Z_]+__/);
  });
});
