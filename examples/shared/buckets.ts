import { Duration, Stack, Validations, aws_s3 as s3 } from 'aws-cdk-lib';

/**
 * A versioned data bucket as every example keeps one: S3-managed encryption, public access
 * blocked, SSL enforced, server access logs to a log bucket of the stack (created once), and
 * overwritten or deleted versions expired after 30 days so that reruns do not pile up storage.
 */
export function dataBucket(stack: Stack, id: string, logPrefix: string): s3.Bucket {
  const accessLogs = (stack.node.tryFindChild('AccessLogs') as s3.Bucket | undefined) ?? accessLogBucket(stack);
  return new s3.Bucket(stack, id, {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
    versioned: true,
    lifecycleRules: [{ noncurrentVersionExpiration: Duration.days(30) }],
    serverAccessLogsBucket: accessLogs,
    serverAccessLogsPrefix: logPrefix,
  });
}

function accessLogBucket(stack: Stack): s3.Bucket {
  const bucket = new s3.Bucket(stack, 'AccessLogs', {
    encryption: s3.BucketEncryption.S3_MANAGED,
    blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
    enforceSSL: true,
  });
  Validations.of(bucket).acknowledge({
    id: 'AwsSolutions-S1',
    reason: 'This bucket is the server access log destination; logging it into itself would loop.',
  });
  return bucket;
}
