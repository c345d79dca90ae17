import { App, Stack, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import {
  CHECKPOINT_LOCAL_PATH, COST_AWARE_ADVICE_IDS, COST_AWARE_PACK_NAME, COST_AWARE_RULE_IDS, CostAwareChecks, CostReport,
  IdleNotebookStopper, REPORT_SCHEMA_VERSION, SpotTrainingJob, WORKING_WEEK,
} from '../lib';
import { idleStopperOf } from '../lib/checks/notebook-coverage';

// jsii exports classes, interfaces and enums only: the exported constants and functions have
// static twins on their classes so that Python (and Java, .NET, Go) users reach them too.
describe('static twins of the exported constants and functions', () => {
  test('hold the same values as the constants', () => {
    expect(CostAwareChecks.PACK_NAME).toBe(COST_AWARE_PACK_NAME);
    expect(CostAwareChecks.RULE_IDS).toEqual([...COST_AWARE_RULE_IDS]);
    expect(CostAwareChecks.ADVICE_IDS).toEqual([...COST_AWARE_ADVICE_IDS]);
    expect(IdleNotebookStopper.WORKING_WEEK).toEqual(WORKING_WEEK);
    expect(SpotTrainingJob.CHECKPOINT_LOCAL_PATH).toBe(CHECKPOINT_LOCAL_PATH);
    expect(CostReport.SCHEMA_VERSION).toBe(REPORT_SCHEMA_VERSION);
  });

  test('CostAwareChecks.markNotebookCovered marks the notebook as markNotebookCovered does', () => {
    // GIVEN a notebook and a construct that stops it
    const stack = new Stack(new App(), 'S');
    const notebook = new sagemaker.CfnNotebookInstance(stack, 'Notebook', { instanceType: 'ml.g5.xlarge', roleArn: 'arn:aws:iam::123456789012:role/r' });
    // WHEN
    CostAwareChecks.markNotebookCovered(notebook, stack);
    // THEN
    expect(idleStopperOf(notebook)).toBe(stack);
  });
});
