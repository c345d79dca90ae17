#!/bin/bash
# OnStart lifecycle script installed by IdleNotebookStopper (cdk-cost-aware-inference).
# Installs auto-stop-idle.py (shipped in the package, embedded below: nothing is downloaded) and a
# cron entry that runs it every 5 minutes: the instance stops itself after __IDLE_MINUTES__ idle minutes.
set -euo pipefail

SCRIPT=/usr/local/bin/cost-aware-auto-stop-idle.py
cat > "$SCRIPT" <<'CDK_COST_AWARE_EOF'
__PYTHON_SCRIPT__
CDK_COST_AWARE_EOF
chmod 0755 "$SCRIPT"

# The Jupyter system environment has boto3; fall back to the system python (the script then uses the AWS CLI).
PYTHON=/home/ec2-user/anaconda3/envs/JupyterSystemEnv/bin/python
if [ ! -x "$PYTHON" ]; then PYTHON=$(command -v python3); fi

cat > /etc/cron.d/cost-aware-auto-stop-idle <<CRON
PATH=/usr/local/bin:/usr/bin:/bin
*/5 * * * * root $PYTHON $SCRIPT --idle-minutes __IDLE_MINUTES__ __FLAGS__ >> /var/log/cost-aware-auto-stop-idle.log 2>&1
CRON
chmod 0644 /etc/cron.d/cost-aware-auto-stop-idle
