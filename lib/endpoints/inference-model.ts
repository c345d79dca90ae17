import { Annotations, Arn, ArnFormat, Stack, Validations, aws_ec2 as ec2, aws_iam as iam, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BucketModelData, ModelData, ModelImage } from './model-source';
import { Problems, ecrImageRegionProblem } from '../private/validation';
import { ContainerSecret, secretLookingNames } from '../fleet/container-secret';

/** The model an endpoint serves: its container, artifact, environment, network and role. */
export interface InferenceModelOptions {
  /** The container image, e.g. `ModelImage.fromEcrRepository(repo, 'v3')`. */
  readonly image: ModelImage;
  /**
   * The model artifact in S3, e.g. `ModelData.fromBucket(bucket, 'recommender/model.tar.gz')`.
   * @default - none: the image holds the model
   */
  readonly modelData?: ModelData;
  /**
   * Environment variables of the container, in plain text: readable in the template and in
   * `DescribeModel`. Pass tokens and keys as `secrets`.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Secrets the container needs, by name. SageMaker does not inject secrets into model
   * containers, so the container gets where to read each one — `<NAME>_SECRET_ARN` (Secrets
   * Manager) or `<NAME>_SSM_PARAMETER` (SSM SecureString) — and the execution role is granted read
   * access; the container reads the value when it starts. The value is never in the template.
   * @default - none
   */
  readonly secrets?: { [name: string]: ContainerSecret };
  /**
   * A VPC to run the container in (no cost of its own here; a NAT gateway, if the subnets
   * need one, is priced on its own line).
   * @default - no VPC: SageMaker's own network
   */
  readonly vpc?: ec2.IVpc;
  /**
   * The subnets of `vpc` the container uses.
   * @default - the VPC's private subnets
   */
  readonly vpcSubnets?: ec2.SubnetSelection;
  /**
   * Security groups of the container in `vpc`.
   * @default - one security group with no inbound rules
   */
  readonly securityGroups?: ec2.ISecurityGroup[];
  /**
   * The execution role SageMaker assumes. A role created here (the default) gets exactly what
   * the model needs: read its artifact, pull its image, write its endpoint's logs (and for an
   * async endpoint, use its bucket and topics). A role given here gets the same statements
   * when it is mutable; an imported immutable role must already have them.
   * @default - a least-privilege role is created
   */
  readonly role?: iam.IRole;
}

/** Properties of an `InferenceModel`. */
export interface InferenceModelProps extends InferenceModelOptions {}

/**
 * A SageMaker model (`AWS::SageMaker::Model`, free by itself) with a least-privilege execution
 * role: read on its artifact, pull on its image, logs of the endpoints it serves. Never
 * `AmazonSageMakerFullAccess`. The endpoint constructs create one; use it directly to share a
 * model between endpoint configs.
 */
export class InferenceModel extends Construct implements iam.IGrantable {
  /** The model. */
  public readonly resource: sagemaker.CfnModel;
  /** The execution role. */
  public readonly role: iam.IRole;
  /** The model's name. */
  public readonly modelName: string;
  /** The image URI the container runs. */
  public readonly imageUri: string;
  /** The security groups of the container, when it runs in a VPC. */
  public readonly connections: ec2.Connections | undefined;
  public readonly grantPrincipal: iam.IPrincipal;
  private readonly acknowledged = new Set<string>();

  constructor(scope: Construct, id: string, props: InferenceModelProps) {
    super(scope, id);
    this.role = props.role ?? new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com'),
      description: `Execution role of SageMaker model ${this.node.path}`,
    });
    this.grantPrincipal = this.role;

    const image = props.image.bind(this, this.role);
    this.imageUri = image.imageUri;
    const problems = new Problems('InferenceModel', this);
    const imageRegion = ecrImageRegionProblem('image', image.imageUri, Stack.of(this).region);
    if (imageRegion) problems.add(imageRegion);
    // ModelData.fromBucket(bucket, 's3://...') would point the model at s3://bucket/s3://...
    if (props.modelData instanceof BucketModelData) problems.s3Key('modelData (the key of ModelData.fromBucket)', props.modelData.key);
    problems.throwIfAny();
    this.acknowledgeWildcard('Resource::*',
      image.needsWildcardPull
        ? 'ecr:GetAuthorizationToken has no resource-level permission, and the image URI is only known at deploy time so its repository cannot be named'
        : 'ecr:GetAuthorizationToken has no resource-level permission (AWS ECR docs); the pull actions are scoped to the image repository');
    const data = props.modelData?.bind(this, this.role);

    let vpcConfig: sagemaker.CfnModel.VpcConfigProperty | undefined;
    if (props.vpc) {
      const securityGroups = props.securityGroups ?? [new ec2.SecurityGroup(this, 'SecurityGroup', {
        vpc: props.vpc, description: `SageMaker model ${this.node.path}`, allowAllOutbound: true,
      })];
      this.connections = new ec2.Connections({ securityGroups });
      const subnets = props.vpc.selectSubnets(props.vpcSubnets ?? { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS });
      vpcConfig = { subnets: subnets.subnetIds, securityGroupIds: securityGroups.map(sg => sg.securityGroupId) };
      this.grantVpcAccess(props.vpc);
    }

    const secretNames = new Problems('InferenceModel', this);
    secretNames.environmentVariableNames('secrets', Object.keys(props.secrets ?? {}));
    secretNames.throwIfAny();
    const secretRefs: Record<string, string> = {};
    for (const [name, secret] of Object.entries(props.secrets ?? {})) {
      secret.grantRead(this.role);
      secretRefs[secret.referenceVariable(name)] = secret.field === undefined ? secret.reference : `${secret.reference}#${secret.field}`;
    }
    const plain = secretLookingNames(props.environment);
    if (plain.length > 0) {
      Annotations.of(this).addWarningV2('cdk-cost-aware-inference:plaintext-secret',
        `environment ${plain.join(', ')} look like secrets: their values are readable in the template and in DescribeModel; `
        + 'pass them as secrets (ContainerSecret.fromSecretsManager / fromSsmSecureString)');
    }
    const environment = props.environment || props.secrets ? { ...props.environment, ...secretRefs } : undefined;

    this.resource = new sagemaker.CfnModel(this, 'Resource', {
      executionRoleArn: this.role.roleArn,
      primaryContainer: {
        image: image.imageUri,
        modelDataUrl: data?.s3Uri,
        environment,
      },
      vpcConfig,
    });
    // CreateEndpoint pulls the image and reads the artifact with this role: its policy must exist first.
    this.resource.node.addDependency(this.role);
    this.modelName = this.resource.attrModelName;
  }

  /**
   * Lets the model write the CloudWatch logs of one endpoint (`/aws/sagemaker/Endpoints/<name>`),
   * which SageMaker writes with the execution role.
   */
  public grantWriteEndpointLogs(endpointName: string): void {
    const stack = Stack.of(this);
    const logGroupArn = Arn.format({
      service: 'logs', resource: 'log-group', resourceName: `/aws/sagemaker/Endpoints/${endpointName}`, arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    }, stack);
    // Log streams are created per instance at run time, so they can only be named by prefix.
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['logs:CreateLogGroup', 'logs:DescribeLogStreams'], resourceArns: [logGroupArn] });
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['logs:CreateLogStream', 'logs:PutLogEvents'], resourceArns: [`${logGroupArn}:log-stream:*`] });
    this.acknowledgeWildcardResource(`${logGroupArn}:log-stream:*`,
      'SageMaker creates one log stream per instance at run time: the streams of this endpoint can only be named by prefix');
    // Listed in the CreateModel execution-role permissions (SageMaker developer guide); the action has no resource-level permission.
    iam.Grant.addToPrincipal({ grantee: this.role, actions: ['cloudwatch:PutMetricData'], resourceArns: ['*'] });
    this.acknowledgeWildcard('Resource::*', 'cloudwatch:PutMetricData has no resource-level permission (CloudWatch service authorization reference)');
  }

  /**
   * Acknowledges one AwsSolutions-IAM5 finding on the role this construct created, with the
   * reason the wildcard is needed. Used by the endpoint constructs for their own grants.
   */
  public acknowledgeWildcard(finding: string, reason: string): void {
    const key = `${finding}\u0000${reason}`;
    if (!(this.role instanceof iam.Role) || this.acknowledged.has(key)) return;
    this.acknowledged.add(key);
    Validations.of(this.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
  }

  /**
   * Acknowledges the AwsSolutions-IAM5 finding of one resource ARN with a wildcard (a prefix
   * such as `bucket/output/*`), named as cdk-nag names it, with the reason.
   */
  public acknowledgeWildcardResource(resourceArn: string, reason: string): void {
    this.acknowledgeWildcard(`Resource::${flattenReference(Stack.of(this).resolve(resourceArn))}`, reason);
  }

  private grantVpcAccess(vpc: ec2.IVpc): void {
    // As documented for SageMaker models in a VPC (Give SageMaker access to resources in your Amazon VPC).
    // The Describe actions have no resource-level permission; the network-interface actions are held to this VPC.
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ['ec2:DescribeVpcEndpoints', 'ec2:DescribeDhcpOptions', 'ec2:DescribeVpcs', 'ec2:DescribeSubnets',
        'ec2:DescribeSecurityGroups', 'ec2:DescribeNetworkInterfaces'],
      resourceArns: ['*'],
    });
    iam.Grant.addToPrincipal({
      grantee: this.role,
      actions: ['ec2:CreateNetworkInterface', 'ec2:CreateNetworkInterfacePermission', 'ec2:DeleteNetworkInterface', 'ec2:DeleteNetworkInterfacePermission'],
      resourceArns: ['*'],
      conditions: { ArnEquals: { 'ec2:Vpc': Stack.of(this).formatArn({ service: 'ec2', resource: 'vpc', resourceName: vpc.vpcId }) } },
    });
    this.acknowledgeWildcard('Resource::*', 'EC2 Describe actions have no resource-level permission; the network-interface actions are held to the model VPC by an ec2:Vpc condition');
  }
}

/** A resolved CloudFormation value as cdk-nag writes it in a finding: `Ref` → `<Id>`, `GetAtt` → `<Id.Attr>`, joins flattened. */
function flattenReference(value: unknown): string {
  if (typeof value === 'string') return value.replace(/\$\{/g, '<').replace(/\}/g, '>');
  const v = value as Record<string, any> | undefined;
  if (v && Array.isArray(v['Fn::Join'])) return (v['Fn::Join'][1] as unknown[]).map(flattenReference).join(v['Fn::Join'][0]);
  if (v && v['Fn::Sub'] !== undefined) return flattenReference(v['Fn::Sub']);
  if (v && Array.isArray(v['Fn::GetAtt'])) return `<${v['Fn::GetAtt'][0]}.${v['Fn::GetAtt'][1]}>`;
  if (v && v['Fn::ImportValue'] !== undefined) return flattenReference(v['Fn::ImportValue']);
  if (v && typeof v.Ref === 'string') return `<${v.Ref}>`;
  return JSON.stringify(value);
}
