import * as fs from 'fs';
import {
  INSTANCE_CATALOG_FILE, InstanceTypeUse, catalogSource, instanceTypesFor, isOfferedFor,
} from '../../lib/catalog/instance-catalog';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { buildCatalog, renderCatalog } = require('../../scripts/build-instance-catalog');

describe('instance-type catalog', () => {
  test('the committed file is what npm run catalog:build makes from the installed AWS SDK', () => {
    // THEN: refresh with `npm run catalog:build` after updating @aws-sdk/client-sagemaker or @aws-sdk/client-ec2
    expect(fs.readFileSync(INSTANCE_CATALOG_FILE, 'utf-8')).toBe(renderCatalog(buildCatalog()));
  });

  test('records the SDK versions it came from', () => {
    const file = JSON.parse(fs.readFileSync(INSTANCE_CATALOG_FILE, 'utf-8'));
    expect(file.sdkVersions).toEqual({
      '@aws-sdk/client-sagemaker': require('@aws-sdk/client-sagemaker/package.json').version,
      '@aws-sdk/client-ec2': require('@aws-sdk/client-ec2/package.json').version,
    });
    expect(catalogSource(InstanceTypeUse.TRAINING)).toMatch(/^@aws-sdk\/client-sagemaker \d+\.\d+\.\d+ TrainingInstanceType$/);
  });

  test.each([
    [InstanceTypeUse.HOSTING, 'ml.g5.xlarge', 'ml.g5.large'],
    [InstanceTypeUse.HOSTING, 'ml.g6e.2xlarge', 'ml.g6e.large'],
    [InstanceTypeUse.TRAINING, 'ml.g5.2xlarge', 'ml.c5d.xlarge'],
    [InstanceTypeUse.TRANSFORM, 'ml.m5.xlarge', 'ml.g6e.large'],
    [InstanceTypeUse.NOTEBOOK, 'ml.g5.xlarge', 'ml.trn2.48xlarge'],
    [InstanceTypeUse.EC2, 'inf2.xlarge', 'g5.large'],
  ])('%s offers %s, not %s', (use, offered, notOffered) => {
    expect(isOfferedFor(offered, use)).toBe(true);
    expect(isOfferedFor(notOffered, use)).toBe(false);
  });

  test('every use has a sorted list without duplicates', () => {
    for (const use of Object.values(InstanceTypeUse)) {
      const types = instanceTypesFor(use);
      expect(types.length).toBeGreaterThan(50);
      expect(new Set(types).size).toBe(types.length);
      expect([...types].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(types);
    }
  });
});
