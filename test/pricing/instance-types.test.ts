import { isAcceleratedInstanceType } from '../../lib';
import { acceleratorKindOf, parseInstanceType } from '../../lib/pricing/instance-types';

describe('parseInstanceType', () => {
  test('parses a SageMaker type', () => {
    expect(parseInstanceType('ml.g5.xlarge', true)).toEqual({
      instanceType: 'ml.g5.xlarge', prefix: 'ml.', family: 'g5', size: 'xlarge', accelerator: 'nvidia-gpu', burstable: false,
    });
  });

  test('parses an EC2 type', () => {
    expect(parseInstanceType('inf2.8xlarge', false)).toEqual({
      instanceType: 'inf2.8xlarge', prefix: '', family: 'inf2', size: '8xlarge', accelerator: 'inferentia', burstable: false,
    });
  });

  test('marks burstable t families', () => {
    const info = parseInstanceType('ml.t3.medium', true);
    expect(typeof info !== 'string' && info.burstable).toBe(true);
  });

  test('fails when a typo is given, with close matches', () => {
    expect(parseInstanceType('ml.g5.xlage', true)).toBe(
      "'ml.g5.xlage' is not a known instance type (expected a SageMaker type such as 'ml.g5.xlarge'); did you mean 'ml.g5.xlarge'?",
    );
  });

  test('fails when an EC2 type is given where a SageMaker type is expected', () => {
    const message = parseInstanceType('g5.xlarge', true);
    expect(typeof message).toBe('string');
    expect(message).toContain("'g5.xlarge' is not a known instance type (expected a SageMaker type such as 'ml.g5.xlarge')");
    expect(message).toContain("'ml.g5.xlarge'");
  });

  test('fails when a SageMaker type is given where an EC2 type is expected', () => {
    expect(parseInstanceType('ml.g5.xlarge', false)).toMatch(/^'ml\.g5\.xlarge' is not a known instance type \(expected an EC2 type such as 'g5\.xlarge'\)/);
  });

  test('fails when the name has no size', () => {
    expect(parseInstanceType('ml.g5', true)).toMatch(/^'ml\.g5' is not a known instance type/);
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
