import { App, RemovalPolicy, Stack, TimeZone, Validations, aws_iam as iam, aws_kms as kms, aws_sagemaker as sagemaker } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import { BudgetGuard, IdleNotebookStopper } from '../lib';
import { addChecks } from './shared/checks';
import { addComparisonNote } from './shared/comparison';

const REGION = 'us-east-1';
const NOTEBOOK_TYPE = 'ml.g5.xlarge';
const SCIENTISTS = ['alice', 'bob', 'chen'];

/**
 * "GPU notebooks left running over the weekend": three data scientists each have an
 * ml.g5.xlarge notebook instance. In `WeekendNotebooksUnguarded` nothing stops them, so the
 * report expects them to run all month. In `WeekendNotebooksGuarded` the same notebooks are
 * covered by an IdleNotebookStopper: the lifecycle script stops each one an hour after its
 * kernels go quiet, and the Lambda stops anything still running outside working hours. The
 * report prices those at the stated work pattern (50 active hours a week) plus the idle tail,
 * and its closing note gives the monthly difference. A BudgetGuard in its own stack watches
 * the team's notebooks at a monthly amount the team chose.
 */
export function createApp(context?: Record<string, unknown>): App {
  const app = new App({ context });

  const unguarded = new Stack(app, 'WeekendNotebooksUnguarded', { env: { region: REGION } });
  for (const notebook of teamNotebooks(unguarded)) {
    Validations.of(notebook).acknowledge({
      id: 'CostAware-Notebook1',
      reason: 'This stack reproduces the unguarded case on purpose, to price it beside the guarded one; it is not meant to be deployed.',
    });
  }

  const guarded = new Stack(app, 'WeekendNotebooksGuarded', { env: { region: REGION } });
  const stopper = new IdleNotebookStopper(guarded, 'IdleStopper', { nightlySweepHourUtc: 23, workingHours: { timeZone: TimeZone.AMERICA_NEW_YORK } });
  for (const notebook of teamNotebooks(guarded)) stopper.cover(notebook, { role: notebookRoleOf(guarded) });

  const account = new Stack(app, 'WeekendNotebooksBudget', { env: { region: REGION } });
  // An amount the team chose: the default (the app's projection + 20%) refuses to leave out unpriced
  // lines, and the embedded price book has no citable notebook-instance or ML storage rate
  // (`npx cdk-cost prices refresh --region us-east-1` fills them; then the default works).
  new BudgetGuard(account, 'TeamBudget', { emails: ['ml-team-leads@example.com'], amountUsd: 5000 });

  addComparisonNote(app, {
    id: 'Example-WeekendNotebooks',
    subject: `${SCIENTISTS.length} ${NOTEBOOK_TYPE} notebooks`,
    baseline: { stack: unguarded, as: 'left running' },
    better: { stack: guarded, as: 'with IdleNotebookStopper' },
  });

  addChecks(app);
  return app;
}

/** One encrypted GPU notebook per scientist, with a role that holds no permissions of its own. */
function teamNotebooks(stack: Stack): sagemaker.CfnNotebookInstance[] {
  const key = new kms.Key(stack, 'NotebookVolumeKey', {
    description: 'Encrypts the notebooks\' ML storage volumes',
    enableKeyRotation: true,
    removalPolicy: RemovalPolicy.DESTROY,
  });
  const role = new iam.Role(stack, 'NotebookRole', { assumedBy: new iam.ServicePrincipal('sagemaker.amazonaws.com') });
  return SCIENTISTS.map(name => {
    const notebook = new sagemaker.CfnNotebookInstance(stack, `Notebook-${name}`, {
      instanceType: NOTEBOOK_TYPE,
      roleArn: role.roleArn,
      kmsKeyId: key.keyId,
      volumeSizeInGb: 50,
      rootAccess: 'Disabled',
    });
    for (const id of ['AwsSolutions-SM1', 'AwsSolutions-SM3']) {
      Validations.of(notebook).acknowledge({
        id,
        reason: 'The auto-stop script calls the SageMaker API from the instance; this example reaches it over the notebook\'s default '
          + 'internet access. In production, place the notebook in a private subnet with a sagemaker.api interface endpoint.',
      });
    }
    return notebook;
  });
}

function notebookRoleOf(stack: Construct): iam.IRole {
  return stack.node.findChild('NotebookRole') as iam.Role;
}

if (require.main === module) {
  createApp().synth();
}
