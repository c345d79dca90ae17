import {
  Annotations, Duration, RemovalPolicy, Stack, Token, Validations,
  aws_autoscaling as autoscaling, aws_certificatemanager as acm, aws_cloudwatch as cloudwatch, aws_ec2 as ec2,
  aws_elasticloadbalancingv2 as elbv2, aws_iam as iam, aws_s3 as s3,
} from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { ContainerSecret, secretLookingNames } from './container-secret';
import { CostReport } from '../cost/cost-report';
import { HOURS_PER_MONTH } from '../cost/report-schema';
import {
  CapacitySimulation, ScheduledCapacityWindow, simulateCapacity, validateWindows, windowCron, windowTimeZoneName,
} from '../cost/capacity-schedule';
import { TrafficProfile } from '../cost/traffic-profile';
import { checkWorkloadComparison, Substrate, WorkloadComparisonOptions } from '../cost/workload-comparison';
import { StatedSpotSavings } from '../cost/usage';
import { InstanceTypeUse } from '../catalog/instance-catalog';
import { AcceleratorKind } from '../pricing/instance-types';
import { Problems, isKnown, warn, warnIfFractionForPercent } from '../private/validation';
import { figure } from '../cost/private/render';
import { PriceService, PriceUsage } from '../pricing/price-entry';

/** How the fleet buys its capacity: an on-demand base, then a share of Spot above it. */
export interface FleetPurchaseOptions {
  /**
   * Capacity always bought on-demand, launched first as the fleet scales.
   * @default 1 — one on-demand instance that a Spot interruption cannot take away
   */
  readonly onDemandBaseCapacity?: number;
  /**
   * Percentage (0–100) of the capacity above the base bought on-demand; the rest runs on Spot.
   * @default 0 — everything above the base runs on Spot (priced at `estimatedSpotSavingsPercent`, else the price book's estimated discount)
   */
  readonly onDemandPercentageAboveBaseCapacity?: number;
  /**
   * How Spot capacity is spread over the instance types' Spot pools.
   * @default SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED — the pools least likely to be interrupted, then the cheapest
   */
  readonly spotAllocationStrategy?: autoscaling.SpotAllocationStrategy;
  /**
   * The saving of the Spot price over on-demand, in percent (at least 0, below 100), that you
   * expect for these instance types in this region, e.g. read from your Spot price history
   * (`aws ec2 describe-spot-price-history`) or the Spot Instance Advisor. For the cost report
   * only: the Spot share is priced at `(1 − estimatedSpotSavingsPercent / 100)` of on-demand, and
   * the report names the figure as yours. It is not a price: Spot prices move, and an
   * interrupted or unavailable Spot pool is replaced at on-demand (the report's ceiling).
   * @default - the price book's estimated Spot discount per instance type / family; none for
   * inf2 and trn1, whose Spot share is then priced on-demand (the report says so)
   */
  readonly estimatedSpotSavingsPercent?: number;
}

/** A container the instances run. */
export interface FleetContainer {
  /** The image, e.g. `vllm/vllm-openai:v0.6.3` or an ECR URI (grant pulls to `fleet.role`). */
  readonly image: string;
  /**
   * Arguments after the image.
   * @default - none
   */
  readonly args?: string[];
  /**
   * Environment variables, in plain text: they are readable in the template, in
   * `DescribeLaunchTemplateVersions` and on the instance. Pass tokens and keys as `secrets`.
   * @default - none
   */
  readonly environment?: Record<string, string>;
  /**
   * Secrets by environment variable name, e.g. `{ HF_TOKEN: ContainerSecret.fromSecretsManager(secret) }`:
   * read at boot with the instance role (granted read on each) and handed to the container
   * through the environment, never written into the template or the user data.
   * @default - none
   */
  readonly secrets?: { [name: string]: ContainerSecret };
  /**
   * The container calls AWS with the instance role (reads S3 itself, for example): the instance
   * metadata's hop limit is then 2, so the container can reach it through the Docker bridge.
   * @default false - hop limit 1: the container cannot reach the instance role's credentials
   */
  readonly useInstanceRole?: boolean;
}

/** What the instances serve and how the load balancer checks it. */
export interface FleetServingOptions {
  /**
   * A container to run, with the accelerators passed through (`--gpus all` for NVIDIA, every
   * `/dev/neuron*` device for Inferentia and Trainium). Give `container` or `command`.
   * @default - none: `command` is used
   */
  readonly container?: FleetContainer;
  /**
   * A shell command that starts the server in the foreground (run as a systemd service that
   * restarts on failure). Give `container` or `command`.
   * @default - none: `container` is used
   */
  readonly command?: string;
  /**
   * The port the server listens on.
   * @default 8080
   */
  readonly port?: number;
  /**
   * The path the load balancer checks; a 200 means the model is loaded and serving.
   * @default '/health'
   */
  readonly healthCheckPath?: string;
  /**
   * Time a new instance has to load its model before failed health checks replace it.
   * @default Duration.minutes(15)
   */
  readonly startupTime?: Duration;
  /**
   * GB each new instance downloads at launch (container image and model weights). In the VPC
   * the fleet creates (no S3 gateway endpoint), the download goes through the NAT gateway, which
   * bills it per GB processed: with this size the report prices it.
   * @default - not stated: the NAT gateway's data-processed line says it is not included
   */
  readonly pullSizePerLaunchInGb?: number;
  /**
   * New instances a day (scale-outs, Spot replacements, instance refreshes), for the NAT data
   * processed by their downloads.
   * @default - the scale-outs the traffic profile implies (at least 1 a day)
   */
  readonly launchesPerDay?: number;
}

/** A metric the fleet tracks instead of requests per target (`FleetScalingOptions.customMetric`). */
export interface FleetCustomMetric {
  /** The metric to track, e.g. GPU utilization your agent publishes. */
  readonly metric: cloudwatch.IMetric;
  /** The value of `metric` target tracking keeps the fleet at. */
  readonly targetValue: number;
}

/** How the fleet scales between its bounds. */
export interface FleetScalingOptions {
  /**
   * The share (above 0, at most 1) of `maxRequestsPerSecondPerInstance` target tracking keeps
   * each instance at; the headroom absorbs bursts while new instances start.
   * @default 0.7
   */
  readonly targetUtilization?: number;
  /**
   * Track this metric instead of the load balancer's requests per target (e.g. a queue depth
   * or a token throughput your server publishes).
   * @default - ALB RequestCountPerTarget at maxRequestsPerSecondPerInstance × targetUtilization × 60 per minute
   */
  readonly customMetric?: FleetCustomMetric;
  /**
   * Recurring windows with other bounds (nights, weekends), deployed as scheduled actions and
   * applied hour by hour in the cost. A window may lower the bounds, never raise `maxCapacity`.
   * @default - none
   */
  readonly scheduledWindows?: ScheduledCapacityWindow[];
}

/** Where the fleet runs and how it is reached. */
export interface FleetNetworkOptions {
  /**
   * The VPC, with public subnets for the load balancer and private subnets with egress for the instances.
   * @default - a new VPC over 2 Availability Zones with `natGateways` NAT gateways
   */
  readonly vpc?: ec2.IVpc;
  /**
   * NAT gateways of the new VPC (at least 1: instances pull images and weights through it).
   * Each runs all month and is priced in the report.
   * @default 1 — one NAT gateway (not zonal-redundant), the cheapest VPC with egress
   */
  readonly natGateways?: number;
  /**
   * Whether the load balancer faces the internet; when false it is reachable from inside the VPC only.
   * @default false
   */
  readonly internetFacing?: boolean;
  /**
   * A certificate for an HTTPS listener on 443; without one the listener is HTTP on 80.
   * @default - HTTP on port 80
   */
  readonly certificate?: acm.ICertificate;
  /**
   * The bucket for the load balancer's access logs (SSE-S3, as ELB requires).
   * @default - a new encrypted bucket that expires logs after 90 days
   */
  readonly accessLogsBucket?: s3.IBucket;
}

/** Properties of `InferenceFleet`. */
export interface InferenceFleetProps {
  /**
   * One or more EC2 instance types of one accelerator kind: Inferentia2 (`inf2.*`), NVIDIA
   * GPU (`g5`, `g6`, `g6e`, `p4d`, `p5`, ...), Trainium, or CPU (e.g. Graviton `c7g`). The
   * first is preferred for on-demand capacity; all are Spot pools.
   */
  readonly instanceTypes: string[];
  /**
   * Capacity units one instance of a type counts for, by instance type (each a type of
   * `instanceTypes`), e.g. `{ 'g5.2xlarge': 2 }`. With weights, `minCapacity`, `maxCapacity`,
   * `onDemandBaseCapacity` and `maxRequestsPerSecondPerInstance` are in units.
   * @default - every instance counts 1
   */
  readonly instanceWeights?: { [instanceType: string]: number };
  /**
   * The most capacity the fleet may run (required: an accelerated fleet never scales without
   * a ceiling). The report's ceiling is this capacity all month, all on-demand.
   */
  readonly maxCapacity: number;
  /**
   * The least capacity the fleet runs; 0 lets it scale in to nothing (the first request then waits for an instance).
   * @default 1 — one instance all month
   */
  readonly minCapacity?: number;
  /**
   * Requests per second one instance (capacity unit) serves at its limit, as you measured it.
   * Scaling keeps instances at `targetUtilization` of it; the cost simulation uses the same target.
   */
  readonly maxRequestsPerSecondPerInstance: number;
  /** What the instances serve. */
  readonly serving: FleetServingOptions;
  /**
   * Expected traffic, for the cost report only: drives the hour-by-hour instance count.
   * @default - no profile: the report expects `minCapacity` all month
   */
  readonly traffic?: TrafficProfile;
  /**
   * The on-demand / Spot split.
   * @default - 1 on-demand instance, Spot above it, price-capacity-optimized
   */
  readonly purchase?: FleetPurchaseOptions;
  /**
   * Scaling policy options and scheduled windows.
   * @default - target tracking on requests per target at 70% of the measured maximum
   */
  readonly scaling?: FleetScalingOptions;
  /**
   * VPC and load balancer options.
   * @default - a new VPC with one NAT gateway and an internal load balancer on HTTP 80
   */
  readonly network?: FleetNetworkOptions;
  /**
   * The AMI.
   * @default - the AWS Deep Learning AMI for the accelerator, from its public SSM parameter (resolved at deploy): see `defaultMachineImageParameter`
   */
  readonly machineImage?: ec2.IMachineImage;
  /**
   * Size of the encrypted gp3 root volume (the Deep Learning AMIs need about 100 GB of it).
   * @default 200 — 200 GB of gp3 storage per running instance, billed per GB-month and priced in the report on the group's instance-hours
   */
  readonly rootVolumeSizeInGb?: number;
  /**
   * Compare this workload with other substrates in the cost report (a SageMaker endpoint or
   * batch transform when `endpoint` is named, Bedrock when `bedrock` is): the same `traffic`
   * priced on each, the cheapest marked, the break-even, and a chart beside the report. Needs
   * `traffic`; the fleet is compared on its first instance type.
   * @default - no comparison
   */
  readonly compareWith?: WorkloadComparisonOptions;
}

const DEFAULT_PORT = 8080;
const NEW_VPC_CIDR = '10.0.0.0/16';
const DEFAULT_TARGET_UTILIZATION = 0.7;
const SUPPORTED_KINDS: AcceleratorKind[] = [AcceleratorKind.INFERENTIA, AcceleratorKind.TRAINIUM, AcceleratorKind.NVIDIA_GPU, AcceleratorKind.NONE];

/**
 * The public SSM parameter holding the latest AWS Deep Learning AMI for an accelerator kind and
 * CPU architecture (from the DLAMI and Neuron DLAMI guides): the Neuron multi-framework DLAMI for
 * Inferentia and Trainium, the Base OSS NVIDIA driver GPU DLAMI for NVIDIA, Amazon Linux 2023 for CPU.
 */
export function defaultMachineImageParameter(kind: AcceleratorKind, arch: 'x86_64' | 'arm64'): string {
  switch (kind) {
    case AcceleratorKind.INFERENTIA:
    case AcceleratorKind.TRAINIUM:
      return '/aws/service/neuron/dlami/multi-framework/ubuntu-24.04/latest/image_id';
    case AcceleratorKind.NVIDIA_GPU:
      return `/aws/service/deeplearning/ami/${arch}/base-oss-nvidia-driver-gpu-ubuntu-24.04/latest/ami-id`;
    default:
      return `/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-${arch}`;
  }
}

/**
 * Self-hosted inference on EC2: an Auto Scaling group of Inferentia2, NVIDIA GPU or CPU
 * instances behind an Application Load Balancer, with an on-demand base and Spot above it.
 *
 * - Mixed-instances policy: the instance types as overrides (optional weights), an on-demand
 *   base, a percentage above it, `price-capacity-optimized` Spot and capacity rebalancing.
 * - Spot interruptions: capacity rebalancing launches a replacement when EC2 signals an
 *   elevated risk; on the two-minute notice the instance leaves the target group (90 s
 *   deregistration delay, so requests in flight finish) and a termination lifecycle hook holds
 *   it 90 s more so the server can stop cleanly.
 * - Instances in private subnets behind the ALB's security group (the only way in), IMDSv2,
 *   encrypted gp3 root volume, a role with SSM Session Manager access only.
 * - Target tracking on ALB requests per target (or a custom metric), optional scheduled windows.
 * - Cost: the traffic profile runs hour by hour through the scaling target; the report splits
 *   each hour into on-demand and Spot, prices each instance's root volume per GB-month over the
 *   same instance-hours, and prices the load balancer and the VPC's NAT gateways.
 *   The Spot share is priced at `purchase.estimatedSpotSavingsPercent` when you state it, else at
 *   the price book's estimated Spot discount, else (inf2, trn1: none in the book) on-demand.
 */
export class InferenceFleet extends Construct {
  /** The Auto Scaling group. */
  public readonly autoScalingGroup: autoscaling.AutoScalingGroup;
  /** The launch template. */
  public readonly launchTemplate: ec2.LaunchTemplate;
  /** The Application Load Balancer. */
  public readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  /** The listener (HTTP 80, or HTTPS 443 with a certificate). */
  public readonly listener: elbv2.ApplicationListener;
  /** The target group the instances register in. */
  public readonly targetGroup: elbv2.ApplicationTargetGroup;
  /** The instances' role: add permissions to it (e.g. `repository.grantPull(fleet.role)`). */
  public readonly role: iam.Role;
  /** The instances' security group (ingress from the load balancer only). */
  public readonly securityGroup: ec2.SecurityGroup;
  /** The VPC. */
  public readonly vpc: ec2.IVpc;
  /** The access-log bucket, when the fleet created it. */
  public readonly accessLogsBucket?: s3.IBucket;
  /** The accelerator kind of the fleet's instance types. */
  public readonly acceleratorKind: AcceleratorKind;
  /**
   * The hour-by-hour capacity the report uses, when a traffic profile was given.
   *
   * TypeScript only (`@jsii ignore`): its type is internal and may change in any release.
   * @jsii ignore
   */
  public readonly capacitySimulation?: CapacitySimulation;

  constructor(scope: Construct, id: string, props: InferenceFleetProps) {
    super(scope, id);
    const report = CostReport.of(this);
    const v = validate(this, props);
    this.acceleratorKind = v.kind;
    warnUnofferedTypes(this, v.types.map(t => t.instanceType), report);

    const minCapacity = props.minCapacity ?? 1;
    const purchase = props.purchase ?? {};
    const serving = props.serving;
    const port = serving.port ?? DEFAULT_PORT;
    const network = props.network ?? {};
    const targetUtilization = props.scaling?.targetUtilization ?? DEFAULT_TARGET_UTILIZATION;

    // --- network -------------------------------------------------------------------------
    this.vpc = network.vpc ?? new ec2.Vpc(this, 'Vpc', {
      ipAddresses: ec2.IpAddresses.cidr(NEW_VPC_CIDR),
      maxAzs: 2,
      natGateways: network.natGateways ?? 1,
      subnetConfiguration: [
        { name: 'Public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'Private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 20 },
      ],
    });

    const internetFacing = network.internetFacing ?? false;
    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: `Load balancer of ${this.node.path}`,
      allowAllOutbound: false,
    });
    const listenerPort = network.certificate ? 443 : 80;
    // A new VPC's CIDR is written as a literal so the rule packs can read the ingress rule.
    const vpcCidr = network.vpc ? this.vpc.vpcCidrBlock : NEW_VPC_CIDR;
    albSecurityGroup.addIngressRule(
      internetFacing ? ec2.Peer.anyIpv4() : ec2.Peer.ipv4(vpcCidr),
      ec2.Port.tcp(listenerPort),
      internetFacing ? 'Clients on the internet' : 'Clients inside the VPC',
    );
    if (internetFacing) {
      Validations.of(albSecurityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: 'internetFacing: true asks for a public endpoint; only the listener port is open, and the load balancer is the only way to the instances',
      });
    } else if (Token.isUnresolved(vpcCidr)) {
      Validations.of(albSecurityGroup).acknowledge({
        id: 'AwsSolutions-EC23',
        reason: "ingress is the given VPC's own CIDR block, known only at deploy time, on the listener port only",
      });
    }

    this.securityGroup = new ec2.SecurityGroup(this, 'InstanceSecurityGroup', {
      vpc: this.vpc,
      description: `Instances of ${this.node.path}: ingress from its load balancer only`,
      allowAllOutbound: true,
    });
    this.securityGroup.addIngressRule(albSecurityGroup, ec2.Port.tcp(port), 'Requests and health checks from the load balancer');
    albSecurityGroup.addEgressRule(this.securityGroup, ec2.Port.tcp(port), 'Requests and health checks to the instances');

    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing,
      securityGroup: albSecurityGroup,
      vpcSubnets: { subnetType: internetFacing ? ec2.SubnetType.PUBLIC : ec2.SubnetType.PRIVATE_WITH_EGRESS },
      dropInvalidHeaderFields: true,
      // Generation can take minutes; the default 60 s would cut long completions.
      idleTimeout: Duration.seconds(300),
    });
    if (network.accessLogsBucket) {
      this.loadBalancer.logAccessLogs(network.accessLogsBucket, 'alb');
    } else {
      const bucket = new s3.Bucket(this, 'AccessLogs', {
        encryption: s3.BucketEncryption.S3_MANAGED,
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        enforceSSL: true,
        removalPolicy: RemovalPolicy.RETAIN,
        lifecycleRules: [{ expiration: Duration.days(90) }],
      });
      Validations.of(bucket).acknowledge({
        id: 'AwsSolutions-S1',
        reason: 'This bucket is itself the access-log destination of the load balancer (and the VPC flow logs); logging it to another bucket would only add a bucket to log',
      });
      this.loadBalancer.logAccessLogs(bucket, 'alb');
      this.accessLogsBucket = bucket;
    }
    if (this.vpc instanceof ec2.Vpc && !network.vpc) {
      // The new VPC's rejected traffic goes to the same log bucket (S3 delivery, no CloudWatch Logs ingestion charge).
      this.vpc.addFlowLog('FlowLogs', {
        destination: ec2.FlowLogDestination.toS3(this.accessLogsBucket ?? network.accessLogsBucket!, 'vpc-flow-logs/'),
        trafficType: ec2.FlowLogTrafficType.REJECT,
      });
    }

    // --- instances -----------------------------------------------------------------------
    this.role = new iam.Role(this, 'InstanceRole', {
      assumedBy: new iam.ServicePrincipal('ec2.amazonaws.com'),
      description: `Instances of ${this.node.path}: SSM Session Manager access only`,
      managedPolicies: [iam.ManagedPolicy.fromAwsManagedPolicyName('AmazonSSMManagedInstanceCore')],
    });
    Validations.of(this.role).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/AmazonSSMManagedInstanceCore]',
      reason: 'AmazonSSMManagedInstanceCore is the AWS-maintained minimum for Session Manager (no SSH, no open port); AWS keeps it in step with the SSM agent',
    });

    const secretNames = new Problems('InferenceFleet', this);
    secretNames.environmentVariableNames('serving.container.secrets', Object.keys(serving.container?.secrets ?? {}));
    secretNames.throwIfAny();
    for (const secret of Object.values(serving.container?.secrets ?? {})) secret.grantRead(this.role);
    const plain = secretLookingNames(serving.container?.environment);
    if (plain.length > 0) {
      Annotations.of(this).addWarningV2('cdk-cost-aware-inference:plaintext-secret',
        `serving.container.environment ${plain.join(', ')} look like secrets: their values are readable in the template and the launch template; `
        + 'pass them as serving.container.secrets (ContainerSecret.fromSecretsManager / fromSsmSecureString)');
    }

    const machineImage = props.machineImage ?? ec2.MachineImage.fromSsmParameter(defaultMachineImageParameter(v.kind, v.arch));
    this.launchTemplate = new ec2.LaunchTemplate(this, 'LaunchTemplate', {
      machineImage,
      role: this.role,
      securityGroup: this.securityGroup,
      userData: servingUserData(serving, port, v.kind, Stack.of(this).region),
      requireImdsv2: true,
      // A container reaches the instance metadata through the Docker bridge, one more hop: only when it needs the role.
      httpPutResponseHopLimit: serving.container?.useInstanceRole ? 2 : 1,
      blockDevices: [{
        // The root device of the default AMIs: Ubuntu (Deep Learning AMIs) /dev/sda1, Amazon Linux /dev/xvda.
        deviceName: v.kind === AcceleratorKind.NONE ? '/dev/xvda' : '/dev/sda1',
        volume: ec2.BlockDeviceVolume.ebs(props.rootVolumeSizeInGb ?? 200, { encrypted: true, volumeType: ec2.EbsDeviceVolumeType.GP3 }),
      }],
    });

    this.autoScalingGroup = new autoscaling.AutoScalingGroup(this, 'Resource', {
      vpc: this.vpc,
      vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      minCapacity,
      maxCapacity: props.maxCapacity,
      mixedInstancesPolicy: {
        launchTemplate: this.launchTemplate,
        launchTemplateOverrides: v.types.map(t => ({
          instanceType: new ec2.InstanceType(t.instanceType),
          ...(t.weight !== undefined ? { weightedCapacity: t.weight } : {}),
        })),
        instancesDistribution: {
          onDemandAllocationStrategy: autoscaling.OnDemandAllocationStrategy.PRIORITIZED,
          onDemandBaseCapacity: purchase.onDemandBaseCapacity ?? 1,
          onDemandPercentageAboveBaseCapacity: purchase.onDemandPercentageAboveBaseCapacity ?? 0,
          spotAllocationStrategy: purchase.spotAllocationStrategy ?? autoscaling.SpotAllocationStrategy.PRICE_CAPACITY_OPTIMIZED,
        },
      },
      capacityRebalance: true,
      healthChecks: autoscaling.HealthChecks.withAdditionalChecks({
        additionalTypes: [autoscaling.AdditionalHealthCheckType.ELB],
        gracePeriod: serving.startupTime ?? Duration.minutes(15),
      }),
      defaultInstanceWarmup: serving.startupTime ?? Duration.minutes(15),
    });
    Validations.of(this.autoScalingGroup).acknowledge(
      {
        id: 'AwsSolutions-EC26',
        reason: "cdk-nag's EC26 reads only a group's LaunchTemplate property and fails on a MixedInstancesPolicy; the launch template's one block device, the gp3 root volume, has Encrypted: true",
      },
      {
        id: 'AwsSolutions-AS3',
        reason: 'target tracking scales this fleet many times a day; every activity is in the group history and its CloudWatch metrics. Add notifications through autoScalingGroup if you want them',
      },
    );
    // On a Spot interruption (or a scale-in) the instance first leaves the target group, then
    // this hook holds it so the server can finish and stop; a Spot instance is reclaimed two
    // minutes after its notice whatever the hook says, so 90 s fits inside that.
    this.autoScalingGroup.addLifecycleHook('Drain', {
      lifecycleTransition: autoscaling.LifecycleTransition.INSTANCE_TERMINATING,
      heartbeatTimeout: Duration.seconds(90),
      defaultResult: autoscaling.DefaultResult.CONTINUE,
    });

    this.targetGroup = new elbv2.ApplicationTargetGroup(this, 'TargetGroup', {
      vpc: this.vpc,
      port,
      protocol: elbv2.ApplicationProtocol.HTTP,
      targetType: elbv2.TargetType.INSTANCE,
      targets: [this.autoScalingGroup],
      // Under the two minutes of a Spot interruption notice, so requests in flight can finish.
      deregistrationDelay: Duration.seconds(90),
      healthCheck: {
        path: serving.healthCheckPath ?? '/health',
        healthyHttpCodes: '200',
        interval: Duration.seconds(15),
        healthyThresholdCount: 2,
        unhealthyThresholdCount: 3,
      },
    });
    this.listener = this.loadBalancer.addListener('Listener', network.certificate
      ? { port: 443, protocol: elbv2.ApplicationProtocol.HTTPS, certificates: [network.certificate], defaultTargetGroups: [this.targetGroup], open: false }
      : { port: 80, protocol: elbv2.ApplicationProtocol.HTTP, defaultTargetGroups: [this.targetGroup], open: false });

    // --- scaling ---------------------------------------------------------------------------
    const targetRequestsPerSecond = props.maxRequestsPerSecondPerInstance * targetUtilization;
    if (props.scaling?.customMetric) {
      this.autoScalingGroup.scaleToTrackMetric('CustomMetricTracking', {
        metric: props.scaling.customMetric.metric,
        targetValue: props.scaling.customMetric.targetValue,
      });
    } else {
      // RequestCountPerTarget is a count per one-minute period, so the target is per minute.
      this.autoScalingGroup.scaleOnRequestCount('RequestsPerTarget', {
        targetRequestsPerMinute: Token.isUnresolved(targetRequestsPerSecond) ? targetRequestsPerSecond : Math.round(targetRequestsPerSecond * 60),
      });
    }
    (props.scaling?.scheduledWindows ?? []).forEach(window => {
      const cron = windowCron(window);
      const timeZone = windowTimeZoneName(window);
      this.autoScalingGroup.scaleOnSchedule(`${window.name}Start`, {
        schedule: autoscaling.Schedule.cron(cron.start),
        minCapacity: window.minCapacity,
        maxCapacity: window.maxCapacity,
        timeZone,
      });
      this.autoScalingGroup.scaleOnSchedule(`${window.name}End`, {
        schedule: autoscaling.Schedule.cron(cron.end),
        minCapacity,
        maxCapacity: props.maxCapacity,
        timeZone,
      });
    });

    // --- cost ------------------------------------------------------------------------------
    const cfnGroup = this.autoScalingGroup.node.defaultChild as autoscaling.CfnAutoScalingGroup;
    const cfnLoadBalancer = this.loadBalancer.node.defaultChild as elbv2.CfnLoadBalancer;
    const numbersKnown = [minCapacity, props.maxCapacity, props.maxRequestsPerSecondPerInstance, targetUtilization].every(n => !Token.isUnresolved(n));
    const spotSavingsPercent = purchase.estimatedSpotSavingsPercent;
    const spotSavings: StatedSpotSavings | undefined = spotSavingsPercent === undefined ? undefined : {
      // A token stays a token: the pricer then leaves the Spot share unpriced and says why.
      fraction: Token.isUnresolved(spotSavingsPercent) ? spotSavingsPercent : spotSavingsPercent / 100,
      source: 'estimatedSpotSavingsPercent',
      statedAs: 'the saving stated for this fleet',
    };
    if (spotSavings && !(props.traffic && numbersKnown)) {
      // No hour-by-hour profile to record: the saving alone (the pricer then expects minCapacity all month).
      report.recordAutoScalingGroupUsage(cfnGroup, { spotSavings, assumptions: [] });
    }
    if (props.traffic && numbersKnown) {
      const sim = simulateCapacity({
        traffic: props.traffic,
        targetRequestsPerSecondPerInstance: targetRequestsPerSecond,
        minCapacity,
        maxCapacity: props.maxCapacity,
        windows: props.scaling?.scheduledWindows,
      });
      this.capacitySimulation = sim;
      const assumptions = [
        `traffic: ${props.traffic.description}`,
        `scaling target ${figure(targetRequestsPerSecond)} requests/s per ${v.weighted ? 'capacity unit' : 'instance'} ` +
          `(${Math.round(targetUtilization * 100)}% of the measured ${figure(props.maxRequestsPerSecondPerInstance)})` +
          (props.scaling?.customMetric ? '; the deployed policy tracks a custom metric, assumed to hold the same load per instance' : ''),
        `average ${figure(sim.averageInstances)} ${v.weighted ? 'capacity units' : 'instances'} over the week, hour by hour`,
      ];
      if (sim.hoursAtMaxShortfall > 0) {
        assumptions.push(`${Math.round(sim.hoursAtMaxShortfall * 100)}% of hours need more than maxCapacity ${props.maxCapacity}: requests queue or fail then`);
      }
      report.recordAutoScalingGroupUsage(cfnGroup, { hourlyDemand: sim.hourlyDemand, assumptions, ...(spotSavings ? { spotSavings } : {}) });
      if (props.compareWith) {
        report.recordWorkload(cfnGroup, {
          component: 'on-demand',
          hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerSecond(),
          trafficDescription: props.traffic.description,
          substrate: Substrate.EC2_FLEET,
          deployed: {
            fleet: {
              instanceType: props.instanceTypes[0],
              maxRequestsPerSecondPerInstance: props.maxRequestsPerSecondPerInstance,
              onDemandBaseCapacity: purchase.onDemandBaseCapacity ?? 1,
              onDemandPercentageAboveBaseCapacity: purchase.onDemandPercentageAboveBaseCapacity ?? 0,
              natGateways: network.vpc ? 0 : network.natGateways ?? 1,
              rootVolumeSizeInGb: props.rootVolumeSizeInGb ?? 200,
              ...(spotSavingsPercent !== undefined ? { spotSavingsPercent } : {}),
            },
            targetUtilization,
          },
          minCapacity,
          compareWith: props.compareWith,
        });
      }

      // The load balancer's pricer turns the requests it serves into LCU-hours.
      report.recordLoadBalancerUsage(cfnLoadBalancer, {
        hourlyRequestsPerSecond: props.traffic.weeklyRequestsPerSecond(),
        assumptions: [`traffic: ${props.traffic.description}`],
      });
    }
    this.recordPullData(serving, network.vpc === undefined, this.capacitySimulation?.hourlyInstances ?? []);
  }

  /**
   * NAT data processing of each launch's downloads (image and model), in the VPC this fleet
   * creates: recorded on its first NAT gateway (every gateway bills the same rate per GB).
   */
  private recordPullData(serving: FleetServingOptions, ownVpc: boolean, hourlyInstances: number[]): void {
    const size = serving.pullSizePerLaunchInGb;
    if (!ownVpc || size === undefined || Token.isUnresolved(size)) return;
    const nat = this.vpc.node.findAll().find(c => c instanceof ec2.CfnNatGateway) as ec2.CfnNatGateway | undefined;
    if (!nat) return;
    // Scale-outs over the week: every rise in the hourly instance count is that many launches.
    const rises = hourlyInstances.reduce((a, n, h) => a + Math.max(0, n - hourlyInstances[(h + 167) % 168]), 0);
    const perDay = serving.launchesPerDay ?? Math.max(1, rises / 7);
    const gb = size * perDay * HOURS_PER_MONTH / 24;
    CostReport.of(this).recordMeteredUsage(nat, {
      quantities: { 'nat-gateway-data': gb },
      assumptions: [
        `${figure(size)} GB downloaded per launch (image and model, pullSizePerLaunchInGb) × ${figure(perDay)} launches a day ` +
          `(${serving.launchesPerDay !== undefined ? 'launchesPerDay' : 'the scale-outs of the traffic profile, at least 1'}) × ${figure(HOURS_PER_MONTH / 24)} days = ${figure(gb)} GB`,
        'the VPC has no S3 gateway endpoint: pulls from S3, ECR and registries go through the NAT gateway',
      ],
    });
  }

  /** The load balancer's DNS name. */
  public get loadBalancerDnsName(): string {
    return this.loadBalancer.loadBalancerDnsName;
  }

  /** The URL clients call (HTTP, or HTTPS with a certificate). */
  public get url(): string {
    const https = this.listener.port === 443;
    return `${https ? 'https' : 'http'}://${this.loadBalancer.loadBalancerDnsName}`;
  }

  /** Lets a peer (e.g. a client's security group) reach the load balancer's listener. */
  public allowFrom(peer: ec2.IPeer, description = 'Client of the inference fleet'): void {
    this.loadBalancer.connections.allowFrom(peer, ec2.Port.tcp(this.listener.port), description);
  }

  /** Requests per target per minute, the metric the default scaling policy tracks. */
  public metricRequestCountPerTarget(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.requestCountPerTarget(props);
  }

  /** Time from the load balancer sending a request to the first byte of the answer. */
  public metricTargetResponseTime(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.targetResponseTime(props);
  }

  /** Healthy instances in the target group. */
  public metricHealthyHostCount(props?: cloudwatch.MetricOptions): cloudwatch.Metric {
    return this.targetGroup.metrics.healthyHostCount(props);
  }
}

interface Validated {
  readonly types: Array<{ instanceType: string; weight?: number }>;
  readonly kind: AcceleratorKind;
  readonly arch: 'x86_64' | 'arm64';
  readonly weighted: boolean;
}

/** Checks every prop, collecting the problems, and throws one error listing them all. */
function validate(scope: Construct, props: InferenceFleetProps): Validated {
  const problems = new Problems('InferenceFleet', scope);
  const known = (n: unknown): n is number => typeof n === 'number' && isKnown(n);

  // Instance types: known names, one accelerator kind, one CPU architecture.
  const weights = props.instanceWeights ?? {};
  const types: Array<{ instanceType: string; weight?: number }> = [];
  (props.instanceTypes ?? []).forEach((t: unknown, i) => {
    if (typeof t === 'string') {
      types.push({ instanceType: t, weight: weights[t] });
    } else {
      // The 0.1 form ({ instanceType, weight }) from JavaScript: say where the weight goes now.
      problems.add(`instanceTypes[${i}] must be an EC2 instance type name (a string), got: ${JSON.stringify(t)}; ` +
        "give weights in instanceWeights, e.g. instanceWeights: { 'g5.2xlarge': 2 }");
    }
  });
  for (const type of Object.keys(weights)) {
    if (!(props.instanceTypes ?? []).includes(type)) {
      problems.add(`instanceWeights names '${type}', which is not one of instanceTypes (${types.map(x => `'${x.instanceType}'`).join(', ')})`);
    }
  }
  if (types.length === 0) problems.add('instanceTypes must list at least one instance type, got: []');
  const kinds = new Map<AcceleratorKind, string[]>();
  const archs = new Map<string, string[]>();
  const seen = new Set<string>();
  types.forEach((t, i) => {
    if (Token.isUnresolved(t.instanceType)) {
      problems.add(`instanceTypes[${i}] must be a literal instance type (the AMI and the scaling depend on it), got: an unresolved token`);
      return;
    }
    if (seen.has(t.instanceType)) problems.add(`instanceTypes lists '${t.instanceType}' twice`);
    seen.add(t.instanceType);
    const info = problems.instanceType(`instanceTypes[${i}]`, t.instanceType, InstanceTypeUse.EC2);
    if (info === undefined) return;
    if (!SUPPORTED_KINDS.includes(info.accelerator)) {
      problems.add(`instanceTypes[${i}] '${t.instanceType}' has a ${info.accelerator} accelerator; a fleet supports Inferentia, Trainium, NVIDIA GPU or CPU instance types`);
    }
    kinds.set(info.accelerator, [...(kinds.get(info.accelerator) ?? []), t.instanceType]);
    const arch = isArmFamily(info.family) ? 'arm64' : 'x86_64';
    archs.set(arch, [...(archs.get(arch) ?? []), t.instanceType]);
    const weightProp = `instanceWeights['${t.instanceType}']`;
    if (t.weight !== undefined && problems.number(weightProp, t.weight) && (!Number.isInteger(t.weight) || t.weight < 1 || t.weight > 999)) {
      problems.add(`${weightProp} must be a whole number from 1 to 999, got: ${t.weight}`);
    }
  });
  const describe = (m: Map<string, string[]>): string => [...m].map(([k, ts]) => `${k} (${ts.join(', ')})`).join(' and ');
  if (kinds.size > 1) problems.add(`instanceTypes must all have one accelerator kind (one AMI and one serving stack), got: ${describe(kinds)}`);
  else if (archs.size > 1) problems.add(`instanceTypes must all have one CPU architecture (one AMI), got: ${describe(archs)}`);

  // Capacity and purchase options.
  const min = props.minCapacity ?? 1;
  problems.wholeNumber('maxCapacity', props.maxCapacity, 1);
  if (props.maxCapacity === undefined) problems.add('maxCapacity is required: an accelerated fleet never scales without a ceiling');
  problems.wholeNumber('minCapacity', min, 0);
  if (known(min) && known(props.maxCapacity) && min > props.maxCapacity) {
    problems.add(`minCapacity must be at most maxCapacity (${props.maxCapacity}), got: ${min}`);
  }
  const base = props.purchase?.onDemandBaseCapacity;
  problems.wholeNumber('purchase.onDemandBaseCapacity', base, 0);
  if (base !== undefined && known(base) && known(props.maxCapacity) && base > props.maxCapacity) {
    problems.add(`purchase.onDemandBaseCapacity must be at most maxCapacity (${props.maxCapacity}), got: ${base}`);
  }
  if (props.purchase?.spotAllocationStrategy !== undefined) {
    problems.oneOf('purchase.spotAllocationStrategy', props.purchase.spotAllocationStrategy, autoscaling.SpotAllocationStrategy, 'SpotAllocationStrategy');
  }
  const pct = props.purchase?.onDemandPercentageAboveBaseCapacity;
  if (pct !== undefined && problems.number('purchase.onDemandPercentageAboveBaseCapacity', pct) && (!Number.isInteger(pct) || pct < 0 || pct > 100)) {
    problems.add(`purchase.onDemandPercentageAboveBaseCapacity must be a whole percentage from 0 to 100, got: ${pct}`);
  }
  const spotSavings = props.purchase?.estimatedSpotSavingsPercent;
  if (spotSavings !== undefined && problems.number('purchase.estimatedSpotSavingsPercent', spotSavings) && !(spotSavings >= 0 && spotSavings < 100)) {
    problems.add(`purchase.estimatedSpotSavingsPercent must be a percentage of at least 0 and below 100, got: ${spotSavings}`);
  }

  // Scaling.
  const maxRps = props.maxRequestsPerSecondPerInstance;
  if (maxRps !== undefined && problems.number('maxRequestsPerSecondPerInstance', maxRps) && !(Number.isFinite(maxRps) && maxRps > 0)) {
    problems.add(`maxRequestsPerSecondPerInstance must be a number of requests per second above 0, got: ${maxRps}`);
  } else if (maxRps === undefined) {
    problems.add('maxRequestsPerSecondPerInstance is required: measure one instance at its limit (scaling and cost depend on it)');
  }
  const util = props.scaling?.targetUtilization;
  if (util !== undefined && problems.number('scaling.targetUtilization', util) && !(util > 0 && util <= 1)) {
    problems.add(`scaling.targetUtilization must be above 0 and at most 1, got: ${util}`);
  }
  const windows = props.scaling?.scheduledWindows ?? [];
  problems.addAll(validateWindows('scaling.scheduledWindows', windows));
  windows.forEach((w, i) => {
        if (!/^[A-Za-z][A-Za-z0-9]*$/.test(w.name)) problems.add(`scaling.scheduledWindows[${i}].name must be letters and digits, starting with a letter, got: '${w.name}'`);
    if (known(props.maxCapacity) && w.maxCapacity > props.maxCapacity) {
      problems.add(`scaling.scheduledWindows[${i}].maxCapacity must be at most maxCapacity (${props.maxCapacity}), got: ${w.maxCapacity}`);
    }
  });

  // Serving.
  const serving = props.serving ?? ({} as FleetServingOptions);
  if ((serving.container === undefined) === (serving.command === undefined)) {
    problems.add(`serving must set exactly one of container or command, got: ${serving.container === undefined ? 'neither' : 'both'}`);
  }
  if (serving.port !== undefined && problems.number('serving.port', serving.port) && (!Number.isInteger(serving.port) || serving.port < 1 || serving.port > 65535)) {
    problems.add(`serving.port must be a port from 1 to 65535, got: ${serving.port}`);
  }
  if (serving.healthCheckPath !== undefined && !Token.isUnresolved(serving.healthCheckPath) && !serving.healthCheckPath.startsWith('/')) {
    problems.add(`serving.healthCheckPath must start with '/', got: '${serving.healthCheckPath}'`);
  }

  // Network and storage.
  if (props.network?.vpc && props.network.natGateways !== undefined) {
    problems.add(`network.natGateways applies to a new VPC only; it was given with network.vpc, got: ${props.network.natGateways}`);
  } else {
    problems.wholeNumber('network.natGateways', props.network?.natGateways, 1);
  }
  const volume = props.rootVolumeSizeInGb;
  if (volume !== undefined && problems.number('rootVolumeSizeInGb', volume) && (!Number.isInteger(volume) || volume < 8 || volume > 16384)) {
    problems.add(`rootVolumeSizeInGb must be a whole number of GB from 8 to 16384, got: ${volume}`);
  }
  checkWorkloadComparison(problems, 'compareWith', props.compareWith);
  if (props.compareWith && !props.traffic) problems.add('compareWith needs traffic (a TrafficProfile) to compare: got no traffic');

  problems.throwIfAny();
  warnIfFractionForPercent(scope, 'purchase.estimatedSpotSavingsPercent', spotSavings);
  return {
    types,
    kind: [...kinds.keys()][0] ?? AcceleratorKind.NONE,
    arch: (archs.has('arm64') ? 'arm64' : 'x86_64'),
    weighted: types.some(t => t.weight !== undefined && t.weight !== 1),
  };
}

/**
 * Warns about a type the price book prices in other regions but not in the stack's region: it
 * may not be offered there. A warning, not an error: synth is offline and the embedded book
 * covers a few regions only (`cdk-cost prices refresh` fills in the rest).
 */
function warnUnofferedTypes(scope: Construct, types: string[], report: CostReport): void {
  const region = Stack.of(scope).region;
  if (Token.isUnresolved(region)) return;
  for (const type of types) {
    const lookup = report.priceBook.lookup({ service: PriceService.EC2, usage: PriceUsage.ON_DEMAND_LINUX, region, sku: type });
    if (!lookup.entry && lookup.pricedInRegions!.length > 0) {
      warn(scope, 'InstanceTypeNotPricedInRegion',
        `instanceTypes: '${type}' has no EC2 price in ${region} in the price book (priced in: ${lookup.pricedInRegions!.join(', ')}); ` +
        `check that ${region} offers it. Its cost line is unpriced.`);
    }
  }
}

/** Graviton families end their generation with `g` (`c7g`, `m7gd`, `g5g`, `t4g`), like AWS names them. */
function isArmFamily(family: string): boolean {
  return /^[a-z]+\d+g[a-z]*$/.test(family) && !/^(g|gr)\d+$/.test(family);
}

/**
 * User data: writes the server's start script and runs it as a systemd service that restarts
 * on failure (a script file keeps the command out of systemd's own `$` expansion).
 */
function servingUserData(serving: FleetServingOptions, port: number, kind: AcceleratorKind, region: string): ec2.UserData {
  const userData = ec2.UserData.forLinux();
  const script: string[] = ['#!/bin/bash', 'set -euo pipefail', `export PORT=${port}`];
  const setup: string[] = [];
  let unitDeps = 'After=network-online.target';
  let stop = '';
  if (serving.container) {
    const c = serving.container;
    // CPU (Amazon Linux) instances have no container runtime; the Deep Learning AMIs do.
    setup.push('command -v docker >/dev/null || dnf install -y docker || (apt-get update && apt-get install -y docker.io)', 'systemctl enable --now docker');
    const ecr = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(c.image);
    if (ecr) script.push(`aws ecr get-login-password --region ${ecr[2]} | docker login --username AWS --password-stdin ${c.image.split('/')[0]}`);
    script.push('docker rm -f inference >/dev/null 2>&1 || true');
    const devices = kind === AcceleratorKind.NVIDIA_GPU ? ['--gpus all']
      : kind === AcceleratorKind.INFERENTIA || kind === AcceleratorKind.TRAINIUM ? ['$(for d in /dev/neuron*; do printf -- "--device=%s " "$d"; done)']
        : [];
    const env = Object.entries(c.environment ?? {}).map(([k, val]) => `-e ${shellQuote(`${k}=${val}`)}`);
    // Secrets are read at each (re)start with the instance role and passed by name only (-e NAME).
    for (const [name, secret] of Object.entries(c.secrets ?? {})) {
      script.push(`export ${name}="$(${secret.fetchCommand(region)})"`);
      env.push(`-e ${name}`);
    }
    script.push(['exec docker run --rm --name inference', ...devices, `-p ${port}:${port}`, ...env, shellQuote(c.image), ...(c.args ?? []).map(shellQuote)].join(' '));
    unitDeps = 'After=docker.service network-online.target\nRequires=docker.service';
    stop = 'ExecStop=/usr/bin/docker stop -t 80 inference\n';
  } else {
    script.push(serving.command ?? '');
  }
  userData.addCommands(
    'set -euo pipefail',
    ...setup,
    "cat > /usr/local/bin/inference-server <<'SCRIPT'",
    ...script,
    'SCRIPT',
    'chmod 755 /usr/local/bin/inference-server',
    "cat > /etc/systemd/system/inference.service <<'UNIT'",
    `[Unit]\nDescription=Inference server\n${unitDeps}\n[Service]\nExecStart=/usr/local/bin/inference-server\n${stop}` +
      'Restart=always\nRestartSec=10\nTimeoutStopSec=90\n[Install]\nWantedBy=multi-user.target',
    'UNIT',
    'systemctl daemon-reload',
    'systemctl enable --now inference.service',
  );
  return userData;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
