#!/usr/bin/env python3
"""Stops this SageMaker notebook instance once Jupyter has been idle for --idle-minutes.

Installed by IdleNotebookStopper (cdk-cost-aware-inference) and run by cron every 5 minutes.
Standard library only: nothing is downloaded at boot.

Idleness is judged by the Jupyter server itself:
  /api/sessions  each open notebook's kernel, with execution_state ('busy' or 'idle'),
                 last_activity (the last message to or from the kernel) and connections
  /api/status    the server's own last_activity, used when no notebook is open
The instance is idle when no kernel is busy (and, unless --ignore-connections, no kernel has
a browser tab connected) and the newest last_activity is older than the threshold.
"""
import argparse
import datetime
import json
import os
import shutil
import ssl
import subprocess
import sys
import urllib.request

METADATA = '/opt/ml/metadata/resource-metadata.json'
UTC = datetime.timezone.utc


def log(**fields):
    print(json.dumps({'guard': 'IdleNotebookStopper/lifecycle', 'time': datetime.datetime.now(UTC).isoformat(), **fields}), flush=True)


def jupyter(path, port):
    # The notebook server listens on localhost with a self-signed certificate.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen('https://localhost:%d%s' % (port, path), context=context, timeout=10) as response:
        return json.load(response)


def parse_time(text):
    if not text:
        return None
    value = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def idle_minutes(now, sessions, status, ignore_connections):
    """Minutes Jupyter has been idle (0 when something runs), or None when it cannot tell."""
    latest = None
    for session in sessions:
        kernel = session.get('kernel') or {}
        if kernel.get('execution_state') == 'busy':
            return 0.0
        if not ignore_connections and kernel.get('connections', 0) > 0:
            return 0.0
        activity = parse_time(kernel.get('last_activity'))
        if activity and (latest is None or activity > latest):
            latest = activity
    if not sessions:
        latest = parse_time((status or {}).get('last_activity'))
    if latest is None:
        return None
    return max(0.0, (now - latest).total_seconds() / 60)


def stop_self(dry_run, metadata_file):
    with open(metadata_file) as f:
        metadata = json.load(f)
    name = metadata['ResourceName']
    region = metadata['ResourceArn'].split(':')[3]
    if dry_run:
        log(outcome='would-stop', resource=name)
        return
    try:
        import boto3  # present in the notebook's JupyterSystemEnv
        boto3.client('sagemaker', region_name=region).stop_notebook_instance(NotebookInstanceName=name)
    except ImportError:
        aws = shutil.which('aws') or '/usr/bin/aws'
        subprocess.run([aws, 'sagemaker', 'stop-notebook-instance', '--region', region, '--notebook-instance-name', name], check=True)
    log(outcome='stopped', resource=name)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--idle-minutes', type=float, required=True)
    parser.add_argument('--port', type=int, default=8443)
    parser.add_argument('--ignore-connections', action='store_true', help='an open browser tab does not keep the instance running')
    parser.add_argument('--dry-run', action='store_true')
    # For tests: read the server's answers and the instance metadata from files, and fix the clock.
    parser.add_argument('--metadata-file', default=METADATA)
    parser.add_argument('--sessions-file')
    parser.add_argument('--status-file')
    parser.add_argument('--now')
    args = parser.parse_args(argv)

    now = parse_time(args.now) if args.now else datetime.datetime.now(UTC)
    if args.sessions_file:
        with open(args.sessions_file) as f:
            sessions = json.load(f)
        status = {}
        if args.status_file and os.path.exists(args.status_file):
            with open(args.status_file) as f:
                status = json.load(f)
    else:
        try:
            sessions = jupyter('/api/sessions', args.port)
            status = jupyter('/api/status', args.port)
        except Exception as error:  # the server is starting or restarting: judge next time
            log(outcome='skipped', reason='Jupyter not reachable: %s' % error)
            return 0
    idle = idle_minutes(now, sessions, status, args.ignore_connections)
    if idle is None or idle < args.idle_minutes:
        log(outcome='skipped', reason='active' if idle is not None else 'no activity timestamp', idleMinutes=idle, sessions=len(sessions))
        return 0
    log(outcome='idle', idleMinutes=round(idle, 1), thresholdMinutes=args.idle_minutes, sessions=len(sessions))
    stop_self(args.dry_run, args.metadata_file)
    return 0


if __name__ == '__main__':
    sys.exit(main())
