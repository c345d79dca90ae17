import { App, Stack, Token } from 'aws-cdk-lib';
import { InstanceTypeUse } from '../../lib/catalog/instance-catalog';
import { Problems, ecrImageRegionProblem, oneOfProblem, regionProblem, timeZoneProblem } from '../../lib/private/validation';

enum Colour { RED = 'red', GREEN = 'green' }

function problemsOf(check: (p: Problems) => void): string {
  const stack = new Stack(new App(), 'S');
  const problems = new Problems('Thing', stack);
  check(problems);
  try {
    problems.throwIfAny();
  } catch (e) {
    return (e as Error).message;
  }
  return '';
}

describe('Problems', () => {
  test('collects every problem and throws once, as Invalid <Construct> props at <path>: then one bullet each', () => {
    expect(problemsOf(p => { p.add('a must be 1, got: 2'); p.add('b must be 3, got: 4'); }))
      .toBe('Invalid Thing props at S:\n  - a must be 1, got: 2\n  - b must be 3, got: 4');
  });

  test('throws nothing when there is no problem, and skips tokens', () => {
    expect(problemsOf(p => {
      p.wholeNumber('n', Token.asNumber({ Ref: 'N' }), 1);
      p.email('e', Token.asString({ Ref: 'E' }));
      p.instanceType('t', Token.asString({ Ref: 'T' }), InstanceTypeUse.HOSTING);
      p.oneOf('c', Token.asString({ Ref: 'C' }), Colour, 'Colour');
    })).toBe('');
  });

  test('fails when a number is given as a string, saying the type is wrong', () => {
    expect(problemsOf(p => p.wholeNumber('maxCapacity', '8', 1))).toContain("maxCapacity must be a number, got the string '8'");
    expect(problemsOf(p => p.positive('rate', true, 'requests per second'))).toContain('rate must be a number, got a boolean (true)');
  });

  test('fails when a value is outside a closed set, listing the members and the closest value', () => {
    expect(problemsOf(p => p.oneOf('colour', 'gren', Colour, 'Colour')))
      .toContain("colour must be one of Colour.RED ('red'), Colour.GREEN ('green'), got: 'gren'; did you mean 'green'?");
    expect(oneOfProblem('colour', 3, Colour, 'Colour')).toBe("colour must be one of Colour.RED ('red'), Colour.GREEN ('green'), got: 3");
  });

  test('fails when a key is an s3:// URI or starts with /', () => {
    expect(problemsOf(p => p.s3Key('key', 's3://b/k'))).toContain("key must be a key or prefix inside the bucket, not an s3:// URI, got: 's3://b/k' (the bucket is given separately: use 'k' with bucket 'b')");
    expect(problemsOf(p => p.s3Key('key', '/k'))).toContain("key must not start with '/' (S3 keys do not), got: '/k'");
  });

  test('fails when a secret is named what no environment variable can be', () => {
    expect(problemsOf(p => p.environmentVariableNames('secrets', ['API_KEY', '2FA-TOKEN']))).toContain('secrets names must be environment variable names, got: 2FA-TOKEN');
    expect(problemsOf(p => p.environmentVariableNames('secrets', ['API_KEY', '_token']))).toBe('');
  });

  test('fails when an email address has no domain', () => {
    expect(problemsOf(p => p.email('emails[0]', 'team@example'))).toContain("emails[0] must be an email address such as 'ml-team@example.com', got: 'team@example'");
    expect(problemsOf(p => p.email('emails[0]', 'team@example.com'))).toBe('');
  });
});

describe('time zones', () => {
  test.each(['UTC', 'Europe/Paris', 'America/New_York', 'US/Eastern', 'Etc/GMT+5'])('accepts %s', zone => {
    expect(timeZoneProblem(zone)).toBeUndefined();
  });

  test('fails when a zone does not exist, with the closest zone', () => {
    expect(timeZoneProblem('Europe/Pariss')).toBe("must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: 'Europe/Pariss'; did you mean 'Europe/Paris'?");
    expect(timeZoneProblem('Mars/Olympus')).toBe("must be an IANA time zone such as 'Europe/Paris' or 'UTC', got: 'Mars/Olympus'");
  });
});

describe('regions', () => {
  test('accepts the regions aws-cdk-lib knows', () => {
    for (const region of ['us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1', 'cn-north-1']) expect(regionProblem(region)).toBeUndefined();
  });

  test('fails when a code is not a region, with a did-you-mean', () => {
    expect(regionProblem('us-east1')).toBe("must be an AWS region code such as 'us-east-1', got: 'us-east1' (not a region aws-cdk-lib knows); did you mean 'us-east-1'?");
    expect(regionProblem('xx-east-9')).toMatch(/^must be an AWS region code such as 'us-east-1', got: 'xx-east-9' \(not a region aws-cdk-lib knows\)/);
  });

  test('an ECR image of another region is named, and tokens are skipped', () => {
    expect(ecrImageRegionProblem('image', '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1', 'eu-west-1')).toMatch(/^image '.*' is in the ECR registry of us-east-1, but the stack deploys to eu-west-1/);
    expect(ecrImageRegionProblem('image', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/x:1', 'eu-west-1')).toBeUndefined();
    expect(ecrImageRegionProblem('image', 'vllm/vllm-openai:v0.6.3', 'eu-west-1')).toBeUndefined();
    expect(ecrImageRegionProblem('image', '123456789012.dkr.ecr.us-east-1.amazonaws.com/x:1', Token.asString({ Ref: 'AWS::Region' }))).toBeUndefined();
  });
});
