import { Token } from 'aws-cdk-lib';
import { IAdvisorContext } from '../../cost/cost-engine';
import { CostLineData, RecommendationData } from '../../cost/report-schema';
import { figure } from '../../cost/private/render';
import { literalString } from '../rules/rule-context';

/** The id of the uncapped-token-bill recommendation. */
export const UNCAPPED_TOKEN_BILL_ADVICE_ID = 'CostAware-Advice-UncappedTokenBill';

/** The component keys of on-demand token lines (`BedrockModelAccess`). */
const ON_DEMAND_TOKEN_COMPONENTS = new Set(['input-tokens', 'output-tokens', 'cache-read-tokens', 'cache-write-tokens']);

/**
 * Bedrock on-demand workloads (usage lines with on-demand token components) in an account that
 * no AWS Budgets cost budget of the app watches. A token bill grows with the requests and the
 * template caps neither, so a budget is the one alert; coverage is judged as `CostAware-Budget1`
 * judges it (a `COST` budget, or one of a type not known at synth, in the same account, or an
 * account not known at synth). No saving: a budget alerts, it does not cut the bill.
 */
export function uncappedTokenBills(ctx: IAdvisorContext): RecommendationData[] {
  const byPath = new Map<string, CostLineData[]>();
  for (const line of ctx.lines) {
    if (line.resourceType !== 'Usage::Bedrock' || !line.component || !ON_DEMAND_TOKEN_COMPONENTS.has(line.component)) continue;
    byPath.set(line.path, [...(byPath.get(line.path) ?? []), line]);
  }
  if (byPath.size === 0) return [];
  const budgetAccounts = ctx.graph.ofType('AWS::Budgets::Budget')
    .filter(b => { const type = literalString(b.properties.Budget?.BudgetType); return type === undefined || type === 'COST'; })
    .map(b => b.stack.account);
  const out: RecommendationData[] = [];
  for (const [path, lines] of byPath) {
    const account = ctx.graph.resources.find(r => r.stack.stackName === lines[0].stack)?.stack.account;
    const covered = budgetAccounts.some(a => account === undefined || Token.isUnresolved(account) || Token.isUnresolved(a) || a === account);
    if (covered) continue;
    const expected = lines.reduce((s, l) => s + l.monthlyUsd.expected, 0);
    const ceiling = lines.reduce((s, l) => s + l.monthlyUsd.ceiling, 0);
    const unpriced = lines.filter(l => !l.priced).length;
    out.push({
      id: UNCAPPED_TOKEN_BILL_ADVICE_ID,
      path,
      message: `Bedrock on-demand tokens are billed per request and nothing in the template caps the requests ` +
        `($${figure(expected)} a month expected, $${figure(ceiling)} if the peak rate held all month` +
        `${unpriced > 0 ? `; ${unpriced} of its lines unpriced` : ''}), and no AWS Budgets cost budget of the app watches this ` +
        'account. Add one (BudgetGuard) so that a runaway caller or a traffic surge alerts before the invoice does, and ' +
        "throttle the caller (an API Gateway usage plan, the function's reserved concurrency).",
    });
  }
  return out;
}
