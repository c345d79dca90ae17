#!/usr/bin/env python3
"""Stops this SageMaker notebook instance once Jupyter has been idle for --idle-minutes.

Installed by IdleNotebookStopper (cdk-cost-aware-inference); cron runs it every 5 minutes as
ec2-user. Standard library only: nothing is downloaded at boot.

It reads Jupyter without making activity: every API request carries no_track_activity=1 (Jupyter
otherwise records an authenticated API request as activity, and the check would keep the
server awake forever); /api/status is not tracked at all.
  /api/kernels    every kernel (notebooks and consoles): execution_state, last_activity,
                  connections (browser tabs attached)
  /api/terminals  open terminals (a training run started in a terminal)
  /api/status     the server's last_activity: API use, kernels, terminals
The instance stays up while a kernel is busy, a terminal is open (unless --ignore-terminals) or,
unless --ignore-connections, a tab is connected; otherwise it is idle since the newest
last_activity (kernels and terminals; the server's as well when no kernel runs or tabs count).

Each run also tags the instance with a heartbeat (`--heartbeat-tag`: "active <time>" or
"idle <time>") that the IdleNotebookStopper Lambda reads: it leaves alone an instance whose
lifecycle check saw activity a few minutes ago.
"""
import argparse
import datetime
import json
import os
import shutil
import ssl
import subprocess
import sys
import urllib.error
import urllib.request

METADATA = '/opt/ml/metadata/resource-metadata.json'
UTC = datetime.timezone.utc


def log(**fields):
    print(json.dumps({'guard': 'IdleNotebookStopper/lifecycle', 'time': datetime.datetime.now(UTC).isoformat(), **fields}), flush=True)


def jupyter(base_url, path):
    # The notebook server listens on localhost over HTTPS with a self-signed certificate and no token.
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    url = '%s%s%sno_track_activity=1' % (base_url.rstrip('/'), path, '&' if '?' in path else '?')
    with urllib.request.urlopen(url, context=context, timeout=10) as response:
        return json.load(response)


def parse_time(text):
    if not text:
        return None
    value = datetime.datetime.fromisoformat(text.replace('Z', '+00:00'))
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def judge(now, kernels, terminals, status, ignore_connections, ignore_terminals):
    """(idle minutes, reason): 0 when something keeps the instance up, None when it cannot tell."""
    if any(k.get('execution_state') == 'busy' for k in kernels):
        return 0.0, 'a kernel is busy'
    if terminals and not ignore_terminals:
        return 0.0, '%d terminal(s) open' % len(terminals)
    if not ignore_connections and any(k.get('connections', 0) > 0 for k in kernels):
        return 0.0, 'a browser tab is connected to a kernel'
    times = [parse_time(k.get('last_activity')) for k in kernels] + [parse_time(t.get('last_activity')) for t in terminals]
    # The server's own clock counts API use (a tab saving a file, opening a notebook), but also a
    # browser tab's polling: with tabs ignored it is read only when no kernel is left to judge by.
    if not kernels or not ignore_connections:
        times.append(parse_time((status or {}).get('last_activity')))
    times = [t for t in times if t is not None]
    if not times:
        return None, 'no activity timestamp'
    return max(0.0, (now - max(times)).total_seconds() / 60), 'quiet'


def aws(metadata, operation, dry_run, **params):
    """Calls the SageMaker API on this notebook: boto3 when the interpreter has it, else the AWS CLI."""
    region = metadata['ResourceArn'].split(':')[3]
    if dry_run:
        return
    try:
        import boto3  # present in JupyterSystemEnv
        getattr(boto3.client('sagemaker', region_name=region), operation)(**params)
    except ImportError:
        cli = shutil.which('aws') or '/usr/bin/aws'
        args = [cli, 'sagemaker', operation.replace('_', '-'), '--region', region]
        for key, value in params.items():
            flag = '--' + ''.join('-' + c.lower() if c.isupper() else c for c in key).lstrip('-')
            args += [flag, value if isinstance(value, str) else json.dumps(value)]
        subprocess.run(args, check=True, stdout=subprocess.DEVNULL)


def heartbeat(metadata, tag, active, now, dry_run):
    """Tags the instance with what this check saw; a failure is logged, never fatal."""
    if not tag:
        return
    value = '%s %s' % ('active' if active else 'idle', now.strftime('%Y-%m-%dT%H:%M:%SZ'))
    try:
        aws(metadata, 'add_tags', dry_run, ResourceArn=metadata['ResourceArn'], Tags=[{'Key': tag, 'Value': value}])
        log(outcome='would-tag' if dry_run else 'tagged', tag=tag, value=value)
    except Exception as error:  # noqa: BLE001 - the heartbeat is advisory
        log(outcome='heartbeat-failed', tag=tag, reason=str(error))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--idle-minutes', type=float, required=True)
    parser.add_argument('--port', type=int, default=8443)
    parser.add_argument('--base-url', help='the Jupyter server (default: localhost at --port, over HTTPS)')
    parser.add_argument('--ignore-connections', action='store_true', help='an open browser tab does not keep the instance running')
    parser.add_argument('--ignore-terminals', action='store_true', help='an open terminal does not keep the instance running')
    parser.add_argument('--heartbeat-tag', default='', help='tag the instance with what each check saw')
    parser.add_argument('--dry-run', action='store_true', help='log what it would do; stop and tag nothing')
    parser.add_argument('--metadata-file', default=METADATA)
    parser.add_argument('--now', help='ISO time to judge at (tests)')
    args = parser.parse_args(argv)

    now = parse_time(args.now) if args.now else datetime.datetime.now(UTC)
    with open(args.metadata_file) as f:
        metadata = json.load(f)
    base_url = args.base_url or 'https://localhost:%d' % args.port
    try:
        kernels = jupyter(base_url, '/api/kernels')
        status = jupyter(base_url, '/api/status')
        try:
            terminals = jupyter(base_url, '/api/terminals')
        except urllib.error.HTTPError as error:
            if error.code != 404:  # 404: terminals are disabled on this server
                raise
            terminals = []
    except Exception as error:  # noqa: BLE001 - the server is starting or restarting: judge next time
        log(outcome='skipped', reason='Jupyter not reachable: %s' % error)
        return 0
    idle, reason = judge(now, kernels, terminals, status, args.ignore_connections, args.ignore_terminals)
    counts = {'kernels': len(kernels), 'busyKernels': sum(1 for k in kernels if k.get('execution_state') == 'busy'),
              'terminals': len(terminals), 'connections': sum(k.get('connections', 0) for k in kernels)}
    if idle is None or idle < args.idle_minutes:
        if reason == 'quiet':
            reason = 'active within the last %d minutes' % args.idle_minutes
        log(outcome='skipped', reason=reason, idleMinutes=None if idle is None else round(idle, 1), **counts)
        heartbeat(metadata, args.heartbeat_tag, True, now, args.dry_run)
        return 0
    log(outcome='idle', idleMinutes=round(idle, 1), thresholdMinutes=args.idle_minutes, **counts)
    heartbeat(metadata, args.heartbeat_tag, False, now, args.dry_run)
    name = metadata['ResourceName']
    aws(metadata, 'stop_notebook_instance', args.dry_run, NotebookInstanceName=name)
    log(outcome='would-stop' if args.dry_run else 'stopped', resource=name)
    return 0


if __name__ == '__main__':
    sys.exit(main())
