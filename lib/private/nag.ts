import { Aspects, IAspect, Stack, Validations, aws_iam as iam } from 'aws-cdk-lib';
import { flattenCfnReference } from 'cdk-nag/lib/utils/flatten-cfn-reference';
import { IConstruct } from 'constructs';

/**
 * Acknowledges cdk-nag's `AwsSolutions-IAM5` (wildcard permission) findings on the IAM policies
 * under `scope`, one finding at a time, for the findings `accept` matches (cdk-nag 3 reports each
 * wildcard as its own finding, `AwsSolutions-IAM5[Resource::<Bucket.Arn>/input/*]`). The findings
 * are read when the app synthesizes, so statements added later by grants are covered too, but a
 * wildcard no pattern accepts is still reported.
 *
 * @param accept patterns of findings with this reason, e.g. `/^Resource::.*\/input\/\*$/`
 */
export function acknowledgeWildcards(scope: IConstruct, reason: string, accept: RegExp[]): void {
  Aspects.of(scope).add(new AcknowledgeWildcards(reason, accept));
}

class AcknowledgeWildcards implements IAspect {
  constructor(private readonly reason: string, private readonly accept: RegExp[]) {}

  public visit(node: IConstruct): void {
    if (!(node instanceof iam.CfnPolicy)) return;
    const document = Stack.of(node).resolve(node.policyDocument);
    for (const finding of wildcardFindings(document)) {
      if (this.accept.some(pattern => pattern.test(finding))) {
        Validations.of(node).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason: this.reason });
      }
    }
  }
}

/** The wildcard findings cdk-nag's IAM5 rule reports for a resolved policy document. */
export function wildcardFindings(document: any): string[] {
  const out = new Set<string>();
  for (const statement of document?.Statement ?? []) {
    if (statement.Effect !== 'Allow') continue;
    for (const action of ([] as unknown[]).concat(statement.Action ?? [])) {
      if (typeof action === 'string' && action.includes('*')) out.add(`Action::${action}`);
    }
    for (const resource of ([] as unknown[]).concat(statement.Resource ?? [])) {
      const flat = flattenCfnReference(resource);
      if (flat.includes('*')) out.add(`Resource::${flat}`);
    }
  }
  return [...out];
}
