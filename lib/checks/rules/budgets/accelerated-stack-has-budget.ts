import { CfnResource, Token } from 'aws-cdk-lib';
import { NagRuleCompliance } from 'cdk-nag';
import { isAcceleratedResource } from '../accelerated';
import { literalString, RuleContext } from '../rule-context';

/**
 * CostAware-Budget1: a resource that runs accelerated hardware is deployed to an account that
 * an AWS Budgets cost budget of the app watches. Reported on each accelerated resource of a
 * stack with no such budget; acknowledge it on the stack to cover them all.
 *
 * A budget covers a stack when it is an `AWS::Budgets::Budget` of type `COST` (or a type not
 * known at synth) in a stack of the same account, or either account is not known at synth
 * (environment-agnostic stacks deploy to the same account by default). Cost filters are not
 * read: a filtered budget still counts.
 */
export function acceleratedStackHasBudget(node: CfnResource, context: RuleContext): NagRuleCompliance {
  const resource = context.graph.nodeOf(node);
  if (!resource || !isAcceleratedResource(resource, context.graph)) return NagRuleCompliance.NOT_APPLICABLE;
  const account = resource.stack.account;
  const covers = context.graph.ofType('AWS::Budgets::Budget').some(budget => {
    const type = budget.properties.Budget?.BudgetType;
    if (literalString(type) !== undefined && type !== 'COST') return false;
    const budgetAccount = budget.stack.account;
    return Token.isUnresolved(account) || Token.isUnresolved(budgetAccount) || account === budgetAccount;
  });
  return covers ? NagRuleCompliance.COMPLIANT : NagRuleCompliance.NON_COMPLIANT;
}
