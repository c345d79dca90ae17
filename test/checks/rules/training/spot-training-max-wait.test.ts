import { aws_stepfunctions as sfn } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';
import { requestWithout, SAFE_SPOT_REQUEST, trainingStateMachine } from './definitions';

const RULE = 'CostAware-Train1';

describe('CostAware-Train1: Spot training sets MaxWaitTimeInSeconds', () => {
  test('flags a Spot createTrainingJob.sync task with no MaxWaitTimeInSeconds', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, requestWithout({ stopping: ['MaxWaitTimeInSeconds'] }));
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('flags the task when it sits inside a Parallel branch', () => {
    // GIVEN
    const { app, stack } = testStack();
    const train = new sfn.CustomState(stack, 'Train', {
      stateJson: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createTrainingJob.sync', Parameters: requestWithout({ stopping: ['MaxWaitTimeInSeconds'] }) },
    });
    const parallel = new sfn.Parallel(stack, 'Fan').branch(train).branch(new sfn.Pass(stack, 'Other'));
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(parallel) });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('flags an EnableManagedSpotTraining decided at run time by a JSONPath', () => {
    // GIVEN
    const { app, stack } = testStack();
    const { EnableManagedSpotTraining: _, ...rest } = requestWithout({ stopping: ['MaxWaitTimeInSeconds'] });
    trainingStateMachine(stack, { ...rest, 'EnableManagedSpotTraining.$': '$.spot' });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('passes a Spot task with MaxWaitTimeInSeconds', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, SAFE_SPOT_REQUEST);
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('passes a MaxWaitTimeInSeconds set at run time by a JSONPath', () => {
    // GIVEN
    const { app, stack } = testStack();
    const request = requestWithout({ stopping: ['MaxWaitTimeInSeconds'] });
    trainingStateMachine(stack, { ...request, StoppingCondition: { ...request.StoppingCondition, 'MaxWaitTimeInSeconds.$': '$.maxWait' } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to an on-demand training job', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, { ...requestWithout({ top: ['CheckpointConfig'], stopping: ['MaxWaitTimeInSeconds'] }), EnableManagedSpotTraining: false });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
