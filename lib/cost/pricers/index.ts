import { priceApplicationLoadBalancer } from './application-load-balancer';
import { priceAutoScalingGroup } from './auto-scaling-group';
import { priceBudget } from './budget';
import { priceKmsKey } from './kms-key';
import { priceEc2Instance } from './ec2-instance';
import { priceElasticIp } from './elastic-ip';
import { priceEndpointConfig } from './endpoint-config';
import { withManagedInstanceScaling } from './managed-instance-scaling';
import { priceHttpApi, priceRestApi } from './api-gateway';
import { priceSqsQueue } from './sqs-queue';
import { priceDashboard } from './dashboard';
import { priceNatGateway } from './nat-gateway';
import { priceNotebookInstance } from './notebook-instance';
import { IResourcePricer, ResourcePricer } from './pricer';
import { priceAlarm, priceLambdaFunction, priceLogGroup, priceS3Bucket, priceSnsTopic, priceStateMachine } from './usage-dependent';

export { IResourcePricer, ResourcePricer } from './pricer';
export { usageDependentPricer } from './usage-dependent';

const PRICERS = new Map<string, ResourcePricer>([
  ['AWS::SageMaker::EndpointConfig', withManagedInstanceScaling(priceEndpointConfig)],
  ['AWS::SageMaker::NotebookInstance', priceNotebookInstance],
  ['AWS::EC2::Instance', priceEc2Instance],
  ['AWS::AutoScaling::AutoScalingGroup', priceAutoScalingGroup],
  ['AWS::EC2::NatGateway', priceNatGateway],
  ['AWS::EC2::EIP', priceElasticIp],
  ['AWS::ElasticLoadBalancingV2::LoadBalancer', priceApplicationLoadBalancer],
  ['AWS::Lambda::Function', priceLambdaFunction],
  ['AWS::S3::Bucket', priceS3Bucket],
  ['AWS::Logs::LogGroup', priceLogGroup],
  ['AWS::SNS::Topic', priceSnsTopic],
  ['AWS::StepFunctions::StateMachine', priceStateMachine],
  ['AWS::CloudWatch::Alarm', priceAlarm],
  ['AWS::Budgets::Budget', priceBudget],
  ['AWS::KMS::Key', priceKmsKey],
  ['AWS::ApiGateway::RestApi', priceRestApi],
  ['AWS::ApiGatewayV2::Api', priceHttpApi],
  ['AWS::SQS::Queue', priceSqsQueue],
  ['AWS::CloudWatch::Dashboard', priceDashboard],
]);

/**
 * Resource types that cost nothing by themselves: their cost, if any, is the cost of what they
 * configure or link, priced on that resource (an endpoint's instances are priced on its
 * endpoint config; a scalable target's effect on the config's line).
 */
const FREE_TYPES = new Set<string>([
  'AWS::CDK::Metadata',
  'AWS::Budgets::BudgetsAction', // billed per action-enabled budget, on the AWS::Budgets::Budget line
  'AWS::IAM::Role', 'AWS::IAM::Policy', 'AWS::IAM::ManagedPolicy', 'AWS::IAM::InstanceProfile', 'AWS::IAM::Group', 'AWS::IAM::User',
  'AWS::SageMaker::Model', 'AWS::SageMaker::Endpoint', 'AWS::SageMaker::NotebookInstanceLifecycleConfig',
  'AWS::ApplicationAutoScaling::ScalableTarget', 'AWS::ApplicationAutoScaling::ScalingPolicy',
  'AWS::AutoScaling::LaunchConfiguration', 'AWS::AutoScaling::LifecycleHook', 'AWS::AutoScaling::ScalingPolicy', 'AWS::AutoScaling::ScheduledAction',
  'AWS::EC2::LaunchTemplate', 'AWS::EC2::SecurityGroup', 'AWS::EC2::SecurityGroupIngress', 'AWS::EC2::SecurityGroupEgress',
  'AWS::EC2::VPC', 'AWS::EC2::Subnet', 'AWS::EC2::RouteTable', 'AWS::EC2::Route', 'AWS::EC2::SubnetRouteTableAssociation',
  'AWS::EC2::InternetGateway', 'AWS::EC2::VPCGatewayAttachment', 'AWS::EC2::NetworkAcl', 'AWS::EC2::NetworkAclEntry',
  'AWS::EC2::SubnetNetworkAclAssociation', 'AWS::EC2::FlowLog',
  'AWS::S3::BucketPolicy', 'AWS::SNS::TopicPolicy', 'AWS::SNS::Subscription', 'AWS::SQS::QueuePolicy',
  'AWS::Lambda::Permission', 'AWS::Lambda::EventInvokeConfig', 'AWS::Events::Rule', 'AWS::Scheduler::ScheduleGroup',
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::ElasticLoadBalancingV2::ListenerRule', 'AWS::ElasticLoadBalancingV2::TargetGroup',
  'AWS::KMS::Alias', 'AWS::SSM::Parameter', 'AWS::CloudFormation::WaitConditionHandle', 'AWS::CloudFormation::Stack',
  'AWS::Bedrock::ApplicationInferenceProfile',
  'AWS::SageMaker::InferenceComponent', // its copies run on the endpoint's instances, priced on the endpoint config
  // API Gateway bills requests, on the AWS::ApiGateway::RestApi line; its parts are free.
  'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage', 'AWS::ApiGateway::Method', 'AWS::ApiGateway::Resource',
  'AWS::ApiGateway::RequestValidator', 'AWS::ApiGateway::UsagePlan', 'AWS::ApiGateway::UsagePlanKey', 'AWS::ApiGateway::ApiKey',
  'AWS::ApiGateway::Account',
  // HTTP APIs bill requests, on the AWS::ApiGatewayV2::Api line.
  'AWS::ApiGatewayV2::Stage', 'AWS::ApiGatewayV2::Route', 'AWS::ApiGatewayV2::Integration', 'AWS::ApiGatewayV2::Authorizer',
  'AWS::Lambda::EventSourceMapping', // its polling requests are billed on the queue's line
]);

/**
 * Registers a pricer for a CloudFormation type, replacing any before it. The constructs of
 * this library register theirs on import; an app can price its own types the same way.
 */
export function registerPricer(resourceType: string, pricer: IResourcePricer): void {
  PRICERS.set(resourceType, context => pricer.price(context));
}

/** Declares a CloudFormation type free (no line in the report). */
export function registerFreeResourceType(resourceType: string): void {
  FREE_TYPES.add(resourceType);
}

/** The pricer of a type, `'free'`, or undefined when the library cannot price it. */
export function pricerFor(resourceType: string): ResourcePricer | 'free' | undefined {
  const pricer = PRICERS.get(resourceType);
  if (pricer) return pricer;
  if (FREE_TYPES.has(resourceType) || resourceType.startsWith('Custom::') || resourceType === 'AWS::CloudFormation::CustomResource') return 'free';
  return undefined;
}
