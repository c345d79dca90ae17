import { CfnParameter, CfnWaitConditionHandle, Stack, Token, aws_iam as iam } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import {
  BedrockModelAccess, BedrockModelAccessProps, BedrockModelId, CostLineData, ProvisionedThroughputCommitment, TrafficProfile,
} from '../../lib';
import { linesAt, Permission, reportOf, rolePermissions, testApp, testStack } from '../helpers';
import { PriceUsage } from '../../lib/pricing/price-entry';

const ACCOUNT = '123456789012';
const HAIKU_45 = 'anthropic.claude-haiku-4-5-20251001-v1:0';
const ACTIONS = ['bedrock:InvokeModel', 'bedrock:InvokeModelWithResponseStream'];

/** An ARN in the aws partition (the stacks' Regions are known, so their partition is a literal). */
function partitionArn(rest: string): string {
  return `arn:aws${rest}`;
}

/** A role for the caller, and the logical id its policy names. */
function callerRole(stack: Stack): { role: iam.Role; logicalId: string } {
  const role = new iam.Role(stack, 'Caller', { assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com') });
  return { role, logicalId: stack.getLogicalId(role.node.defaultChild as iam.CfnRole) };
}

function access(stack: Stack, grantee: iam.IGrantable, overrides: Partial<BedrockModelAccessProps> = {}): BedrockModelAccess {
  return new BedrockModelAccess(stack, 'Summaries', {
    model: BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5,
    grantee,
    traffic: TrafficProfile.constant({ requestsPerSecond: 1 }),
    inputTokensPerRequest: 3_000,
    outputTokensPerRequest: 400,
    ...overrides,
  });
}

/** The permissions of each action on each resource, as `rolePermissions` lists them. */
function allowed(resources: unknown[], condition?: unknown, actions = ACTIONS): Permission[] {
  return actions.flatMap(Action => resources.map(Resource => ({ Effect: 'Allow', Action, Resource, ...(condition ? { Condition: condition } : {}) })));
}

function sorted(permissions: Permission[]): Permission[] {
  return [...permissions].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
}

function byComponent(lines: CostLineData[]): Record<string, CostLineData> {
  return Object.fromEntries(lines.map(l => [l.component ?? '', l]));
}

describe('BedrockModelAccess: the grant', () => {
  test('grants invoke and streaming invoke on exactly the foundation model in the stack\'s Region', () => {
    // GIVEN
    const { stack } = testStack();
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role);
    // THEN
    expect(rolePermissions(stack, logicalId)).toEqual(sorted(allowed([partitionArn(`:bedrock:us-east-1::foundation-model/${HAIKU_45}`)])));
  });

  test('a geographic profile: the profile in the source Region, and the model in every US Region only through the profile', () => {
    // GIVEN
    const { stack } = testStack('us-east-2');
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    // THEN
    const profile = partitionArn(`:bedrock:us-east-2:${ACCOUNT}:inference-profile/us.${HAIKU_45}`);
    const models = ['us-east-2', 'us-east-1', 'us-west-1', 'us-west-2'].map(r => partitionArn(`:bedrock:${r}::foundation-model/${HAIKU_45}`));
    expect(rolePermissions(stack, logicalId)).toEqual(sorted([
      ...allowed([profile]),
      ...allowed(models, { StringEquals: { 'bedrock:InferenceProfileArn': profile } }),
    ]));
  });

  test('an EU profile from eu-west-1 covers the model in the EU Regions only', () => {
    // GIVEN
    const { stack } = testStack('eu-west-1');
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.EU_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    // THEN
    const regions = rolePermissions(stack, logicalId)
      .filter(p => p.Action === 'bedrock:InvokeModel' && p.Condition)
      .map(p => (p.Resource as string).match(/:bedrock:([a-z0-9-]+)::foundation-model/)![1]);
    expect(regions.sort()).toEqual(['eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3']);
  });

  test('a global profile: the profile and the model in the source Region, and the Region-less foundation-model ARN', () => {
    // GIVEN
    const { stack } = testStack();
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.GLOBAL_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    // THEN
    const profile = partitionArn(`:bedrock:us-east-1:${ACCOUNT}:inference-profile/global.${HAIKU_45}`);
    expect(rolePermissions(stack, logicalId)).toEqual(sorted([
      ...allowed([profile]),
      ...allowed([partitionArn(`:bedrock:us-east-1::foundation-model/${HAIKU_45}`), partitionArn(`:bedrock:::foundation-model/${HAIKU_45}`)],
        { StringEquals: { 'bedrock:InferenceProfileArn': profile } }),
    ]));
  });

  test('stated destination Regions replace the geography\'s set', () => {
    // GIVEN
    const { stack } = testStack();
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.of(`us.${HAIKU_45}`, { destinationRegions: ['us-east-1', 'us-west-2'] }) });
    // THEN
    const conditioned = rolePermissions(stack, logicalId).filter(p => p.Condition && p.Action === 'bedrock:InvokeModel');
    expect(conditioned.map(p => p.Resource)).toEqual(['us-east-1', 'us-west-2'].map(r => partitionArn(`:bedrock:${r}::foundation-model/${HAIKU_45}`)));
  });

  test('without response streaming, only bedrock:InvokeModel (which authorizes Converse too)', () => {
    // GIVEN
    const { stack } = testStack();
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { responseStreaming: false });
    // THEN
    expect(rolePermissions(stack, logicalId)).toEqual(allowed([partitionArn(`:bedrock:us-east-1::foundation-model/${HAIKU_45}`)], undefined, ['bedrock:InvokeModel']));
  });

  test('grantInvoke gives a second principal the same permissions, and the grant is exposed', () => {
    // GIVEN
    const { stack } = testStack();
    const { role } = callerRole(stack);
    const other = new iam.Role(stack, 'Other', { assumedBy: new iam.ServicePrincipal('ecs-tasks.amazonaws.com') });
    // WHEN
    const workload = access(stack, role, { model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    workload.grantInvoke(other);
    // THEN
    expect(workload.grant.success).toBe(true);
    expect(workload.grant.principalStatements.length).toBe(2);
    expect(rolePermissions(stack, stack.getLogicalId(other.node.defaultChild as iam.CfnRole)))
      .toEqual(rolePermissions(stack, stack.getLogicalId(role.node.defaultChild as iam.CfnRole)));
  });

  test('creates no resource of its own: only the grantee\'s policy', () => {
    // GIVEN
    const { stack } = testStack();
    const { role } = callerRole(stack);
    // WHEN
    access(stack, role);
    // THEN
    const types = Object.values(Template.fromStack(stack).toJSON().Resources).map((r: any) => r.Type).sort();
    expect(types).toEqual(['AWS::IAM::Policy', 'AWS::IAM::Role']);
  });
});

describe('BedrockModelAccess: the cost lines', () => {
  test('prices input and output tokens at the model\'s on-demand prices: floor $0, expected from the profile, ceiling at its peak', () => {
    // GIVEN a daily peak of 2 requests/s for 6 h, 0.5 otherwise: (6 × 2 + 18 × 0.5) / 24 = 0.875 requests/s on average
    const { app, stack } = testStack();
    const { role } = callerRole(stack);
    // WHEN
    const workload = access(stack, role, { traffic: TrafficProfile.dailyPeak({ peakRequestsPerSecond: 2, peakHoursPerDay: 6, offPeakRequestsPerSecond: 0.5 }) });
    // THEN
    const lines = byComponent(linesAt(reportOf(app), 'TestStack/Summaries'));
    expect(Object.keys(lines).sort()).toEqual(['input-tokens', 'output-tokens']);
    // 0.875 × 3,600 × 730 = 2,299,500 requests; the peak around the clock 2 × 3,600 × 730 = 5,256,000
    expect(workload.usage.requestsPerMonth).toBeCloseTo(2_299_500, 6);
    expect(workload.usage.peakRequestsPerMonth).toBe(5_256_000);
    // input: 2,299,500 × 3,000 = 6,898.5M tokens × $1.10 = $7,588.35; ceiling 15,768M × $1.10 = $17,344.80
    expect(lines['input-tokens']).toMatchObject({
      priced: true, quantity: 6898.5, unit: '1M tokens', unitPriceUsd: 1.1,
      monthlyUsd: { floor: 0, expected: 7588.35, ceiling: 17344.8 },
      price: { region: 'us-east-1', sku: HAIKU_45, usage: PriceUsage.ON_DEMAND_INPUT_TOKENS },
    });
    // output: 2,299,500 × 400 = 919.8M × $5.50 = $5,058.90; ceiling 2,102.4M × $5.50 = $11,563.20
    expect(lines['output-tokens']).toMatchObject({ quantity: 919.8, unitPriceUsd: 5.5, monthlyUsd: { floor: 0, expected: 5058.9, ceiling: 11563.2 } });
    expect(lines['input-tokens'].description).toBe(`Bedrock on-demand input tokens, ${HAIKU_45}`);
    expect(lines['input-tokens'].assumptions).toContain('3,000 input tokens a request: 6,898.5M tokens a month');
  });

  test('with prompt caching, the prefix is priced as cache reads on hits and cache writes on misses, the rest as input', () => {
    // GIVEN 1 request/s: 2,628,000 requests a month; 3,000 input tokens of which 2,000 are a cached prefix, hit 90% of the time
    const { app, stack } = testStack();
    const { role } = callerRole(stack);
    // WHEN
    access(stack, role, {
      model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5,
      promptCaching: { cacheablePrefixTokens: 2_000, expectedHitRate: 0.9 },
    });
    // THEN (us. profile prices in us-east-1: $1.10 input, $5.50 output, $0.11 cache read, $1.375 cache write per 1M)
    const lines = byComponent(linesAt(reportOf(app), 'TestStack/Summaries'));
    // uncached input 1,000 × 2,628,000 = 2,628M × $1.10 = $2,890.80
    expect(lines['input-tokens']).toMatchObject({ quantity: 2628, unitPriceUsd: 1.1, monthlyUsd: { floor: 0, expected: 2890.8, ceiling: 2890.8 } });
    // output 400 × 2,628,000 = 1,051.2M × $5.50 = $5,781.60
    expect(lines['output-tokens']).toMatchObject({ quantity: 1051.2, monthlyUsd: { expected: 5781.6 } });
    // cache read 0.9 × 2,000 = 1,800 × 2,628,000 = 4,730.4M × $0.11 = $520.344 → $520.34
    expect(lines['cache-read-tokens']).toMatchObject({
      quantity: 4730.4, unitPriceUsd: 0.11, monthlyUsd: { floor: 0, expected: 520.34, ceiling: 520.34 },
      price: { sku: `us.${HAIKU_45}`, usage: PriceUsage.ON_DEMAND_CACHE_READ_TOKENS },
    });
    // cache write 0.1 × 2,000 = 200 × 2,628,000 = 525.6M × $1.375 = $722.70
    expect(lines['cache-write-tokens']).toMatchObject({ quantity: 525.6, unitPriceUsd: 1.375, monthlyUsd: { expected: 722.7 } });
    expect(lines['cache-read-tokens'].assumptions).toContain('90% cache hits × 2,000 prefix tokens = 1,800 tokens read from the cache a request: 4,730.4M tokens a month');
  });

  test('a global profile is priced at the global profile\'s prices', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { role } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.GLOBAL_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    // THEN 2,628,000 × 3,000 = 7,884M × $1.00; 2,628,000 × 400 = 1,051.2M × $5.00
    const lines = byComponent(linesAt(reportOf(app), 'TestStack/Summaries'));
    expect(lines['input-tokens']).toMatchObject({ unitPriceUsd: 1, monthlyUsd: { expected: 7884 } });
    expect(lines['output-tokens']).toMatchObject({ unitPriceUsd: 5, monthlyUsd: { expected: 5256 } });
  });

  test('a model the book does not price in the stack\'s Region gives unpriced lines naming the Regions it has', () => {
    // GIVEN
    const { app, stack } = testStack('us-west-1');
    const { role } = callerRole(stack);
    // WHEN
    access(stack, role);
    // THEN
    const line = byComponent(linesAt(reportOf(app), 'TestStack/Summaries'))['input-tokens'];
    expect(line.priced).toBe(false);
    expect(line.reason).toMatch(/^no Bedrock on-demand-input-tokens price for 'anthropic\.claude-haiku-4-5-20251001-v1:0' in us-west-1 in the price book \(priced in: .*us-east-1/);
  });

  test('a model with no cache prices gives unpriced cache lines and priced input and output', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { role } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.US_META_LLAMA_3_3_70B_INSTRUCT, promptCaching: { cacheablePrefixTokens: 1_000, expectedHitRate: 0.5 } });
    // THEN
    const lines = byComponent(linesAt(reportOf(app), 'TestStack/Summaries'));
    expect(lines['input-tokens'].priced).toBe(true);
    expect(lines['cache-read-tokens'].priced).toBe(false);
    expect(lines['cache-read-tokens'].reason).toMatch(/^no Bedrock on-demand-cache-read-tokens price for 'us\.meta\.llama3-3-70b-instruct-v1:0'/);
  });

  test('Provisioned Throughput: grants the provisioned model, one line of model-unit-hours, unpriced while the book has no sourced rate', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { role, logicalId } = callerRole(stack);
    const arn = `arn:aws:bedrock:us-east-1:${ACCOUNT}:provisioned-model/abc123def456`;
    // WHEN
    const workload = access(stack, role, {
      model: BedrockModelId.ANTHROPIC_CLAUDE_HAIKU_4_5,
      provisionedThroughput: { modelUnits: 2, commitment: ProvisionedThroughputCommitment.ONE_MONTH, provisionedModelArn: arn },
    });
    // THEN
    expect(rolePermissions(stack, logicalId)).toEqual(sorted(allowed([arn])));
    const lines = linesAt(reportOf(app), 'TestStack/Summaries');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      component: 'provisioned-throughput', priced: false,
      description: `Bedrock Provisioned Throughput, ${HAIKU_45}, 2 model units (1-month)`,
      reason: `no Bedrock provisioned-model-unit-hours price for '${HAIKU_45}/1-month' in the price book`,
    });
    expect(lines[0].assumptions[0]).toBe('2 model units × 730 h = 1,460 model-unit-hours a month, billed whether used or not');
    expect(workload.usage.provisionedModelUnits).toBe(2);
  });
});

describe('BedrockModelAccess: bad input', () => {
  function errorOf(overrides: Partial<BedrockModelAccessProps>, region = 'us-east-1'): string {
    const { stack } = testStack(region);
    const { role } = callerRole(stack);
    try {
      access(stack, role, overrides);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error('expected an error');
  }

  test('fails when a profile does not serve the stack\'s Region, naming the profile that does', () => {
    expect(errorOf({ model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5 }, 'eu-west-1')).toContain(
      `model 'us.${HAIKU_45}' is a cross-Region inference profile of United States (us-*), which the stack's Region eu-west-1 cannot call: ` +
      `use 'eu.${HAIKU_45}' (the Europe (eu-*) profile) or '${HAIKU_45}'`);
  });

  test('fails when the model id is malformed, an ARN, or has an unknown profile prefix', () => {
    expect(errorOf({ model: BedrockModelId.of('claude haiku') })).toContain("model must be a Bedrock model id ('<provider>.<model>'");
    expect(errorOf({ model: BedrockModelId.of(`arn:aws:bedrock:us-east-1::foundation-model/${HAIKU_45}`) }))
      .toContain('not an ARN (the grant builds the ARNs), got:');
    expect(errorOf({ model: BedrockModelId.of(`ca.${HAIKU_45}`) })).toContain(`model 'ca.${HAIKU_45}' starts with 'ca.', which is not a cross-Region inference profile prefix`);
    expect(errorOf({ model: `us.${HAIKU_45}` as unknown as BedrockModelId })).toContain(`model must be a BedrockModelId (a constant such as`);
  });

  test('fails on token counts and cache figures out of range, listing every problem at once', () => {
    const message = errorOf({
      inputTokensPerRequest: 0,
      outputTokensPerRequest: -5,
      promptCaching: { cacheablePrefixTokens: 4_000, expectedHitRate: 90 },
    });
    expect(message).toBe([
      'Invalid BedrockModelAccess props at TestStack/Summaries:',
      '  - inputTokensPerRequest must be a number of tokens above 0, got: 0',
      '  - outputTokensPerRequest must be a number of tokens above 0, got: -5',
      '  - promptCaching.expectedHitRate must be a fraction from 0 to 1 (0.9 for 90%), got: 90',
      '  - promptCaching.cacheablePrefixTokens must be at most inputTokensPerRequest (0): the prefix is part of the input, got: 4000',
    ].join('\n'));
  });

  test('fails on Provisioned Throughput for a profile, with a bad ARN or model units', () => {
    const message = errorOf({
      model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5,
      provisionedThroughput: { modelUnits: 0.5, provisionedModelArn: 'my-model', commitment: 'yearly' as ProvisionedThroughputCommitment },
    });
    expect(message).toContain('provisionedThroughput.modelUnits must be a whole number of at least 1, got: 0.5');
    expect(message).toContain("provisionedThroughput.commitment must be one of ProvisionedThroughputCommitment.NONE ('no-commitment'), " +
      "ProvisionedThroughputCommitment.ONE_MONTH ('1-month'), ProvisionedThroughputCommitment.SIX_MONTHS ('6-month'), got: 'yearly'");
    expect(message).toContain("provisionedThroughput.provisionedModelArn must be a provisioned model's ARN");
    expect(message).toContain(`provisionedThroughput is for a foundation model, not a cross-Region inference profile`);
  });

  test('fails on destination Regions for a model in the stack\'s Region or a Region that does not exist', () => {
    expect(errorOf({ model: BedrockModelId.of(HAIKU_45, { destinationRegions: ['us-east-2'] }) }))
      .toContain(`model destinationRegions is for a geographic cross-Region inference profile (us., eu., apac., ...), got it for '${HAIKU_45}'`);
    expect(errorOf({ model: BedrockModelId.of(`us.${HAIKU_45}`, { destinationRegions: ['us-east1'] }) }))
      .toContain("model destinationRegions[0] must be an AWS region code such as 'us-east-1', got: 'us-east1'");
  });
});

describe('BedrockModelAccess: what synth cannot know', () => {
  test('token counts that are tokens give unpriced lines naming the prop', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { role } = callerRole(stack);
    const fromParameter = Token.asNumber(new CfnParameter(stack, 'InputTokens', { type: 'Number' }).valueAsNumber);
    // WHEN
    access(stack, role, { inputTokensPerRequest: fromParameter });
    // THEN
    const lines = linesAt(reportOf(app), 'TestStack/Summaries');
    expect(lines.map(l => [l.component, l.priced, l.reason])).toEqual([
      ['input-tokens', false, 'the expected quantity is an unresolved token'],
      ['output-tokens', false, 'the expected quantity is an unresolved token'],
    ]);
    expect(lines[0].assumptions).toEqual(['inputTokensPerRequest not known at synth time (an unresolved token): the tokens cannot be counted']);
  });

  test('a stack with no Region grants the ARNs in the deploy-time Region and account', () => {
    // GIVEN
    const app = testApp();
    const stack = new Stack(app, 'Agnostic');
    const { role, logicalId } = callerRole(stack);
    // WHEN
    access(stack, role, { model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5, responseStreaming: false });
    // THEN
    const profile = { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, ':', { Ref: 'AWS::AccountId' }, `:inference-profile/us.${HAIKU_45}`]] };
    const permissions = rolePermissions(stack, logicalId);
    expect(permissions).toContainEqual({ Effect: 'Allow', Action: 'bedrock:InvokeModel', Resource: profile });
    expect(permissions).toContainEqual({
      Effect: 'Allow', Action: 'bedrock:InvokeModel',
      Resource: { 'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':bedrock:', { Ref: 'AWS::Region' }, `::foundation-model/${HAIKU_45}`]] },
      Condition: { StringEquals: { 'bedrock:InferenceProfileArn': profile } },
    });
    // the profile, and the model in the deploy-time Region and the four US Regions
    expect(permissions).toHaveLength(6);
  });
});

describe('BedrockModelAccess: a grantee with no policy', () => {
  test('warns, with an id the user can acknowledge, when the grant lands nowhere', () => {
    // GIVEN a stack with one resource of its own (a template needs one)
    const { stack } = testStack();
    new CfnWaitConditionHandle(stack, 'Placeholder');
    // WHEN
    access(stack, new iam.ServicePrincipal('ecs-tasks.amazonaws.com'), { model: BedrockModelId.US_ANTHROPIC_CLAUDE_HAIKU_4_5 });
    // THEN
    const warnings = Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('cdk-cost-aware-inference:BedrockGrantNotAdded'));
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].entry.data)).toContain(
      `the grantee has no policy this grant can add to, so it may not invoke us.${HAIKU_45}: grant bedrock:InvokeModel and ` +
      'bedrock:InvokeModelWithResponseStream on 5 ARNs');
  });
});
