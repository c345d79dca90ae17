import { Stack, aws_stepfunctions as sfn } from 'aws-cdk-lib';

/** A CreateTrainingJob request with every stop condition, as a Spot job should have it. */
export const SAFE_SPOT_REQUEST = {
  TrainingJobName: 'job',
  AlgorithmSpecification: { TrainingImage: 'image', TrainingInputMode: 'File' },
  RoleArn: 'arn:aws:iam::123456789012:role/training',
  OutputDataConfig: { S3OutputPath: 's3://bucket/output' },
  ResourceConfig: { InstanceType: 'ml.g5.xlarge', InstanceCount: 1, VolumeSizeInGB: 50 },
  EnableManagedSpotTraining: true,
  StoppingCondition: { MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 },
  CheckpointConfig: { S3Uri: 's3://bucket/checkpoints' },
};

/** A request without some top-level or StoppingCondition fields. */
export function requestWithout(fields: { top?: string[]; stopping?: string[] }, base: Record<string, any> = SAFE_SPOT_REQUEST): Record<string, any> {
  const request: Record<string, any> = { ...base, StoppingCondition: { ...base.StoppingCondition } };
  for (const f of fields.top ?? []) delete request[f];
  for (const f of fields.stopping ?? []) delete request.StoppingCondition[f];
  return request;
}

/** A state machine (L2) whose one Task runs CreateTrainingJob with these parameters. */
export function trainingStateMachine(stack: Stack, parameters: Record<string, any>, resource = 'arn:aws:states:::sagemaker:createTrainingJob.sync'): sfn.StateMachine {
  const train = new sfn.CustomState(stack, 'Train', { stateJson: { Type: 'Task', Resource: resource, Parameters: parameters } });
  return new sfn.StateMachine(stack, 'Pipeline', { definitionBody: sfn.DefinitionBody.fromChainable(train) });
}
