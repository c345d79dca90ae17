import { isAcceleratedInstanceType } from '../../lib';
import { InstanceTypeUse, isOfferedFor } from '../../lib/catalog/instance-catalog';
import { acceleratorKindOf, parseInstanceType } from '../../lib/pricing/instance-types';

const SAGEMAKER_VERSION = require('@aws-sdk/client-sagemaker/package.json').version as string;

describe('parseInstanceType', () => {
  test('parses a SageMaker hosting type', () => {
    expect(parseInstanceType('ml.g5.xlarge', InstanceTypeUse.HOSTING)).toEqual({
      instanceType: 'ml.g5.xlarge', prefix: 'ml.', family: 'g5', size: 'xlarge', accelerator: 'nvidia-gpu', burstable: false,
    });
  });

  test('parses an EC2 type', () => {
    expect(parseInstanceType('inf2.8xlarge', InstanceTypeUse.EC2)).toEqual({
      instanceType: 'inf2.8xlarge', prefix: '', family: 'inf2', size: '8xlarge', accelerator: 'inferentia', burstable: false,
    });
  });

  test('parses a family with a hyphen', () => {
    const info = parseInstanceType('p6-b200.48xlarge', InstanceTypeUse.EC2);
    expect(typeof info !== 'string' && [info.family, info.size, info.accelerator]).toEqual(['p6-b200', '48xlarge', 'nvidia-gpu']);
  });

  test('marks burstable t families', () => {
    const info = parseInstanceType('ml.t2.medium', InstanceTypeUse.HOSTING);
    expect(typeof info !== 'string' && info.burstable).toBe(true);
  });

  test('fails when a typo is given, with close matches from the list of that use', () => {
    expect(parseInstanceType('ml.g5.xlage', InstanceTypeUse.HOSTING)).toBe(
      "'ml.g5.xlage' is not an instance type SageMaker hosting (real-time and async endpoints) offers; expected one such as " +
      `'ml.g5.xlarge' from @aws-sdk/client-sagemaker ${SAGEMAKER_VERSION} ProductionVariantInstanceType; did you mean 'ml.g5.xlarge'?`,
    );
  });

  test('fails when a family and size exist but not together (ml.g5.large), suggesting only types that exist', () => {
    const message = parseInstanceType('ml.g5.large', InstanceTypeUse.HOSTING) as string;
    expect(message).toMatch(/^'ml\.g5\.large' is not an instance type SageMaker hosting/);
    const suggested = [...message.matchAll(/'(ml\.[^']+)'/g)].map(m => m[1]).filter(t => t !== 'ml.g5.large');
    expect(suggested.length).toBeGreaterThan(0);
    for (const t of suggested) expect(isOfferedFor(t, InstanceTypeUse.HOSTING)).toBe(true);
  });

  test('fails when an EC2 type does not exist (g5.large)', () => {
    expect(parseInstanceType('g5.large', InstanceTypeUse.EC2)).toMatch(/^'g5\.large' is not an instance type EC2 offers; .*did you mean/);
  });

  test('fails when the type exists for another use only, naming the uses that offer it', () => {
    // ml.c5d.xlarge is a hosting and notebook type; SageMaker training does not offer it.
    expect(parseInstanceType('ml.c5d.xlarge', InstanceTypeUse.TRAINING)).toMatch(
      /^'ml\.c5d\.xlarge' is not an instance type SageMaker training offers \(it exists for .*SageMaker notebook instances.*, but SageMaker training does not offer it\)/,
    );
  });

  test('fails when an EC2 type is given where a SageMaker type is expected', () => {
    const message = parseInstanceType('g5.xlarge', InstanceTypeUse.HOSTING);
    expect(message).toContain("'g5.xlarge' is not an instance type SageMaker hosting (real-time and async endpoints) offers (it exists for EC2");
    expect(message).toContain("did you mean 'ml.g5.xlarge'?");
  });

  test('fails when a SageMaker type is given where an EC2 type is expected', () => {
    expect(parseInstanceType('ml.g5.xlarge', InstanceTypeUse.EC2)).toMatch(/^'ml\.g5\.xlarge' is not an instance type EC2 offers \(it exists for SageMaker hosting/);
  });

  test('fails when the name has no size', () => {
    expect(parseInstanceType('ml.g5', InstanceTypeUse.HOSTING)).toMatch(/^'ml\.g5' is not an instance type SageMaker hosting/);
  });
});

describe('isAcceleratedInstanceType', () => {
  test.each([
    ['ml.g5.xlarge', true], ['g4dn.xlarge', true], ['ml.inf2.xlarge', true], ['trn1.2xlarge', true], ['p5.48xlarge', true],
    ['ml.m5.large', false], ['c7g.xlarge', false], ['ml.t3.medium', false],
    // unknown families are judged by their prefix
    ['g9.xlarge', true], ['zz1.large', false],
  ])('%s → %s', (type, accelerated) => {
    expect(isAcceleratedInstanceType(type)).toBe(accelerated);
  });
});

describe('acceleratorKindOf', () => {
  test('names the accelerator of a family', () => {
    expect(acceleratorKindOf('ml.g6e.2xlarge')).toBe('nvidia-gpu');
    expect(acceleratorKindOf('inf2.xlarge')).toBe('inferentia');
    expect(acceleratorKindOf('ml.trn1.32xlarge')).toBe('trainium');
    expect(acceleratorKindOf('g4ad.xlarge')).toBe('amd-gpu');
    expect(acceleratorKindOf('m5.large')).toBe('none');
    expect(acceleratorKindOf('unknown.large')).toBe('none');
  });
});
