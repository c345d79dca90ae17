#!/bin/bash
# OnStart lifecycle script installed by IdleNotebookStopper (cdk-cost-aware-inference).
# Installs auto-stop-idle.py (shipped in the package, embedded below: nothing is downloaded) and a
# cron entry that runs it every 5 minutes: the instance stops itself after __IDLE_MINUTES__ idle minutes.
set -euo pipefail

# Root-owned and read-only for everyone else: nobody but root can change what cron runs.
SCRIPT=/usr/local/bin/cost-aware-auto-stop-idle.py
cat > "$SCRIPT" <<'CDK_COST_AWARE_EOF'
__PYTHON_SCRIPT__
CDK_COST_AWARE_EOF
chown root:root "$SCRIPT"
chmod 0755 "$SCRIPT"

# It runs as ec2-user, never root: JupyterSystemEnv belongs to ec2-user (users install packages
# into it), so code there must not run with more rights than ec2-user already has. -I (isolated
# mode) ignores PYTHON* variables and the user's site-packages. JupyterSystemEnv has boto3;
# without it the system python calls the AWS CLI.
PYTHON=/home/ec2-user/anaconda3/envs/JupyterSystemEnv/bin/python
if [ ! -x "$PYTHON" ]; then PYTHON=$(command -v python3); fi
LOG=/var/log/cost-aware-auto-stop-idle.log
touch "$LOG"
chown ec2-user "$LOG"

cat > /etc/cron.d/cost-aware-auto-stop-idle <<CRON
PATH=/usr/local/bin:/usr/bin:/bin
*/5 * * * * ec2-user $PYTHON -I $SCRIPT --idle-minutes __IDLE_MINUTES__ __FLAGS__ >> $LOG 2>&1
CRON
chmod 0644 /etc/cron.d/cost-aware-auto-stop-idle
