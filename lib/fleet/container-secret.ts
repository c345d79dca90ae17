import { aws_iam as iam, aws_secretsmanager as secretsmanager, aws_ssm as ssm } from 'aws-cdk-lib';

/**
 * A secret a container needs (a Hugging Face token, an API key), passed by reference so that its
 * value is never in the template, the launch template, `DescribeModel` or the user data:
 * a Secrets Manager secret (optionally one JSON field of it) or an SSM `SecureString` parameter.
 *
 * - `InferenceFleet` reads it at boot with the instance role (`aws secretsmanager get-secret-value`
 *   / `aws ssm get-parameter --with-decryption`) and hands it to `docker run` through the
 *   environment (`-e NAME`, the value never on a command line).
 * - `InferenceModel` (SageMaker hosting, which does not inject secrets into model containers)
 *   passes the reference as `<NAME>_SECRET_ARN` or `<NAME>_SSM_PARAMETER` and grants the execution
 *   role read access: the container reads the value when it starts.
 */
export class ContainerSecret {
  /** A Secrets Manager secret; `field` picks one key of a JSON secret. */
  public static fromSecretsManager(secret: secretsmanager.ISecret, field?: string): ContainerSecret {
    return new ContainerSecret('secretsmanager', secret.secretArn, field, grantee => secret.grantRead(grantee));
  }

  /** An SSM `SecureString` parameter (its KMS key must let the reader decrypt: the AWS-managed `aws/ssm` key does). */
  public static fromSsmSecureString(parameter: ssm.IParameter): ContainerSecret {
    return new ContainerSecret('ssm', parameter.parameterName, undefined, grantee => parameter.grantRead(grantee));
  }

  private constructor(
    /** `secretsmanager` or `ssm`. */
    public readonly source: string,
    /** The secret's ARN, or the parameter's name. */
    public readonly reference: string,
    /** The JSON key of the secret, when one. */
    public readonly field: string | undefined,
    private readonly grant: (grantee: iam.IGrantable) => iam.Grant,
  ) {}

  /** Grants read access to the value. */
  public grantRead(grantee: iam.IGrantable): iam.Grant {
    return this.grant(grantee);
  }

  /** The shell command that prints the value at boot (AWS CLI of the instance, instance role). */
  public fetchCommand(region: string): string {
    if (this.source === 'ssm') {
      return `aws ssm get-parameter --region ${region} --name '${this.reference}' --with-decryption --query Parameter.Value --output text`;
    }
    const get = `aws secretsmanager get-secret-value --region ${region} --secret-id '${this.reference}' --query SecretString --output text`;
    return this.field === undefined ? get
      : `${get} | python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' '${this.field}'`;
  }

  /** The environment variable through which a SageMaker container learns where to read it. */
  public referenceVariable(name: string): string {
    return this.source === 'ssm' ? `${name}_SSM_PARAMETER` : `${name}_SECRET_ARN`;
  }
}

/** Environment names that look like secrets: their value would be readable in the template. */
export function secretLookingNames(environment: { [name: string]: string } | undefined): string[] {
  return Object.keys(environment ?? {}).filter(k => /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL)/i.test(k));
}
