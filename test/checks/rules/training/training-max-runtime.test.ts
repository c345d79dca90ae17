import { CfnParameter, Duration, Size, aws_ec2 as ec2, aws_iam as iam, aws_stepfunctions as sfn, aws_stepfunctions_tasks as tasks } from 'aws-cdk-lib';
import { testStack } from '../../../helpers';
import { pathsFor } from '../../check-helpers';
import { requestWithout, SAFE_SPOT_REQUEST, trainingStateMachine } from './definitions';

const RULE = 'CostAware-Train3';

describe('CostAware-Train3: training sets MaxRuntimeInSeconds', () => {
  test('flags a task with no StoppingCondition at all', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, requestWithout({ top: ['StoppingCondition', 'EnableManagedSpotTraining', 'CheckpointConfig'] }));
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('flags an SDK-integration task (aws-sdk:sagemaker:createTrainingJob) with no MaxRuntimeInSeconds', () => {
    // GIVEN
    const { app, stack } = testStack();
    trainingStateMachine(stack, requestWithout({ stopping: ['MaxRuntimeInSeconds'] }), 'arn:aws:states:::aws-sdk:sagemaker:createTrainingJob');
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Pipeline/Resource']);
  });

  test('flags a raw CfnStateMachine whose Definition object has no MaxRuntimeInSeconds', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sfn.CfnStateMachine(stack, 'Raw', {
      roleArn: 'arn:aws:iam::123456789012:role/sfn',
      definition: {
        StartAt: 'Train',
        States: { Train: { Type: 'Task', Resource: 'arn:aws:states:::sagemaker:createTrainingJob', Parameters: requestWithout({ stopping: ['MaxRuntimeInSeconds'] }), End: true } },
      },
    });
    // THEN
    expect(pathsFor(app, RULE)).toEqual(['TestStack/Raw']);
  });

  test('passes a MaxRuntimeInSeconds given by a parameter in a Fn::Join definition (a deploy-time value counts as set)', () => {
    // GIVEN
    const { app, stack } = testStack();
    const maxRuntime = new CfnParameter(stack, 'MaxRuntime', { type: 'Number' });
    trainingStateMachine(stack, { ...SAFE_SPOT_REQUEST, StoppingCondition: { MaxRuntimeInSeconds: maxRuntime.valueAsNumber, MaxWaitTimeInSeconds: 7200 } });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
    expect(pathsFor(app, 'CostAware-Train1')).toEqual([]);
  });

  test('passes the aws-stepfunctions-tasks SageMakerCreateTrainingJob, which sets a stopping condition', () => {
    // GIVEN
    const { app, stack } = testStack();
    const train = new tasks.SageMakerCreateTrainingJob(stack, 'Train', {
      trainingJobName: 'job',
      algorithmSpecification: { trainingImage: tasks.DockerImage.fromRegistry('image'), trainingInputMode: tasks.InputMode.FILE },
      inputDataConfig: [{ channelName: 'train', dataSource: { s3DataSource: { s3Location: tasks.S3Location.fromJsonExpression('$.input') } } }],
      outputDataConfig: { s3OutputLocation: tasks.S3Location.fromJsonExpression('$.output') },
      resourceConfig: { instanceCount: 1, instanceType: new ec2.InstanceType('g5.xlarge'), volumeSize: Size.gibibytes(50) },
      stoppingCondition: { maxRuntime: Duration.hours(2) },
      role: new iam.Role(stack, 'Role', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') }),
    });
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(train) });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });

  test('does not apply to a state machine with no training task', () => {
    // GIVEN
    const { app, stack } = testStack();
    new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(new sfn.Pass(stack, 'Nothing')) });
    // THEN
    expect(pathsFor(app, RULE)).toEqual([]);
  });
});
