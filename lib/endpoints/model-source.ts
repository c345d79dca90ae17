import { Arn, Stack, Token, aws_ecr as ecr, aws_ecr_assets as ecrAssets, aws_iam as iam, aws_s3 as s3, aws_s3_assets as s3Assets } from 'aws-cdk-lib';
import { Construct } from 'constructs';

/** What a bound `ModelImage` gives the model. */
export interface ModelImageConfig {
  /** The image URI the container runs. */
  readonly imageUri: string;
  /**
   * True when the execution role was granted pull with `Resource: *` (`ecr:GetAuthorizationToken`
   * always is; an image URI only known at deploy time makes the pull actions so too).
   */
  readonly needsWildcardPull: boolean;
}

/**
 * The container image a model serves from. Binding it grants the model's execution role pull
 * on that image's repository only.
 */
export abstract class ModelImage {
  /** An image in an ECR repository of this app (or imported), by tag or digest. */
  public static fromEcrRepository(repository: ecr.IRepository, tagOrDigest = 'latest'): ModelImage {
    return new EcrRepositoryImage(repository, tagOrDigest);
  }

  /**
   * An image by URI, e.g. an AWS Deep Learning Container
   * `763104351884.dkr.ecr.us-east-1.amazonaws.com/pytorch-inference:2.1.0-gpu-py310`. When the
   * URI names an ECR repository, the role is granted pull on that repository only.
   */
  public static fromImageUri(imageUri: string): ModelImage {
    return new UriImage(imageUri);
  }

  /** An image built from a local directory with a Dockerfile, pushed to the bootstrap repository at deploy. */
  public static fromAsset(directory: string, options: ecrAssets.DockerImageAssetOptions = {}): ModelImage {
    return new AssetImage(directory, options);
  }

  /** Grants the role pull on the image and returns its URI. */
  public abstract bind(scope: Construct, role: iam.IGrantable): ModelImageConfig;
}

class EcrRepositoryImage extends ModelImage {
  constructor(private readonly repository: ecr.IRepository, private readonly tagOrDigest: string) {
    super();
  }

  public bind(_scope: Construct, role: iam.IGrantable): ModelImageConfig {
    this.repository.grantPull(role);
    return { imageUri: this.repository.repositoryUriForTagOrDigest(this.tagOrDigest), needsWildcardPull: false };
  }
}

class AssetImage extends ModelImage {
  private asset: ecrAssets.DockerImageAsset | undefined;

  constructor(private readonly directory: string, private readonly options: ecrAssets.DockerImageAssetOptions) {
    super();
  }

  public bind(scope: Construct, role: iam.IGrantable): ModelImageConfig {
    if (!this.asset) this.asset = new ecrAssets.DockerImageAsset(scope, 'ImageAsset', { directory: this.directory, ...this.options });
    this.asset.repository.grantPull(role);
    return { imageUri: this.asset.imageUri, needsWildcardPull: false };
  }
}

// <account>.dkr.ecr.<region>.amazonaws.com[.cn]/<repository>[:tag|@digest]
const ECR_URI = /^(\d{12})\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\/([^:@]+)(?:[:@].*)?$/;

class UriImage extends ModelImage {
  constructor(private readonly imageUri: string) {
    super();
  }

  public bind(scope: Construct, role: iam.IGrantable): ModelImageConfig {
    const pullActions = ['ecr:BatchCheckLayerAvailability', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchGetImage'];
    // ECR issues registry tokens for the whole account: the action has no resource-level permission.
    iam.Grant.addToPrincipal({ grantee: role, actions: ['ecr:GetAuthorizationToken'], resourceArns: ['*'] });
    if (Token.isUnresolved(this.imageUri)) {
      // The repository is only known at deploy time: pull is granted on any repository.
      iam.Grant.addToPrincipal({ grantee: role, actions: pullActions, resourceArns: ['*'] });
      return { imageUri: this.imageUri, needsWildcardPull: true };
    }
    const match = ECR_URI.exec(this.imageUri);
    if (match) {
      const [, account, region, repositoryName] = match;
      const repositoryArn = Arn.format({ service: 'ecr', account, region, resource: 'repository', resourceName: repositoryName }, Stack.of(scope));
      iam.Grant.addToPrincipal({ grantee: role, actions: pullActions, resourceArns: [repositoryArn] });
    }
    // Another registry (reached through a VPC) needs no ECR permission.
    return { imageUri: this.imageUri, needsWildcardPull: false };
  }
}

/** What a bound `ModelData` gives the model. */
export interface ModelDataConfig {
  /** The `s3://bucket/key` URI of the model artifact. */
  readonly s3Uri: string;
}

/**
 * The model artifact (`model.tar.gz`) in S3. Binding it grants the model's execution role
 * `s3:GetObject` on that one object (and decrypt with the bucket's key, when it has one).
 */
export abstract class ModelData {
  /** An object in a bucket. */
  public static fromBucket(bucket: s3.IBucket, key: string): ModelData {
    return new BucketModelData(bucket, key);
  }

  /** A local file (a `model.tar.gz`), uploaded to the bootstrap bucket at deploy. */
  public static fromAsset(path: string, options: s3Assets.AssetOptions = {}): ModelData {
    return new AssetModelData(path, options);
  }

  /** Grants the role read on the artifact and returns its URI. */
  public abstract bind(scope: Construct, role: iam.IGrantable): ModelDataConfig;
}

function grantReadObject(bucket: s3.IBucket, key: string, role: iam.IGrantable): void {
  // One object, one action: `bucket.grantRead` would grant `s3:GetObject*` and `s3:List*` on the whole bucket.
  iam.Grant.addToPrincipal({ grantee: role, actions: ['s3:GetObject'], resourceArns: [bucket.arnForObjects(key)] });
  bucket.encryptionKey?.grantDecrypt(role);
}

/** `ModelData.fromBucket` (exported for the model's validation, not from the package). */
export class BucketModelData extends ModelData {
  constructor(private readonly bucket: s3.IBucket, public readonly key: string) {
    super();
  }

  public bind(_scope: Construct, role: iam.IGrantable): ModelDataConfig {
    grantReadObject(this.bucket, this.key, role);
    return { s3Uri: this.bucket.s3UrlForObject(this.key) };
  }
}

class AssetModelData extends ModelData {
  private asset: s3Assets.Asset | undefined;

  constructor(private readonly path: string, private readonly options: s3Assets.AssetOptions) {
    super();
  }

  public bind(scope: Construct, role: iam.IGrantable): ModelDataConfig {
    if (!this.asset) this.asset = new s3Assets.Asset(scope, 'ModelDataAsset', { path: this.path, ...this.options });
    grantReadObject(this.asset.bucket, this.asset.s3ObjectKey, role);
    return { s3Uri: this.asset.s3ObjectUrl };
  }
}
