import { Stack, Stage } from 'aws-cdk-lib';

/** Context key: the deployment stage of the app (`dev`, `prod`, ...), read by the dev-stage advice. */
export const STAGE_CONTEXT_KEY = 'cdk-cost-aware-inference:stage';

/** A stack's stage name and where it was read. */
export interface StageName {
  readonly name: string;
  readonly source: 'context' | 'stage' | 'stack';
}

/**
 * The stage a stack deploys to: context `cdk-cost-aware-inference:stage`, else the name of the
 * CDK `Stage` that holds it, else the stack's name.
 */
export function stageNameOf(stack: Stack): StageName {
  const fromContext = stack.node.tryGetContext(STAGE_CONTEXT_KEY);
  if (typeof fromContext === 'string' && fromContext) return { name: fromContext, source: 'context' };
  const stage = Stage.of(stack);
  if (stage && stage.stageName) return { name: stage.stageName, source: 'stage' };
  return { name: stack.stackName, source: 'stack' };
}

/** The words of a name, lower case: `MyDevStack` → my, dev, stack; `ml-sandbox_2` → ml, sandbox, 2. */
export function wordsOf(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map(w => w.toLowerCase());
}
