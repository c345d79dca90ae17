import { HOURS_PER_MONTH, CostLineData } from '../report-schema';
import { PricingContext } from '../pricing-context';
import { PriceService, PriceUsage } from '../../pricing/price-entry';

/** Days in the month the report assumes (730 h / 24). */
const DAYS_PER_MONTH = HOURS_PER_MONTH / 24;
/** AWS Budgets: the first two action-enabled budgets of an account are free (https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/). */
const FREE_ACTION_ENABLED_BUDGETS = 2;

/**
 * `AWS::Budgets::Budget`: a budget costs nothing unless it has actions; an action-enabled
 * budget is billed per day beyond the account's first two
 * (https://aws.amazon.com/aws-cost-management/aws-budgets/pricing/). The `AWS::Budgets::BudgetsAction`
 * resources themselves are free: their cost is this line.
 *
 * The budget's own properties are never read here: its amount may follow this very report
 * (BudgetGuard), and reading it would price the app from inside its own pricing.
 */
export function priceBudget(ctx: PricingContext): CostLineData[] {
  const actionEnabled = ctx.graph.ofType('AWS::Budgets::Budget').filter(budget => actionsOf(ctx, budget).length > 0);
  const rank = actionEnabled.indexOf(ctx.node);
  if (rank < 0) return [];
  const actions = actionsOf(ctx, ctx.node).length;
  const free = rank < FREE_ACTION_ENABLED_BUDGETS;
  return [ctx.line({
    description: `action-enabled budget (${actions} action${actions > 1 ? 's' : ''})`,
    service: PriceService.BUDGETS,
    usage: PriceUsage.BUDGET_ACTION_DAY,
    sku: 'action-enabled-budget',
    quantity: { floor: 0, expected: free ? 0 : DAYS_PER_MONTH, ceiling: DAYS_PER_MONTH },
    assumptions: [
      free
        ? `expected: within the account's ${FREE_ACTION_ENABLED_BUDGETS} free action-enabled budgets (this app's #${rank + 1}, assuming the account has no others)`
        : `expected: beyond the account's ${FREE_ACTION_ENABLED_BUDGETS} free action-enabled budgets (this app's #${rank + 1})`,
      `ceiling: billed every day of the month (${Math.round(DAYS_PER_MONTH * 100) / 100} days), as when the account already uses its free ones`,
    ],
  })];
}

function actionsOf(ctx: PricingContext, budget: PricingContext['node']) {
  return ctx.graph.ofType('AWS::Budgets::BudgetsAction')
    .filter(action => action.stack === budget.stack && ctx.graph.referenced(action.properties.BudgetName, action.stack) === budget);
}
